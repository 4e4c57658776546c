"""The grammar of reported statistics, one phrasing at a time, plus a round trip through random prose."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperaudit.extract import document_to_claims, string_to_document
from tests.synthetic.prose import PHRASINGS, case_round_trips, random_case


def _values(sentence: str) -> list[tuple[str, str, str]]:
    text = "Results\n\n" + sentence + "\n"
    claims = document_to_claims(string_to_document(text), [])
    return [(c.kind, v.role, v.raw) for c in claims for v in c.values]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Age was 46 ± 10 (median 46) years.", [("mean_sd", "mean", "46"), ("mean_sd", "sd", "10"),
                                            ("mean_sd", "median", "46")]),
    ("Use fell to 92 ±100 mg (60 mg median).", [("mean_sd", "mean", "92"), ("mean_sd", "sd", "100"),
                                                ("mean_sd", "median", "60")]),
    ("Age was 27.2 (SD 6.1) years.", [("mean_sd", "mean", "27.2"), ("mean_sd", "sd", "6.1")]),
    ("They made fewer errors (M = 9.12, SD = 2.5).", [("mean_sd", "mean", "9.12"), ("mean_sd", "sd", "2.5")]),
    ("Stay was median 4 [2-5] days.", [("median", "median", "4"), ("median", "q1", "2"), ("median", "q3", "5")]),
    ("Stay was median 4 (range 2 to 9) days.", [("median", "median", "4"), ("median", "min", "2"),
                                               ("median", "max", "9")]),
    ("The rate varied from 35 to 100 mg/hour.", [("range", "min", "35"), ("range", "max", "100")]),
    ("Eleven patients completed the study.", [("count", "count", "Eleven")]),
    ("Five of the 18 patients stopped.", [("count", "count", "Five"), ("count", "total", "18")]),
    ("There were 10 men and 8 women.", [("category_counts", "count", "10"), ("category_counts", "count", "8")]),
    ("A total of 55 infusion cycles were given.", [("total", "total", "55")]),
    ("In all, 43 (48.9%) were known.", [("percent", "count", "43"), ("percent", "percent", "48.9")]),
    ("Two kept less than 50% of their baseline.", [("threshold", "threshold", "50")]),
    ("Scores did not differ (P = \n0.17).", [("p_value", "p", "0.17")]),
    ("Scores fell (P <0.001) and rose (p < .05).", [("p_value", "p", "0.001"), ("p_value", "p", ".05")]),
    ("They differed, t(97.7) = 2.9, p = 0.005.", [("test", "df", "97.7"), ("test", "statistic", "2.9"),
                                                  ("test", "p", "0.005")]),
    ("They differed, F(2,56) = 1.203, p < .001.", [("test", "df1", "2"), ("test", "df2", "56"),
                                                   ("test", "statistic", "1.203"), ("test", "p", ".001")]),
    ("Odds ratio 1.21, 95% confidence interval 0.70 to 2.10.",
     [("ci", "value", "1.21"), ("ci", "ci_level", "95"), ("ci", "ci_low", "0.70"), ("ci", "ci_high", "2.10")]),
    ("The control group (n = 18) improved.", [("sample_size", "n", "18")]),
    ("The mean (SD) age was 45.2 (10.1) years.", [("mean_sd", "mean", "45.2"), ("mean_sd", "sd", "10.1")]),
    ("Median (IQR) stay was 4 (2-7) days.", [("median", "median", "4"), ("median", "q1", "2"),
                                            ("median", "q3", "7")]),
    ("In all, 23/45 (51%) responded.", [("percent", "count", "23"), ("percent", "total", "45"),
                                        ("percent", "percent", "51")]),
    ("A chi-square test (χ2 = 3.2, df = 1, P = 0.07) showed it.", [("test", "statistic", "3.2"), ("test", "df", "1"),
                                                                  ("test", "p", "0.07")]),
    ("Scores differed (M¼4.5, SD¼1.2, n¼18).", [("mean_sd", "mean", "4.5"), ("mean_sd", "sd", "1.2"),
                                                ("sample_size", "n", "18")]),
    ("Scores increased from 3.2 to 5.6.", [("change", "before", "3.2"), ("change", "after", "5.6")]),
    ("Patients stopped after one or 2 infusions.", [("range", "min", "one"), ("range", "max", "2")]),
    ("They had a mean of 3.0 (SD = 2.6, range 0–18) events.", [("mean_sd", "mean", "3.0"), ("mean_sd", "sd", "2.6"),
                                                             ("mean_sd", "min", "0"), ("mean_sd", "max", "18")]),
    # the span of a rating scale is a setting, and the upper end of a range is no count
    ("Pain was rated on a visual analogue scale (VAS, 0-10).", [("setting", "min", "0"), ("setting", "max", "10")]),
    ("A numeric rating scale of 0 to 10 was used.", [("setting", "min", "0"), ("setting", "max", "10")]),
    ("The score ranged from 2 to 9 in the cohort.", [("range", "min", "2"), ("range", "max", "9")]),
    ("Pain fell from 7.4 at baseline to 3.1 at 6 months.", [("change", "before", "7.4"), ("change", "after", "3.1")]),
])
def test_phrasing(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert _values(sentence) == expected


def test_unicode_minus_and_middle_dot_keep_their_raw_text() -> None:
    text = "Results\n\nThe change was t(20) = \u22122\u00b731, p = 0\u00b703.\n"
    (c,) = document_to_claims(string_to_document(text), [])
    stat = c.value("statistic")
    assert stat is not None and stat.raw == "\u22122\u00b731" and str(stat.value) == "-2.31" and stat.decimals == 2
    assert text[stat.start:stat.end] == stat.raw


def test_units_are_normalised() -> None:
    from paperaudit.extract._units import unit_to_canonical

    assert unit_to_canonical("mg/h") == unit_to_canonical("mg/ hour") == unit_to_canonical("mg per hour") == "mg/hour"
    assert unit_to_canonical("%") == "%"


def test_citations_are_not_statistics() -> None:
    assert _values("Ketamine helps (19,20,22-24) and (1-5) in pain [7-10].") == []
    assert _values("The rate = 5 per year was 2.1 times (Table 2) as in Figure 3.") == [
        ("mean_sd", "value", "5"), ("mean_sd", "value", "2.1")]


@pytest.mark.parametrize("phrasing", PHRASINGS)
def test_every_phrasing_round_trips(phrasing: str) -> None:
    rng = random.Random(phrasing)
    for _ in range(10):
        case = random_case(rng, phrasing)
        assert case_round_trips(case), case.text


@given(st.integers(0, 2**32 - 1))
def test_random_prose_round_trips(seed: int) -> None:
    case = random_case(random.Random(seed))
    assert case_round_trips(case), (case.phrasing, case.text)
