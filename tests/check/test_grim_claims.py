"""claims_to_standalone_findings on summary claims: how much the claim's words let GRIM decide, percentages
with their counts, impossible summaries, and the one-finding-per-number contract (spans, reported, rule)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from paperaudit.check._standalone import claims_to_standalone_findings
from paperaudit.extract._numbers import parse_decimal
from paperaudit.schemas import Claim, Finding, Phrase, Value


def _v(text: str, raw: str, role: str, after: int = 0, side: int | None = None) -> Value:
    start = text.index(raw, after)
    value, decimals = parse_decimal(raw)
    return Value(role=role, raw=raw, value=value, decimals=decimals, start=start, end=start + len(raw),  # type: ignore[arg-type]
                 side=side)


def _claim(text: str, kind: str, values: list[Value], measure: str | None = None) -> Claim:
    phrase = None
    if measure is not None:
        at = text.index(measure)
        phrase = Phrase(text=measure, start=at, end=at + len(measure))
    return Claim(id=f"{kind}-{values[0].start}", kind=kind, values=values, measure=phrase,  # type: ignore[arg-type]
                 sentence=text)


def _by_code(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.code, []).append(f)
    return out


def _check_contract(text: str, findings: list[Finding]) -> None:
    for f in findings:
        assert f.spans and f.explanation and f.rule
        assert any(text[a:b] == f.reported.split()[-1] for a, b in f.spans)  # type: ignore[union-attr]
        if f.status == "unverifiable":
            assert f.reason


def test_grim_on_a_count_measure_is_judged() -> None:
    text = "The mean number of errors was 5.19 (SD 1.60) among the n = 28 participants."
    c = _claim(text, "mean_sd", [_v(text, "5.19", "mean"), _v(text, "1.60", "sd"), _v(text, "28", "n")],
               "number of errors")
    findings = claims_to_standalone_findings([c], None)
    _check_contract(text, findings)
    (g,) = _by_code(findings)["PA401"]
    assert (g.status, g.severity, g.reported, g.recomputed) == ("inconsistent", "error", "5.19", "5.18 or 5.21")
    assert sorted(g.spans) == [(text.index("5.19"), text.index("5.19") + 4), (text.index("28"), text.index("28") + 2)]
    assert "PA402" not in _by_code(findings)  # GRIMMER is not run on a mean that fails GRIM


def test_grim_and_grimmer_consistent_on_a_count_measure() -> None:
    text = "The mean number of errors was 5.21 (SD 1.61) among the n = 28 participants."
    c = _claim(text, "mean_sd", [_v(text, "5.21", "mean"), _v(text, "1.61", "sd"), _v(text, "28", "n")],
               "number of errors")
    by = _by_code(claims_to_standalone_findings([c], None))
    assert by["PA401"][0].status == "consistent"
    assert by["PA402"][0].status == "inconsistent"  # the parity of the sum of squares (hand check in grimmer.csv)
    assert by["PA402"][0].reported == "1.61"


def test_grim_on_scores_cannot_call_a_mean_inconsistent() -> None:
    text = "Pain scores averaged 5.19 (n = 28)."
    c = _claim(text, "mean_sd", [_v(text, "5.19", "mean"), _v(text, "28", "n")], "Pain scores")
    (g,) = claims_to_standalone_findings([c], None)
    assert g.code == "PA401" and g.status == "unverifiable" and g.severity == "info"
    assert "whole numbers" in (g.reason or "")


def test_no_grim_without_words_that_say_the_data_are_integers() -> None:
    text = "Weight was 72.19 kg (n = 28)."
    c = _claim(text, "mean_sd", [_v(text, "72.19", "mean"), _v(text, "28", "n")], "Weight")
    assert claims_to_standalone_findings([c], None) == []


def test_grim_vacuous_is_unverifiable() -> None:
    text = "The mean number of visits was 4.5 (n = 50)."
    c = _claim(text, "mean_sd", [_v(text, "4.5", "mean"), _v(text, "50", "n")], "number of visits")
    (g,) = claims_to_standalone_findings([c], None)
    assert g.status == "unverifiable" and "always" in (g.reason or "")


def test_sides_keep_their_own_n() -> None:
    text = "Number of relapses: 1.19 (n = 28) vs. 1.18 (n = 28)."
    mid = text.index("vs.")
    values = [_v(text, "1.19", "mean", side=0), _v(text, "28", "n", side=0),
              _v(text, "1.18", "mean", mid, side=1), _v(text, "28", "n", mid, side=1)]
    c = _claim(text, "comparison", values, "Number of relapses")
    findings = claims_to_standalone_findings([c], None)
    assert [(f.reported, f.status) for f in findings] == [("1.19", "inconsistent"), ("1.18", "consistent")]
    assert findings[1].spans[0][0] > mid


def test_percentages_against_counts() -> None:
    text = "Five of 11 (46%) improved, and 6 of 11 (55%) did not."
    first = [_v(text, "11", "n"), _v(text, "46", "percent")]
    count5 = Value(role="count", raw="Five", value=parse_decimal("5")[0], decimals=0, start=0, end=4)
    c1 = _claim(text, "count", [count5, *first])
    at = text.index("6 of")
    c2 = _claim(text, "count", [_v(text, "6", "count", at), _v(text, "11", "n", at), _v(text, "55", "percent", at)])
    f1, f2 = claims_to_standalone_findings([c1, c2], None)
    assert (f1.code, f1.status, f1.recomputed) == ("PA404", "inconsistent", "45.45")
    assert (f2.code, f2.status, f2.recomputed) == ("PA404", "consistent", "55")
    assert len(f1.spans) == 3


def test_impossible_summaries_from_a_range() -> None:
    text = "Age 45 (range 50-80), SD -3; median 44 (range 35 to 100)."
    c1 = _claim(text, "mean_sd", [_v(text, "45", "mean"), _v(text, "50", "min"), _v(text, "80", "max")])
    c2 = _claim(text, "median", [_v(text, "44", "median"), _v(text, "35", "min"), _v(text, "100", "max")])
    c3 = _claim(text, "mean_sd", [_v(text, "-3", "sd")])
    findings = claims_to_standalone_findings([c1, c2, c3], None)
    _check_contract(text, findings)
    assert [(f.code, f.role, f.status) for f in findings] == [
        ("PA405", "mean", "inconsistent"), ("PA405", "median", "consistent"), ("PA405", "sd", "inconsistent")]


def test_debit_needs_words_that_say_binary() -> None:
    text = "The proportion of smokers was 0.53 (SD = 0.30, n = 40)."
    values = [_v(text, "0.53", "mean"), _v(text, "0.30", "sd"), _v(text, "40", "n")]
    (f,) = claims_to_standalone_findings([_claim(text, "mean_sd", values, "proportion of smokers")], None)
    assert (f.code, f.status, f.reported) == ("PA403", "inconsistent", "0.53")
    text2 = "Adherence was 0.53 (SD = 0.30, n = 40)."
    values2 = [_v(text2, "0.53", "mean"), _v(text2, "0.30", "sd"), _v(text2, "40", "n")]
    assert claims_to_standalone_findings([_claim(text2, "mean_sd", values2, "Adherence")], None) == []


def test_protocol_numbers_are_not_judged() -> None:
    text = "Infusions ran at 10 to 5 mg/hour."
    c = _claim(text, "setting", [_v(text, "10", "min"), _v(text, "5", "max")])
    assert claims_to_standalone_findings([c], {"rounding": "half_up"}) == []


def test_bounds_in_different_units_are_not_compared() -> None:
    text = "Children aged 6 months to 5 years were included."
    lo = _v(text, "6", "min").model_copy(update={"unit": "month"})
    hi = _v(text, "5", "max").model_copy(update={"unit": "year"})
    assert claims_to_standalone_findings([_claim(text, "range", [lo, hi])], None) == []
    same = [lo.model_copy(update={"unit": "months"}), hi.model_copy(update={"unit": "month"})]
    assert claims_to_standalone_findings([_claim(text, "range", same)], None) == []  # a bare range is not judged


def test_reversed_range_is_judged_only_inside_a_summary() -> None:
    text = "Lancet 1998;351:1523-31. Scores were 12 (SD 3; range 9-4)."
    pages = _claim(text, "range", [_v(text, "1523", "min"), _v(text, "31", "max")])
    at = text.index("Scores")
    summary = _claim(text, "mean_sd", [_v(text, "12", "mean", at), _v(text, "3", "sd", at), _v(text, "9", "min", at),
                                       _v(text, "4", "max", at)])
    findings = claims_to_standalone_findings([pages, summary], None)
    assert {f.claim_id for f in findings} == {summary.id}
    assert ("PA405", "max", "inconsistent") in {(f.code, f.role, f.status) for f in findings}
    refs = summary.model_copy(update={"section": "references"})
    assert claims_to_standalone_findings([refs], None) == []


def test_a_proportion_printed_as_a_percentage_is_not_debit_checked() -> None:
    text = "The proportion of women was 45.2 (SD = 3.1, n = 40)."
    values = [_v(text, "45.2", "mean"), _v(text, "3.1", "sd"), _v(text, "40", "n")]
    assert claims_to_standalone_findings([_claim(text, "mean_sd", values, "proportion of women")], None) == []


def _round(num: int, den: int, d: int, rounding: str = "ROUND_HALF_UP") -> str:
    import decimal
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 50
        return str((Decimal(num) / Decimal(den)).quantize(Decimal(1).scaleb(-d), rounding=getattr(decimal, rounding)))


@given(st.lists(st.integers(0, 9), min_size=3, max_size=60), st.data())
def test_true_summaries_of_integer_data_are_never_flagged_and_a_grim_slip_is(values: list[int],
                                                                             data: st.DataObject) -> None:
    import statistics
    from decimal import Decimal

    n, total = len(values), sum(values)
    mean = _round(total, n, 2)
    sd = str(Decimal(repr(statistics.stdev(values))).quantize(Decimal("0.01")))
    count = sum(1 for v in values if v == 0)
    pct = _round(100 * count, n, 1)
    text = f"The mean number of events was {mean} (SD {sd}) in n = {n}; {count} of {n} ({pct}%) had none."
    at = text.index(";")
    c1 = _claim(text, "mean_sd", [_v(text, mean, "mean"), _v(text, sd, "sd", text.index("(SD ")),
                                  _v(text, str(n), "n", text.index("n = ") + 4)], "number of events")
    of = text.index(" of ", at)
    c2 = _claim(text, "count", [_v(text, str(count), "count", at), _v(text, str(n), "n", of + 4),
                                _v(text, pct, "percent", text.index("(", of))])
    for v in c1.values + c2.values:
        assert text[v.start:v.end] == v.raw
    findings = claims_to_standalone_findings([c1, c2], None)
    assert not [f for f in findings if f.status == "inconsistent"], findings
    assert {f.code for f in findings} >= {"PA401", "PA404"}
    # A mean no n integers can give, printed in its place, is caught at its span.
    centre = round(100 * total / n)
    impossible = [m for m in range(max(0, centre - 40), centre + 40)
                  # impossible under every admissible rounding: half-up and half-even (1.125 -> 1.12 is fine)
                  if all(_round(s, n, 2, mode) != f"{m / 100:.2f}"
                         for s in range(max(0, m * n // 100 - 2), m * n // 100 + 3)
                         for mode in ("ROUND_HALF_UP", "ROUND_HALF_EVEN"))]
    if not impossible:
        return  # n >= 100 would make GRIM vacuous; max_size keeps n below that, but be safe
    bad = f"{data.draw(st.sampled_from(impossible)) / 100:.2f}"
    text2 = text.replace(f"was {mean} (", f"was {bad} (", 1)
    c3 = _claim(text2, "mean_sd", [_v(text2, bad, "mean"), _v(text2, str(n), "n", text2.index("n = "))],
                "number of events")
    (f,) = [f for f in claims_to_standalone_findings([c3], None) if f.code == "PA401"]
    assert f.status == "inconsistent" and f.spans[0] == (text2.index(bad), text2.index(bad) + len(bad))


def test_a_k_item_scale_is_judged_at_n_times_k() -> None:
    # 3 items, n = 7: granularity 1/21. 5.19 * 21 = 108.99 -> 109/21 = 5.1905 fits; 5.17 * 21 = 108.57 does not
    # (108/21 = 5.1429, 109/21 = 5.1905). With one item (n = 7), 5.19 would fail (36/7 = 5.143, 37/7 = 5.286).
    for mean, expected in (("5.19", "consistent"), ("5.17", "inconsistent")):
        text = f"On the 3-item scale the mean was {mean} (n = 7)."
        c = _claim(text, "mean_sd", [_v(text, mean, "mean"), _v(text, "7", "n", text.index("n ="))], "3-item scale")
        (f,) = claims_to_standalone_findings([c], None)
        assert (f.code, f.status) == ("PA401", expected), f
