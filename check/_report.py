"""Audit report writers: text, json, jsonl, csv, md, html (placeholder: json and a summary line)."""

from __future__ import annotations

import json

from paperaudit.schemas import AuditReport

FORMATS = ("text", "json", "jsonl", "csv", "md", "html")


def report_to_json(report: AuditReport) -> str:
    """`{"source_text", "tables", "claims", "findings", "summary"}` (plus path and links)."""
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=1)


def render_report(report: AuditReport, fmt: str = "text", show_all: bool = False) -> str:
    """The report in one of FORMATS."""
    if fmt == "json":
        return report_to_json(report) + "\n"
    s = report.summary
    return (f"{report.path}: {s.findings} findings: {s.inconsistent} inconsistent, {s.unverifiable} unverifiable, "
            f"{s.consistent} consistent\n")
