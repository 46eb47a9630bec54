"""What the demo makes and how much of it: sizes, the days it spans, and each street's plan.

Counts come first (cheap), so that progress knows the total before a record is made.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from app.domain.enums import Function, FunctionStatus
from app.services.demo.areas import PILOT_STREETS, Street
from app.services.demo.vocabulary import PROJECT_PURPOSES

FIRST_DAY = dt.date(2024, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)
"""Demo data runs from the programme's start to this fixed day (fixed: a seed gives one ledger)."""

EVALUATION_DAYS = ("2025-06-30", "2025-12-31", "2026-06-30")

NINE = Function.nine()


@dataclass(frozen=True)
class Scale:
    """How much to generate: ranges per street and per community, and the padding of the area list.

    `*_per_street` fix a street's exact total (the benchmark counts); `districts`/`streets` pad the
    reference list with synthetic areas up to that many when the whole city is generated.
    """

    name: str
    communities: tuple[int, int] = (5, 10)
    spaces: tuple[int, int] = (2, 6)
    demands: tuple[int, int] = (10, 40)
    projects: float = 0.25
    operators: int = 20
    evaluation_rate: float = 0.5
    spaces_per_street: int | None = None
    demands_per_street: int | None = None
    projects_per_street: int | None = None
    districts: int = 0
    streets: int = 0
    batch: int = 5000

    @property
    def pads(self) -> bool:
        """Whether this size adds synthetic districts and streets to reach its totals."""
        return self.districts > 0 or self.streets > 0


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", communities=(2, 3), spaces=(2, 3), demands=(3, 6), projects=0.5,
                  operators=6, batch=100),
    "normal": Scale("normal"),
    # DESIGN.md "Performance budgets": 20 districts, 200 streets, 1,600 communities, 50,000 spaces,
    # 500,000 demands, 5,000 projects: a street has 8 communities, 250 spaces, 2,500 demands and
    # 25 projects.
    "city": Scale("city", communities=(8, 8), spaces=(25, 38), demands=(250, 375), projects=3.125,
                  operators=200, spaces_per_street=250, demands_per_street=2500,
                  projects_per_street=25, districts=20, streets=200),
}

_COVERAGE = {
    Function.ELDERLY_CARE: 0.85, Function.INFANT_CARE: 0.28, Function.CHILD_CARE: 0.6,
    Function.MEAL_SERVICE: 0.62, Function.HOUSEKEEPING: 0.5, Function.HEALTH: 0.7,
    Function.FITNESS: 0.76, Function.CULTURE: 0.8, Function.CHILDREN_PLAY: 0.45,
}
"""Chance that a function is ready or operating: 养老服务 high, 婴幼儿托育 low (as the targets)."""

_UNCOVERED = (
    FunctionStatus.NONE, FunctionStatus.PLANNED, FunctionStatus.BUILDING, FunctionStatus.SUSPENDED,
)


@dataclass
class CommunityPlan:
    """How much one community gets, and the status of each of its nine functions."""

    serial: int
    not_resettled: bool
    spaces: int
    demands: int
    projects: int
    statuses: list[FunctionStatus]
    evaluations: list[tuple[int, str]]  # (index into the nine functions, evaluation day)

    @property
    def records(self) -> int:
        """Records the community makes, itself included."""
        return 1 + self.spaces + len(NINE) + self.demands + self.projects + len(self.evaluations)


@dataclass
class StreetPlan:
    """A street's communities, in order; a pilot street also gets its street-unit project."""

    street: Street
    pilot: bool
    communities: list[CommunityPlan] = field(default_factory=list)

    @property
    def records(self) -> int:
        """Records the street makes."""
        return int(self.pilot) + sum(c.records for c in self.communities)


def _split(rng: random.Random, counts: list[int], total: int | None) -> list[int]:
    """Nudge drawn counts one at a time until they add up to an exact street total."""
    if total is None or not counts:
        return counts
    diff = total - sum(counts)
    while diff:
        i = rng.randrange(len(counts))
        if diff > 0:
            counts[i] += 1
            diff -= 1
        elif counts[i] > 0:
            counts[i] -= 1
            diff += 1
    return counts


def plan_street(street: Street, scale: Scale, seed: int) -> StreetPlan:
    """The counts and statuses of one street, from its own random numbers."""
    rng = random.Random(f"{seed}:plan:{street.key}")
    plan = StreetPlan(street, street.name in PILOT_STREETS)
    n = rng.randint(*scale.communities)
    spaces = _split(rng, [rng.randint(*scale.spaces) for _ in range(n)], scale.spaces_per_street)
    demands = _split(rng, [rng.randint(*scale.demands) for _ in range(n)], scale.demands_per_street)
    whole, fraction = int(scale.projects), scale.projects - int(scale.projects)
    projects = [whole + (rng.random() < fraction) for _ in range(n)]
    if scale.projects_per_street is not None:
        projects = _split(rng, projects, max(0, scale.projects_per_street - plan.pilot))
    projects = [min(p, len(PROJECT_PURPOSES)) for p in projects]
    # streets differ, so that rankings have something to rank; the pilots are ahead
    maturity = rng.uniform(-0.15, 0.1) + (0.08 if plan.pilot else 0)
    for serial in range(1, n + 1):
        not_resettled = rng.random() < 1 / 15
        statuses: list[FunctionStatus] = []
        evaluations: list[tuple[int, str]] = []
        for index, function in enumerate(NINE):
            chance = min(0.98, max(0.02, _COVERAGE[function] + maturity))
            chance *= 0.3 if not_resettled else 1
            if rng.random() < chance:
                status = FunctionStatus.OPERATING if rng.random() < 0.8 else FunctionStatus.READY
            else:
                status = rng.choices(_UNCOVERED, (45, 25, 20, 10))[0]
            statuses.append(status)
            if status is FunctionStatus.OPERATING and rng.random() < scale.evaluation_rate:
                days = sorted(rng.sample(EVALUATION_DAYS, rng.randint(1, 2)))
                evaluations.extend((index, day) for day in days)
        plan.communities.append(CommunityPlan(serial, not_resettled, spaces[serial - 1],
                                              demands[serial - 1], projects[serial - 1], statuses,
                                              evaluations))
    return plan

