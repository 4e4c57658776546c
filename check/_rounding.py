"""The one place rounding rules live: is a recomputed value consistent with a reported number?

DESIGN.md: a recomputed value is consistent with a reported one when rounding it half-up OR half-even at the
reported decimals gives the reported text (scrutiny's ``up_or_down``); truncation only when the settings ask for
it. Everything is Decimal: floats from scipy come in through :func:`to_decimal` (via ``str``), never arithmetic.

A reported integer with trailing zeros ("190") is read at unit precision, and :func:`judge_number` notes the
coarser reading (rounded to tens) so a reviewer can see whether it would change the verdict.

Comparator values ("P < 0.001") are judged by the inequality itself (:func:`judge_comparator`), and
:func:`severity_of` separates a slip in the last digit (warning) from a wrong number (error).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from paperaudit.schemas import RoundingRule, Severity

# Decimal rounding modes behind each named mode. Half-up rounds ties away from zero, like printed tables do.
_MODES: dict[str, str] = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}

# Which modes each rule admits.
RULE_MODES: dict[str, tuple[str, ...]] = {
    "up_or_down": ("half_up", "half_even"),
    "half_up": ("half_up",),
    "half_even": ("half_even",),
    "truncate": ("truncate",),
    "up_or_down_or_truncate": ("half_up", "half_even", "truncate"),
}

_RULE_WORDS: dict[str, str] = {
    "up_or_down": "half-up or half-even",
    "half_up": "half-up",
    "half_even": "half-even",
    "truncate": "truncation",
    "up_or_down_or_truncate": "half-up, half-even or truncation",
}


def to_decimal(x: float | int | Decimal | str) -> Decimal:
    """A number as Decimal; floats go through ``str`` so their shortest repr, not binary noise, is kept.

    Raises ValueError for NaN and infinities (callers treat that as 'could not compute')."""
    if isinstance(x, Decimal):
        d = x
    elif isinstance(x, bool):
        d = Decimal(int(x))
    elif isinstance(x, int):
        d = Decimal(x)
    elif isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"not a finite number: {x!r}")
        d = Decimal(str(x))
    else:
        try:
            d = Decimal(str(x))
        except InvalidOperation:
            raise ValueError(f"not a number: {x!r}") from None
    if not d.is_finite():
        raise ValueError(f"not a finite number: {x!r}")
    return d


@lru_cache(maxsize=64)  # keyed on the text itself: one audit folds the paper for the test names and for 'one-tailed'
def fold_case(text: str) -> str:
    """The text with ASCII capitals lowered, character for character, for plain searches of lower-case ASCII (and
    Greek chi) cue words: every case-blind (regex.I) match of such a word in `text` is a plain match at the same
    place in the result. Besides the ASCII capitals, regex.I equates four characters with those letters: the Kelvin
    sign (k), the long s (s), the dotted capital I (i) and the capital chi; they are mapped here (a test checks
    this over all of Unicode). Lowering through UTF-8 bytes is several times faster than str.lower on non-ASCII
    text. Searching this copy is a prefilter only: the case-blind pattern still decides."""
    lowered = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
    return lowered.replace("\u212a", "k").replace("\u017f", "s").replace("\u0130", "i").replace("\u03a7", "\u03c7")


@lru_cache(maxsize=64)
def quantum(decimals: int) -> Decimal:
    """One unit in the last reported place: 2 -> 0.01, 0 -> 1, -1 -> 10."""
    return Decimal(1).scaleb(-decimals)


@lru_cache(maxsize=64)
def _context(prec: int, rounding: str = ROUND_HALF_EVEN) -> Context:
    """A decimal context of this precision (and rounding), made once (entering a local context on every rounding
    cost more than the rounding)."""
    return Context(prec=prec, rounding=rounding)


_CONTEXT28 = _context(28)
# The 28-digit context of each named mode: its quantize is value.quantize(q, rounding=mode, context=_CONTEXT28)
# (the same precision, traps and limits, the mode's rounding) without the per-call copy of the context.
_CONTEXTS28 = {mode: _context(28, rounding) for mode, rounding in _MODES.items()}


def round_at(value: Decimal, decimals: int, mode: str = "half_up") -> Decimal:
    """`value` rounded to `decimals` places (negative = tens, hundreds) with a named mode."""
    prec = value.adjusted() + decimals + 10
    if decimals >= 0:
        # at least 28 digits, as many as the result needs
        return (_context(prec, _MODES[mode]) if prec > 28 else _CONTEXTS28[mode]).quantize(value, quantum(decimals))
    ctx = _context(prec) if prec > 28 else _CONTEXT28
    q = quantum(decimals)
    return ctx.multiply(ctx.divide(value, q).quantize(Decimal(1), rounding=_MODES[mode], context=ctx), q)


@lru_cache(maxsize=256, typed=True)  # typed: 2 and 2.0 read differently
def rule_words(rule: RoundingRule | str, decimals: int) -> str:
    """The rule in words, as a Finding's ``rule`` says it: 'half-up or half-even at 1 decimal'."""
    if decimals >= 0:
        where = f"{decimals} decimal" + ("" if decimals == 1 else "s")
    else:
        where = {-1: "tens", -2: "hundreds", -3: "thousands"}.get(decimals, f"1e{-decimals}")
    return f"{_RULE_WORDS.get(str(rule), str(rule))} at {where}"


