"""Writers for extraction results: table CSVs and tables.json, claims as text, JSON or CSV.

Output columns come from the schemas' field names, listed once here.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from paperaudit.schemas import Claim, OutputError, Paper, Table

CLAIM_CSV_COLUMNS = [
    "claim_id", "kind", "section", "role", "raw", "value", "decimals", "unit", "comparator",
    "start", "end", "group", "measure", "subject", "time", "sentence",
]


def table_to_csv(table: Table) -> str:
    """One table as CSV: snake_case header, one line per body row, cells as printed without footnote marks,
    a leading `section` column when the table has section headings; summary rows are left out."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    with_section = any(r.section for r in table.rows)
    w.writerow((["section"] if with_section else []) + [c.name for c in table.columns])
    for row in table.rows:
        w.writerow(([row.section or ""] if with_section else []) + [c.text for c in row.cells])
    return buf.getvalue()


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1)


def tables_to_json(paper: Paper) -> str:
    """`{"source_text": ..., "tables": [...]}` with the full table schema."""
    return _dump({
        "source_text": paper.source_text,
        "tables": [t.model_dump(mode="json") for t in paper.tables],
    })


def _atomic_write(path: Path, text: str) -> None:
    """Write through a temporary file so a failure never leaves half a file behind."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from None


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write a text file atomically; OutputError when it cannot be written."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create folder: {exc.strerror or exc}", path=str(p.parent)) from None
    _atomic_write(p, text)


def write_tables(paper: Paper, out_dir: str | os.PathLike[str], stem: str) -> list[Path]:
    """Write `out_dir/stem/tableN.csv` per table and `tables.json`; returns the paths written."""
    folder = Path(out_dir) / stem
    written: list[Path] = []
    seen: dict[str, int] = {}
    for table in paper.tables:
        slug = table.slug
        seen[slug] = seen.get(slug, 0) + 1
        # A second table with the same label (continued tables) gets a letter: table1b.csv.
        name = slug if seen[slug] == 1 else f"{slug}{chr(ord('a') + seen[slug] - 1)}"
        path = folder / f"{name}.csv"
        write_text(path, table_to_csv(table))
        written.append(path)
    path = folder / "tables.json"
    write_text(path, tables_to_json(paper))
    written.append(path)
    return written


def _phrase(p: object) -> str:
    return getattr(p, "text", "") if p is not None else ""


def claims_to_rows(claims: list[Claim]) -> list[dict[str, object]]:
    """One dict per reported value, keyed by CLAIM_CSV_COLUMNS."""
    rows: list[dict[str, object]] = []
    for c in claims:
        for v in c.values:
            rows.append({
                "claim_id": c.id, "kind": c.kind, "section": c.section, "role": v.role, "raw": v.raw,
                "value": str(v.value), "decimals": v.decimals, "unit": v.unit or "", "comparator": v.comparator,
                "start": v.start, "end": v.end, "group": _phrase(v.group), "measure": _phrase(c.measure),
                "subject": _phrase(c.subject), "time": _phrase(c.time), "sentence": c.sentence,
            })
    return rows


def claims_to_text(paper: Paper) -> str:
    """One line per claim: `path:line:col: kind section values (subject; time)`."""
    out = []
    name = paper.document.path or "<text>"
    for c in paper.claims:
        first = c.values[0].start if c.values else (c.sentence_spans[0][0] if c.sentence_spans else 0)
        line, col = paper.document.line_col(first)
        vals = ", ".join(f"{v.role}={v.raw}" + (f" {v.unit}" if v.unit else "") for v in c.values)
        extra = "; ".join(p.text for p in (c.measure, c.subject, c.time) if p is not None)
        out.append(f"{name}:{line}:{col}: {c.kind} [{c.section}] {vals}" + (f" ({extra})" if extra else ""))
    out.append(f"{len(paper.claims)} claims, {sum(len(c.values) for c in paper.claims)} values")
    return "\n".join(out) + "\n"


def claims_to_json(paper: Paper) -> str:
    """`{"source_text": ..., "claims": [...]}`."""
    return _dump({
        "source_text": paper.source_text,
        "claims": [c.model_dump(mode="json") for c in paper.claims],
    })


def claims_to_csv(paper: Paper) -> str:
    """One row per reported value."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CLAIM_CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(claims_to_rows(paper.claims))
    return buf.getvalue()
