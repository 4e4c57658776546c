"""Entry points of extraction: a path to a Document, a Document to tables and claims, a path to a Paper."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from paperaudit.schemas import AuditSettings, Claim, Document, InputError, Paper, Table

from ._claims import document_to_claims as _document_to_claims
from ._pdf import pdf_document_to_tables, pdf_to_document
from ._table_combined import table_to_split_columns
from ._tables_text import text_to_tables
from ._text import string_to_document, txt_to_document

EXAMPLE_NAME = "ketamine_outpatient.txt"


def bundled_example() -> Path:
    """Path of the bundled example paper (installed with the package)."""
    ref = resources.files("paperaudit.corpus") / EXAMPLE_NAME
    # resolve(): an editable install links the file from a build folder; name the real file.
    path = Path(str(ref)).resolve()
    if not path.is_file():
        raise InputError("the bundled example is missing from this installation", path=str(path))
    return path


def _is_pdf(path: Path) -> bool:
    if path.suffix.lower() == ".pdf":
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def read_document(path: str | os.PathLike[str], settings: AuditSettings | dict | None = None) -> Document:
    """Read a .txt or .pdf paper into a Document. Raises InputError when it cannot be read."""
    settings = AuditSettings.resolve(settings)
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=str(path))
    if p.is_dir():
        raise InputError("is a folder, not a file", path=str(path))
    if _is_pdf(p):
        return pdf_to_document(p, settings)
    return txt_to_document(p, settings)


def document_to_tables(document: Document) -> list[Table]:
    """Every captioned table of the document. PDF input tries the words' geometry first, then the text. Columns
    that print age and sex together are split in two."""
    tables: list[Table] = []
    if document.reader == "pdf" and document.words:
        tables = pdf_document_to_tables(document)
    if not tables:
        tables = text_to_tables(document)
    return [table_to_split_columns(t) for t in tables]


def document_to_claims(document: Document, tables: list[Table] | None = None) -> list[Claim]:
    """Every statistic the prose reports (table bodies excluded), as claims."""
    return _document_to_claims(document, tables if tables is not None else document_to_tables(document))


def document_to_paper(document: Document) -> Paper:
    """Tables and claims of a Document."""
    tables = document_to_tables(document)
    return Paper(document=document, tables=tables, claims=document_to_claims(document, tables))


def read_paper(path: str | os.PathLike[str], settings: AuditSettings | dict | None = None) -> Paper:
    """Read a paper and extract its tables and claims."""
    return document_to_paper(read_document(path, settings))


def text_to_paper(text: str, path: str | None = None) -> Paper:
    """Tables and claims of text already in memory."""
    return document_to_paper(string_to_document(text, path))
