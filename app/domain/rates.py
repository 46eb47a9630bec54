"""How a rate is printed (GLOSSARY "Printed rates"): exact fractions, 四舍五入, and 还差 N 个.

A rate is rounded half up to a whole percent; within one point of its target it gets one decimal,
and a rate below its target is never printed equal to it (cut at one decimal instead). An area
with no counted community prints "—" for the rate and for 还差.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

NOTHING = "—"
"""What an area with no counted community shows, for its rate and its 还差."""

HALF = Fraction(1, 2)

Number = Fraction | Decimal | int | float


def exact(value: Number) -> Fraction:
    """A number as an exact fraction; a float is taken as the decimal it is written as (0.9 → 9/10).

    Targets arrive as floats (settings, reference bundles); Fraction(0.9) would be
    0.90000000000000002220…, and 9/10 covered would then fall short of a 90 % target.
    """
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def rate(covered: int, counted: int) -> Fraction | None:
    """covered / counted exactly; None when nothing is counted."""
    return Fraction(covered, counted) if counted > 0 else None


def printed_percent(share: Fraction | None, target: Number | None = None) -> Decimal | None:
    """The percentage a share is printed as: Decimal("13"), Decimal("69.9"); None for no share.

    Whole percent, half up; with one decimal (half up) when within one point of `target`, except
    that a share below its target is cut at one decimal so that it never reads as reaching it.
    """
    if share is None:
        return None
    percent = 100 * share
    goal = None if target is None else 100 * exact(target)
    if goal is not None and abs(percent - goal) < 1:
        tenths = math.floor(percent * 10 + HALF)
        if percent < goal and Fraction(tenths, 10) >= goal:
            tenths = math.floor(percent * 10)
        return Decimal(tenths).scaleb(-1)
    return Decimal(math.floor(percent + HALF))


def percent_text(percent: Decimal | None) -> str:
    """A printed percentage with its sign ("13%", "69.9%"), "—" for none."""
    return NOTHING if percent is None else f"{percent}%"


def rate_text(share: Fraction | None, target: Number | None = None) -> str:
    """A share as printed beside its target ("13%", "69.9%"; "—" when nothing is counted)."""
    return percent_text(printed_percent(share, target))


def target_percent(target: Number) -> Decimal:
    """A target in percent as printed: whole where it is whole (90), else one decimal, half up."""
    percent = 100 * exact(target)
    if percent.denominator == 1:
        return Decimal(percent.numerator)
    return Decimal(math.floor(percent * 10 + HALF)).scaleb(-1)


def target_text(target: Number) -> str:
    """A target as printed ("90%")."""
    return percent_text(target_percent(target))


def reached(covered: int, counted: int, target: Number) -> bool:
    """Whether covered / counted reaches the target, exactly (nothing counted: not reached)."""
    share = rate(covered, counted)
    return share is not None and share >= exact(target)


def shortfall(covered: int, counted: int, target: Number) -> int | None:
    """还差 N 个: ⌈target × counted⌉ − covered, never below 0; None when nothing is counted."""
    if counted <= 0:
        return None
    return max(0, math.ceil(exact(target) * counted) - covered)


def verdict_text(covered: int, counted: int, target: Number) -> str:
    """达标情况 as printed: 已达标, 还差 N 个, or "—" when nothing is counted."""
    missing = shortfall(covered, counted, target)
    if missing is None:
        return NOTHING
    return "已达标" if reached(covered, counted, target) else f"还差 {missing} 个"
