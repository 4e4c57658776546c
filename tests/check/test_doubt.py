"""A verdict that rests on a table line with several splittings is reported as doubt, not as an error."""

from __future__ import annotations

from paperaudit.check._judge import doubt_verdicts_on_ambiguous_rows
from paperaudit.schemas import Ambiguity, Cell, Column, Finding, Row, Table


def _finding(status: str, rows: list[str]) -> Finding:
    return Finding(code="PA201", status=status, severity="error", reported="45", recomputed="42.6",
                   explanation="reported mean 45, Table 1 gives 42.6", spans=[(10, 12)], table="Table 1",
                   columns=["age"], rows=rows)


def _table(ambiguities: list[Ambiguity]) -> Table:
    return Table(label="Table 1", columns=[Column(name="age", header="Age", dtype="integer")],
                 ambiguities=ambiguities)


def test_inconsistent_on_a_flagged_row_becomes_unverifiable() -> None:
    t = _table([Ambiguity(raw="3 4 5", start=0, end=5, reason="two splittings", readings=[["3 4", "5"]],
                          row_id="3")])
    [f] = doubt_verdicts_on_ambiguous_rows([_finding("inconsistent", ["1", "2", "3"])], [t])
    assert f.status == "unverifiable" and f.reason and "row 3 of Table 1 admits" in f.reason
    assert f.recomputed == "42.6" and f.spans == [(10, 12)]


def test_rows_not_flagged_keep_their_verdict() -> None:
    t = _table([Ambiguity(raw="x", start=0, end=1, reason="r", row_id="9")])
    fs = [_finding("inconsistent", ["1", "2"]), _finding("consistent", ["9"])]
    assert doubt_verdicts_on_ambiguous_rows(fs, [t]) == fs


def test_a_line_that_became_no_row_puts_the_whole_table_in_doubt() -> None:
    t = _table([Ambiguity(raw="x y", start=0, end=3, reason="could not split", row_id=None)])
    [f] = doubt_verdicts_on_ambiguous_rows([_finding("inconsistent", ["1"])], [t])
    assert f.status == "unverifiable" and "rows may be missing" in (f.reason or "")


def test_headers_run_together_or_split_make_the_table_doubtful() -> None:
    from paperaudit.check._link import table_doubts
    from paperaudit.schemas import Cell, Row

    def table(headers: list[tuple[str, str]]) -> Table:
        cols = [Column(name=f"c{i}", header=h, dtype=d) for i, (h, d) in enumerate(headers)]  # type: ignore[arg-type]
        rows = [Row(id=str(k), index=k, start=0, end=1,
                    cells=[Cell(column=c.name, raw=str(k + j), text=str(k + j)) for j, c in enumerate(cols)])
                for k in range(1, 4)]
        return Table(label="Table 1", columns=cols, rows=rows)

    fine = table([("Patient Number", "id"), ("Weight (kg) 6 months later", "integer"), ("Dose (mg)", "integer")])
    assert table_doubts(fine) == []
    merged = table([("Case", "id"), ("Weight (kg) 6 months later Pain (cm) after 3 months", "integer")])
    assert any("run together" in d for d in table_doubts(merged))
    split = table([("Subject", "id"), ("ID", "integer"), ("Dose (mg)", "integer")])
    assert any("id header looks split" in d for d in table_doubts(split))


def _two_column_table(readings: list[list[str]]) -> Table:
    cols = [Column(name="age", header="Age", dtype="integer"), Column(name="code", header="Code", dtype="category")]
    rows = [Row(id=str(k), index=k - 1, cells=[Cell(column="age", raw=a, text=a), Cell(column="code", raw=c, text=c)],
                start=10 * k, end=10 * k + 5) for k, (a, c) in enumerate([("40", "A"), ("45", "B"), ("50", "C")], 1)]
    return Table(label="Table 1", columns=cols, rows=rows, ambiguities=[
        Ambiguity(raw="50 C", start=30, end=34, reason="pair", readings=readings, row_id="3")])


def test_a_doubt_that_leaves_the_used_column_alone_keeps_the_verdict() -> None:
    t = _two_column_table([["50", "C"], ["50", "C D"]])
    [f] = doubt_verdicts_on_ambiguous_rows([_finding("inconsistent", ["1", "2", "3"])], [t])
    assert f.status == "inconsistent"


def test_a_doubt_that_moves_the_used_column_makes_it_unverifiable() -> None:
    t = _two_column_table([["50", "C"], ["", "50 C"]])
    [f] = doubt_verdicts_on_ambiguous_rows([_finding("inconsistent", ["1", "2", "3"])], [t])
    assert f.status == "unverifiable"


def test_a_subset_is_in_doubt_even_when_the_used_column_is_not() -> None:
    t = _two_column_table([["50", "C"], ["50", "C D"]])
    [f] = doubt_verdicts_on_ambiguous_rows([_finding("inconsistent", ["2", "3"])], [t])
    assert f.status == "unverifiable"
