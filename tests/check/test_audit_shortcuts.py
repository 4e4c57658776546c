"""The audit's shortcuts give exactly what they replace.

- fold_case: every character regex.I equates with a lower-case cue letter folds to that letter, so a plain search
  of the folded text never misses what a case-blind search finds (the cue prefilters rely on it).
- The inlined exact Mann-Whitney U and Wilcoxon signed-rank P values are bit for bit scipy.stats' (ties, zeros).
"""

from __future__ import annotations

import string
import sys
import warnings

import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from paperaudit.check._recompute import mwu_exact_p, wilcoxon_exact_p
from paperaudit.check._rounding import fold_case


def test_fold_case_finds_every_case_blind_match_of_a_cue_letter() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert len(fold_case(every)) == len(every)  # character for character
    for letter in string.ascii_lowercase + string.digits + "χ'-":
        for m in regex.finditer(regex.escape(letter), every, regex.I):
            assert fold_case(m.group()) == letter, (letter, hex(ord(m.group())))
    assert fold_case(" \t\n\u00a0\u2009") == " \t\n\u00a0\u2009"
    text = "A ONE-ſIDED TEST, Wİlcoxon's and the Χ2 \udc80"
    for cue in ("one-sided", "test", "wilcoxon", "χ2"):
        assert regex.search(cue, text, regex.I) and cue in fold_case(text)


_cells = st.one_of(
    st.integers(0, 12).map(float),
    st.integers(-500, 500).map(lambda k: k / 10),
    st.integers(-99999, 99999).map(lambda k: k / 100),
)


@settings(max_examples=200)
@given(st.lists(_cells, min_size=1, max_size=30), st.lists(_cells, min_size=1, max_size=30))
def test_mwu_exact_matches_scipy(a: list[float], b: list[float]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = float(stats.mannwhitneyu(a, b, alternative="two-sided", method="exact").pvalue)
    assert mwu_exact_p(a, b) == want


@settings(max_examples=200)
@given(st.lists(st.tuples(_cells, _cells), min_size=2, max_size=30), st.integers(0, 3))
def test_wilcoxon_exact_matches_scipy(pairs: list[tuple[float, float]], zeros: int) -> None:
    x = [u for u, _ in pairs]
    y = [w for _, w in pairs]
    if zeros:  # equal pairs: zero differences, dropped; all equal when zeros == 3
        y = [u if zeros == 3 or k % (zeros + 1) == 0 else w for k, (u, w) in enumerate(pairs)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = float(stats.wilcoxon(x, y, zero_method="wilcox", method="exact").pvalue)
    assert wilcoxon_exact_p(x, y) == want


def test_large_samples_leave_uint64_like_scipy() -> None:
    a = [float(k % 17) for k in range(45)]
    b = [k / 3 for k in range(50)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert mwu_exact_p(a, b) == float(stats.mannwhitneyu(a, b, alternative="two-sided", method="exact").pvalue)
