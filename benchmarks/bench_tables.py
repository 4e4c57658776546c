"""Benchmark of text-table recovery on generated papers: rows exact, ambiguous, silently wrong; cells and
headers exact; time.

Run: .venv/bin/python benchmarks/bench_tables.py [N_TABLES] [SEED]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from paperaudit.extract._tables_text import text_to_tables  # noqa: E402
from paperaudit.schemas import Document  # noqa: E402
from tests.synthetic.tables import random_table, render_flat_text, score_table  # noqa: E402


def main(n_tables: int = 500, seed: int = 7, verbose: bool = False) -> dict[str, float]:
    rng = random.Random(seed)
    totals = {"tables": 0, "tables_found": 0, "rows": 0, "exact": 0, "ambiguous": 0, "wrong": 0, "cells": 0,
              "cells_exact": 0, "extra": 0, "headers_exact": 0}
    elapsed = 0.0
    for k in range(n_tables):
        truth = random_table(rng)
        text = render_flat_text(truth, rng)
        t0 = time.perf_counter()
        tables = text_to_tables(Document(source_text=text))
        elapsed += time.perf_counter() - t0
        totals["tables"] += 1
        table = tables[0] if tables else None
        totals["tables_found"] += 1 if len(tables) == 1 else 0
        res = score_table(truth, table) if table is not None else {
            "rows": len(truth.rows), "exact": 0, "ambiguous": 0, "wrong": len(truth.rows),
            "cells": len(truth.rows) * truth.n_columns, "cells_exact": 0, "extra": 0,
            "headers_exact": 0}
        for key, v in res.items():
            totals[key] += v
        if verbose and res["wrong"]:
            print(f"--- table {k}: {res}")
        if verbose and table is not None and not res["headers_exact"]:
            print(f"--- headers {k}: {truth.headers} -> {[c.header for c in table.columns]}")
    unamb = totals["rows"] - totals["ambiguous"]
    figures = {
        "tables": totals["tables"],
        "tables found": totals["tables_found"],
        "rows": totals["rows"],
        "rows exact": totals["exact"],
        "rows ambiguous": totals["ambiguous"],
        "rows silently wrong": totals["wrong"],
        "% of unambiguous rows exact": 100.0 * totals["exact"] / max(1, unamb),
        "cells exact %": 100.0 * totals["cells_exact"] / max(1, totals["cells"]),
        "tables with every header right %": 100.0 * totals["headers_exact"] / max(1, n_tables),
        "ms per paper": 1000.0 * elapsed / max(1, n_tables),
    }
    return figures


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    s = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    for key, value in main(n, s, verbose="-v" in sys.argv).items():
        print(f"{key:32s} {value:.2f}" if isinstance(value, float) else f"{key:32s} {value}")
