"""links_to_recomputations: recompute each linked number from the table cells, at full precision.

Descriptive statistics are computed in Decimal from the cells as printed (mean, SD with n-1 and, beside it, with
n, median, quartiles by ten common definitions, min, max, sum, counts, percentages). Counts of rows meeting a
condition report the rows exactly on a strict threshold, so both the strict and the inclusive counts are known.
Tests run in scipy.stats on the cells' floats and come back through ``str`` into Decimal: Mann-Whitney U
(asymptotic with and without continuity correction, exact), Wilcoxon signed-rank (exact and normal
approximations), paired and unpaired t (Student and Welch), Fisher exact and chi-square. The test the Methods
name first is the main value; the others are kept beside it as variants.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache, reduce
from itertools import repeat
from typing import Any

import regex

from paperaudit.schemas import AuditSettings, Claim, Document, Link, Recomputation, Table, Value
from paperaudit.schemas._build import from_dict

from ._link import links_rows, rows_meeting
from ._rounding import comparator_holds, fold_case, to_decimal

# ----------------------------------------------------------------------------------------------------------
# Descriptive statistics in Decimal


# 40 significant digits for every statistic; the context's own methods, not a local context per call
_C40 = Context(prec=40)

_new_recomputation = from_dict(Recomputation)


def _sum40(xs: Iterable[Decimal]) -> Decimal:
    return reduce(_C40.add, xs, Decimal(0))


def d_mean(xs: list[Decimal]) -> Decimal:
    return _C40.divide(_sum40(xs), len(xs))


def _squares40(xs: list[Decimal]) -> Decimal:
    """Sum of squared deviations from the mean, the part of the SD both formulas share."""
    m = _C40.divide(_sum40(xs), len(xs))
    # (x - m) ** 2 for each x, in order, through map rather than a generator (the same operations, no frame)
    return _sum40(map(_C40.power, map(_C40.subtract, xs, repeat(m)), repeat(2)))


def _sd_of(squares: Decimal, n: int, ddof: int) -> Decimal | None:
    return None if n - ddof <= 0 else _C40.sqrt(_C40.divide(squares, n - ddof))


def d_sd(xs: list[Decimal], ddof: int = 1) -> Decimal | None:
    if len(xs) - ddof <= 0:
        return None
    return _sd_of(_squares40(xs), len(xs), ddof)


def d_median(xs: list[Decimal]) -> Decimal:
    s = sorted(xs)
    n = len(s)
    if n % 2:
        return s[n // 2]
    return _C40.divide(_C40.add(s[n // 2 - 1], s[n // 2]), 2)


# Hyndman and Fan's continuous sample quantiles as (alpha, beta): 0-based position (n + 1 - a - b) q + a - 1
_CONTINUOUS = {
    "linear": (Decimal(1), Decimal(1)),          # type 7: R, numpy, Excel
    "weibull": (Decimal(0), Decimal(0)),         # type 6: SPSS, Minitab
    "type4": (Decimal(0), Decimal(1)),
    "hazen": (Decimal("0.5"), Decimal("0.5")),   # type 5
    "median_unbiased": (_C40.divide(1, 3), _C40.divide(1, 3)),  # type 8
    "normal_unbiased": (Decimal("0.375"), Decimal("0.375")),    # type 9
}
QUANTILE_METHODS = ("linear", "weibull", "tukey", "type4", "hazen", "median_unbiased", "normal_unbiased",
                    "inverted_cdf", "averaged_inverted_cdf", "nearest_rank_n1")


def d_quantile(xs: list[Decimal], q: Decimal, method: str) -> Decimal | None:
    """Quartiles by the common definitions: 'linear' (R type 7, numpy default), 'weibull' (type 6, SPSS),
    'tukey' (medians of halves), the other continuous types 4, 5, 8, 9 and the step types 1 ('inverted_cdf')
    and 2 ('averaged_inverted_cdf', SAS's default), and the value at the rank (n + 1)q rounded half up
    ('nearest_rank_n1', the hand method of many clinical papers: the 4th and 10th of 12 values)."""
    s = sorted(xs)
    n = len(s)
    if n < 2:
        return s[0] if s else None
    with localcontext() as ctx:
        ctx.prec = 40
        if method == "nearest_rank_n1":
            rank = int(((n + 1) * q).to_integral_value(rounding=ROUND_HALF_UP))
            return s[min(max(rank, 1), n) - 1]
        if method == "tukey":
            half = s[: (n + 1) // 2] if q < Decimal("0.5") else s[n // 2:]
            return d_median(half)
        if method in ("inverted_cdf", "averaged_inverted_cdf"):
            nq = n * q
            k = int(nq)  # nq rounded down; the step functions jump at whole multiples of 1/n
            if nq == k:
                if method == "averaged_inverted_cdf" and 0 < k < n:
                    return (s[k - 1] + s[k]) / 2
                return s[min(max(k - 1, 0), n - 1)]
            return s[min(k, n - 1)]
        a, b = _CONTINUOUS[method]
        h = (n + 1 - a - b) * q + a - 1
        if h <= 0:
            return s[0]
        if h >= n - 1:
            return s[-1]
        lo = int(h)
        return s[lo] + (h - lo) * (s[lo + 1] - s[lo])


_Cells = tuple[list[Decimal], list[str], list[str]]  # column_values: values, ids used, ids left out
_Rows = tuple[list[str], list[str], list[str]]  # rows_meeting: meeting, on the threshold, untestable
_Described = tuple[Decimal | None, str, dict[str, str]]  # _describe: value, statistic, variants
_Samples = tuple[list[Decimal], list[Decimal], list[tuple[Decimal, Decimal]]]  # two samples and their pairs


def column_values(table: Table, column: str, row_ids: Iterable[str]) -> _Cells:
    """Numeric cells of a column over rows: (values, ids used, ids left out because empty or not numeric)."""
    vals: list[Decimal] = []
    used: list[str] = []
    left: list[str] = []
    k = _column_place(table, column)
    if k is None:
        return vals, used, [r.id for r in links_rows(table, row_ids)]
    want = set(row_ids)
    # The rows of links_rows (the table's, in its order, with these ids), read in the same pass.
    for r in table.rows:
        rid = r.id
        if rid in want:
            number = r.cells[k].number
            if number is None:
                left.append(rid)
            else:
                vals.append(number)
                used.append(rid)
    return vals, used, left


def _column_place(table: Table, column: str) -> int | None:
    """The place of a column among the table's columns (its first, as list.index finds it), None when absent. A
    row's cells are its table's columns one to one (Table checks it), so the place finds a row's cell."""
    for k, c in enumerate(table.columns):
        if c.name == column:
            return k
    return None


def _describe(role: str, xs: list[Decimal], settings: AuditSettings) -> _Described:
    """(value, statistic name, variants) for one descriptive role."""
    if not xs:
        return None, role, {}
    if role in ("mean", "before", "after", "value"):
        # A bare value reaches here only when its sentence calls it a mean or an average (see _link).
        return d_mean(xs), "mean", {}
    if role == "sd":
        squares = _squares40(xs)  # the same sum for both formulas, summed once
        main = _sd_of(squares, len(xs), settings.sd_ddof)
        other = _sd_of(squares, len(xs), 1 - settings.sd_ddof)
        alt = {f"sd(n{'-1' if settings.sd_ddof == 0 else ''})": str(other)} if other is not None else {}
        return main, f"sd(n{'-1' if settings.sd_ddof == 1 else ''})", alt
    if role == "se":
        sd = d_sd(xs, 1)
        if sd is None:
            return None, "se", {}
        with localcontext() as ctx:
            ctx.prec = 40
            return sd / Decimal(len(xs)).sqrt(), "se", {}
    if role == "median":
        return d_median(xs), "median", {}
    if role in ("q1", "q3", "iqr"):
        vals: dict[str, Decimal] = {}
        for method in QUANTILE_METHODS:
            q1 = d_quantile(xs, Decimal("0.25"), method)
            q3 = d_quantile(xs, Decimal("0.75"), method)
            if q1 is None or q3 is None:
                continue
            vals[method] = q1 if role == "q1" else q3 if role == "q3" else q3 - q1
        if not vals:
            return None, role, {}
        return vals["linear"], f"{role} (linear)", {f"{role} ({k})": str(v) for k, v in vals.items() if k != "linear"}
    if role == "min":
        return min(xs), "min", {}
    if role == "max":
        return max(xs), "max", {}
    if role == "total":
        return sum(xs, Decimal(0)), "sum", {}
    if role in ("count", "n"):
        return Decimal(len(xs)), "count", {}
    return None, role, {}


# ----------------------------------------------------------------------------------------------------------
# Tests

TEST_NAMES = {
    "mannwhitney": "Mann-Whitney U",
    "wilcoxon": "Wilcoxon signed-rank",
    "ttest_rel": "paired t-test",
    "ttest_ind": "unpaired t-test",
    "fisher": "Fisher exact",
    "chi2": "chi-square",
}
_METHOD_TESTS = [
    ("mannwhitney", r"Mann[\s-]*Whitney|rank[\s-]*sum|\bU[\s-]*test"),
    ("wilcoxon", r"Wilcoxon(?![\s-]+rank[\s-]+sum)|signed[\s-]*rank"),
    ("ttest_rel", r"paired\s+(?:samples?\s+)?(?:Student'?s\s+)?t[\s-]*tests?"),
    ("ttest_ind", r"(?:Student'?s|unpaired|independent[\s-]+samples?|two[\s-]+samples?|Welch'?s?)\s+t[\s-]*tests?|"
                  r"\bt[\s-]*tests?\b"),
    ("fisher", r"Fisher'?s?\s+exact"),
    ("chi2", r"chi[\s-]*squared?|χ\s*2|\bchi2\b"),
]


# Compiled once (the regex module's own cache lookup costs more than a search on short texts).
_METHOD_TESTS_RE = [(name, regex.compile(rx, regex.I)) for name, rx in _METHOD_TESTS]
# Where a test's pattern can start: each alternative of it in lower case, searched in the text folded by fold_case
# (which maps character for character, so positions agree) without the case flag, word boundaries or look-aheads,
# so it matches wherever the pattern does, and group 1 marks that start. Each is led by a literal (or found from its
# literal end through a look-behind), so it is found far faster than the case-blind alternations. Where none is
# found the pattern cannot match; where one is, the pattern is searched from the first such place on (the regex
# module's `pos` keeps the text before it as context, so the match found is the one a whole search finds).
# Each alternative is kept with the literal its match begins with (a look-behind's match is its literal 'test'):
# a match from `pos` begins at an occurrence of it at or after `pos`, so where str.find sees none there is no match,
# and the search may begin at the first one (no match can begin before it; the text before stays context).
_METHOD_STARTS = {name: [(p[1:p.index(")")] if p.startswith("(") and not p.startswith("(?") else "test",
                          regex.compile(p)) for p in ps] for name, ps in {
    "mannwhitney": [r"(mann)[\s-]*whitney", r"(rank)[\s-]*sum", r"(?<=(u)[\s-]*)test"],
    "wilcoxon": [r"(wilcoxon)", r"(signed)[\s-]*rank"],
    "ttest_rel": [r"(paired)\s+(?:samples?\s+)?(?:student'?s\s+)?t[\s-]*test"],
    "ttest_ind": [r"(student)'?s\s+t[\s-]*test", r"(unpaired)\s+t[\s-]*test",
                  r"(independent)[\s-]+samples?\s+t[\s-]*test", r"(two)[\s-]+samples?\s+t[\s-]*test",
                  r"(welch)'?s?\s+t[\s-]*test", r"(?<=(t)[\s-]*)test"],
    "fisher": [r"(fisher)'?s?\s+exact"],
    "chi2": [r"(chi)[\s-]*square", r"(χ)\s*2", r"(chi2)"],
}.items()}


def _first_start(name: str, folded: str, pos: int = 0) -> int | None:
    """The first place in `folded` (from `pos`) where the test's pattern may start; None when it cannot match.
    A look-behind start may lie before `pos`."""
    starts = [h.start(1) for lit, p in _METHOD_STARTS[name]
              if (at := folded.find(lit, pos)) >= 0 and (h := p.search(folded, at)) is not None]
    return min(starts) if starts else None


_METHODS_HEAD_RE = regex.compile(r"(?im)^\s*(?:materials\s+and\s+)?methods?\b|statistical analys[ie]s")
_INDEPENDENT_RE = regex.compile(r"(?:Student'?s|unpaired|independent|two[\s-]+samples?|Welch)", regex.I)


def methods_tests(text: str) -> list[str]:
    """The tests a paper names, in the order it first names them (the Methods section when one is found)."""
    m = _METHODS_HEAD_RE.search(text)
    scope = text[m.start():] if m else text
    found: list[tuple[int, str]] = []
    folded = fold_case(text)
    offset = m.start() if m else 0
    for name, rx in _METHOD_TESTS_RE:
        # A match within the scope is a match-shaped stretch of the text too: none in the text, none in the scope.
        first = _first_start(name, folded)
        if first is None:
            continue
        in_scope = first if first >= offset else _first_start(name, folded, offset)
        hit = rx.search(scope, max(in_scope - offset, 0)) if in_scope is not None else None
        if hit is None and m is not None:
            hit = rx.search(text, first)
        if hit is not None:
            found.append((hit.start(), name))
    # "paired t-test" also matches the generic t-test pattern; keep the first name per position.
    found.sort()
    out: list[str] = []
    for _, name in found:
        if name not in out:
            out.append(name)
    if "ttest_rel" in out and "ttest_ind" in out:
        rel = _METHOD_TESTS_RE[2][1].search(scope)
        ind = _INDEPENDENT_RE.search(scope)
        if rel and not ind:
            out.remove("ttest_ind")
    return out


def _p(x: object) -> Decimal | None:
    try:
        # A float is its own P (the inlined tests return floats; getattr's miss on a float costs more than the rest)
        v = x if type(x) is float else float(getattr(x, "pvalue", x))  # type: ignore[arg-type]
        return to_decimal(v)
    except (TypeError, ValueError):
        return None


def _mwu_asymptotic(a: list[float], b: list[float]) -> tuple[float, float] | None:
    """Two-sided Mann-Whitney U P, normal approximation with tie correction: (with, without continuity correction).

    The same formula as scipy.stats.mannwhitneyu(method='asymptotic'), inlined because it runs for every reported P
    and scipy's per-call overhead dominates on small samples (tests compare the two)."""
    n1, n2 = len(a), len(b)
    if n1 == 0 or n2 == 0:
        return None
    allv = sorted((v, k) for k, v in enumerate(a + b))
    ranks = [0.0] * (n1 + n2)
    i = 0
    ties = 0.0
    while i < len(allv):
        j = i
        while j + 1 < len(allv) and allv[j + 1][0] == allv[i][0]:
            j += 1
        r = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[allv[k][1]] = r
        t = j - i + 1
        ties += t ** 3 - t
        i = j + 1
    r1 = sum(ranks[:n1])
    u1 = r1 - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    n = n1 + n2
    var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))) if n > 1 else 0.0
    if var <= 0:
        return 1.0, 1.0
    mu = n1 * n2 / 2
    out = []
    for cc in (0.5, 0.0):
        z = (u - mu - cc) / math.sqrt(var)
        out.append(min(1.0, math.erfc(z / math.sqrt(2))))
    return out[0], out[1]


