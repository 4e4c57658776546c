"""paperaudit.check: linking claims to tables, recomputation, rounding, findings, writers and the CLI.

    audit_paper(path | Paper) -> AuditReport
    audit_corpus(paths) -> iterator of AuditReport
    claims_to_standalone_findings(claims) -> GRIM family and P-from-statistic findings, no table needed
"""

from ._audit import audit_paper, exit_code
from ._codes import CODES, explain
from ._corpus import audit_corpus
from ._report import FORMATS, render_report
from ._standalone import claims_to_standalone_findings
from ._writers import claims_to_csv, claims_to_json, table_to_csv, tables_to_json, write_tables

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
