"""paperaudit.schemas: what paperaudit's objects are (pydantic v2 models, exceptions, settings).

This package imports nothing else of paperaudit; extract and check build these objects.
"""

from ._audit import Alternative, AuditReport, Finding, Link, Paper, Recomputation, Status, Summary
from ._claim import Claim, ClaimKind, Phrase, Section, Value, ValueRole
from ._document import Document, Line, Page, Span, Word
from ._exceptions import ExtractionError, InputError, OutputError, PaperAuditError, SettingsError
from ._settings import AuditSettings, FailOn, RoundingRule, Severity
from ._table import (
    Ambiguity,
    Cell,
    Column,
    ColumnType,
    Footnote,
    LegendCode,
    Row,
    SectionHeading,
    SummaryRow,
    Table,
    TableKind,
)

__all__ = [
    "Alternative",
    "Ambiguity",
    "AuditReport",
    "AuditSettings",
    "Cell",
    "Claim",
    "ClaimKind",
    "Column",
    "ColumnType",
    "Document",
    "ExtractionError",
    "FailOn",
    "Finding",
    "Footnote",
    "InputError",
    "LegendCode",
    "Line",
    "Link",
    "OutputError",
    "Page",
    "Paper",
    "PaperAuditError",
    "Phrase",
    "Recomputation",
    "RoundingRule",
    "Row",
    "Section",
    "SectionHeading",
    "SettingsError",
    "Severity",
    "Span",
    "Status",
    "Summary",
    "SummaryRow",
    "Table",
    "TableKind",
    "Value",
    "ValueRole",
    "Word",
]
