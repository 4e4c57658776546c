"""Tables recovered from raw text (placeholder until the text-table recovery lands)."""

from __future__ import annotations

from paperaudit.schemas import Document, Table


def text_to_tables(document: Document) -> list[Table]:
    """Every captioned table in the text, recovered into the Table schema."""
    return []
