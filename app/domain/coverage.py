"""Coverage of the nine functions: the share of communities where a function is ready or operating.

The share is taken over all communities that are not 未回迁 (not yet resettled).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from app.domain import rates
from app.domain.enums import COVERAGE_TARGETS_2030, STANDARD_FUNCTIONS, Function, FunctionStatus

COVERING: tuple[FunctionStatus, ...] = tuple(s for s in FunctionStatus if s.covers)
"""The statuses that count toward coverage, for loops over a city's communities at every start:
`status in COVERING` finds a member by identity, where FunctionStatus.covers and a set (an enum's
hash) each cost a Python call."""


@dataclass(frozen=True)
class FunctionCoverage:
    """Coverage of one function in one area, against its 2030 target."""

    function: Function
    covered: int
    total: int
    target: float

    @property
    def share(self) -> Fraction | None:
        """Covered share, exactly; None for an area without countable communities."""
        return rates.rate(self.covered, self.total)

    @property
    def ratio(self) -> float | None:
        """Covered share as a float (for drawing), None without countable communities."""
        return self.covered / self.total if self.total else None

    @property
    def met(self) -> bool:
        """Whether the 2030 target is reached (compared exactly)."""
        return rates.reached(self.covered, self.total, self.target)

    @property
    def missing(self) -> int | None:
        """Communities still to cover to reach the target (还差); None when none is counted."""
        return rates.shortfall(self.covered, self.total, self.target)

    @property
    def rate_text(self) -> str:
        """The coverage as printed beside its target (GLOSSARY "Printed rates")."""
        return rates.rate_text(self.share, self.target)

    @property
    def target_text(self) -> str:
        """The target as printed ("90%")."""
        return rates.target_text(self.target)

    @property
    def verdict_text(self) -> str:
        """达标情况 as printed: 已达标, 还差 N 个, or "—" when no community is counted."""
        return rates.verdict_text(self.covered, self.total, self.target)


@dataclass(frozen=True)
class CommunityState:
    """What coverage needs to know of one community: is it counted, and its status per function."""

    not_resettled: bool
    statuses: Mapping[Function, FunctionStatus]

    def covers(self, function: Function) -> bool:
        """The function is built and ready to operate, or operating, here."""
        status = self.statuses.get(function)
        return status is not None and status.covers


def coverage(
    communities: Iterable[CommunityState], targets: Mapping[Function, float] | None = None
) -> list[FunctionCoverage]:
    """Coverage of each of the nine functions over these communities (未回迁 ones excluded).

    `targets`: the 2030 targets as the office above sent them (default: the city plan's).
    """
    counted = [c for c in communities if not c.not_resettled]
    goals = targets or COVERAGE_TARGETS_2030
    # one pass over the statuses each community has, not nine look-ups per community
    covered = Counter(f for c in counted for f, status in c.statuses.items() if status in COVERING)
    return [FunctionCoverage(f, covered[f], len(counted), goals[f]) for f in Function.nine()]


def standard_covered(community: CommunityState) -> int:
    """How many of the four standard functions a community has (used to order areas)."""
    return sum(community.covers(f) for f in STANDARD_FUNCTIONS)
