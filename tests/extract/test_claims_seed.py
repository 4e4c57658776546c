"""The seed paper: every statistic its prose reports about the patients is found (kind, value, decimals, span, group).

Expected values sit in tests/data/claims/seed_expected.json, checked by hand against the seed text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from paperaudit.extract import document_to_claims, read_document, string_to_document
from paperaudit.schemas import Claim, Document

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "claims" / "seed_expected.json"


@pytest.fixture(scope="module")
def seed(request: pytest.FixtureRequest) -> tuple[Document, list[Claim]]:
    from tests.conftest import SEED, need_shared

    need_shared()
    doc = read_document(SEED)
    return doc, document_to_claims(doc, [])


def _by_start(claims: list[Claim]) -> dict[int, tuple[Claim, object]]:
    return {v.start: (c, v) for c in claims for v in c.values}


def test_every_expected_statistic_is_found(seed: tuple[Document, list[Claim]]) -> None:
    doc, claims = seed
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["participants"]
    assert len(expected) >= 90
    found = _by_start(claims)
    for e in expected:
        assert doc.source_text[e["start"]:e["end"]] == e["raw"], e
        assert e["start"] in found, e
        c, v = found[e["start"]]
        got = {"kind": c.kind, "role": v.role, "raw": v.raw, "decimals": v.decimals,  # type: ignore[attr-defined]
               "end": v.end}  # type: ignore[attr-defined]
        assert got == {k: e[k] for k in got}, e
        if "group" in e:
            assert v.group is not None and v.group.text == e["group"] and v.side == e["side"], e  # type: ignore[attr-defined]
        if "comparator" in e:
            assert v.comparator == e["comparator"], e  # type: ignore[attr-defined]


def test_the_numbers_the_issue_names(seed: tuple[Document, list[Claim]]) -> None:
    doc, claims = seed
    text = doc.source_text
    starts = {v.start: v.raw for c in claims for v in c.values}
    # (a passage of the seed, the number in it): each printed number must be a claim value at its place.
    for passage, raw in [("45 ± 12 (median 44)", "45"), ("45 ± 12 (median 44)", "12"), ("45 ± 12 (median 44)", "44"),
                         ("Eleven \npatients thus", "Eleven"), ("\nEleven patients", "Eleven"),
                         ("A total of 55", "55"), ("from 35 to 100 mg/hour", "35"), ("from 35 to 100 mg/hour", "100"),
                         ("(P = 0.13)", "0.13"), ("92 ±100 mg", "92"), ("92 ±100 mg", "100"), ("5 of 11", "5"),
                         ("5 of 11", "11"), ("Two among \nthese 5", "Two"), ("Two among \nthese 5", "5")]:
        at = text.index(passage) + passage.index(raw)
        assert starts.get(at) == raw, (passage, raw)
    caption_ps = [c for c in claims if c.section == "figure_caption" and c.kind == "p_value"]
    assert sorted(c.values[0].raw for c in caption_ps) == ["0.001", "0.17", "0.181", "0.274"]


def test_protocol_numbers_get_their_kinds(seed: tuple[Document, list[Claim]]) -> None:
    _, claims = seed
    protocol = json.loads(EXPECTED.read_text(encoding="utf-8"))["protocol"]
    found = _by_start(claims)
    for e in protocol:
        assert found[e["start"]][0].kind == e["kind"], e


def test_comparison_sides_keep_their_groups(seed: tuple[Document, list[Claim]]) -> None:
    _, claims = seed
    comps = [c for c in claims if c.kind == "comparison"]
    assert len(comps) == 4
    for c in comps:
        assert next(g.text for g in c.groups) == "the comparison group"
        assert "ketamine" in c.groups[1].text
    # Named after the value ("for the group who received ..."), the other side taken from the earlier pair.
    duration = next(c for c in comps if c.values[0].raw == "10")
    assert duration.groups[1].text.startswith("the group who received")
    assert duration.groups[0].inherited


def test_subject_time_and_measure_phrases(seed: tuple[Document, list[Claim]]) -> None:
    doc, claims = seed
    by_raw = {(c.kind, c.values[0].raw, c.values[0].start): c for c in claims}
    baseline = next(c for k, c in by_raw.items() if k[:2] == ("mean_sd", "8"))
    assert baseline.subject is not None and baseline.subject.text == "the 11 patients given 3-6 ketamine infusions"
    assert doc.source_text[baseline.subject.start:baseline.subject.end].startswith("the 11 patients")
    assert baseline.time is not None and baseline.time.text.lower() == "baseline"
    later = next(c for k, c in by_raw.items() if k[:2] == ("mean_sd", "7"))
    assert later.subject is not None and later.subject.inherited
    assert later.time is not None and later.time.text == "at 6 months"
    five = next(c for c in claims if c.values[0].raw == "Five" and c.section == "results")
    assert five.subject is not None and five.subject.text.startswith("the 18 patients")
    age = next(c for c in claims if c.kind == "comparison" and c.values[0].raw == "46")
    assert age.measure is not None and age.measure.text == "mean age"


def test_rejoined_sentence_and_change(seed: tuple[Document, list[Claim]]) -> None:
    _, claims = seed
    p = next(c for c in claims if c.kind == "p_value" and c.values[0].raw == "0.015")
    assert len(p.sentence_spans) == 2
    change = next(c for c in claims if c.kind == "change")
    assert [(v.role, v.raw, v.side) for v in change.values] == [
        ("mean", "184", 0), ("sd", "133", 0), ("median", "150", 0), ("mean", "92", 1), ("sd", "100", 1),
        ("median", "60", 1)]
    assert change.values[3].value == Decimal("92") and change.values[0].unit == "mg"


def test_no_claim_from_the_table_body_or_citations(seed: tuple[Document, list[Claim]]) -> None:
    doc, claims = seed
    text = doc.source_text
    body_start = text.index("Patient \nNumber")
    body_end = text.index(" statistically significant")
    cites = [text.index(s) for s in ("(19,20,22-24)", "(1-5)", "(7-\n10)", "(14-22)")]
    for c in claims:
        for v in c.values:
            assert not body_start <= v.start < body_end, v
            assert all(not a <= v.start < a + 14 for a in cites), v
        assert c.section not in ("table_body", "references")


def test_ids_are_stable_and_unique(seed: tuple[Document, list[Claim]]) -> None:
    doc, claims = seed
    again = document_to_claims(doc, [])
    assert [c.id for c in claims] == [c.id for c in again]
    assert len({c.id for c in claims}) == len(claims)
    assert all(c.id == f"c-{c.kind}-{c.values[0].start}" for c in claims)


def test_cli_claims_json_and_csv() -> None:
    from paperaudit.check._cli import app
    from tests.conftest import SEED, need_shared

    need_shared()
    runner = CliRunner()
    res = runner.invoke(app, ["claims", str(SEED), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data) == {"source_text", "claims"} and len(data["claims"]) >= 60
    res = runner.invoke(app, ["claims", str(SEED), "--format", "csv"])
    assert res.exit_code == 0
    header = res.output.splitlines()[0]
    assert header.startswith("claim_id,kind,section,role,raw")
    assert sum(1 for _ in res.output.splitlines()) > 100


@given(st.text(alphabet=st.sampled_from(list("ab P=<>±%()[]-–−·.,;:\n 0123456789Table Fig.vsmedian")), max_size=300))
def test_any_text_gives_valid_claims(text: str) -> None:
    """Whatever the text, extraction does not fail and every value's span holds its raw text."""
    doc = string_to_document(text)
    for c in document_to_claims(doc, []):
        for v in c.values:
            assert text[v.start:v.end] == v.raw
        for a, b in c.sentence_spans:
            assert 0 <= a <= b <= len(text)
