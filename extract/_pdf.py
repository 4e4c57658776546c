"""PDF input to a Document (placeholder until the PDF reader lands)."""

from __future__ import annotations

import os

from paperaudit.schemas import AuditSettings, Document, InputError, Table


def pdf_to_document(path: str | os.PathLike[str], settings: AuditSettings | None = None) -> Document:
    """Read a PDF's text layer in reading order, with word coordinates."""
    raise InputError("PDF input is not supported yet", path=str(path))


def pdf_document_to_tables(document: Document) -> list[Table]:
    """Tables from the words' geometry; empty when the geometry gives none."""
    return []
