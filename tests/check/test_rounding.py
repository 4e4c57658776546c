"""Rounding rules: half-up or half-even, truncation on request, trailing zeros, comparators, severity."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from paperaudit.check._rounding import (
    coarser_decimals,
    judge_comparator,
    judge_number,
    p_conclusion_flips,
    round_at,
    rounds_to,
    severity_of,
    to_decimal,
    window,
)


def test_half_up_or_half_even_both_admitted() -> None:
    assert rounds_to(D("12.45"), D("12.5"), 1) == "half_up"
    assert rounds_to(D("12.45"), D("12.4"), 1) == "half_even"
    assert rounds_to(D("12.45"), D("12.3"), 1) is None
    assert rounds_to(D("12.45"), D("12.4"), 1, "half_up") is None


def test_truncation_only_when_asked() -> None:
    assert rounds_to(D("12.49"), D("12.4"), 1) is None
    assert rounds_to(D("12.49"), D("12.4"), 1, "truncate") == "truncate"
    assert rounds_to(D("12.49"), D("12.5"), 1, "up_or_down_or_truncate") == "half_up"


def test_negative_tens_rounding() -> None:
    assert round_at(D("186"), -1) == D("190")
    assert round_at(D("184.9"), -1) == D("180")
    assert coarser_decimals("190", 0) == -1
    assert coarser_decimals("1200", 0) == -2
    assert coarser_decimals("19", 0) is None
    assert coarser_decimals("1.0", 1) is None
    assert coarser_decimals("0", 0) is None


def test_trailing_zero_integer_read_at_unit_precision_with_note() -> None:
    j = judge_number(D("186.3"), D("190"), 0, "190")
    assert not j.consistent
    assert j.severity == "warning"
    assert j.note is not None and "tens" in j.note
    assert judge_number(D("190.2"), D("190"), 0, "190").consistent
    wrong = judge_number(D("150"), D("190"), 0, "190")
    assert not wrong.consistent and wrong.severity == "error" and wrong.note is None


def test_severity_last_digit_slip_against_wrong_number() -> None:
    assert severity_of(D("13.06"), D("13.0"), 1) == "warning"
    assert severity_of(D("13.46"), D("13.0"), 1) == "error"
    assert severity_of(D("6"), D("5"), 0, integer_statistic=True) == "error"


def test_comparator() -> None:
    assert judge_comparator(D("0.0004"), "<", D("0.001"), 3, "0.001").consistent
    bad = judge_comparator(D("0.003"), "<", D("0.001"), 3, "0.001")
    assert not bad.consistent and bad.severity == "error"
    near = judge_comparator(D("0.0502"), "<", D("0.05"), 2, "0.05")
    assert not near.consistent and near.severity == "warning"
    assert judge_comparator(D("0.2"), ">", D("0.05"), 2).consistent
    assert judge_comparator(D("49"), "~", D("50"), 0).consistent


def test_conclusion_flips() -> None:
    a = D("0.05")
    assert p_conclusion_flips(D("0.07"), "=", D("0.03"), a)
    assert not p_conclusion_flips(D("0.31"), "=", D("0.13"), a)
    assert p_conclusion_flips(D("0.2"), "<", D("0.001"), a)
    assert not p_conclusion_flips(D("0.2"), "<", D("0.10"), a)
    assert p_conclusion_flips(D("0.01"), ">", D("0.05"), a)


def test_to_decimal_from_float_keeps_shortest_repr() -> None:
    assert to_decimal(0.1) == D("0.1")
    assert to_decimal(3) == D(3)


@given(st.integers(min_value=-10**6, max_value=10**6), st.integers(min_value=0, max_value=4))
def test_window_edges_agree_with_rounds_to(units: int, decimals: int) -> None:
    reported = D(units).scaleb(-decimals)
    w = window(reported, decimals)
    assert (rounds_to(w.low, reported, decimals) is not None) == w.low_closed
    assert (rounds_to(w.high, reported, decimals) is not None) == w.high_closed
    inside = (w.low + w.high) / 2
    assert rounds_to(inside, reported, decimals) is not None


@given(st.decimals(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False, places=6),
       st.integers(min_value=0, max_value=3))
def test_half_up_rounding_of_value_is_always_consistent(x: D, decimals: int) -> None:
    reported = round_at(x, decimals, "half_up")
    assert judge_number(x, reported, decimals, str(reported)).consistent
    assert x in window(reported, decimals)
