"""paperaudit.extract: readers (txt, pdf), text normalisation, tables and prose statistics.

    read_document(path) -> Document
    document_to_tables(Document) -> [Table]
    document_to_claims(Document, [Table]) -> [Claim]
    read_paper(path) = Paper(document, tables, claims)
"""

from ._numbers import normalise_number_chars, parse_decimal
from ._read import (
    bundled_example,
    document_to_claims,
    document_to_paper,
    document_to_tables,
    read_document,
    read_paper,
    text_to_paper,
)
from ._text import string_to_document

__all__ = [
    "bundled_example",
    "document_to_claims",
    "document_to_paper",
    "document_to_tables",
    "normalise_number_chars",
    "parse_decimal",
    "read_document",
    "read_paper",
    "string_to_document",
    "text_to_paper",
]