# scipy.stats' t-tests and Wilcoxon normal approximations spend ~1 ms per call checking and broadcasting their
# input, far more than the arithmetic on a few dozen cells. The functions below are the same arithmetic in the same
# order (numpy means, scipy.special distributions), so they give bit-identical P values; a property test compares
# them with scipy.stats on random samples with ties and zeros. numpy and scipy are imported on first use, as
# elsewhere here, so start-up does not pay for them.


def _var_ddof1(x: Any) -> Any:
    """Sample variance (n - 1) of a 1-D float64 array as scipy.stats computes it: centred second moment * n/(n-1)."""
    import numpy as np

    n = x.shape[0]
    centred = x - np.mean(x, keepdims=True)
    return np.mean(centred ** 2) * (np.float64(n) / np.float64(n - 1))


def _mean_var(x: Any) -> tuple[float, float]:
    """(np.mean(x), _var_ddof1(x)) of a 1-D float64 array of at least 2 values: the same numpy sums (pairwise, so
    they stay numpy's), then the same divisions and products on Python floats, each the same IEEE operation as on
    numpy scalars, without numpy's per-call wrappers."""
    import numpy as np

    n = x.shape[0]
    mean = float(np.add.reduce(x)) / n
    centred = x - mean
    return mean, float(np.add.reduce(centred ** 2)) / n * (n / (n - 1))


