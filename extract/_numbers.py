"""Printed numbers to Decimal, keeping their decimals. Never through float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Characters that print as a minus sign or a decimal point in papers, mapped to ASCII one for one, so that
# normalising a string never moves a span.
_ONE_FOR_ONE = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-", "\u2010": "-", "\u00b7": "."})


# A plain printed number ('12', '-3.50', '.05'), parsed at once by ``parse_decimal``.
_PLAIN = re.compile(r"-?[0-9]*\.?[0-9]+")


def normalise_number_chars(text: str) -> str:
    """Map Unicode minus, dashes and the middle-dot decimal to ASCII, one character for one."""
    return text.translate(_ONE_FOR_ONE)


def parse_decimal(raw: str) -> tuple[Decimal, int]:
    """Parse a printed number ('12.50', '.05', '−3', '1,234', '0·5') into (value, decimals).

    Raises ValueError when `raw` is not a number.
    """
    if _PLAIN.fullmatch(raw) is not None:
        # ASCII digits with at most a leading minus and one point: nothing below changes it, and Decimal takes it
        return Decimal(raw), len(raw) - raw.index(".") - 1 if "." in raw else 0
    text = normalise_number_chars(raw.strip()).replace(",", "").replace("\u2009", "").replace("\u202f", "")
    if not text or not any(ch.isdigit() for ch in text):
        raise ValueError(f"not a number: {raw!r}")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {raw!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a number: {raw!r}")
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return value, decimals
