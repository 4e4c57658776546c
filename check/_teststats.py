"""P values recomputed from reported test statistics (t, F, chi2, r, z), statcheck-style.

The reported statistic and its degrees of freedom were rounded, so each is read as the interval of values that
round to it (statcheck's practice): a reported P is consistent when some statistic in that box gives a P that the
admissible rounding turns into the reported P, or that satisfies its comparator ('p < .05'). 'p = .000' means
p < .0005. A P reproduced only as one-tailed is consistent only when the paper says its tests are one-tailed;
otherwise it is unverifiable with that reason. A decision error (PA502) is an inconsistent P whose whole
recomputed range lies on the other side of alpha from what the reported P says.

scipy works in floats; its P values enter Decimal through ``to_decimal`` and the windows come from _rounding.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from decimal import Decimal

import regex
from scipy import stats

from paperaudit.schemas import RoundingRule, Severity, Status

from ._grim import decimals_of
from ._rounding import display, fold_case, quantum, rule_words, satisfies, severity_of, to_decimal, window

TESTS = ("t", "F", "chi2", "r", "z")
TWO_SIDED = ("t", "r", "z")  # tests whose P is two-tailed by default and may be halved when one-tailed

_TEST_ALIASES = {
    "t": "t", "f": "F", "chi2": "chi2", "χ2": "chi2", "χ²": "chi2", "x2": "chi2", "chi-square": "chi2",
    "chi square": "chi2", "chi-squared": "chi2", "chisq": "chi2", "r": "r", "z": "z",
    # Q with one df (Cochran's or a meta-analytic heterogeneity Q, also Qb/Qw) is chi-square distributed, as
    # statcheck reads it; a Q with two df (Tukey's studentized range) is refused in check_p.
    "q": "chi2", "qb": "chi2", "qw": "chi2", "qe": "chi2", "qm": "chi2",
}
Q_NAMES = ("q", "qb", "qw", "qe", "qm")

_ONE_TAILED = regex.compile(r"\b(one[- ]?(tailed|sided)|directional\s+(test|hypothes)|1[- ]tailed)", regex.I)

# A relative slack for float noise from scipy, always in the lenient direction.
_SLACK = 1e-9


def normalise_test_name(name: str | None) -> str | None:
    """'T', 'χ2', 'chi-square' -> 't', 'chi2'; None when the test is not one of TESTS."""
    if not name:
        return None
    return _TEST_ALIASES.get(name.strip().lower())


# Every match of _ONE_TAILED holds one of these, case aside: a plain search of the folded text rules most texts
# out far faster than the case-blind pattern (run on whole papers).
_ONE_TAILED_CUES = ("tailed", "sided", "directional")


def mentions_one_tailed(text: str) -> bool:
    """Does the text say its tests are one-tailed (one-sided, directional)?"""
    folded = fold_case(text)
    if not any(c in folded for c in _ONE_TAILED_CUES):
        return False
    return bool(_ONE_TAILED.search(text))


def p_from_statistic(test: str, statistic: float, df1: float | None = None, df2: float | None = None) -> float:
    """The P a test statistic gives: two-tailed for t, r and z; upper tail for F and chi2.

    Raises ValueError when the test or its degrees of freedom are missing or out of range."""
    x = float(statistic)
    if test == "z":
        return float(2 * stats.norm.sf(abs(x)))
    if df1 is None or df1 <= 0:
        raise ValueError(f"{test} needs positive degrees of freedom")
    if test == "t":
        return float(2 * stats.t.sf(abs(x), df1))
    if test == "r":
        if abs(x) >= 1:
            return 0.0
        t = abs(x) * math.sqrt(df1 / (1 - x * x))
        return float(2 * stats.t.sf(t, df1))
    if test == "chi2":
        return float(stats.chi2.sf(max(x, 0.0), df1))
    if test == "F":
        if df2 is None or df2 <= 0:
            raise ValueError("F needs two positive degrees of freedom")
        return float(stats.f.sf(max(x, 0.0), df1, df2))
    raise ValueError(f"unknown test {test!r}")


def _interval(x: Decimal, decimals: int) -> tuple[Decimal, Decimal]:
    """The closed interval of values that round to `x` at `decimals` (half a unit either side)."""
    half = quantum(decimals) / 2
    return x - half, x + half


def _grid(lo: Decimal, hi: Decimal) -> list[float]:
    return sorted({float(lo), float((lo + hi) / 2), float(hi)})


def p_range(test: str, statistic: Decimal, df1: Decimal | None = None, df2: Decimal | None = None,
            stat_decimals: int | None = None) -> tuple[float, float, float]:
    """(lowest, as printed, highest) P over every statistic and df that round to the reported ones.

    Integer df are taken as exact; fractional df (Welch, Greenhouse-Geisser) as their rounding interval."""
    d = decimals_of(statistic) if stat_decimals is None else stat_decimals
    s_lo, s_hi = _interval(abs(statistic) if test in TWO_SIDED else statistic, d)
    if test in TWO_SIDED:
        s_lo = max(s_lo, Decimal(0))
    if test == "r":
        s_hi = min(s_hi, Decimal(1))
    stat_grid = _grid(s_lo, s_hi)

    def df_grid(df: Decimal | None) -> list[float | None]:
        if df is None:
            return [None]
        dd = decimals_of(df)
        if dd == 0:
            return [float(df)]
        lo, hi = _interval(df, dd)
        return list(_grid(max(lo, Decimal("0.001")), hi))

    ps = [p_from_statistic(test, s, a, b) for s, a, b in itertools.product(stat_grid, df_grid(df1), df_grid(df2))]
    centre = p_from_statistic(test, float(statistic), None if df1 is None else float(df1),
                              None if df2 is None else float(df2))
    return min(ps), centre, max(ps)


def statistic_label(test: str, statistic: Decimal, df1: Decimal | None, df2: Decimal | None) -> str:
    """The statistic as a reader would print it: 't(97.2) = -1.96', 'F(2, 56) = 1.203', 'z = 1.54'."""
    dfs = ", ".join(str(d) for d in (df1, df2) if d is not None)
    return f"{test}({dfs}) = {statistic}" if dfs else f"{test} = {statistic}"


@dataclass(frozen=True)
class PCheck:
    """The verdict on one reported P: code PA501 (or PA502 when the conclusion flips), with its numbers."""

    code: str
    status: Status
    severity: Severity
    explanation: str
    recomputed: str | None
    rule: str
    reason: str | None = None
    note: str | None = None
    conclusion_flips: bool | None = None


def _show_p(p: float) -> str:
    if p == 0:
        return "0"
    if p < 0.0001:
        return f"{p:.2e}"
    return str(display(to_decimal(f"{p:.6g}"), max(4, 2 - math.floor(math.log10(p)))))


def _fits(lo: float, hi: float, comparator: str, bound: Decimal, decimals: int, rule: RoundingRule | str
          ) -> bool:
    """Does some P in [lo, hi] give the reported P (rounded, or by its comparator)?"""
    lo_d = to_decimal(lo * (1 - _SLACK))
    hi_d = to_decimal(min(hi * (1 + _SLACK), 1.0))
    if comparator in ("=", "~"):
        w = window(bound, decimals, rule)
        if comparator == "~":
            q = quantum(decimals)
            return hi_d >= w.low - q and lo_d <= w.high + q
        return hi_d >= w.low and lo_d <= w.high
    if comparator in ("<", "<="):
        return satisfies(lo_d, comparator, bound)
    return satisfies(hi_d, comparator, bound)


def _says_significant(comparator: str, bound: Decimal, alpha: Decimal) -> bool | None:
    """What the reported P says about significance at alpha; None when it says nothing ('p < .10', 'p = .05')."""
    if comparator in ("<", "<="):
        return True if bound <= alpha else None
    if comparator in (">", ">="):
        return False if bound >= alpha else None
    if bound == alpha:
        return None
    return bound < alpha


def check_p(test: str, statistic: Decimal, p: Decimal, comparator: str = "=", df1: Decimal | None = None,
            df2: Decimal | None = None, *, rule: RoundingRule | str = "up_or_down", alpha: Decimal = Decimal("0.05"),
            one_tailed_stated: bool = False, p_decimals: int | None = None, stat_decimals: int | None = None
            ) -> PCheck:
    """Is a reported P consistent with its test statistic? See the module docstring for the rules."""
    dp = decimals_of(p) if p_decimals is None else p_decimals
    words = (f"statistic as its rounding interval; P {rule_words(rule, dp)}" if comparator in ("=", "~")
             else f"statistic as its rounding interval; P {comparator} {p}")
    if not (0 <= p <= 1):
        return PCheck("PA501", "unverifiable", "info", f"A P value lies between 0 and 1, and {p} does not.",
                      None, "as printed", reason="the P may have been misread (a power of ten, a footnote mark)")
    if test in ("F", "chi2") and statistic < 0:
        return PCheck("PA501", "unverifiable", "info", f"An {test} statistic cannot be negative, and {statistic} is.",
                      None, "as printed", reason="the statistic may have been misread")
    if test == "r" and abs(statistic) > 1:
        return PCheck("PA501", "unverifiable", "info", f"A correlation of {statistic} is impossible, so its P is not "
                      "recomputed.", None, words, reason="a correlation cannot exceed 1 in size; the number may have "
                      "been misread")
    label = statistic_label(test, statistic, df1, df2)
    reported = f"P {comparator} {p}"
    if comparator == "=" and p == 0:
        # 'p = .000' is a P too small to print: p < .0005 (half-up) or p < .001 (truncation).
        comparator = "<"
        p = quantum(dp) if rule == "truncate" else quantum(dp) / 2
        words = f"statistic as its rounding interval; 'P = 0' read as P < {p}"
    try:
        lo, centre, hi = p_range(test, statistic, df1, df2, stat_decimals)
    except (ValueError, ArithmeticError) as exc:
        return PCheck("PA501", "unverifiable", "info", "The P could not be recomputed from the test statistic.",
                      None, words, reason=str(exc))
    shown = _show_p(centre)
    spread = f"{_show_p(lo)} to {_show_p(hi)}"
    if _fits(lo, hi, comparator, p, dp, rule):
        return PCheck("PA501", "consistent", "info", f"{label} gives P = {shown} ({spread} over the "
                      f"rounding of the statistic), consistent with the reported {reported}.", shown, words,
                      conclusion_flips=False)
    if test in TWO_SIDED and _fits(lo / 2, hi / 2, comparator, p, dp, rule):
        half = _show_p(centre / 2)
        if one_tailed_stated:
            return PCheck("PA501", "consistent", "info", f"{label} gives a one-tailed P = {half}, "
                          f"consistent with the reported {reported}.", half, words,
                          note="one-tailed, as the paper states", conclusion_flips=False)
        return PCheck("PA501", "unverifiable", "info", f"{label} gives P = {shown} two-tailed; only the "
                      f"one-tailed P = {half} fits the reported {reported}.", shown, words,
                      reason="reproduced only as a one-tailed test, and the paper does not say it used one")
    says = _says_significant(comparator, p, alpha)
    flips = says is not None and all((q < float(alpha)) != says for q in (lo, hi))
    if flips:
        return PCheck("PA502", "inconsistent", "error", f"{label} gives P = {shown}, which is "
                      f"{'not ' if says else ''}significant at {alpha}, unlike the reported {reported}.", shown, words,
                      conclusion_flips=True)
    if comparator in ("=", "~"):
        nearest = min((to_decimal(lo), to_decimal(hi)), key=lambda q: abs(q - p))
        severity: Severity = severity_of(nearest, p, dp)
    else:
        severity = "error"
    return PCheck("PA501", "inconsistent", severity, f"{label} gives P = {shown} ({spread} over the rounding of "
                  f"the statistic), not the reported {reported}.", shown, words, conclusion_flips=False)


@dataclass(frozen=True)
class DfCheck:
    """The verdict on degrees of freedom against a reported sample size (PA503)."""

    status: Status
    explanation: str
    recomputed: str | None = None
    reason: str | None = None
    severity: Severity = "info"


def check_df(test: str, df1: Decimal | None, df2: Decimal | None, n: int, n_is_total: bool) -> DfCheck | None:
    """Can these degrees of freedom come from n observations? Only impossibilities are flagged.

    t: df <= N - 1 (one-sample/paired N - 1, Student N - 2, Welch at most N - 2); r: df = N - 2 at most.
    F and chi2 are not judged (repeated measures give df2 above N; chi2 df do not depend on N). A lowercase n
    may count one group only, so an excess over it is unverifiable, not an error. None when not applicable."""
    if test not in ("t", "r") or df1 is None:
        return None
    most = n - 1 if test == "t" else n - 2
    if df1 <= most:
        return DfCheck("consistent", f"{test}({df1}) fits a sample of {n}.", f"<= {most}")
    if not n_is_total:
        return DfCheck("unverifiable", f"{test}({df1}) needs more than the {n} observations reported.", f"<= {most}",
                       reason=f"the n = {n} may count one group only")
    return DfCheck("inconsistent", f"{test}({df1}) needs more than the N = {n} observations reported (at most "
                   f"{most}).", f"<= {most}", severity="warning")
