"""The inlined t-tests and Wilcoxon normal approximations give bit for bit the P values of scipy.stats.

They replace scipy's calls only to skip its per-call input checks; any difference in the last bit would change a
report's recomputed P, so equality is exact (nan where scipy gives nan).
"""

from __future__ import annotations

import math
import warnings

from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from paperaudit.check._recompute import ttest_ind_p, ttest_rel_p, wilcoxon_asymptotic_p

# Cells as tables print them: small integers (many ties), a few decimals, some negatives.
_cells = st.one_of(
    st.integers(0, 12).map(float),
    st.integers(-5000, 5000).map(lambda k: k / 10),
    st.integers(-99999, 99999).map(lambda k: k / 100),
)


def _same(want: float, got: float) -> bool:
    return (math.isnan(want) and math.isnan(got)) or want == got


@settings(max_examples=150)
@given(st.lists(_cells, min_size=2, max_size=30), st.lists(_cells, min_size=2, max_size=30))
def test_ttest_ind_matches_scipy(a: list[float], b: list[float]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for equal_var in (True, False):
            want = float(stats.ttest_ind(a, b, equal_var=equal_var).pvalue)
            assert _same(want, ttest_ind_p(a, b, equal_var)), (equal_var, want)


@settings(max_examples=150)
@given(st.lists(st.tuples(_cells, _cells), min_size=2, max_size=30), st.booleans())
def test_paired_tests_match_scipy(pairs: list[tuple[float, float]], with_zeros: bool) -> None:
    x = [u for u, _ in pairs]
    y = [w for _, w in pairs]
    if with_zeros:  # equal pairs: zero differences, which each variant treats its own way
        y = [u if k % 3 == 0 else w for k, (u, w) in enumerate(pairs)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = float(stats.ttest_rel(x, y).pvalue)
        assert _same(want, ttest_rel_p(x, y))
        for zero_method, correction in (("wilcox", False), ("wilcox", True), ("pratt", False)):
            want = float(stats.wilcoxon(x, y, zero_method=zero_method, correction=correction,
                                        method="asymptotic").pvalue)
            got = wilcoxon_asymptotic_p(x, y, zero_method, correction)
            assert _same(want, got), (zero_method, correction, want, got)


def test_degenerate_samples_give_nan_like_scipy() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert math.isnan(ttest_ind_p([3.0, 3.0], [3.0, 3.0], True))
        assert math.isnan(ttest_rel_p([1.0, 2.0], [1.0, 2.0]))
        assert math.isnan(wilcoxon_asymptotic_p([1.0, 2.0], [1.0, 2.0], "wilcox", True))
        assert math.isnan(wilcoxon_asymptotic_p([1.0, 2.0], [1.0, 2.0], "pratt", False))
        assert math.isnan(float(stats.wilcoxon([1.0, 2.0], [1.0, 2.0], zero_method="pratt",
                                               method="asymptotic").pvalue))
