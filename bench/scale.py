"""The size the benchmarks run at: DESIGN.md's city scale, or 1/3 or 1/10 of it in the same shape.

DESIGN.md ("Performance budgets", growth) measures every figure at 1/10, 1/3 and full city scale.
A smaller scale keeps the areas (districts, streets, communities) and scales what they hold.
"""

from __future__ import annotations

import dataclasses

from app.services import demo

FRACTIONS = {"city": 1.0, "third": 1 / 3, "tenth": 1 / 10}
"""Scale name → fraction of the city scale."""

FRACTIONS_ASCENDING = sorted(FRACTIONS, key=FRACTIONS.__getitem__)
"""The scales, smallest first (--growth)."""

_chosen = "city"


def choose(name: str) -> None:
    """Run the benchmarks that follow at this scale (a key of FRACTIONS)."""
    global _chosen
    if name not in FRACTIONS:
        raise ValueError(f"unknown scale {name!r}: {', '.join(FRACTIONS)}")
    _chosen = name


def chosen() -> str:
    """The scale the benchmarks run at now."""
    return _chosen


def scaled(count: int, name: str | None = None) -> int:
    """A count of the city scale at the chosen (or named) scale; at least 1."""
    return max(1, round(count * FRACTIONS[name or _chosen]))


def shrink(size: demo.Scale, name: str | None = None) -> demo.Scale:
    """A demo size at the chosen (or named) scale: the same areas, each holding less."""
    name = name or _chosen
    if FRACTIONS[name] == 1.0:
        return size

    def pair(low_high: tuple[int, int]) -> tuple[int, int]:
        return scaled(low_high[0], name), scaled(low_high[1], name)

    def total(count: int | None) -> int | None:
        return None if count is None else scaled(count, name)

    return dataclasses.replace(
        size, name=f"{size.name}-{name}", spaces=pair(size.spaces), demands=pair(size.demands),
        projects=size.projects * FRACTIONS[name], operators=scaled(size.operators, name),
        spaces_per_street=total(size.spaces_per_street),
        demands_per_street=total(size.demands_per_street),
        projects_per_street=total(size.projects_per_street))
