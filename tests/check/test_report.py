"""Report writers: one text line per problem with path:line:col, CSV columns from the Finding schema."""

from __future__ import annotations

import csv
import io
import json

from paperaudit.check import render_report
from paperaudit.check._report import FINDING_COLUMNS
from paperaudit.schemas import AuditReport, Finding, Summary

TEXT = "line one\nthe mean was 12.4 here\n"


def report() -> AuditReport:
    start = TEXT.index("12.4")
    bad = Finding(code="PA201", status="inconsistent", severity="error", reported="12.4", recomputed="13.1",
                  rule="half-up or half-even at 1 decimal", explanation="reported mean 12.4, Table 2 gives 13.1 "
                  "(n = 20, all rows)", spans=[(start, start + 4)], table="Table 2", columns=["x"], rows=["1"])
    good = bad.model_copy(update={"status": "consistent", "severity": "info", "code": "PA202"})
    return AuditReport(path="p.txt", source_text=TEXT, findings=[bad, good],
                       summary=Summary(findings=2, consistent=1, inconsistent=1, errors=1))


def test_text_lines_and_summary() -> None:
    out = render_report(report(), "text").splitlines()
    assert out[0] == ("p.txt:2:14: PA201 inconsistent [error] reported mean 12.4, Table 2 gives 13.1 "
                      "(n = 20, all rows)")
    assert len(out) == 2 and "2 findings" in out[1]
    assert len(render_report(report(), "text", show_all=True).splitlines()) == 3


def test_csv_columns_are_the_finding_fields() -> None:
    rows = list(csv.reader(io.StringIO(render_report(report(), "csv"))))
    assert rows[0] == ["path", *FINDING_COLUMNS] and len(rows) == 3
    assert rows[1][rows[0].index("spans")] == f"{TEXT.index('12.4')}-{TEXT.index('12.4') + 4}"


def test_json_jsonl_md_html() -> None:
    d = json.loads(render_report(report(), "json"))
    assert {"source_text", "tables", "claims", "findings", "summary", "links", "path"} <= set(d)
    assert d["findings"][0]["recomputed"] == "13.1"
    lines = render_report(report(), "jsonl").splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["path"] == "p.txt"
    assert "| 2:14 | PA201 |" in render_report(report(), "md")
    assert "<td>PA201</td>" in render_report(report(), "html")