def _ttest_ind_p_numpy(x: Any, y: Any, equal_var: bool) -> float:
    import numpy as np
    from scipy import special

    n1, n2 = x.shape[0], y.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        v1, v2 = _var_ddof1(x), _var_ddof1(y)
        if equal_var:
            df = np.float64(n1 + n2 - 2.0)
            denom = np.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2.0) * (1.0 / n1 + 1.0 / n2))
        else:
            vn1, vn2 = v1 / n1, v2 / n2
            df = (vn1 + vn2) ** 2 / (vn1 ** 2 / (n1 - 1) + vn2 ** 2 / (n2 - 1))
            df = np.float64(1.0) if np.isnan(df) else df  # zero variances: any df will do, as in scipy
            denom = np.sqrt(vn1 + vn2)
        t = np.divide(np.mean(x) - np.mean(y), denom)
        return float(2 * special.stdtr(df, -np.abs(t)))


def ttest_ind_p(a: list[float], b: list[float], equal_var: bool) -> float:
    """Two-sided P of scipy.stats.ttest_ind(a, b, equal_var=equal_var) (Student or Welch); nan when undefined.

    Samples of 2 or more with some spread take the float path; a zero, infinite or overflowing step (where numpy
    gives inf or nan and Python raises) takes numpy's own."""
    import numpy as np
    from scipy import special

    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    n1, n2 = x.shape[0], y.shape[0]
    if n1 >= 2 and n2 >= 2:
        m1, v1 = _mean_var(x)
        m2, v2 = _mean_var(y)
        try:
            if equal_var:
                df = n1 + n2 - 2.0
                spread = ((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2.0) * (1.0 / n1 + 1.0 / n2)
            else:
                vn1, vn2 = v1 / n1, v2 / n2
                df = (vn1 + vn2) ** 2 / (vn1 ** 2 / (n1 - 1) + vn2 ** 2 / (n2 - 1))
                spread = vn1 + vn2
            if spread > 0 and math.isfinite(spread) and math.isfinite(df):
                t = (m1 - m2) / math.sqrt(spread)
                return float(2 * special.stdtr(df, -abs(t)))
        except (ZeroDivisionError, OverflowError):
            pass
    return _ttest_ind_p_numpy(x, y, equal_var)


def ttest_rel_p(a: list[float], b: list[float]) -> float:
    """Two-sided P of scipy.stats.ttest_rel(a, b); nan when undefined. The float path as in ttest_ind_p."""
    import numpy as np
    from scipy import special

    d = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    n = d.shape[0]
    if n >= 2:
        m, v = _mean_var(d)
        spread = v / n
        if spread > 0 and math.isfinite(spread):
            return float(2 * special.stdtr(float(n - 1), -abs((m - 0.0) / math.sqrt(spread))))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.divide(np.mean(d) - 0.0, np.sqrt(_var_ddof1(d) / n))
        return float(2 * special.stdtr(np.float64(n - 1), -np.abs(t)))


def wilcoxon_asymptotic_p(a: list[float], b: list[float], zero_method: str, correction: bool) -> float:
    """Two-sided P of scipy.stats.wilcoxon(a, b, zero_method=..., correction=..., method="asymptotic") for
    zero_method "wilcox" (zero differences dropped) or "pratt" (ranked, then left out of the statistic); nan when
    no difference is left."""
    import numpy as np
    from scipy import special

    d = [x - y for x, y in zip(a, b, strict=True)]
    ranked = sorted(abs(x) for x in d if x != 0 or zero_method == "pratt")
    count = float(len(ranked))
    # average ranks (multiples of 1/2, so exact whatever the order of summing) and the tie correction
    rank_of: dict[float, float] = {}
    ties = 0.0
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1] == ranked[i]:
            j += 1
        rank_of[ranked[i]] = i + 1 + (j - i) / 2
        t = float(j - i + 1)
        if not (zero_method == "pratt" and ranked[i] == 0):  # Pratt's zeros are no ties
            ties += t ** 3 - t
        i = j + 1
    r_plus = sum(rank_of[x] for x in d if x > 0)
    mn = count * (count + 1.) * 0.25
    se = count * (count + 1.) * (2. * count + 1.)
    if zero_method == "pratt":
        nz = float(sum(1 for x in d if x == 0))
        mn = mn - nz * (nz + 1.) * 0.25
        se = se - nz * (nz + 1.) * (2. * nz + 1.)
    spread = (se - ties / 2) / 24
    if spread > 0 and math.isfinite(spread):
        # the same IEEE operations on Python floats; numpy's own below when the spread is 0 (nan, as in scipy)
        root = math.sqrt(spread)
        zf = (r_plus - mn) / root
        if correction:
            zf = zf - (1.0 if zf > 0 else -1.0 if zf < 0 else 0.0) * 0.5 / root
        return float(2 * special.ndtr(-abs(zf)))
    with np.errstate(divide="ignore", invalid="ignore"):
        root64 = np.sqrt(np.float64(spread))
        z = (np.float64(r_plus) - np.float64(mn)) / root64
        if correction:
            z = z - np.sign(z) * 0.5 / root64
        return float(2 * special.ndtr(-np.abs(z)))


