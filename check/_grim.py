"""Checks of summary numbers that need no table: GRIM, GRIMMER, DEBIT, percentages, impossible summaries.

Each check takes reported numbers (Decimal, with the decimals they were printed at) and answers with a
:class:`Check`: consistent, inconsistent, or unverifiable with a reason. The rounding windows come from
check/_rounding.py, so these checks admit exactly the roundings the rest of paperaudit admits; all arithmetic
on the windows is exact (``fractions.Fraction``), never float.

A check that cannot fail is not called consistent: GRIM on a mean at 2 decimals with n >= 100 admits every
mean (pysprite warns that it "will always find a solution"), so such a check is unverifiable, with that reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from paperaudit.schemas import RoundingRule, Severity, Status

from ._rounding import Window, quantum, round_at, rule_words, window


@dataclass(frozen=True)
class Check:
    """The verdict of one check on one reported number (the standalone findings are built from it)."""

    status: Status
    explanation: str
    recomputed: str | None = None
    reason: str | None = None
    note: str | None = None
    rule: str = ""
    severity: Severity = "info"


def decimals_of(x: Decimal) -> int:
    """The decimals a Decimal was printed at ('12.50' -> 2, '3' -> 0)."""
    exp = x.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _frac(x: Decimal) -> Fraction:
    return Fraction(x)


def _inside(x: Fraction, w: Window) -> bool:
    """Is the exact rational `x` in the rounding window?"""
    lo, hi = _frac(w.low), _frac(w.high)
    above = x > lo or (w.low_closed and x == lo)
    below = x < hi or (w.high_closed and x == hi)
    return above and below


def _integers_in(w: Window, scale: int | Fraction) -> range:
    """The integers k with k / scale inside the window (scale > 0)."""
    lo, hi = _frac(w.low) * scale, _frac(w.high) * scale
    first = math.ceil(lo)
    if first == lo and not w.low_closed:
        first += 1
    last = math.floor(hi)
    if last == hi and not w.high_closed:
        last -= 1
    return range(first, last + 1)


def _show(x: Fraction, decimals: int) -> str:
    """A rational shown at the reported decimals (half-up), for 'recomputed'."""
    return str(round_at(Decimal(x.numerator) / Decimal(x.denominator), decimals, "half_up"))


def grim_sums(mean: Decimal, n: int, decimals: int | None = None, rule: RoundingRule | str = "up_or_down",
              items: int = 1) -> list[int]:
    """Every integer sum S (of n x items integer answers) whose mean S / (n x items) rounds to `mean`."""
    d = decimals_of(mean) if decimals is None else decimals
    return list(_integers_in(window(mean, d, rule), n * items))


def _nearest_means(mean: Decimal, n: int, d: int, items: int) -> str:
    """The possible means nearest the reported one, at its decimals ('5.18 or 5.20')."""
    scale = n * items
    centre = _frac(mean) * scale
    below, above = Fraction(math.floor(centre), scale), Fraction(math.ceil(centre), scale)
    shown = sorted({_show(below, d), _show(above, d)}, key=Decimal)
    return " or ".join(shown)


def grim(mean: Decimal, n: int, decimals: int | None = None, rule: RoundingRule | str = "up_or_down",
         items: int = 1) -> Check:
    """GRIM: can a mean of n integer answers (each the sum of `items` integer items) print as `mean`?

    Vacuous (unverifiable) when n x items >= 10**decimals: then every mean at those decimals is possible."""
    d = decimals_of(mean) if decimals is None else decimals
    words = rule_words(rule, d)
    if n < 1 or items < 1:
        return Check("unverifiable", "GRIM needs a positive sample size.", reason=f"n = {n} is not usable",
                     rule=words)
    scale = n * items
    if d <= 0 or scale >= 10**d:
        places = f"{d} decimal" + ("" if d == 1 else "s")
        return Check("unverifiable", f"GRIM cannot fail here: with n = {scale} every mean at {places} is possible.",
                     reason=f"n = {scale} >= 10^{d}, so GRIM always finds a sum", rule=words)
    sums = grim_sums(mean, n, d, rule, items)
    if sums:
        s = sums[0]
        return Check("consistent", f"The mean {mean} is possible for {scale} integer values (sum {s}).",
                     recomputed=f"{s}/{scale}", rule=words)
    near = _nearest_means(mean, n, d, items)
    return Check("inconsistent", f"No {scale} integer values have a mean that rounds to {mean}; the nearest "
                 f"possible means are {near}.", recomputed=near, rule=words, severity="error")


def _sd_window_sq(sd: Decimal, d: int, rule: RoundingRule | str) -> tuple[Fraction, Fraction, bool, bool]:
    """The rounding window of an SD as a window on the variance (exact), clipped at zero."""
    w = window(sd, d, rule)
    lo, hi = max(_frac(w.low), Fraction(0)), _frac(w.high)
    return lo * lo, hi * hi, w.low_closed or lo == 0, w.high_closed


def _min_sum_squares(s: int, n: int) -> int:
    """The least sum of squares of n integers that add up to s (they are as equal as possible)."""
    f, r = divmod(s, n)
    return n * f * f + r * (2 * f + 1)


def grimmer(mean: Decimal, sd: Decimal, n: int, mean_decimals: int | None = None, sd_decimals: int | None = None,
            rule: RoundingRule | str = "up_or_down", ddof: int = 1) -> Check:
    """GRIMMER: can an SD of n integer values with that mean print as `sd`?

    For a sum S, the sum of squares Q must be an integer with Q = S (mod 2) (x*x and x have the same parity),
    at least the least possible for S, and give a variance inside the SD's rounding window. These conditions
    are necessary, so a failure is certain; passing is not proof. Vacuous when the window on Q spans two
    integers or more (every SD at those decimals passes)."""
    dm = decimals_of(mean) if mean_decimals is None else mean_decimals
    ds = decimals_of(sd) if sd_decimals is None else sd_decimals
    words = rule_words(rule, ds)
    if sd < 0:
        return Check("unverifiable", "GRIMMER needs a non-negative SD.", reason="the SD is negative", rule=words)
    if n < 2 or n - ddof < 1:
        return Check("unverifiable", "GRIMMER needs at least two values.", reason=f"n = {n}", rule=words)
    sums = grim_sums(mean, n, dm, rule)
    if not sums:
        return Check("unverifiable", "GRIMMER needs a mean that passes GRIM, and this one does not.",
                     reason="the mean fails GRIM, so no sum is available", rule=words)
    v_lo, v_hi, lo_closed, hi_closed = _sd_window_sq(sd, ds, rule)
    widest = Fraction(0)
    for s in sums:
        base = Fraction(s * s, n)
        q_lo, q_hi = (n - ddof) * v_lo + base, (n - ddof) * v_hi + base
        widest = max(widest, q_hi - q_lo)
        first, last = math.ceil(q_lo), math.floor(q_hi)
        if first == q_lo and not lo_closed:
            first += 1
        if last == q_hi and not hi_closed:
            last -= 1
        first = max(first, _min_sum_squares(s, n))
        for q in range(first, last + 1):
            if (q - s) % 2 == 0:
                if widest >= 2 and q_hi - q_lo >= 2:
                    return Check("unverifiable", f"GRIMMER cannot fail here: with n = {n} every SD near {sd} at "
                                 f"{ds} decimals is possible.", reason="the SD's rounding window admits a sum of "
                                 "squares of either parity", rule=words)
                return Check("consistent", f"The SD {sd} is possible for {n} integer values with mean {mean} "
                             f"(sum {s}, sum of squares {q}).", recomputed=f"sum {s}, sum of squares {q}",
                             rule=words)
    return Check("inconsistent", f"No {n} integer values with mean {mean} have an SD that rounds to {sd}.",
                 recomputed=None, rule=words, severity="error")


def _binary_sd_sq(k: int, n: int, ddof: int) -> Fraction:
    """The variance of k ones and n - k zeros."""
    return Fraction(k * (n - k), n * (n - ddof))


def debit(mean: Decimal, sd: Decimal, n: int, mean_decimals: int | None = None, sd_decimals: int | None = None,
          rule: RoundingRule | str = "up_or_down", ddof: int = 1) -> Check:
    """DEBIT: can the mean and SD of n binary (0/1) values print as `mean` and `sd`?

    The SD of binary data is fixed by the mean: sqrt(k (n - k) / (n (n - 1))) for k ones. A pair reproduced only
    with the n formula is consistent with a note."""
    dm = decimals_of(mean) if mean_decimals is None else mean_decimals
    ds = decimals_of(sd) if sd_decimals is None else sd_decimals
    words = f"{rule_words(rule, dm)} (mean), {rule_words(rule, ds)} (SD)"
    if n < 2:
        return Check("unverifiable", "DEBIT needs at least two values.", reason=f"n = {n}", rule=words)
    if not (0 <= mean <= 1):
        return Check("inconsistent", f"A mean of binary data lies between 0 and 1, and {mean} does not.",
                     rule=words, severity="error")
    v_lo, v_hi, lo_closed, hi_closed = _sd_window_sq(sd, ds, rule)

    def sd_fits(var: Fraction) -> bool:
        return (var > v_lo or (lo_closed and var == v_lo)) and (var < v_hi or (hi_closed and var == v_hi))

    ks = list(_integers_in(window(mean, dm, rule), n))
    if not ks:
        return Check("inconsistent", f"No count of ones out of {n} gives a mean that rounds to {mean}.",
                     recomputed=_nearest_means(mean, n, dm, 1), rule=words, severity="error")
    for order in ((ddof, None), (1 - ddof, "reproduced only with the n formula" if ddof == 1 else
                                 "reproduced only with the n-1 formula")):
        dd, note = order
        for k in ks:
            if n - dd >= 1 and sd_fits(_binary_sd_sq(k, n, dd)):
                return Check("consistent", f"A mean of {mean} and SD of {sd} fit {k} ones among {n} binary values.",
                             recomputed=f"{k}/{n}", note=note, rule=words)
    k = ks[0]
    shown = str(round_at(Decimal(math.sqrt(_binary_sd_sq(k, n, ddof))), ds, "half_up"))
    return Check("inconsistent", f"Binary data with mean {mean} and n = {n} have SD {shown}, not {sd}.",
                 recomputed=shown, rule=words, severity="error")


def percent_of(percent: Decimal, denominator: int, count: int | None = None, decimals: int | None = None,
               rule: RoundingRule | str = "up_or_down") -> Check:
    """A percentage against its count and denominator; with no count, is any whole count out of the denominator
    possible? (Vacuous when the denominator is 100 x 10**decimals or more.)"""
    d = decimals_of(percent) if decimals is None else decimals
    words = rule_words(rule, d)
    if denominator < 1:
        return Check("unverifiable", "A percentage needs a positive denominator.",
                     reason=f"denominator {denominator}", rule=words)
    w = window(percent, d, rule)
    if count is not None:
        if count < 0 or count > denominator:
            return Check("inconsistent", f"A count of {count} cannot be part of {denominator}.",
                         recomputed=None, rule=words, severity="error")
        exact = Fraction(100 * count, denominator)
        shown = _show(exact, d)
        if _inside(exact, w):
            return Check("consistent", f"{count} of {denominator} is {shown}%, as reported.", recomputed=shown,
                         rule=words)
        finer = _show(exact, d + 2)
        return Check("inconsistent", f"{count} of {denominator} is {finer}%, not {percent}%.", recomputed=finer,
                     rule=words, severity="error")
    if Fraction(100, denominator) <= _frac(quantum(d)):
        return Check("unverifiable", f"Any percentage at {d} decimals is possible out of {denominator}.",
                     reason=f"100/{denominator} is finer than the reported precision", rule=words)
    ks = [k for k in _integers_in(w, Fraction(denominator, 100)) if 0 <= k <= denominator]
    if ks:
        return Check("consistent", f"{ks[0]} of {denominator} gives {percent}%.", recomputed=f"{ks[0]}/{denominator}",
                     rule=words)
    near = sorted(range(0, denominator + 1), key=lambda k: abs(Fraction(100 * k, denominator) - _frac(percent)))[:2]
    shown = " or ".join(sorted({_show(Fraction(100 * k, denominator), d) for k in near}, key=Decimal))
    return Check("inconsistent", f"No whole count out of {denominator} gives {percent}%; the nearest are {shown}%.",
                 recomputed=shown, rule=words, severity="error")


def _low(x: Decimal, rule: RoundingRule | str) -> Fraction:
    return _frac(window(x, decimals_of(x), rule).low)


def _high(x: Decimal, rule: RoundingRule | str) -> Fraction:
    return _frac(window(x, decimals_of(x), rule).high)


def range_order(minimum: Decimal, maximum: Decimal, rule: RoundingRule | str = "up_or_down") -> Check:
    """A reported minimum may not exceed the reported maximum."""
    words = "as printed"
    if minimum > maximum:
        return Check("inconsistent", f"The minimum {minimum} is above the maximum {maximum}.", rule=words,
                     severity="error")
    return Check("consistent", f"The minimum {minimum} is not above the maximum {maximum}.", rule=words)


def within_range(value: Decimal, minimum: Decimal, maximum: Decimal, what: str = "mean",
                 rule: RoundingRule | str = "up_or_down") -> Check:
    """A mean or median must lie within the reported minimum and maximum, allowing each its rounding."""
    words = f"{rule_words(rule, decimals_of(value))}, each number within its rounding window"
    if minimum > maximum:
        return Check("unverifiable", f"The {what} cannot be placed in a range whose minimum is above its maximum.",
                     reason="the range itself is impossible", rule=words)
    if _high(value, rule) < _low(minimum, rule):
        return Check("inconsistent", f"The {what} {value} is below the reported minimum {minimum}.",
                     recomputed=f">= {minimum}", rule=words, severity="error")
    if _low(value, rule) > _high(maximum, rule):
        return Check("inconsistent", f"The {what} {value} is above the reported maximum {maximum}.",
                     recomputed=f"<= {maximum}", rule=words, severity="error")
    return Check("consistent", f"The {what} {value} lies within the reported range {minimum} to {maximum}.",
                 rule=words)


def sd_sign(sd: Decimal) -> Check:
    """An SD is never negative."""
    if sd < 0:
        return Check("inconsistent", f"A standard deviation cannot be negative, and {sd} is.", rule="as printed",
                     severity="error")
    return Check("consistent", f"The SD {sd} is not negative.", rule="as printed")


def sd_upper_bound(mean: Decimal, sd: Decimal, minimum: Decimal, maximum: Decimal, n: int | None = None,
                   rule: RoundingRule | str = "up_or_down", ddof: int = 1) -> Check:
    """The largest SD values bounded by [min, max] with that mean can have: the population variance is at most
    (mean - min)(max - mean), the sample variance n/(n-1) times that (n = 2 when n is unknown, the loosest).

    Every reported number is given its whole rounding window, so only an SD above every admissible bound fails."""
    ds = decimals_of(sd)
    words = f"{rule_words(rule, ds)}, each number within its rounding window"
    a, b = _low(minimum, rule), _high(maximum, rule)
    m_lo, m_hi = max(_low(mean, rule), a), min(_high(mean, rule), b)
    if a > b or m_lo > m_hi:
        return Check("unverifiable", "The SD cannot be bounded when the mean or range is itself impossible.",
                     reason="mean outside the range or minimum above maximum", rule=words)
    mid = (a + b) / 2
    m = min(max(mid, m_lo), m_hi)  # the admissible mean that allows the largest spread
    pop_var = (m - a) * (b - m)
    nn = n if (n is not None and n > ddof) else 2
    factor = Fraction(nn, nn - ddof) if ddof else Fraction(1)
    bound_sq = pop_var * factor
    sd_lo = max(_low(sd, rule), Fraction(0))
    bound = Decimal(math.sqrt(bound_sq))
    shown = str(round_at(bound, ds + 1, "half_up"))
    if sd_lo * sd_lo > bound_sq:
        return Check("inconsistent", f"Values between {minimum} and {maximum} with mean {mean} cannot have an SD "
                     f"above {shown}, but {sd} is reported.", recomputed=f"<= {shown}", rule=words, severity="error",
                     note=None if n is not None else "n unknown; the loosest bound (n = 2) was used")
    return Check("consistent", f"An SD of {sd} is possible for values between {minimum} and {maximum} with mean "
                 f"{mean} (at most {shown}).", recomputed=f"<= {shown}", rule=words)
