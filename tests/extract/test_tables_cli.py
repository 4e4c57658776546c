"""`paperaudit extract` end to end on the seed: table1.csv as printed and tables.json with the full schema."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from paperaudit.check._cli import app

DATA = Path(__file__).resolve().parents[1] / "data" / "tables"


def test_extract_writes_table_csv_and_json(seed_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(seed_path), "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / seed_path.stem
    with (folder / "table1.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert len(header) == 11 and len(set(header)) == 11
    assert all(h == h.lower() and " " not in h for h in header)
    with (DATA / "seed_table1.csv").open(encoding="utf-8", newline="") as fh:
        expected = list(csv.reader(fh))[1:]
    assert body == expected
    doc = json.loads((folder / "tables.json").read_text(encoding="utf-8"))
    assert doc["source_text"].startswith("\nBackground")
    (table,) = [t for t in doc["tables"] if t["label"] == "Table 1"]
    assert len(table["rows"]) == 18 and table["summary_rows"] == []
    cell = table["rows"][1]["cells"][3]
    assert cell["raw"] == "CRPS 1" and doc["source_text"][cell["start"]:cell["end"]] == "CRPS 1"
