"""Linking claims to table columns and rows, on small hand-built tables and claims (no real paper's words)."""

from __future__ import annotations

from decimal import Decimal

from paperaudit.check._link import (
    claims_to_links,
    document_to_vocabulary,
    eval_condition,
    range_filters,
    same_time,
    table_to_columns,
    time_mentions,
    unit_compatible,
)
from paperaudit.schemas import Cell, Claim, Column, Phrase, Row, Table, Value

HEADERS = [("id", "Case", "id", None, None), ("age", "Age", "integer", "years", None),
           ("sex", "Sex", "sex", None, None), ("visits", "Clinic visits (number)", "integer", "number", None),
           ("score_before", "Itch score before treatment", "integer", None, "before treatment"),
           ("score_after", "Itch score 3 months later", "integer", None, "3 months later")]
ROWS = [["1", "30", "M", "1", "8", "7"], ["2", "40", "F", "4", "6", "2"], ["3", "50", "M", "5", "9", "4"],
        ["4", "60", "F", "2", "7", "7"], ["5", "70", "M", "6", "5", "1"], ["6", "35", "F", "4", "8", "3"]]


def make_table(text_start: int = 10_000) -> Table:
    cols = [Column(name=n, header=h, dtype=d, unit=u, time=t) for n, h, d, u, t in HEADERS]  # type: ignore[arg-type]
    rows = []
    for i, r in enumerate(ROWS):
        cells = [Cell(column=c.name, raw=v, text=v, number=Decimal(v) if c.dtype == "integer" else None,
                      decimals=0 if c.dtype == "integer" else None) for c, v in zip(cols, r, strict=True)]
        rows.append(Row(id=r[0], index=i, cells=cells, start=text_start, end=text_start))
    return Table(label="Table 1", caption="Patients treated with the cream", columns=cols, rows=rows,
                 start=text_start, end=text_start + 1)


def claim_of(text: str, kind: str, roles: list[tuple[str, str]], *, measure: str | None = None,
             subject: str | None = None, time: str | None = None, cid: str = "c", sides: list[int | None] | None = None
             ) -> Claim:
    """A claim over `text` whose values are the given raws, found left to right."""
    values = []
    pos = 0
    for k, (role, raw) in enumerate(roles):
        i = text.index(raw, pos)
        pos = i + len(raw)
        values.append(Value(role=role, raw=raw, value=Decimal(raw), decimals=len(raw.split(".")[1]) if "." in raw
                            else 0, start=i, end=i + len(raw), side=sides[k] if sides else None))

    def ph(t: str | None) -> Phrase | None:
        if t is None:
            return None
        i = text.index(t)
        return Phrase(text=t, start=i, end=i + len(t))

    return Claim(id=cid, kind=kind, section="results", sentence=text, sentence_spans=[(0, len(text))],  # type: ignore[arg-type]
                 values=values, measure=ph(measure), subject=ph(subject), time=ph(time))


def link_one(text: str, claim: Claim):
    links = claims_to_links([claim], [make_table(len(text) + 5)], text + " " * 10)
    return links


def test_mean_links_to_the_column_its_words_name() -> None:
    text = "The mean age was 47.5 ± 15.1 years."
    links = link_one(text, claim_of(text, "mean_sd", [("mean", "47.5"), ("sd", "15.1")], measure="mean age"))
    assert links[0].columns == ["age"] and links[0].operation == "describe" and len(links[0].row_ids) == 6


def test_time_picks_the_column_of_that_time_and_untabulated_time_is_a_reason() -> None:
    text = "At 3 months the itch score was 4.0 ± 2.4."
    links = link_one(text, claim_of(text, "mean_sd", [("mean", "4.0"), ("sd", "2.4")], measure="itch score"))
    assert links[0].columns == ["score_after"]
    text2 = "At 12 months the itch score was 4.0 ± 2.4."
    links2 = link_one(text2, claim_of(text2, "mean_sd", [("mean", "4.0"), ("sd", "2.4")], measure="itch score"))
    assert links2[0].reason is not None and "time" in links2[0].reason


def test_subset_from_range_and_stated_n() -> None:
    text = "In the 3 patients given 4-5 clinic visits, the itch score before treatment was 7.7 ± 1.5."
    c = claim_of(text, "mean_sd", [("mean", "7.7"), ("sd", "1.5")], measure="itch score",
                 subject="the 3 patients given 4-5 clinic visits")
    links = link_one(text, c)
    assert sorted(links[0].row_ids) == ["2", "3", "6"]
    assert any("n = 3 agrees" in e for e in links[0].evidence)


def test_untabulated_group_is_not_linked() -> None:
    text = "The mean age of the placebo group was 52 ± 9 years."
    links = link_one(text, claim_of(text, "mean_sd", [("mean", "52"), ("sd", "9")], measure="mean age"))
    assert links[0].reason is not None and links[0].operation is None


def test_count_after_a_subset_has_two_readings() -> None:
    text = ("In the 3 patients given 4-5 clinic visits, the mean age was 41.7 ± 7.6 years. "
            "At 3 months, 2 patients had less than 50% of their baseline itch score.")
    c1 = claim_of(text, "mean_sd", [("mean", "41.7"), ("sd", "7.6")], measure="mean age",
                  subject="the 3 patients given 4-5 clinic visits", cid="a")
    c2 = claim_of(text[text.index("At 3"):], "count", [("count", "2")])
    off = text.index("At 3")
    c2 = c2.model_copy(update={"id": "b", "sentence_spans": [(off, len(text))], "values": [
        v.model_copy(update={"start": v.start + off, "end": v.end + off}) for v in c2.values]})
    links = claims_to_links([c1, c2], [make_table(len(text) + 5)], text + " " * 10)
    count = next(lk for lk in links if lk.claim_id == "b")
    assert count.operation == "threshold" and count.condition == "score_after < 0.5*score_before"
    assert len(count.row_ids) == 6 and len(count.alternatives) == 1 and len(count.alternatives[0].row_ids) == 3


def test_conditions_and_edges() -> None:
    row = make_table().rows[1]  # 6 -> 2
    assert eval_condition(row, "score_after < 0.5*score_before").ok is True
    edge = make_table().rows[0].model_copy(update={"cells": [
        c if c.column != "score_after" else c.model_copy(update={"number": Decimal(4)})
        for c in make_table().rows[0].cells]})
    t = eval_condition(edge, "score_after < 0.5*score_before")
    assert t.ok is False and t.edge is True
    assert eval_condition(row, "not (visits >= 3 and visits <= 6)").ok is False
    assert eval_condition(row, "sex == 'F' or sex == 'X'").ok is True


def test_time_units_and_ranges() -> None:
    assert [m.key for m in time_mentions("pain at 6 months was lower")] == ["days:180-180"]
    assert time_mentions("pain for 10 years") == []
    assert [m.key for m in time_mentions("immediately after the last infusion")] == ["post"]
    assert same_time("days:180-180", "days:182-182") and not same_time("days:84-84", "days:180-180")
    assert unit_compatible("mg/hour", "mg/h") is True and unit_compatible("mg", "mg/h") is False
    assert unit_compatible("s", "seconds") is True and unit_compatible(None, "kg") is None
    t = make_table()
    infos = table_to_columns(t, document_to_vocabulary("", [t]))
    rf = range_filters("patients given 4-5 clinic visits", infos, t)
    assert rf and sorted(rf[0].ids) == ["2", "3", "6"]
    assert range_filters("on a 0-10 scale of itch", infos, t) == []
