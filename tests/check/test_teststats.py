"""P values recomputed from test statistics, against hand-checked statcheck-style cases
(tests/data/standalone/pvalues.csv), a few verified against scipy here, and a property: a P computed from a
statistic and both rounded as papers print them is never called inconsistent."""

from __future__ import annotations

import csv
import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from paperaudit.check._teststats import check_df, check_p, mentions_one_tailed, normalise_test_name, p_from_statistic

DATA = Path(__file__).resolve().parents[1] / "data" / "standalone"


def _rows() -> list[dict[str, str]]:
    with open(DATA / "pvalues.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _dec(s: str) -> Decimal | None:
    return Decimal(s) if s else None


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['test']}({r['df1']},{r['df2']})={r['statistic']} "
                                                        f"p{r['comparator']}{r['p']}")
def test_p_hand_checked(row: dict[str, str]) -> None:
    check = check_p(row["test"], Decimal(row["statistic"]), Decimal(row["p"]), row["comparator"], _dec(row["df1"]),
                    _dec(row["df2"]), one_tailed_stated=row["one_tailed"] == "yes")
    assert (check.code, check.status) == (row["expected_code"], row["expected_status"]), (row["source"], check)
    if row["p_two_tailed_hand"]:
        # the recomputed P (from the statistic as printed) matches the hand value to its printed digits
        hand = float(row["p_two_tailed_hand"])
        if check.note and "one-tailed" in check.note:
            hand /= 2
        assert check.recomputed is not None
        assert math.isclose(float(check.recomputed), hand, rel_tol=0.01, abs_tol=1e-6)
    if check.status == "unverifiable":
        assert check.reason
    if check.code == "PA502":
        assert check.conclusion_flips is True


def test_p_from_statistic_agrees_with_scipy_by_hand() -> None:
    # t(28) = 2.20: two-tailed P = 2 * t.sf(2.2, 28)
    assert p_from_statistic("t", 2.2, 28) == pytest.approx(2 * stats.t.sf(2.2, 28))
    assert p_from_statistic("t", 2.2, 28) == pytest.approx(0.036225, abs=1e-6)
    # chi2 with 2 df has survival exp(-x/2)
    assert p_from_statistic("chi2", 3.1, 2) == pytest.approx(math.exp(-1.55), rel=1e-9)
    # F(1, df) is t(df) squared
    assert p_from_statistic("F", 4.1, 1, 30) == pytest.approx(p_from_statistic("t", math.sqrt(4.1), 30), rel=1e-9)
    # r(df) through t = r sqrt(df / (1 - r^2))
    assert p_from_statistic("r", -0.5, 20) == pytest.approx(2 * stats.t.sf(0.5 * math.sqrt(20 / 0.75), 20))
    # z = 1.96 is the two-tailed 5% point
    assert p_from_statistic("z", 1.96) == pytest.approx(0.04999579, abs=1e-7)
    with pytest.raises(ValueError):
        p_from_statistic("t", 2.0, None)


def test_test_names_and_one_tailed_words() -> None:
    assert normalise_test_name("χ2") == "chi2"
    assert normalise_test_name("T") == "t"
    assert normalise_test_name("U") is None
    assert mentions_one_tailed("All tests are one-tailed.")
    assert mentions_one_tailed("a one sided test")
    assert not mentions_one_tailed("two-tailed tests throughout")


def test_df_against_n() -> None:
    total = check_df("t", Decimal(40), None, 30, n_is_total=True)
    assert total is not None and total.status == "inconsistent"
    per_group = check_df("t", Decimal(40), None, 30, n_is_total=False)
    assert per_group is not None and per_group.status == "unverifiable" and per_group.reason
    fits = check_df("t", Decimal("27.4"), None, 30, n_is_total=True)
    assert fits is not None and fits.status == "consistent"
    assert check_df("r", Decimal(29), None, 30, n_is_total=True).status == "inconsistent"  # type: ignore[union-attr]
    assert check_df("F", Decimal(1), Decimal(90), 30, n_is_total=True) is None  # repeated measures: not judged


def _half_up(x: float, d: int) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)


@given(st.sampled_from(["t", "z", "r", "chi2", "F"]), st.floats(0.05, 6), st.integers(3, 200), st.integers(1, 6),
       st.integers(1, 3), st.integers(2, 4), st.booleans())
def test_true_p_is_never_flagged(test: str, x: float, df: int, df1: int, sd: int, pd: int, welch: bool) -> None:
    if test == "r":
        x = x / 7
    dfx: float = df + 0.37 if (welch and test == "t") else df
    stat = _half_up(x, sd)
    df_printed = _half_up(dfx, 1) if (welch and test == "t") else Decimal(df)
    args: tuple[float | None, float | None] = (
        (None, None) if test == "z" else (float(df1), float(df)) if test == "F" else (float(dfx), None))
    p = p_from_statistic(test, x, *args)
    printed = _half_up(p, pd)
    if test == "F":
        check = check_p(test, stat, printed, "=", Decimal(df1), Decimal(df))
    else:
        check = check_p(test, stat, printed, "=", None if test == "z" else df_printed)
    assert check.status == "consistent", (test, x, dfx, p, check)
    if printed == 0:
        return
    bound = Decimal("0.001") if p < 0.001 else None
    if bound is not None:
        assert check_p(test, stat, bound, "<", None if test in ("z",) else (Decimal(df1) if test == "F"
                       else df_printed), Decimal(df) if test == "F" else None).status == "consistent"


@given(st.sampled_from(["t", "z", "chi2", "F"]), st.floats(0.5, 5), st.integers(5, 120), st.floats(0.05, 0.4))
def test_a_p_moved_well_past_its_rounding_is_caught(test: str, x: float, df: int, shift: float) -> None:
    stat = _half_up(x, 2)
    args: tuple[float | None, float | None] = (None, None) if test == "z" else (2.0, float(df)) if test == "F" else (
        float(df), None)
    p = p_from_statistic(test, float(stat), *args)
    wrong = p + shift if p + shift < 1 else p - shift
    if wrong <= 0:
        return
    printed = _half_up(wrong, 3)
    dfs = (None, None) if test == "z" else (Decimal(2), Decimal(df)) if test == "F" else (Decimal(df), None)
    check = check_p(test, stat, printed, "=", *dfs)
    assert check.status != "consistent", (p, printed, check)
    if check.status == "unverifiable":  # only a one-tailed reading (never for F or chi2) may excuse it
        assert test in ("t", "z") and "one-tailed" in (check.reason or ""), check
