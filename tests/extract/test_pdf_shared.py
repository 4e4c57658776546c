"""The shared real PDFs (skipped when ../shared/corpus is absent): reading order and Table 1 cell by cell.

Expected value cells live in tests/data/pdf/*.csv (checked by hand against the printed pages).
"""

from __future__ import annotations

import csv
import itertools
from functools import cache
from pathlib import Path

import pytest

from paperaudit.extract import document_to_tables, read_document
from paperaudit.schemas import Document, Table
from tests.conftest import need_shared

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"


@cache
def _read(rel: str) -> tuple[Document, tuple[Table, ...]]:
    path = need_shared() / rel
    if not path.is_file():
        pytest.skip(f"{rel} missing from the shared corpus")
    doc = read_document(path)
    return doc, tuple(document_to_tables(doc))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _expected(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _table1(rel: str) -> Table:
    _, tables = _read(rel)
    found = [t for t in tables if t.label == "Table 1"]
    assert found, f"no Table 1 in {rel}"
    return found[0]


def test_bmj_two_columns_are_not_interleaved() -> None:
    """On page 5 (a table in the left column, prose in the right) every word left of the gutter comes before
    every word right of it in source_text, and each column's words keep their top-to-bottom order."""
    doc, _ = _read("pdf/bmj-2015-rct.pdf")
    page = doc.pages[4]
    assert page.columns == 2
    words = [w for w in doc.words if w.page == 5 and page.start <= w.start < page.end]
    gutter = 350.0  # the empty strip between x = 346 and x = 357 on this page
    left = [w for w in words if w.x1 < gutter]
    right = [w for w in words if w.x0 > gutter]
    assert len(left) > 200 and len(right) > 200
    assert max(w.start for w in left) < min(w.start for w in right)
    for side in (left, right):
        by_text = sorted(side, key=lambda w: w.start)
        tops = [w.top for w in by_text]
        # reading order within a column never jumps back up by more than a line
        assert all(b >= a - 12 for a, b in itertools.pairwise(tops))


def test_bmj_running_heads_out_of_flow() -> None:
    doc, _ = _read("pdf/bmj-2015-rct.pdf")
    flow = doc.source_text[:doc.pages[-1].end]
    assert "doi: 10.1136/bmj.h2145 | BMJ 2015" not in flow
    assert "doi: 10.1136/bmj.h2145 | BMJ 2015" in doc.source_text[doc.pages[-1].end:]


def test_bmj_every_word_traces_to_coordinates() -> None:
    doc, _ = _read("pdf/bmj-2015-rct.pdf")
    assert doc.reader == "pdf" and len(doc.pages) == 10
    for w in doc.words[::37]:
        assert doc.source_text[w.start:w.end] == w.text
        page = doc.pages[w.page - 1]
        assert page.width is not None and 0 <= w.x0 <= w.x1 <= page.width + 1


@pytest.mark.parametrize(("rel", "expected", "value_cols"), [
    ("pdf/bmj-2015-rct.pdf", "bmj-2015-rct_table1.csv", ["group_1", "group_2"]),
    ("pdf/int-psychogeriatr-2014.pdf", "int-psychogeriatr-2014_table1.csv", ["group_1", "group_2", "p_value"]),
    ("demo/to_err_is_human.pdf", "to_err_is_human_table1.csv", ["mistakes", "usefulness"]),
    ("pdf/cermine-test3.pdf", "cermine-test3_table1.csv", ["lc50"]),
])
def test_table1_values_cell_by_cell(rel: str, expected: str, value_cols: list[str]) -> None:
    table = _table1(rel)
    want = _expected(expected)
    assert table.source == "pdf"
    assert len(table.rows) == len(want)
    assert len(table.columns) == 1 + len(value_cols)
    for row, exp in zip(table.rows, want, strict=True):
        got = [c.raw for c in row.cells[1:]]
        assert got == [exp[c] for c in value_cols], f"row {exp['row']}"


def test_bmj_table1_section_and_footnotes() -> None:
    table = _table1("pdf/bmj-2015-rct.pdf")
    want = _expected("bmj-2015-rct_table1.csv")
    assert len(table.sections) == 1
    assert [r.section is not None for r in table.rows] == [e["in_section"] == "1" for e in want]
    marks = [f.mark for f in table.footnotes]
    assert {"*", "†", "‡", "§"} <= set(marks)


def test_postgrad_table1_one_row_per_study() -> None:
    table = _table1("pdf/postgrad-med-j-2010-meta.pdf")
    want = _expected("postgrad-med-j-2010-meta_table1.csv")
    assert len(table.columns) == 9 and len(table.rows) == len(want)
    for row, exp in zip(table.rows, want, strict=True):
        assert [row.cells[1].raw, row.cells[2].raw, row.cells[4].raw] == [exp["year"], exp["age_group"],
                                                                          exp["participants"]]
    assert {lc.code for lc in table.legend} >= {"A", "B", "UBT"}


def test_cermine_page_with_table_beside_references_is_two_columns() -> None:
    doc, _ = _read("pdf/cermine-test3.pdf")
    assert doc.pages[3].columns == 2
    table = _table1("pdf/cermine-test3.pdf")
    assert table.kind == "summary" and [c.code for c in table.legend][:1] == ["VS"]
