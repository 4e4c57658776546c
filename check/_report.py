"""Audit report writers: text, json, jsonl, csv, md, html.

Text prints one line per inconsistent or unverifiable finding (`show_all` adds the consistent ones) as
`path:line:col: CODE message`, then a closing summary line. JSON is one object with the source text, tables,
claims, links, findings and summary; JSONL one finding per line; CSV one row per finding with the Finding
schema's field names as columns; Markdown and HTML a table of findings for humans.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os

from paperaudit.schemas import AuditReport, Finding

FORMATS = ("text", "json", "jsonl", "csv", "md", "html")
# CSV columns: the Finding schema's field names, in schema order (one place).
FINDING_COLUMNS = list(Finding.model_fields)
_STATUS_ORDER = {"inconsistent": 0, "unverifiable": 1, "consistent": 2}


def _line_col(report: AuditReport, pos: int) -> tuple[int, int]:
    """1-based line and column of a source_text offset."""
    text = report.source_text
    pos = max(0, min(pos, len(text)))
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def _shown(report: AuditReport, show_all: bool) -> list[Finding]:
    return [f for f in report.findings if show_all or f.status != "consistent"]


def _message(f: Finding) -> str:
    msg = f.explanation
    if f.status == "unverifiable" and f.reason and f.reason not in msg:
        msg += f" ({f.reason})"
    if f.note and f.note not in msg:
        msg += f"; note: {f.note}"
    if f.conclusion_flips:
        msg += "; the conclusion at alpha flips"
    return msg


def display_path(path: str | None) -> str:
    """The path as a person reads it in a terminal: relative to the working folder when inside it."""
    if not path:
        return "<text>"
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def summary_line(report: AuditReport) -> str:
    s = report.summary
    # errors/warnings count every finding that is not consistent (an ambiguous reading is a warning too).
    return (f"{display_path(report.path)}: {s.findings} findings: {s.inconsistent} inconsistent, "
            f"{s.unverifiable} unverifiable, {s.consistent} consistent; {s.errors} errors, {s.warnings} warnings "
            f"({s.claims} claims, {s.tables} tables)")


def report_to_text(report: AuditReport, show_all: bool = False) -> str:
    """`path:line:col: CODE status message` per finding, then the summary line."""
    name = display_path(report.path)
    out = []
    for f in _shown(report, show_all):
        start = f.spans[0][0] if f.spans else 0
        line, col = _line_col(report, start)
        out.append(f"{name}:{line}:{col}: {f.code} {f.status} [{f.severity}] {_message(f)}")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def report_to_json(report: AuditReport) -> str:
    """`{"source_text", "tables", "claims", "findings", "summary"}` (plus path and links)."""
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=1)


def report_to_jsonl(report: AuditReport) -> str:
    """One JSON object per finding, each with the paper's path."""
    lines = []
    for f in report.findings:
        d = {"path": report.path, **f.model_dump(mode="json")}
        lines.append(json.dumps(d, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        if v and isinstance(v[0], dict):
            return json.dumps(v, ensure_ascii=False)
        return ";".join(f"{a}-{b}" if isinstance(a, int) else str(a) for a, b in
                        (x if isinstance(x, list | tuple) and len(x) == 2 else (x, None) for x in v)
                        ).replace("-None", "")
    return str(v)


def report_to_csv(report: AuditReport, header: bool = True) -> str:
    """One row per finding; columns are `path` then the Finding field names."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if header:
        w.writerow(["path", *FINDING_COLUMNS])
    for f in report.findings:
        d = f.model_dump(mode="json")
        w.writerow([report.path or "", *(_cell(d[k]) for k in FINDING_COLUMNS)])
    return buf.getvalue()


def report_to_md(report: AuditReport, show_all: bool = False) -> str:
    """A Markdown table of findings under the paper's name, then the summary."""
    rows = ["| where | code | status | reported | recomputed | explanation |", "|---|---|---|---|---|---|"]
    for f in _shown(report, show_all):
        line, col = _line_col(report, f.spans[0][0] if f.spans else 0)
        expl = _message(f).replace("|", "\\|")
        rows.append(f"| {line}:{col} | {f.code} | {f.status} | {f.reported or ''} | {f.recomputed or ''} | {expl} |")
    return f"## {report.path or '<text>'}\n\n" + "\n".join(rows) + f"\n\n{summary_line(report)}\n"


def report_to_html(report: AuditReport, show_all: bool = False) -> str:
    """A standalone HTML page: the findings table, each row linked to its line."""
    esc = html.escape
    body = []
    for f in _shown(report, show_all):
        line, col = _line_col(report, f.spans[0][0] if f.spans else 0)
        body.append(f"<tr class='{f.status}'><td>{line}:{col}</td><td>{esc(f.code)}</td><td>{esc(f.status)}</td>"
                    f"<td>{esc(f.reported or '')}</td><td>{esc(f.recomputed or '')}</td>"
                    f"<td>{esc(_message(f))}</td></tr>")
    style = ("body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px}"
             ".inconsistent{background:#fdd}.unverifiable{background:#ffd}.consistent{background:#dfd}")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>paperaudit: {esc(report.path or '')}</title>"
            f"<style>{style}</style></head><body><h1>{esc(report.path or '<text>')}</h1><table><tr><th>where</th>"
            f"<th>code</th><th>status</th><th>reported</th><th>recomputed</th><th>explanation</th></tr>"
            + "".join(body) + f"</table><p>{esc(summary_line(report))}</p></body></html>\n")


def render_report(report: AuditReport, fmt: str = "text", show_all: bool = False) -> str:
    """The report in one of FORMATS."""
    if fmt == "json":
        return report_to_json(report) + "\n"
    if fmt == "jsonl":
        return report_to_jsonl(report)
    if fmt == "csv":
        return report_to_csv(report)
    if fmt == "md":
        return report_to_md(report, show_all)
    if fmt == "html":
        return report_to_html(report, show_all)
    return report_to_text(report, show_all)
