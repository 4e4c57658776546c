"""audit_paper: a Paper (or a path) to an AuditReport (placeholder until linking and judging land)."""

from __future__ import annotations

import os

from paperaudit.extract import read_paper
from paperaudit.schemas import AuditReport, AuditSettings, Finding, Paper, Summary


def summarise(report_findings: list[Finding], n_tables: int, n_claims: int) -> Summary:
    """Counts by status and severity."""
    by = {s: sum(1 for f in report_findings if f.status == s) for s in ("consistent", "inconsistent", "unverifiable")}
    return Summary(
        tables=n_tables, claims=n_claims, findings=len(report_findings), **by,
        errors=sum(1 for f in report_findings if f.severity == "error" and f.status != "consistent"),
        warnings=sum(1 for f in report_findings if f.severity == "warning" and f.status != "consistent"),
    )


def audit_paper(paper: Paper | str | os.PathLike[str], settings: AuditSettings | dict | None = None) -> AuditReport:
    """Audit one paper: link its claims to its tables, recompute, judge. Raises InputError when unreadable."""
    settings = AuditSettings.resolve(settings)
    if not isinstance(paper, Paper):
        paper = read_paper(paper, settings)
    findings: list[Finding] = []
    return AuditReport(
        path=paper.document.path, source_text=paper.source_text, tables=paper.tables, claims=paper.claims,
        findings=findings, summary=summarise(findings, len(paper.tables), len(paper.claims)),
    )


_RANK = {"info": 0, "warning": 1, "error": 2}


def exit_code(reports: list[AuditReport], fail_on: str = "error") -> int:
    """2 when a paper could not be read; else 1 when a non-consistent finding is at or above `fail_on`; else 0."""
    if any(r.error for r in reports):
        return 2
    if fail_on == "never":
        return 0
    bar = _RANK[fail_on]
    for r in reports:
        for f in r.findings:
            if f.status != "consistent" and _RANK[f.severity] >= bar:
                return 1
    return 0
