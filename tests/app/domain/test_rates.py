"""Printed rates as GLOSSARY.md says: 四舍五入 on exact fractions, one decimal near targets."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.domain import rates
from app.domain.coverage import FunctionCoverage
from app.domain.enums import COVERAGE_TARGETS_2030, Function


def _reference(covered: int, counted: int, target: Fraction | None) -> str:
    """The GLOSSARY rule written out a second way: strings of digits, no shared helper."""
    if counted == 0:
        return "—"
    tenths_exact = Fraction(1000 * covered, counted)  # the rate in tenths of a percent
    if target is not None and abs(Fraction(100 * covered, counted) - 100 * target) < 1:
        whole, rest = divmod(tenths_exact.numerator, tenths_exact.denominator)
        tenths = whole + (1 if 2 * rest >= tenths_exact.denominator else 0)
        if Fraction(covered, counted) < target and Fraction(tenths, 1000) >= target:
            tenths = whole
        return f"{tenths // 10}.{tenths % 10}%"
    hundredths = Fraction(100 * covered, counted)
    whole, rest = divmod(hundredths.numerator, hundredths.denominator)
    return f"{whole + (1 if 2 * rest >= hundredths.denominator else 0)}%"


@pytest.mark.parametrize(
    ("covered", "counted", "target", "printed"),
    [
        (1, 8, None, "13%"),  # 12.5 → 13, not 12 (half to even)
        (5, 8, None, "63%"),  # 62.5 → 63, not 62
        (3, 8, None, "38%"),
        (1, 8, 0.9, "13%"),
        (5, 8, 0.5, "63%"),
        (1094, 1563, 0.7, "69.9%"),  # 69.994 %: below 70 %, never "70.0%"
        (1095, 1563, 0.7, "70.1%"),  # 70.057 %: reached, one decimal
        (9, 10, 0.9, "90.0%"),  # exactly on target: reached, one decimal
        (89, 100, 0.9, "89%"),  # one point below: whole percent again
        (891, 1000, 0.9, "89.1%"),
        (8995, 10000, 0.9, "89.9%"),  # 89.95 would round to 90.0: cut instead
        (9, 9, 1.0, "100.0%"),
        (1999, 2000, 1.0, "99.9%"),  # 99.95 → never "100.0%" below a 100 % target
        (0, 5, 0.5, "0%"),
        (5, 5, 0.5, "100%"),
        (2, 3, 0.667, "66.6%"),  # 66.667 rounds up to 66.7 ≥ 66.7: cut
        (0, 0, 0.9, "—"),
        (0, 0, None, "—"),
    ],
)
def test_examples(covered: int, counted: int, target: float | None, printed: str) -> None:
    assert rates.rate_text(rates.rate(covered, counted), target) == printed


@given(
    counted=st.integers(min_value=0, max_value=100_000),
    data=st.data(),
    target=st.none() | st.sampled_from(sorted(set(COVERAGE_TARGETS_2030.values())))
    | st.fractions(min_value=0, max_value=1, max_denominator=10_000),
)
@example(counted=1563, data=None, target=0.7)
def test_matches_the_fraction_reference(
    counted: int, data: st.DataObject | None, target: float | Fraction | None
) -> None:
    covered = data.draw(st.integers(0, counted)) if data is not None else 1094
    goal = None if target is None else rates.exact(target)
    printed = rates.rate_text(rates.rate(covered, counted), target)
    assert printed == _reference(covered, counted, goal)
    if goal is not None and counted and Fraction(covered, counted) < goal:
        assert Decimal(printed.rstrip("%")) < 100 * goal  # never reads as reached


@given(
    st.integers(min_value=1, max_value=5_000).flatmap(
        lambda n: st.tuples(st.integers(0, n), st.just(n))
    ),
    st.sampled_from(sorted(set(COVERAGE_TARGETS_2030.values()))),
)
def test_shortfall_is_the_ceiling_minus_the_covered(
    pair: tuple[int, int], target: float
) -> None:
    covered, counted = pair
    goal = Fraction(str(target))
    missing = rates.shortfall(covered, counted, target)
    assert missing == max(0, math.ceil(goal * counted) - covered)
    assert (missing == 0) == rates.reached(covered, counted, target)
    assert rates.reached(covered + (missing or 0), counted, target)  # 还差 N: N more reach it
    if missing:
        assert not rates.reached(covered + missing - 1, counted, target)


def test_shortfall_examples() -> None:
    assert rates.shortfall(1094, 1563, 0.7) == 1  # ⌈1094.1⌉ − 1094
    assert rates.shortfall(9, 10, 0.9) == 0
    assert rates.shortfall(0, 3, 0.5) == 2
    assert rates.shortfall(4, 3, 0.5) == 0  # never below 0
    assert rates.shortfall(0, 0, 0.5) is None
    assert rates.verdict_text(0, 0, 0.5) == "—"
    assert rates.verdict_text(9, 10, 0.9) == "已达标"
    assert rates.verdict_text(1094, 1563, 0.7) == "还差 1 个"


def test_targets_are_compared_as_written() -> None:
    assert Fraction(0.9) != Fraction(9, 10)  # why floats are read as their decimal
    assert rates.exact(0.9) == Fraction(9, 10)
    assert rates.reached(9, 10, 0.9) and rates.reached(7, 10, 0.7)
    assert not rates.reached(1094, 1563, 0.7)
    assert [rates.target_text(t) for t in (0.9, 0.5, 1.0, 0.625, 0.6667)] == [
        "90%", "50%", "100%", "62.5%", "66.7%"]


def test_function_coverage_prints_through_the_rule() -> None:
    meal = FunctionCoverage(Function.MEAL_SERVICE, 1094, 1563, 0.7)
    assert (meal.rate_text, meal.target_text, meal.verdict_text) == ("69.9%", "70%", "还差 1 个")
    assert not meal.met and meal.missing == 1 and meal.share == Fraction(1094, 1563)
    empty = FunctionCoverage(Function.MEAL_SERVICE, 0, 0, 0.7)
    assert (empty.rate_text, empty.verdict_text, empty.missing) == ("—", "—", None)
    assert FunctionCoverage(Function.ELDERLY_CARE, 1, 8, 0.9).rate_text == "13%"
