"""A verdict that rests on a table line with several splittings is reported as doubt, not as an error."""

from __future__ import annotations

from paperaudit.check._judge import doubt_verdicts_on_ambiguous_rows
from paperaudit.schemas import Ambiguity, Column, Finding, Table


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
    assert f.status == "unverifiable" and f.reason and "rows 3 of Table 1" in f.reason
    assert f.recomputed == "42.6" and f.spans == [(10, 12)]


def test_rows_not_flagged_keep_their_verdict() -> None:
    t = _table([Ambiguity(raw="x", start=0, end=1, reason="r", row_id="9")])
    fs = [_finding("inconsistent", ["1", "2"]), _finding("consistent", ["9"])]
    assert doubt_verdicts_on_ambiguous_rows(fs, [t]) == fs


def test_a_line_that_became_no_row_puts_the_whole_table_in_doubt() -> None:
    t = _table([Ambiguity(raw="x y", start=0, end=3, reason="could not split", row_id=None)])
    [f] = doubt_verdicts_on_ambiguous_rows([_finding("inconsistent", ["1"])], [t])
    assert f.status == "unverifiable" and "rows may be missing" in (f.reason or "")
