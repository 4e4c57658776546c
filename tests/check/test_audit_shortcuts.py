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


def _methods_tests_plainly(text: str) -> list[str]:
    """methods_tests as first written: every case-blind pattern searched over the whole scope."""
    from paperaudit.check._recompute import _INDEPENDENT_RE, _METHOD_TESTS_RE, _METHODS_HEAD_RE

    m = _METHODS_HEAD_RE.search(text)
    scope = text[m.start():] if m else text
    found = []
    for name, rx in _METHOD_TESTS_RE:
        hit = rx.search(scope)
        if hit is None and m is not None:
            hit = rx.search(text)
        if hit is not None:
            found.append((hit.start(), name))
    found.sort()
    out: list[str] = []
    for _, name in found:
        if name not in out:
            out.append(name)
    if "ttest_rel" in out and "ttest_ind" in out:
        if _METHOD_TESTS_RE[2][1].search(scope) and not _INDEPENDENT_RE.search(scope):
            out.remove("ttest_ind")
    return out


_PIECES = ["Methods\n", "Statistical analyses", "Mann-Whitney", "MANN WHITNEY", "rank sum", "RANK-ſUM", "U test",
           "xU test", "U-tests", "Wilcoxon", "Wilcoxon rank sum", "WİLCOXON", "signed-rank", "paired t-test",
           "paired samples Student's t test", "Student's t-test", "unpaired t test", "independent samples t-test",
           "two-sample t-test", "Welch's t-test", "t-test", "at-test", "T TEST", "t tests", "Fisher's exact",
           "FISHER exact", "chi-square", "Χ2", "χ 2", "chi2", "achi2", "\u212aruskal", " ", "\n", "-", "text", "u",
           "t", "s", "Results\n"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_methods_tests_as_plainly_searched(pieces: list[str]) -> None:
    from paperaudit.check._recompute import methods_tests

    text = "".join(pieces)
    assert methods_tests(text) == _methods_tests_plainly(text)


def _judge_number_plainly(recomputed, reported, decimals, raw, rule):  # type: ignore[no-untyped-def]
    """judge_number's verdict, shown value and mode from rounds_to and display, each rounding done afresh."""
    from paperaudit.check._rounding import display, rounds_to

    return rounds_to(recomputed, reported, decimals, rule), display(recomputed, decimals, reported)


_decimals_text = st.builds(lambda k, e: f"{k}E{e}", st.integers(-10 ** 12, 10 ** 12), st.integers(-14, 3))


@settings(max_examples=400)
@given(_decimals_text, st.integers(-2, 4), st.sampled_from(["up_or_down", "half_up", "half_even", "truncate",
                                                            "up_or_down_or_truncate"]), st.integers(-3, 3))
def test_judge_number_shares_roundings_exactly(x_text: str, decimals: int, rule: str, nudge: int) -> None:
    from decimal import Decimal

    from paperaudit.check._rounding import judge_number, quantum, round_at

    x = Decimal(x_text)
    reported = round_at(x, decimals, "half_up") + nudge * quantum(decimals) / 2 if decimals >= 0 else \
        round_at(x, decimals, "half_even")
    if decimals >= 0:
        reported = round_at(reported, decimals, "half_even")
    raw = str(reported)
    mode, shown = _judge_number_plainly(x, reported, decimals, raw, rule)
    j = judge_number(x, reported, decimals, raw, rule)
    assert (j.mode, j.display, j.consistent) == (mode, shown, mode is not None)


_TAILS = ["one-tailed", "ONE TAILED", "one ſided", "One-Sided", "onetailed", "1-tailed", "1 TAİLED", "two-tailed",
          "directional test", "DİRECTIONAL hypotheses", "directional", "sided", "tailed", " ", "\n", "x", "one"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_TAILS), max_size=8))
def test_one_tailed_prefilter_misses_nothing(pieces: list[str]) -> None:
    from paperaudit.check._teststats import _ONE_TAILED, mentions_one_tailed

    text = "".join(pieces)
    assert mentions_one_tailed(text) == bool(_ONE_TAILED.search(text))
