"""What the 统筹 page shows, read in a worker: the services' figures of an area, as chart rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from app.domain import china_time
from app.domain.enums import Level
from app.domain.operators import Adjustment, Verdict
from app.errors import UsageError
from app.services import freshness, operators
from app.services.compliance import Compliance, target_compliance
from app.services.overview import area_name
from app.services.progress import Progress, progress
from app.store.areas import Scope
from app.store.db import Ledger
from app.task import TaskState

if TYPE_CHECKING:  # the two load reportlab and openpyxl: only when the page first reads
    from app.services.assessment import YearAssessment
    from app.services.ranking import QuarterRanking

By = Literal["legal", "managing"]
FRESH_ROWS = 30
"""How many areas the 未报送 list shows at most, the most silent first (a district has up to 25
streets, the city some 20 districts and zones: all of them, as a rule)."""


PROGRAMME_START = dt.date(2024, 1, 1)
"""The programme's first quarter: the quarter and year choices start here."""


@dataclass(frozen=True)
class Choice:
    """What the page is asked for: the area, the district cut, the quarter and the year."""

    scope: Scope
    by: By = "managing"
    quarter: str = ""
    """"2026Q4"; "" for the current quarter."""
    year: int = 0
    """The assessment year; 0 for the current year."""


@dataclass(frozen=True)
class Silence:
    """An area's days since its last report (None: never), flagged or not, and for a district
    how many of its streets are silent."""

    name: str
    where: str
    """The district (or zone) a street counts under; "" for a district."""
    days: int | None
    flagged: bool
    last: str
    """The day of its last report, "" if none."""
    silent: int = 0
    streets: int = 0


@dataclass(frozen=True)
class Freshness:
    """Who has not reported: the most silent streets, how many are silent, of how many."""

    rows: list[Silence]
    limit: int
    silent: int
    """Streets silent for `limit` days or more (or never heard of)."""
    streets: int
    areas: int
    """The rows there were before the list was cut to FRESH_ROWS."""

    @property
    def shown(self) -> int:
        """The rows shown."""
        return len(self.rows)


@dataclass(frozen=True)
class OperatorsView:
    """The qualified-operator list in force (or as the evaluations make it now, unpublished) and
    the area's facilities whose use suggests an adjustment, for a year."""

    period: str
    """The evaluation period's title (2026年)."""
    version: int | None
    """The list's version; None: none published yet (the draft's figures instead)."""
    on: dt.date
    qualified: tuple[str, ...]
    """The qualified operators' names, in the list's order."""
    listed: int
    evaluations: int
    adjustments: dict[str, int]
    """Facilities to adjust by suggestion (可拓展, 可转换, 能兼容)."""
    low_use: int
    """Of them, little used (可转换 or 能兼容)."""


@dataclass(frozen=True)
class ProgrammeData:
    """Everything the page shows of an area, ready to draw."""

    choice: Choice
    name: str
    level: Level
    day: dt.date
    """The day the figures are for (today)."""
    progress: Progress | None = None
    """Pilots per year, street units, city projects, late projects (services.progress)."""
    compliance: Compliance | None = None
    """The nine 2030 targets per district or zone (services.compliance); None for a street."""
    notes: list[str] = field(default_factory=list)