def _average_ranks(xs: list[float]) -> list[float]:
    """1-based average ranks of floats (ties share the mean of their ranks), in input order: multiples of 1/2,
    so exact and their sums exact whatever the order of summing."""
    order = sorted(range(len(xs)), key=xs.__getitem__)
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        r = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = r
        i = j + 1
    return ranks


@lru_cache(maxsize=64)
def _mwu_cdf(n1: int, n2: int) -> tuple[Any, Any]:
    """(pmf, cdf) of the Mann-Whitney U statistic for u = 0 .. n1 * n2 // 2 (n1 <= n2), built as
    scipy.stats._mannwhitneyu._MWU builds them (same numpy operations in the same order, so the same floats;
    each frequency depends only on the ones before it, so building to the largest u any call needs gives every
    smaller call's values). Cached per sample sizes, as scipy keeps the last one. The arrays are never written."""
    import numpy as np
    from scipy import special

    maxu = n1 * n2 // 2
    total = special.binom(n1 + n2, n1)
    s_array = np.zeros(maxu + 1, dtype=int)
    for d in np.arange(1, n1 + 1):
        s_array[np.arange(d, maxu + 1, d)] += d
    for d in np.arange(n2 + 1, n2 + n1 + 1):
        s_array[np.arange(d, maxu + 1, d)] -= d
    s_array = s_array[1:]
    configurations = np.zeros(maxu + 1, dtype=np.uint64)
    configurations_is_uint = True
    uint_max = np.iinfo(np.uint64).max
    configurations[0] = 1
    for u in np.arange(1, maxu + 1):
        coeffs = s_array[u - 1::-1]
        new_val = np.dot(configurations[:u], coeffs) / u
        if new_val > uint_max and configurations_is_uint:
            configurations = configurations.astype(float)
            configurations_is_uint = False
        configurations[u] = new_val
    pmf = configurations / total
    return pmf, np.cumsum(pmf)