def rounds_to(recomputed: Decimal, reported: Decimal, decimals: int, rule: RoundingRule | str = "up_or_down"
              ) -> str | None:
    """The first admissible mode under which `recomputed` rounds to `reported` at `decimals`, else None."""
    for mode in RULE_MODES[str(rule)]:
        if round_at(recomputed, decimals, mode) == reported:
            return mode
    return None


@dataclass(frozen=True)
class Window:
    """The interval of true values that an admissible rounding turns into the reported number."""

    low: Decimal
    high: Decimal
    low_closed: bool
    high_closed: bool

    def __contains__(self, x: object) -> bool:
        if not isinstance(x, Decimal):
            return False
        above = x > self.low or (self.low_closed and x == self.low)
        below = x < self.high or (self.high_closed and x == self.high)
        return above and below


def window(reported: Decimal, decimals: int, rule: RoundingRule | str = "up_or_down") -> Window:
    """The rounding window of a reported number: every true value some admissible mode rounds to it.

    E's GRIM checks use it to ask whether any integer sum / n falls inside."""
    q = quantum(decimals)
    half = q / 2
    modes = RULE_MODES[str(rule)]
    lows = [reported - half] if any(m != "truncate" for m in modes) else []
    highs = [reported + half] if any(m != "truncate" for m in modes) else []
    if "truncate" in modes:
        lows.append(reported if reported > 0 else reported - q)
        highs.append(reported + q if reported >= 0 else reported)
    low, high = min(lows), max(highs)
    return Window(low, high, rounds_to(low, reported, decimals, rule) is not None,
                  rounds_to(high, reported, decimals, rule) is not None)


def coarser_decimals(raw: str, decimals: int) -> int | None:
    """For a reported integer with trailing zeros ('190', '1200'), the coarser reading's decimals (-1, -2);
    None when the number has decimals or no trailing zero."""
    digits = raw.strip().lstrip("+-−").replace(",", "")
    if decimals != 0 or not digits.isdigit() or not digits.endswith("0") or set(digits) == {"0"}:
        return None
    return -(len(digits) - len(digits.rstrip("0")))


class Judgement(NamedTuple):
    """The verdict of the rounding rule on one reported number (a named tuple: immutable, and made at a fraction
    of a frozen dataclass's cost, which sets each field through object.__setattr__)."""

    consistent: bool
    rule: str
    mode: str | None = None
    severity: Severity = "info"
    note: str | None = None
    display: str = ""


def display(recomputed: Decimal, decimals: int, reported: Decimal | None = None) -> str:
    """The recomputed value as a reader should see it beside the reported one: at the reported decimals,
    with more places only when needed to show how it differs (13.05 rather than 13.1 beside 13.1)."""
    d = max(decimals, 0)
    return _display_from(recomputed, decimals, reported, round_at(recomputed, d, "half_up"), None)


def _display_from(recomputed: Decimal, decimals: int, reported: Decimal | None, first_up: Decimal,
                  first_even: Decimal | None) -> str:
    """display(), given its first rounding (half-up at max(decimals, 0)) and, when the caller has it, the half-even
    rounding at the same place."""
    first = d = max(decimals, 0)
    shown = first_up
    while reported is not None and shown == reported and recomputed != reported and d < decimals + 4:
        d += 1
        shown = round_at(recomputed, d, "half_up")
    even = first_even if d == first and first_even is not None else round_at(recomputed, d, "half_even")
    if even != shown:
        # a tie (24.5 at whole numbers): the two roundings part, so show the digit they part on
        shown = round_at(recomputed, d + 1, "half_up")
    return str(shown)


def severity_of(recomputed: Decimal, reported: Decimal, decimals: int, *, integer_statistic: bool = False
                ) -> Severity:
    """'warning' for a slip in the last reported digit (the recomputed value rounds to one unit away from
    the reported one, and the gap is under 5% of the value), 'error' for a wrong number. Counts and other
    integer statistics are always 'error':
    one patient more or less is a wrong number, not a rounding slip."""
    if integer_statistic:
        return "error"
    q = quantum(decimals)
    nearest = round_at(recomputed, decimals, "half_up")
    if abs(nearest - reported) > q:
        return "error"
    # One unit in the last place, and small beside the value itself (8 for 7.4 is a wrong number, 13.0 for 13.06
    # a slip).
    if recomputed != 0 and abs(reported - recomputed) / abs(recomputed) > Decimal("0.05"):
        return "error"
    return "warning"


