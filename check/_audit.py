"""audit_paper: a Paper (or a path) to an AuditReport.

read_paper -> claims_to_links -> links_to_recomputations -> recomputations_to_findings, plus the checks across
claims and within the table (check/_cross.py) and the checks that need no table (check/_standalone.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from paperaudit.extract import read_paper
from paperaudit.schemas import AuditReport, AuditSettings, Finding, Paper, Summary

from ._cross import cross_findings
from ._judge import doubt_verdicts_on_ambiguous_rows, findings_in_link_order
from ._link import claims_to_links
from ._recompute import links_to_recomputations

_Standalone = Callable[..., list[Finding]]


def _standalone() -> _Standalone | None:
    """E's checks without a table, when they are installed."""
    try:
        from ._standalone import claims_to_standalone_findings
    except ImportError:
        return None
    return claims_to_standalone_findings


def summarise(report_findings: list[Finding], n_tables: int, n_claims: int) -> Summary:
    """Counts by status and severity (one pass over the findings)."""
    by = {"consistent": 0, "inconsistent": 0, "unverifiable": 0}
    errors = warnings = 0
    for f in report_findings:
        status = f.status
        by[status] += 1
        if status != "consistent":
            severity = f.severity
            if severity == "error":
                errors += 1
            elif severity == "warning":
                warnings += 1
    return Summary(tables=n_tables, claims=n_claims, findings=len(report_findings), **by, errors=errors,
                   warnings=warnings)


def paper_to_findings(paper: Paper, settings: AuditSettings) -> tuple[list, list[Finding]]:
    """(links, findings) of one extracted paper."""
    links = claims_to_links(paper.claims, paper.tables, paper.document)
    recs = links_to_recomputations(links, paper.claims, paper.tables, paper.document, settings)
    # Unsorted: the sort below orders every finding by (first span, code), and two findings tied under it are tied
    # under recomputations_to_findings' own key too (spans start at 0 or later), so both sorts, being stable, leave
    # ties in link order; nothing in between reads the order (the cross checks take the judged spans as a set, the
    # doubts map finding by finding).
    findings = findings_in_link_order(links, recs, paper.claims, paper.tables, settings)
    findings += cross_findings(paper, links, findings, settings)
    findings = doubt_verdicts_on_ambiguous_rows(findings, paper.tables)
    standalone = _standalone()
    if standalone is not None:
        # The whole text lets it see a paper-wide "all tests were one-tailed".
        findings += standalone(paper.claims, settings, source_text=paper.source_text)
    findings.sort(key=lambda f: (f.spans[0][0] if f.spans else -1, f.code))
    return links, findings


def audit_paper(paper: Paper | str | os.PathLike[str], settings: AuditSettings | dict | None = None) -> AuditReport:
    """Audit one paper: link its claims to its tables, recompute, judge. Raises InputError when unreadable."""
    settings = AuditSettings.resolve(settings)
    if not isinstance(paper, Paper):
        paper = read_paper(paper, settings)
    links, findings = paper_to_findings(paper, settings)
    return AuditReport(
        path=paper.document.path, source_text=paper.source_text, tables=paper.tables, claims=paper.claims,
        links=links, findings=findings, summary=summarise(findings, len(paper.tables), len(paper.claims)),
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