def mwu_exact_p(a: list[float], b: list[float]) -> float:
    """Two-sided P of scipy.stats.mannwhitneyu(a, b, alternative="two-sided", method="exact") for finite,
    non-empty samples: twice the survival function of the larger U, summed from the near tail, at most 1."""
    n1, n2 = len(a), len(b)
    r1 = sum(_average_ranks(a + b)[:n1])
    u1 = r1 - n1 * (n1 + 1) / 2
    k = int(max(u1, n1 * n2 - u1))  # scipy truncates a tied U (x.5) to an integer
    pmf, cdf = _mwu_cdf(min(n1, n2), max(n1, n2))
    kc = n1 * n2 - k
    p = 1. - cdf[k] + pmf[k] if k < kc else cdf[kc]
    return float(min(max(p * 2, 0.), 1.))


@lru_cache(maxsize=64)
def _wilcoxon_pmf(n: int) -> Any:
    """Probabilities of the signed-rank sum r+ = 0 .. n(n+1)/2, as scipy.stats._hypotests._get_wilcoxon_distr
    computes them. The array is never written."""
    import numpy as np

    c = np.ones(1, dtype=np.float64)
    for k in range(1, n + 1):
        prev_c = c
        c = np.zeros(k * (k + 1) // 2 + 1, dtype=np.float64)
        m = len(prev_c)
        c[:m] = prev_c * 0.5
        c[-m:] += prev_c * 0.5
    return c


def wilcoxon_exact_p(a: list[float], b: list[float]) -> float:
    """Two-sided P of scipy.stats.wilcoxon(a, b, zero_method="wilcox", method="exact") for finite paired samples:
    zero differences dropped, r+ rounded down for the upper tail and up for the lower one (ties), the same numpy
    sums over the same slices of the null distribution."""
    d = [x - y for x, y in zip(a, b, strict=True)]
    nonzero = [x for x in d if x != 0]
    ranks = _average_ranks([abs(x) for x in nonzero])
    r_plus = sum(r for r, x in zip(ranks, nonzero, strict=True) if x > 0)
    n = len(nonzero)
    pmfs = _wilcoxon_pmf(n)
    mn = n * (n + 1) / 4
    lo, hi = math.floor(r_plus), math.ceil(r_plus)
    sf = float(pmfs[lo:].sum() if lo <= mn else 1 - pmfs[:lo].sum())
    cdf = float(pmfs[:hi + 1].sum() if hi <= mn else 1 - pmfs[hi + 1:].sum())
    # 2 * np.minimum(sf, cdf) clipped to [0, 1] by np.clip, on Python floats: the same IEEE doubling and
    # comparisons (both tails are sums of probabilities, never nan), without numpy's scalar machinery.
    p = 2 * min(sf, cdf)
    return 0.0 if p < 0 else 1.0 if p > 1 else p


_MWU_ASYMPTOTIC = ("mannwhitney, asymptotic, continuity-corrected", "mannwhitney, asymptotic, no continuity correction")


_Floats = tuple[list[float], list[float], list[float], list[float], bool]  # a, b, pairs' sides, all finite


def sample_floats(a: list[Decimal], b: list[Decimal], pairs: list[tuple[Decimal, Decimal]]) -> _Floats:
    """Two samples and the two sides of their pairs as floats, each cell converted once (float(Decimal) goes
    through the number's text), and whether every one is finite."""
    fa, fb = [float(v) for v in a], [float(v) for v in b]
    x, y = [float(u) for u, _ in pairs], [float(w) for _, w in pairs]
    finite = all(map(math.isfinite, fa)) and all(map(math.isfinite, fb)) and all(map(math.isfinite, x)) and all(
        map(math.isfinite, y))
    return fa, fb, x, y, finite


def two_sample_tests(a: list[Decimal], b: list[Decimal], pairs: list[tuple[Decimal, Decimal]],
                     only: frozenset[str] | None = None, known: Iterable[str] = (),
                     floats: _Floats | None = None) -> dict[str, Decimal]:
    """Every test variant that fits two samples (and their pairs), as {'name, variant': P}; `only` limits the
    tests run (by base name) when the caller needs just some; variants named in `known` (already computed by the
    caller) are not run again, and may be left out of the answer (scipy's per-call overhead dominates on small
    samples). `floats`: sample_floats(a, b, pairs), when the caller has them."""
    known = frozenset(known)
    from scipy import stats

    # The inlined exact tests assume what scipy's input checks ensure for finite cells; a cell too large for a
    # float (inf) goes to scipy itself.
    fa, fb, x, y, finite = sample_floats(a, b, pairs) if floats is None else floats
    out: dict[str, Decimal] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if len(fa) >= 1 and len(fb) >= 1 and (only is None or "mannwhitney" in only):
            mw: list[tuple[str, dict[str, Any]]] = [
                ("asymptotic, continuity-corrected", {"use_continuity": True, "method": "asymptotic"}),
                              ("asymptotic, no continuity correction", {"use_continuity": False,
                                                                        "method": "asymptotic"}),
                                                     ("exact", {"method": "exact"})]
            given = known.issuperset(_MWU_ASYMPTOTIC)  # the caller has both: neither is worked out again
            fast = None if given else _mwu_asymptotic(fa, fb)
            if fast is not None:
                out[_MWU_ASYMPTOTIC[0]] = to_decimal(fast[0])
                out[_MWU_ASYMPTOTIC[1]] = to_decimal(fast[1])
            if fast is not None or given:
                mw = [x for x in mw if x[1].get("method") != "asymptotic" and only is None]
            for label, kw in mw:
                if f"mannwhitney, {label}" in known:
                    continue
                if kw["method"] == "exact" and finite:
                    pv = _p(mwu_exact_p(fa, fb))
                    if pv is not None:
                        out[f"mannwhitney, {label}"] = pv
                    continue
                try:
                    pv = _p(stats.mannwhitneyu(fa, fb, alternative="two-sided", **kw))
                except (ValueError, ZeroDivisionError):
                    pv = None
                if pv is not None:
                    out[f"mannwhitney, {label}"] = pv
        if len(fa) >= 2 and len(fb) >= 2 and (only is None or "ttest_ind" in only):
            for label, eq in (("Student", True), ("Welch", False)):
                if f"ttest_ind, {label}" in known:
                    continue
                pv = _p(ttest_ind_p(fa, fb, equal_var=eq))
                if pv is not None:
                    out[f"ttest_ind, {label}"] = pv
        if len(pairs) >= 2 and (only is None or {"ttest_rel", "wilcoxon"} & only):
            pv = None if "ttest_rel, paired" in known else _p(ttest_rel_p(x, y))
            if pv is not None:
                out["ttest_rel, paired"] = pv
            variants: list[tuple[str, dict[str, Any]]] = [
                ("exact (zeros dropped)", {"zero_method": "wilcox", "method": "exact"}),
                        ("normal approximation, no correction", {"zero_method": "wilcox", "correction": False,
                                                                 "method": "approx"}),
                        ("normal approximation, continuity-corrected", {"zero_method": "wilcox", "correction": True,
                                                                        "method": "approx"}),
                        ("Pratt, normal approximation", {"zero_method": "pratt", "method": "approx"})]
            # The signed ranks are taken of the differences as printed: 0.70 - 0.50 and 0.40 - 0.20 are the same
            # 0.2 (a tie), which differences of binary floats are not (0.19999999999999996 and 0.2).
            d = [float(u - w) for u, w in pairs]
            zeros = [0.0] * len(d)
            for label, kw in variants:
                if f"wilcoxon, {label}" in known:
                    continue
                if kw["method"] == "approx":
                    pv = _p(wilcoxon_asymptotic_p(d, zeros, kw["zero_method"], kw.get("correction", False)))
                elif finite:
                    pv = _p(wilcoxon_exact_p(d, zeros))
                else:
                    try:
                        pv = _p(stats.wilcoxon(d, zeros, **kw))
                    except (ValueError, ZeroDivisionError, TypeError):
                        pv = None
                if pv is not None:
                    out[f"wilcoxon, {label}"] = pv
            # What scipy gives on the two columns as floats, where float rounding splits tied differences: a
            # variant of its own, only when it differs (a paper may report it; it is not the exact test).
            label = "exact, differences of binary floats (scipy on float columns)"
            if finite and f"wilcoxon, {label}" not in known and "wilcoxon, exact (zeros dropped)" in out and (
                    [x_ - y_ for x_, y_ in zip(x, y, strict=True)] != d):
                pv = _p(wilcoxon_exact_p(x, y))
                if pv is not None and pv != out["wilcoxon, exact (zeros dropped)"]:
                    out[f"wilcoxon, {label}"] = pv
    return out


def table_tests(table2x2: list[list[int]]) -> dict[str, Decimal]:
    """Fisher exact and chi-square (with and without Yates) on a 2x2 table of counts."""
    from scipy import stats

    out: dict[str, Decimal] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out["fisher, two-sided"] = _p(stats.fisher_exact(table2x2)) or Decimal(0)
        except ValueError:
            pass
        for label, corr in (("Yates-corrected", True), ("uncorrected", False)):
            try:
                res = stats.chi2_contingency(table2x2, correction=corr)
                p = _p(res.pvalue)
                if p is not None:
                    out[f"chi2, {label}"] = p
            except ValueError:
                pass
    return out


def order_tests(found: dict[str, Decimal], named: list[str]) -> list[tuple[str, Decimal]]:
    """Variants with the tests the Methods name first (in their order), then the rest."""
    def rank(key: str) -> tuple[int, int]:
        base = key.split(",")[0]
        return (named.index(base) if base in named else len(named), list(found).index(key))
    return sorted(found.items(), key=lambda kv: rank(kv[0]))


# ----------------------------------------------------------------------------------------------------------
# Links to recomputations


class CellMemo:
    """What the links of one audit (and their readings, and each value a link covers) ask of the same cells, worked
    out once: the numeric cells of a column over rows, the rows meeting a condition, a descriptive statistic of
    those cells, the tests on two samples. Each answer is a pure function of its key; a table is keyed by identity
    and kept in the entry, so a reused id cannot answer for another table. Answers are shared: callers only read
    them (models copy the lists and dicts they are given)."""

    def __init__(self, settings: AuditSettings) -> None:
        self.settings = settings
        self._values: dict[tuple[int, str, tuple[str, ...]], tuple[Table, _Cells]] = {}
        self._meeting: dict[tuple[int, tuple[str, ...], str], tuple[Table, _Rows]] = {}
        self._described: dict[tuple[int, str, tuple[str, ...], str], tuple[Table, _Described]] = {}
        self._samples: dict[tuple, tuple[Table, _Samples]] = {}
        self._tests: dict[tuple, dict[str, Decimal]] = {}
        self._floats: dict[tuple, tuple[_Samples, _Floats]] = {}

    def column_values(self, table: Table, column: str, row_ids: Iterable[str]) -> _Cells:
        key = (id(table), column, tuple(row_ids))
        hit = self._values.get(key)
        if hit is None or hit[0] is not table:
            hit = self._values[key] = (table, column_values(table, column, key[2]))
        return hit[1]

    def rows_meeting(self, table: Table, row_ids: Iterable[str], condition: str) -> _Rows:
        key = (id(table), tuple(row_ids), condition)
        hit = self._meeting.get(key)
        if hit is None or hit[0] is not table:
            hit = self._meeting[key] = (table, self._rows_meeting(table, key[1], condition))
        return hit[1]

    def _rows_meeting(self, table: Table, row_ids: tuple[str, ...], condition: str) -> _Rows:
        """rows_meeting, taken from the answer for more rows of the same table and condition when there is one. A
        row meets a condition or not by its own cells alone, and rows_meeting lists rows in table order, so the
        answer for fewer rows is the answer for more with only their ids kept."""
        want = set(row_ids)
        for (tid, ids, cond), (t, (meet, edge, unknown)) in self._meeting.items():
            if tid == id(table) and t is table and cond == condition and len(ids) > len(want) and want.issubset(ids):
                return [r for r in meet if r in want], [r for r in edge if r in want], [r for r in unknown if r in want]
        return rows_meeting(table, row_ids, condition)

    def describe(self, table: Table, column: str, row_ids: Iterable[str], role: str) -> _Described:
        key = (id(table), column, tuple(row_ids), role)
        hit = self._described.get(key)
        if hit is None or hit[0] is not table:
            xs = self.column_values(table, column, key[2])[0]
            hit = self._described[key] = (table, _describe(role, xs, self.settings))
        return hit[1]

    def samples(self, table: Table, link: Link) -> tuple[tuple, _Samples]:
        """(key, (a, b, pairs)) of a test link: two columns over the same rows (with their pairs), or one column
        over two groups of rows."""
        if link.operation == "test_columns" and len(link.columns) == 2:
            key: tuple = (id(table), "columns", link.columns[0], link.columns[1], tuple(link.row_ids))
        else:
            key = (id(table), "groups", link.columns[0], tuple(link.row_ids), tuple(link.row_ids_b))
        hit = self._samples.get(key)
        if hit is None or hit[0] is not table:
            if key[1] == "columns":
                a, _, _ = self.column_values(table, link.columns[0], link.row_ids)
                b, _, _ = self.column_values(table, link.columns[1], link.row_ids)
                pairs = []
                names = [c.name for c in table.columns]
                if link.columns[0] in names and link.columns[1] in names:
                    # A row's cells are its table's columns one to one (Table checks it), so a cell is found
                    # by the column's place, as Row.cell finds it by name.
                    ka, kb = names.index(link.columns[0]), names.index(link.columns[1])
                    for r in links_rows(table, link.row_ids):
                        x, y = r.cells[ka].number, r.cells[kb].number
                        if x is not None and y is not None:
                            pairs.append((x, y))
                else:
                    for r in links_rows(table, link.row_ids):
                        x, y = r.cell(link.columns[0]).number, r.cell(link.columns[1]).number
                        if x is not None and y is not None:
                            pairs.append((x, y))
            else:
                a, _, _ = self.column_values(table, link.columns[0], link.row_ids)
                b, _, _ = self.column_values(table, link.columns[0], link.row_ids_b)
                pairs = []
            hit = self._samples[key] = (table, (a, b, pairs))
        return key, hit[1]

    def two_sample_tests(self, key: tuple, samples: _Samples, only: frozenset[str] | None = None,
                         known: Iterable[str] = ()) -> dict[str, Decimal]:
        """two_sample_tests on the samples of `key` (from samples()), a copy the caller may change."""
        known = frozenset(known)
        test_key = (key, only, known)
        hit = self._tests.get(test_key)
        if hit is None:
            had = self._floats.get(key)  # the samples' floats, for the very samples asked about
            floats = had[1] if had is not None and had[0] is samples else None
            if floats is None:
                floats = sample_floats(*samples)
                self._floats[key] = (samples, floats)
            hit = self._tests[test_key] = two_sample_tests(*samples, only, known, floats)
        return dict(hit)


_BOUND = re.compile(r"^\s*(?:[<>≤≥]|&lt;|&gt;)\s*=?\s*\d")


def _bound_cells(table: Table, column: str, row_ids: list[str]) -> list[str]:
    """The cells of these rows that give a value only as a bound ('<5', '>100', '≥ 0.5')."""
    out = []
    for r in links_rows(table, row_ids):
        c = r.cell(column)
        if c.number is None and _BOUND.match(c.raw):
            out.append(c.raw.strip())
    return out


def recompute_link(link: Link, claim: Claim, table: Table, settings: AuditSettings, named_tests: list[str],
                   reading: int = 0, memo: CellMemo | None = None) -> list[Recomputation]:
    """Recompute every value a link covers, for one reading (0 = the link itself)."""
    memo = CellMemo(settings) if memo is None else memo
    out: list[Recomputation] = []
    # Validation copies the lists and dicts it is given: a recomputation never shares the link's or the memo's.
    columns, row_ids = link.columns, link.row_ids
    base = {"claim_id": claim.id, "table": table.label, "columns": columns, "reading": reading}
    op = link.operation or "describe"
    condition = link.condition
    values = claim.values
    rows_key = tuple(row_ids)  # the memo's key of these rows, made once for every value of the link
    for i in link.values or range(len(values)):
        v = values[i]
        role = v.role
        rec: Recomputation | None = None
        if op == "describe" and columns:
            column = columns[0]
            xs, used, left = memo.column_values(table, column, rows_key)
            val, stat, alts = memo.describe(table, column, rows_key, role)
            note = f"{len(left)} empty cell(s) left out (rows {', '.join(left)})" if left else None
            bounds = _bound_cells(table, column, left) if left else []
            if bounds:
                # '<5' is a value below 5, not a blank: leaving it out moves every statistic of the column
                val, alts = None, {}
                note = (f"{len(bounds)} cell(s) give only a bound ({', '.join(sorted(set(bounds))[:3])}), so the "
                        f"{stat} cannot be worked out from the cells")
            rec = _new_recomputation({**base, "role": role, "statistic": stat, "value": val, "row_ids": used,
                                      "note": note, "value_index": i, "alternatives": alts})
        elif op == "patient" and columns and row_ids:
            xs, used, _ = memo.column_values(table, columns[0], rows_key)
            rec = _new_recomputation({**base, "role": role, "statistic": "cell", "value": xs[0] if xs else None,
                                      "row_ids": used, "value_index": i})
        elif op == "count":
            if condition:
                meet, edge, unknown = memo.rows_meeting(table, rows_key, condition)
                val = Decimal(len(meet))
                rows = meet
            else:
                val, rows, unknown, edge = Decimal(len(row_ids)), list(row_ids), [], []
            stat = "count"
            if role == "percent":
                denom = len(row_ids) - len(unknown)
                val = Decimal(100) * val / denom if denom else None
                stat = "percent"
            rec = _new_recomputation({
                **base, "role": role, "statistic": stat, "value": val, "row_ids": rows, "value_index": i,
                "note": f"{len(unknown)} row(s) with an empty cell left out" if unknown else None})
        elif op in ("threshold", "criterion") and condition:
            meet, edge, unknown = memo.rows_meeting(table, rows_key, condition)
            extra: dict[str, str] = {}
            if op == "criterion":
                broken = [r for r in row_ids if r not in meet and r not in unknown]
                rec = _new_recomputation({
                    **base, "role": role, "statistic": "rows breaking the rule", "value": Decimal(len(broken)),
                    "row_ids": broken, "value_index": i, "note": f"{len(meet)} of {len(row_ids)} rows meet it",
                    "alternatives": {"meeting": str(len(meet)), "of": str(len(row_ids))}})
            else:
                strict = Decimal(len(meet))
                # A strict threshold with rows exactly on it: the inclusive count is the strict count plus them.
                if edge:
                    extra["inclusive count"] = str(len(set(meet) | set(edge)))
                val = strict
                stat = "count meeting"
                if role == "percent":
                    denom = len(row_ids) - len(unknown)
                    if denom:
                        val = Decimal(100) * strict / denom
                        if edge:
                            extra["inclusive count"] = str(Decimal(100) * len(set(meet) | set(edge)) / denom)
                    stat = "percent meeting"
                rec = _new_recomputation({
                    **base, "role": role, "statistic": stat, "value": val, "row_ids": meet, "value_index": i,
                    "alternatives": extra, "note": (f"on the threshold: rows {', '.join(edge)}" if edge else None)})
        elif op in ("test_columns", "test_groups", "test_categories") and role == "p":
            rec = _recompute_test(link, claim, table, i, base, named_tests, memo)
        else:
            rec = _new_recomputation({**base, "role": role, "statistic": op, "value": None, "row_ids": row_ids,
                                      "value_index": i, "note": "nothing to recompute for this number"})
        out.append(rec)
    return out


def _rounds_to_reported(p: Decimal, v: Value) -> bool:
    return comparator_holds(p, v.comparator, v.value, v.decimals)  # judge_comparator(...).consistent


def _recompute_test(link: Link, claim: Claim, table: Table, i: int, base: dict, named: list[str], memo: CellMemo
                    ) -> Recomputation:
    v = claim.values[i]
    if link.operation == "test_categories":
        return _recompute_2x2(link, claim, table, i, base, named)
    key, samples = memo.samples(table, link)
    # The test the Methods name first; the others only when it does not give the reported P (they cost time).
    first = named[0] if named and named[0] in ("mannwhitney", "wilcoxon", "ttest_rel", "ttest_ind") else "mannwhitney"
    found = memo.two_sample_tests(key, samples, frozenset({first}))
    if not any(_rounds_to_reported(p, v) for p in found.values()):
        found.update({k: p for k, p in memo.two_sample_tests(key, samples, known=found).items() if k not in found})
    return _p_recomputation(link, v, i, base, found, named, "",
                            "the Methods name no test; Mann-Whitney U tried first")


def _p_recomputation(link: Link, v: Value, i: int, base: dict, found: dict[str, Decimal], named: list[str],
                     lead: str, unnamed: str) -> Recomputation:
    """The recomputed P: the variant the Methods name first (else the first found), the others as alternatives."""
    if not found:
        return _new_recomputation({**base, "role": v.role, "statistic": "test", "value": None,
                                   "row_ids": link.row_ids, "value_index": i,
                                   "note": "no test could run on these cells"})
    ordered = order_tests(found, named)
    key, val = ordered[0]
    test, _, variant = key.partition(", ")
    return _new_recomputation({
        **base, "role": "p", "statistic": test, "value": val, "row_ids": link.row_ids, "value_index": i,
        "test": TEST_NAMES.get(test, test), "variant": variant or None,
        "note": lead + ("the Methods name " + ", ".join(TEST_NAMES.get(t, t) for t in named) if named else unnamed),
        "alternatives": {k: str(p) for k, p in ordered[1:]}})


def _recompute_2x2(link: Link, claim: Claim, table: Table, i: int, base: dict, named: list[str]) -> Recomputation:
    """Fisher exact and chi-square on the 2 x 2 table of (group a, group b) by (has the named category, has not);
    rows whose cell is blank are left out."""
    v = claim.values[i]
    col = link.columns[0]
    wanted = {x.strip().strip("'") for x in regex.findall(r"== ('[^']*')", link.condition or "")}
    counts = []
    for ids in (link.row_ids, link.row_ids_b):
        texts = [r.cell(col).text for r in links_rows(table, ids) if r.cell(col).text]
        counts.append([sum(1 for t in texts if t in wanted), sum(1 for t in texts if t not in wanted)])
    table_note = f"2 x 2 table {counts[0][0]}/{counts[0][1]} vs {counts[1][0]}/{counts[1][1]}; "
    return _p_recomputation(link, v, i, base, table_tests(counts), named, table_note,
                            "the Methods name no test for it")


def links_to_recomputations(links: list[Link], claims: list[Claim], tables: list[Table],
                            document: Document | str | None = None, settings: AuditSettings | dict | None = None
                            ) -> list[Recomputation]:
    """Every recomputation the links allow: one per linked value and reading (alternatives are readings 1..k)."""
    settings = AuditSettings.resolve(settings)
    text = document if isinstance(document, str) else (document.source_text if document is not None else "")
    named = methods_tests(text)
    by_id = {c.id: c for c in claims}
    by_label: dict[str, Table] = {}
    for t in reversed(tables):  # the first table of a label, as _table finds it
        by_label[t.label] = t
    memo = CellMemo(settings)
    out: list[Recomputation] = []
    for link in links:
        if link.reason or link.operation in (None, "none"):
            continue
        claim = by_id.get(link.claim_id)
        table = by_label.get(link.table)
        if claim is None or table is None:
            continue
        for k, reading in enumerate([link, *link.alternatives]):
            out.extend(recompute_link(reading, claim, table, settings, named, k, memo))
    return out