def quarter_of(day: dt.date) -> str:
    """The quarter a day is in, "2026Q4"."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarters(first: dt.date, last: dt.date) -> list[str]:
    """Every quarter from the one of `first` to the one of `last`, newest first."""
    found = []
    year, quarter = last.year, (last.month - 1) // 3 + 1
    while (year, quarter) >= (first.year, (first.month - 1) // 3 + 1):
        found.append(f"{year}Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return found


def load(ledger: Ledger, choice: Choice, now: dt.datetime, state: TaskState) -> ProgrammeData:
    """The figures of the chosen area (runs in a worker)."""
    scope = choice.scope
    day = china_time.local(now).date()
    data = ProgrammeData(choice, area_name(ledger, scope), scope.level, day)
    if scope.level is Level.COMMUNITY:
        return data
    found = progress(ledger, scope, by=choice.by, today=day)
    if state.cancelled:  # a newer choice is being read: this one is dropped
        return data
    compliance = None
    if scope.level is not Level.STREET:
        compliance = target_compliance(ledger, scope, by=choice.by, today=day)
    return ProgrammeData(choice, data.name, scope.level, day, progress=found,
                         compliance=compliance)


def ranked(level: Level) -> bool:
    """Whether an area has a quarterly ranking and an annual assessment: the city (its
    districts and zones), a district or a zone (its streets; itself for the assessment)."""
    return level in (Level.CITY, Level.DISTRICT, Level.ZONE)


def load_ranking(ledger: Ledger, choice: Choice, now: dt.datetime, _state: TaskState
                 ) -> QuarterRanking | None:
    """The quarter's ranking of the chosen area; None where there is none (runs in a worker;
    it replays the history at the quarter's start and end, so it takes longer than the rest)."""
    from app.services.ranking import quarter_ranking

    if not ranked(choice.scope.level):
        return None
    day = china_time.local(now).date()
    return quarter_ranking(ledger, choice.scope, choice.quarter or quarter_of(day), now=now)


def load_assessment(ledger: Ledger, choice: Choice, now: dt.datetime, _state: TaskState
                    ) -> YearAssessment | None:
    """The year's assessment of the chosen area; None where there is none (runs in a worker)."""
    from app.services.assessment import year_assessment

    if not ranked(choice.scope.level):
        return None
    day = china_time.local(now).date()
    return year_assessment(ledger, choice.scope, str(choice.year or day.year), now=now)


def load_freshness(ledger: Ledger, choice: Choice, now: dt.datetime, _state: TaskState
                   ) -> Freshness | None:
    """Who has not reported in the chosen area (runs in a worker); None for a community."""
    if choice.scope.level is Level.COMMUNITY:
        return None
    return fresh(ledger, choice, now)


def fresh(ledger: Ledger, choice: Choice, now: dt.datetime) -> Freshness:
    """The areas below the chosen one by days since their last report, the most silent first:
    the city's districts (a district's last report is its newest street's), else the streets
    (services.freshness, flagged from the scoring rules' stale_days)."""
    day = china_time.local(now).date()
    found = freshness.freshness(ledger, choice.scope, day, by=choice.by, before=now)
    if choice.scope.level is Level.CITY:
        rows = [Silence(area.name or "—", "", area.days, area.flagged, _shown(area.last),
                        area.silent, len(area.streets)) for area in found.areas]
    else:
        rows = [Silence(street.street, street.report.managing() if choice.by == "managing"
                        else street.report.district, street.days, street.flagged,
                        _shown(street.last)) for street in found.streets]
    rows.sort(key=lambda row: -(row.days if row.days is not None else 1 << 30))
    return Freshness(rows[:FRESH_ROWS], found.threshold, len(found.flagged), len(found.streets),
                     len(rows))


def _shown(moment: dt.datetime | None) -> str:
    return china_time.local(moment).date().isoformat() if moment is not None else ""


def load_operators(ledger: Ledger, choice: Choice, now: dt.datetime, _state: TaskState
                   ) -> OperatorsView | None:
    """The qualified list and the facilities to adjust in the chosen year (runs in a worker)."""
    if choice.scope.level is Level.COMMUNITY:
        return None
    day = china_time.local(now).date()
    period = operators.period_for(choice.year or day.year, day)
    found = operators.rollups(ledger, choice.scope, period)
    adjust = operators.adjustments(ledger, choice.scope, period, found)
    try:
        held = operators.qualified_list(ledger)
        version: int | None = held.version
    except UsageError:  # none published yet: as the evaluations held make it today
        held, version = operators.draft(ledger, day), None
    qualified = tuple(o.name for o in held.operators if o.verdict is Verdict.QUALIFIED)
    kinds: dict[str, int] = {}
    for item in adjust:
        kinds[item.adjustment.label] = kinds.get(item.adjustment.label, 0) + 1
    low = sum(item.adjustment is not Adjustment.EXPAND for item in adjust)
    return OperatorsView(period.title, version, held.on, qualified, len(held.operators),
                         found.evaluations, kinds, low)