def judge_number(recomputed: Decimal, reported: Decimal, decimals: int, raw: str = "",
                 rule: RoundingRule | str = "up_or_down", *, integer_statistic: bool = False,
                 coarse_reading: bool = True) -> Judgement:
    """Is `recomputed` consistent with the number printed as `raw` (value `reported`, `decimals` places)?

    An integer with trailing zeros is judged at unit precision; when the tens (hundreds) reading would give
    another verdict, ``note`` says so, and an inconsistency that the coarser reading would absolve is only a
    warning."""
    words = rule_words(rule, decimals)
    # rounds_to and display, sharing the roundings both need: half-up (and half-even) at the reported decimals.
    first_up = round_at(recomputed, max(decimals, 0), "half_up")
    first_even = None
    mode = None
    for m in RULE_MODES[str(rule)]:
        r = first_up if m == "half_up" and decimals >= 0 else round_at(recomputed, decimals, m)
        if m == "half_even" and decimals >= 0:
            first_even = r
        if r == reported:
            mode = m
            break
    shown = _display_from(recomputed, decimals, reported, first_up, first_even)
    note = None
    if mode is not None:
        return Judgement(True, words, mode, "info", None, shown)
    # The coarser reading matters only to an inconsistency.
    coarse = coarser_decimals(raw, decimals) if (raw and coarse_reading) else None
    coarse_mode = rounds_to(recomputed, reported, coarse, rule) if coarse is not None else None
    severity = severity_of(recomputed, reported, decimals, integer_statistic=integer_statistic)
    if coarse is not None and coarse_mode is not None:
        note = (f"read at unit precision; if {raw.strip()} was rounded to {rule_words(rule, coarse).split(' at ')[1]}"
                f" the recomputed {shown} would agree")
        severity = "warning"
    return Judgement(False, words, None, severity, note, shown)


def comparator_holds(recomputed: Decimal, comparator: str | None, bound: Decimal, decimals: int,
                     rule: RoundingRule | str = "up_or_down") -> bool:
    """judge_comparator(...).consistent without the shown value, words and notes of a verdict: for variants tried
    only to see whether one fits. '=' is consistent exactly when an admissible mode rounds to the bound (the test
    judge_number makes), '~' when the value lies within one unit of the window, any other comparator when the
    value satisfies it."""
    if comparator == "=":
        return rounds_to(recomputed, bound, decimals, rule) is not None
    if comparator == "~":
        q = quantum(decimals)
        w = window(bound, decimals, rule)
        return (w.low - q) <= recomputed <= (w.high + q)
    return satisfies(recomputed, comparator, bound)


_OPS = ("<", ">", "<=", ">=", "=", "~")


def satisfies(recomputed: Decimal, comparator: str | None, bound: Decimal) -> bool:
    """Does `recomputed` satisfy `comparator bound` ('<', '<=', '>', '>=')?"""
    if comparator == "<":
        return recomputed < bound
    if comparator == "<=":
        return recomputed <= bound
    if comparator == ">":
        return recomputed > bound
    if comparator == ">=":
        return recomputed >= bound
    return recomputed == bound


def judge_comparator(recomputed: Decimal, comparator: str, bound: Decimal, decimals: int, raw: str = "",
                     rule: RoundingRule | str = "up_or_down") -> Judgement:
    """Judge a reported bound ('P < 0.001', 'P > .05', '~50'): the recomputed value must satisfy it.

    '=' falls back to :func:`judge_number`; '~' (approximately) admits one unit in the last place either
    side of the rounding window. A value that misses a strict bound only by landing on it when rounded at the
    reported decimals ('P < 0.05' with 0.0502) is a warning, not an error."""
    if comparator == "=":
        return judge_number(recomputed, bound, decimals, raw, rule)
    shown = display(recomputed, max(decimals, 0) + 1)
    if comparator == "~":
        q = quantum(decimals)
        w = window(bound, decimals, rule)
        ok = (w.low - q) <= recomputed <= (w.high + q)
        return Judgement(ok, f"approximately, within one unit of {rule_words(rule, decimals)}",
                         None, "info" if ok else "error", None, shown)
    words = f"recomputed must be {comparator} {raw.strip() or bound}"
    if satisfies(recomputed, comparator, bound):
        return Judgement(True, words, None, "info", None, shown)
    near = round_at(recomputed, decimals, "half_up") == bound
    return Judgement(False, words, None, "warning" if near else "error",
                     "misses the bound only at the reported precision" if near else None, shown)


def p_conclusion_flips(recomputed: Decimal, comparator: str, reported: Decimal, alpha: Decimal) -> bool:
    """Does the recomputed P fall on the other side of `alpha` from what the reported P says?

    'P < 0.05' and 'P = 0.03' say significant; 'P > 0.05' and 'P = 0.13' say not."""
    if comparator in ("<", "<="):
        if reported > alpha:
            return False  # 'P < 0.10' says nothing about 0.05
        says_significant = True
    elif comparator in (">", ">="):
        if reported < alpha:
            return False  # 'P > 0.01' says nothing about 0.05
        says_significant = False
    else:
        says_significant = reported < alpha
    return says_significant != (recomputed < alpha)
