"""The exceptions paperaudit raises. They mean the tool failed; problems found in a paper are Findings.

    PaperAuditError             base of everything paperaudit raises on purpose
    ├── InputError              a file could not be read: missing, empty, not text, not a PDF, encrypted, ...
    ├── ExtractionError         the input was read but a step could not turn it into the schemas
    ├── SettingsError           an option or setting has an invalid value
    └── OutputError             a result could not be written

Each carries a one-line message fit for stderr; the CLI prints ``paperaudit: <message>`` and exits 2.
"""

from __future__ import annotations


class PaperAuditError(Exception):
    """Base class of every error paperaudit raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)

    def one_line(self) -> str:
        """The message on one line, prefixed with the file it concerns."""
        msg = " ".join(str(self).split())
        return f"{self.path}: {msg}" if self.path else msg


class InputError(PaperAuditError):
    """A file could not be read as a paper (missing, empty, binary, undecodable, broken PDF)."""


class ExtractionError(PaperAuditError):
    """The input was read, but could not be turned into the schemas."""


class SettingsError(PaperAuditError):
    """A setting or command-line option has an invalid value."""


class OutputError(PaperAuditError):
    """A result could not be written."""
