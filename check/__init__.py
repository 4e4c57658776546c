"""paperaudit.check: linking claims to tables, recomputation, rounding, findings, writers and the CLI.

    audit_paper(path | Paper) -> AuditReport
    audit_corpus(paths) -> iterator of AuditReport
    claims_to_standalone_findings(claims) -> GRIM family and P-from-statistic findings, no table needed
"""

from __future__ import annotations

import importlib as _importlib
import typing as _typing

from ._codes import CODES, explain
from ._report import FORMATS, render_report
from ._writers import claims_to_csv, claims_to_json, table_to_csv, tables_to_json, write_tables

if _typing.TYPE_CHECKING:
    from ._audit import audit_paper, exit_code
    from ._corpus import audit_corpus
    from ._standalone import claims_to_standalone_findings

# Names whose modules import scipy and spaCy: loaded on first use, so `paperaudit explain` starts at once.
_LAZY = {"audit_paper": "._audit", "exit_code": "._audit", "audit_corpus": "._corpus",
         "claims_to_standalone_findings": "._standalone"}


def __getattr__(name: str) -> _typing.Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CODES",
    "FORMATS",
    "audit_corpus",
    "audit_paper",
    "claims_to_csv",
    "claims_to_json",
    "claims_to_standalone_findings",
    "exit_code",
    "explain",
    "render_report",
    "table_to_csv",
    "tables_to_json",
    "write_tables",
]
