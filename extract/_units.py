"""Units printed after numbers, normalised so that 'mg/h', 'mg/ hour' and 'mg per hour' compare equal.

The regular expression ``UNIT_PATTERN`` finds a unit right after a number (in text already passed through the
one-for-one normalisation of ``_numbers``); ``unit_to_canonical`` maps what it found to one spelling.
"""

from __future__ import annotations

import regex

# Canonical names of the bases; every spelling found in papers maps to one of these.
_BASE = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg",
    "g": "g", "gram": "g", "grams": "g",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg",
    "µg": "µg", "μg": "µg", "ug": "µg", "mcg": "µg", "microgram": "µg", "micrograms": "µg",
    "ng": "ng", "ml": "mL", "mL": "mL", "l": "L", "L": "L", "dl": "dL", "dL": "dL",
    "iu": "IU", "IU": "IU", "u": "U", "U": "U", "mmol": "mmol", "mol": "mol", "meq": "mEq", "mEq": "mEq",
    "cm": "cm", "mm": "mm", "m": "m", "km": "km", "mmhg": "mmHg", "mmHg": "mmHg", "bpm": "bpm",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "s": "second", "sec": "second", "second": "second", "seconds": "second",
    "d": "day", "day": "day", "days": "day", "wk": "week", "wks": "week", "week": "week", "weeks": "week",
    "mo": "month", "month": "month", "months": "month", "y": "year", "yr": "year", "yrs": "year",
    "year": "year", "years": "year", "points": "point", "point": "point",
    "kg/m2": "kg/m2", "kg/m²": "kg/m2",
}

TIME_UNITS = frozenset({"hour", "minute", "second", "day", "week", "month", "year"})
MASS_UNITS = frozenset({"mg", "g", "kg", "µg", "ng", "mL", "L", "dL", "IU", "U", "mmol", "mol", "mEq"})

_BASE_ALT = "|".join(
    sorted((regex.escape(k) for k in _BASE if k not in ("kg/m2", "kg/m²")), key=len, reverse=True)
)
# A base, optionally divided ("mg/kg/hour", "mg/ hour", "mg per day"), or a per cent sign.
UNIT_PATTERN = (
    r"(?:%|kg/m[2²]|(?:" + _BASE_ALT + r")(?:\s?(?:/|per)\s?(?:" + _BASE_ALT + r")){0,2})(?![\w])"
)
# The characters a unit UNIT_PATTERN finds can begin with.
UNIT_FIRST_CHARS = frozenset({"%"} | {k[0] for k in _BASE})
_UNIT_RE = regex.compile(UNIT_PATTERN)
_SPLIT_RE = regex.compile(r"\s*(?:/|\bper\b)\s*")
_BMI_RE = regex.compile(r"kg/m[2²]")


def unit_to_canonical(text: str | None) -> str | None:
    """One spelling per unit: 'mg/h', 'mg/ hour', 'mg per hour' -> 'mg/hour'; '%' stays '%'."""
    if text is None:
        return None
    canon = _BASE.get(text)
    if canon is not None:
        # a base as printed: no white space, and no '/' or 'per' but in 'kg/m2', which the steps below map to itself
        return canon
    t = " ".join(text.split())
    if not t:
        return None
    if t == "%":
        return "%"
    if _BMI_RE.fullmatch(t):
        return "kg/m2"
    parts = [p for p in _SPLIT_RE.split(t) if p]
    out = []
    for p in parts:
        canon = _BASE.get(p) or _BASE.get(p.lower())
        if canon is None:
            return t
        out.append(canon)
    return "/".join(out)


def is_unit(text: str) -> bool:
    """Whether ``text`` is, whole, a unit the grammar knows."""
    return _UNIT_RE.fullmatch(" ".join(text.split())) is not None
