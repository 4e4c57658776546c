"""Prose statistics to claims (placeholder until the claim grammar lands)."""

from __future__ import annotations

from paperaudit.schemas import Claim, Document, Table


def document_to_claims(document: Document, tables: list[Table]) -> list[Claim]:
    """Every statistic the prose reports, outside table bodies, as claims."""
    return []
