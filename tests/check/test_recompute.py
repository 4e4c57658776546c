"""Recomputation: Decimal statistics, the inlined Mann-Whitney against scipy, tests named in the Methods."""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from paperaudit.check._recompute import (
    _mwu_asymptotic,
    d_mean,
    d_median,
    d_quantile,
    d_sd,
    methods_tests,
    order_tests,
    two_sample_tests,
)


def test_decimal_statistics() -> None:
    xs = [D(v) for v in ("28", "46", "46", "25", "42")]
    assert d_mean(xs) == D("37.4")
    assert d_median(xs) == D("42")
    assert d_median(xs[:4]) == D("37")
    sd = d_sd(xs)
    assert sd is not None and abs(sd - D("10.139033484509261")) < D("1e-12")  # statistics.stdev
    sdn = d_sd(xs, 0)
    assert sdn is not None and sdn < sd
    assert d_quantile(xs, D("0.25"), "linear") == D("28")
    assert d_quantile(xs, D("0.25"), "tukey") == D("28")


@given(st.lists(st.integers(0, 12), min_size=2, max_size=25), st.lists(st.integers(0, 12), min_size=2, max_size=25))
def test_inlined_mann_whitney_matches_scipy(a: list[int], b: list[int]) -> None:
    fast = _mwu_asymptotic([float(x) for x in a], [float(x) for x in b])
    assert fast is not None
    for cc, got in ((True, fast[0]), (False, fast[1])):
        want = stats.mannwhitneyu(a, b, use_continuity=cc, method="asymptotic").pvalue
        if want == want:  # scipy gives nan when every value ties
            assert abs(want - got) < 1e-12


def test_tests_and_variants() -> None:
    rng = random.Random(4)
    a = [D(rng.randint(0, 10)) for _ in range(11)]
    b = [D(rng.randint(0, 10)) for _ in range(11)]
    found = two_sample_tests(a, b, list(zip(a, b, strict=True)))
    assert {k.split(",")[0] for k in found} >= {"mannwhitney", "ttest_ind", "ttest_rel", "wilcoxon"}
    assert all(D(0) <= p <= D(1) for p in found.values())
    ordered = order_tests(found, ["wilcoxon"])
    assert ordered[0][0].startswith("wilcoxon")


def test_wilcoxon_ranks_the_printed_differences() -> None:
    """0.70 - 0.50 and 0.40 - 0.20 are the same 0.2 as printed, a tie; as binary floats they differ. The signed ranks
    are those of the printed differences (worked by hand: zeros dropped, n = 10, the one negative difference, -0.1,
    has rank 3 among five tied 0.1s, so r- = 3; 5 subsets of 1..10 sum to 3 or less: P = 2 x 5/1024), and scipy's
    answer on the float columns is kept as a variant of its own because it differs."""
    before = [D(x) for x in "0.40 0.70 0.30 1.00 0.50 0.20 0.60 0.10 0.80 0.30 0.90 0.40".split()]
    after = [D(x) for x in "0.20 0.50 0.30 0.80 0.50 0.10 0.40 0.00 0.90 0.20 0.60 0.30".split()]
    found = two_sample_tests(before, after, list(zip(before, after, strict=True)), only=frozenset({"wilcoxon"}))
    assert found["wilcoxon, exact (zeros dropped)"] == D(10) / D(1024)
    assert abs(float(found["wilcoxon, normal approximation, no correction"]) - 0.010853) < 1e-6
    assert found["wilcoxon, exact, differences of binary floats (scipy on float columns)"] == D(6) / D(1024)
    whole = [D(x) for x in "4 6 3 5 2 4 3 5 7 2 4 3".split()]
    found = two_sample_tests(whole, whole[::-1], list(zip(whole, whole[::-1], strict=True)),
                             only=frozenset({"wilcoxon"}))
    assert not any("binary floats" in k for k in found)  # integers: the two agree, no extra variant


def test_methods_tests_in_order() -> None:
    text = "Methods\nGroups were compared with the Mann-Whitney rank sum test; paired data with Wilcoxon signed-rank."
    assert methods_tests(text) == ["mannwhitney", "wilcoxon"]
    assert methods_tests("Methods\nA paired t-test was used.") == ["ttest_rel"]
    assert methods_tests("no tests here") == []


@pytest.mark.parametrize("method,numpy_name", [
    ("linear", "linear"), ("weibull", "weibull"), ("type4", "interpolated_inverted_cdf"), ("hazen", "hazen"),
    ("median_unbiased", "median_unbiased"), ("normal_unbiased", "normal_unbiased"),
    ("inverted_cdf", "inverted_cdf"), ("averaged_inverted_cdf", "averaged_inverted_cdf")])
def test_quartile_definitions_agree_with_numpy(method: str, numpy_name: str) -> None:
    """Each named quartile definition is Hyndman and Fan's, as numpy implements it (checked on random samples)."""
    import random

    import numpy as np

    from paperaudit.check._recompute import d_quantile

    rng = random.Random(11)
    for _ in range(200):
        xs = [rng.randint(0, 100) for _ in range(rng.randint(2, 30))]
        for q in ("0.25", "0.5", "0.75"):
            got = d_quantile([D(x) for x in xs], D(q), method)
            assert got is not None
            assert abs(float(got) - float(np.quantile(xs, float(q), method=numpy_name))) < 1e-9
