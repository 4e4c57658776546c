"""Plain-text input to a Document: decode, keep line endings untouched, record lines and pages."""

from __future__ import annotations

import os
from pathlib import Path

from paperaudit.schemas import AuditSettings, Document, InputError, Line, Page

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


def bytes_to_text(data: bytes, path: str, encodings: tuple[str, ...]) -> tuple[str, str, list[str]]:
    """Decode a text file: UTF-8 (BOM dropped) first, then the fallbacks, saying which was used."""
    if not data:
        raise InputError("file is empty", path=path)
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not text (it holds NUL bytes)", path=path)
    notes: list[str] = []
    for enc in encodings:
        codec = "utf-8-sig" if enc.lower().replace("_", "-") in ("utf-8", "utf8") else enc
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if codec != "utf-8-sig":
            notes.append(f"not valid UTF-8; decoded as {enc}")
        return text, enc, notes
    raise InputError(f"could not decode the text with any of {', '.join(encodings)}", path=path)


def _check_readable(text: str, path: str) -> None:
    if not text.strip():
        raise InputError("file holds only white space", path=path)
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in _CONTROL_OK) or ch == "\ufffd")
    alnum = sum(1 for ch in sample if ch.isalnum())
    if bad > 0.05 * len(sample) or alnum < 0.2 * len(sample.strip()):
        raise InputError("no readable text (mostly control or symbol characters)", path=path)


def text_to_lines(text: str, page_breaks: bool = True) -> tuple[list[Line], list[Page]]:
    """Lines (without their line endings) and pages (split at form feeds) of a text."""
    pages: list[Page] = []
    lines: list[Line] = []
    page_starts = [0] + ([i + 1 for i, ch in enumerate(text) if ch == "\f"] if page_breaks else [])
    for n, start in enumerate(page_starts, 1):
        end = page_starts[n] - 1 if n < len(page_starts) else len(text)
        pages.append(Page(number=n, start=start, end=end))
    page_no = 1
    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        line_end = end - 1 if end > pos and text[end - 1] == "\r" else end
        while page_no < len(pages) and pos >= pages[page_no].start:
            page_no += 1
        if line_end > pos or nl != -1:
            lines.append(Line(start=pos, end=line_end, page=page_no))
        if nl == -1:
            break
        pos = nl + 1
    return lines, pages


def string_to_document(text: str, path: str | None = None) -> Document:
    """A Document from text already in memory (used by tests, the generator and other readers)."""
    lines, pages = text_to_lines(text)
    return Document(path=path, reader="string", source_text=text, lines=lines, pages=pages)


def txt_to_document(path: str | os.PathLike[str], settings: AuditSettings | None = None) -> Document:
    """Read a .txt paper: UTF-8 (BOM dropped) with a cp1252/latin-1 fallback that is noted."""
    settings = AuditSettings.resolve(settings)
    p = Path(path)
    name = str(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=name) from None
    text, enc, notes = bytes_to_text(data, name, settings.text_encodings)
    _check_readable(text, name)
    lines, pages = text_to_lines(text)
    return Document(path=name, reader="txt", source_text=text, encoding=enc, notes=notes, lines=lines, pages=pages)
