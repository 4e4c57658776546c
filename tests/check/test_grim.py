"""GRIM, GRIMMER, DEBIT, percentages and impossible summaries against hand-checked cases
(tests/data/standalone/*.csv, each row with its arithmetic), plus property tests: numbers computed from real
integer data must never be called inconsistent."""

from __future__ import annotations

import csv
import math
import statistics
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperaudit.check._grim import (
    debit,
    grim,
    grimmer,
    percent_of,
    range_order,
    sd_sign,
    sd_upper_bound,
    within_range,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "standalone"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _rows("grim.csv"), ids=lambda r: f"{r['mean']}/{r['n']}/{r['rule']}")
def test_grim_hand_checked(row: dict[str, str]) -> None:
    check = grim(Decimal(row["mean"]), int(row["n"]), rule=row["rule"], items=int(row["items"]))
    assert check.status == row["expected"], (row["hand_check"], check)
    if check.status == "unverifiable":
        assert check.reason
    assert check.rule


def test_grim_says_why_it_cannot_fail() -> None:
    check = grim(Decimal("4.5"), 50)
    assert check.status == "unverifiable"
    assert "always" in (check.reason or "")


def test_grim_inconsistent_names_the_nearest_means() -> None:
    check = grim(Decimal("5.19"), 28)
    assert check.recomputed == "5.18 or 5.21"


@pytest.mark.parametrize("row", _rows("grimmer.csv"), ids=lambda r: f"{r['mean']}/{r['sd']}/{r['n']}")
def test_grimmer_hand_checked(row: dict[str, str]) -> None:
    check = grimmer(Decimal(row["mean"]), Decimal(row["sd"]), int(row["n"]))
    assert check.status == row["expected"], (row["hand_check"], check)


@pytest.mark.parametrize("row", _rows("debit.csv"), ids=lambda r: f"{r['mean']}/{r['sd']}/{r['n']}")
def test_debit_hand_checked(row: dict[str, str]) -> None:
    check = debit(Decimal(row["mean"]), Decimal(row["sd"]), int(row["n"]))
    assert check.status == row["expected"], (row["hand_check"], check)
    if row["note"]:
        assert row["note"] in (check.note or "")


@pytest.mark.parametrize("row", _rows("percent.csv"), ids=lambda r: f"{r['percent']}/{r['denominator']}")
def test_percent_hand_checked(row: dict[str, str]) -> None:
    count = int(row["count"]) if row["count"] else None
    check = percent_of(Decimal(row["percent"]), int(row["denominator"]), count)
    assert check.status == row["expected"], (row["hand_check"], check)


def test_impossible_summaries() -> None:
    assert range_order(Decimal("7"), Decimal("3")).status == "inconsistent"
    assert range_order(Decimal("3"), Decimal("7")).status == "consistent"
    assert within_range(Decimal("2.4"), Decimal("3"), Decimal("7")).status == "inconsistent"
    # 2.5 may be 2.45..2.55 and 3 may be 2.5..3.5: touching windows are admitted.
    assert within_range(Decimal("2.5"), Decimal("3"), Decimal("7")).status == "consistent"
    assert within_range(Decimal("8.1"), Decimal("3"), Decimal("7"), "median").status == "inconsistent"
    assert sd_sign(Decimal("-1.2")).status == "inconsistent"
    # Values in [1, 7] with mean 2: population variance at most (2-1)(7-2) = 5; with n = 10, 10/9 * 5 = 5.56,
    # SD at most 2.357 (allowing the rounding of mean, min and max: (2.5-0.5)... see below).
    check = sd_upper_bound(Decimal("2"), Decimal("3.5"), Decimal("1"), Decimal("7"), 10)
    assert check.status == "inconsistent"
    # Widest reading: min 0.5, max 7.5, mean 2.5 -> (2.0)(5.0) = 10, * 10/9 = 11.11, sqrt = 3.33.
    assert check.recomputed == "<= 3.33"
    assert sd_upper_bound(Decimal("2"), Decimal("3.3"), Decimal("1"), Decimal("7"), 10).status == "consistent"
    assert sd_upper_bound(Decimal("4"), Decimal("3.5"), Decimal("1"), Decimal("7"), 10).status == "consistent"


def _half_up(x: float | Decimal, d: int) -> Decimal:
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)


def _exact_half_up(num: int, den: int, d: int) -> Decimal:
    with __import__("decimal").localcontext() as ctx:
        ctx.prec = 60
        return (Decimal(num) / Decimal(den)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=99), st.integers(1, 3))
def test_grim_never_flags_true_means(values: list[int], d: int) -> None:
    mean = _exact_half_up(sum(values), len(values), d)
    assert grim(mean, len(values)).status != "inconsistent"


@given(st.integers(2, 99), st.integers(0, 10_000), st.integers(2, 3))
def test_grim_matches_brute_force(n: int, hundredths: int, d: int) -> None:
    mean = Decimal(hundredths).scaleb(-d)
    possible = any(_exact_half_up(s, n, d) == mean for s in range(0, int(mean * n) + 3))
    check = grim(mean, n)
    if n >= 10**d:
        assert check.status == "unverifiable"
    elif possible:
        assert check.status == "consistent"
    else:
        # half-even may admit what half-up does not (ties); brute-force that too before calling it a miss
        from decimal import ROUND_HALF_EVEN, localcontext
        with localcontext() as ctx:
            ctx.prec = 60
            even = any((Decimal(s) / n).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_EVEN) == mean
                       for s in range(0, int(mean * n) + 3))
        assert check.status == ("consistent" if even else "inconsistent")


@given(st.lists(st.integers(1, 7), min_size=2, max_size=60), st.integers(1, 2))
def test_grimmer_never_flags_true_sds(values: list[int], d: int) -> None:
    n = len(values)
    mean = _exact_half_up(sum(values), n, d)
    sd = _half_up(statistics.stdev(values), d)
    if abs(Decimal(str(statistics.stdev(values))) - sd) == Decimal(1).scaleb(-d) / 2:
        return  # float stdev on a rounding tie: the printed value itself is uncertain
    assert grimmer(mean, sd, n).status != "inconsistent"


@given(st.lists(st.integers(0, 1), min_size=2, max_size=200), st.integers(2, 3))
def test_debit_never_flags_true_binary_summaries(values: list[int], d: int) -> None:
    n = len(values)
    mean = _exact_half_up(sum(values), n, d)
    sd_true = statistics.stdev(values)
    sd = _half_up(sd_true, d)
    assert debit(mean, sd, n).status != "inconsistent"


@given(st.integers(1, 500), st.data(), st.integers(0, 2))
def test_percent_never_flags_true_percentages(n: int, data: st.DataObject, d: int) -> None:
    k = data.draw(st.integers(0, n))
    pct = _exact_half_up(100 * k, n, d)
    assert percent_of(pct, n, k).status == "consistent"
    assert percent_of(pct, n).status != "inconsistent"


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=50))
def test_bounds_never_flag_true_summaries(values: list[float]) -> None:
    lo, hi = _half_up(min(values), 1), _half_up(max(values), 1)
    mean, sd = _half_up(statistics.fmean(values), 1), _half_up(statistics.stdev(values), 1)
    assert within_range(mean, lo, hi).status == "consistent"
    assert sd_upper_bound(mean, sd, lo, hi, len(values)).status == "consistent"
    assert math.isfinite(float(sd))
