"""What the 统筹 page shows, read in a worker: the services' figures of an area, as chart rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from app.domain import china_time
from app.domain.enums import Level
from app.services import freshness
from app.services.compliance import Compliance, target_compliance
from app.services.overview import area_name
from app.services.progress import Progress, progress
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.programme import scoring
from app.task import TaskState

By = Literal["legal", "managing"]
FRESH_ROWS = 30
"""How many areas the 未报送 list shows at most, the most silent first (a district has up to 25
streets, the city some 20 districts and zones: all of them, as a rule)."""


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
    freshness: Freshness | None = None
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
                         compliance=compliance, freshness=fresh(ledger, choice, now))


def fresh(ledger: Ledger, choice: Choice, now: dt.datetime) -> Freshness:
    """The areas below the chosen one by days since their last report, the most silent first:
    the city's districts (a district's last report is its newest street's), else the streets."""
    limit = scoring(ledger).stale_days
    day = china_time.local(now).date()
    reports = freshness.street_reports(ledger, choice.scope, now)
    quiet = freshness.silent(reports, day, limit)
    if choice.scope.level is Level.CITY:
        rows = _district_rows(reports, quiet, choice.by, day, limit)
    else:
        rows = []
        for report in reports:
            days = report.days_silent(day)
            where = report.managing() if choice.by == "managing" else report.district
            rows.append(Silence(report.street, where, days, days is None or days >= limit,
                                _shown(report.last)))
    rows.sort(key=lambda row: -(row.days if row.days is not None else 1 << 30))
    return Freshness(rows[:FRESH_ROWS], limit, len(quiet), len(reports), len(rows))


def _district_rows(reports: list[freshness.StreetReport], quiet: list[freshness.StreetReport],
                   by: By, day: dt.date, limit: int) -> list[Silence]:
    """One row per district (or zone): its newest street report, and how many are silent."""
    def area(report: freshness.StreetReport) -> str:
        return report.managing() if by == "managing" else report.district

    silent_ids = {r.street_id for r in quiet}
    grouped: dict[str, list[freshness.StreetReport]] = {}
    for report in reports:
        grouped.setdefault(area(report), []).append(report)
    rows = []
    for name, streets in grouped.items():
        known = [r.last for r in streets if r.last is not None]
        last = max(known) if known else None
        days = None if last is None else max(0, (day - china_time.local(last).date()).days)
        silent = sum(r.street_id in silent_ids for r in streets)
        rows.append(Silence(name or "—", "", days, days is None or days >= limit, _shown(last),
                            silent, len(streets)))
    return rows


def _shown(moment: dt.datetime | None) -> str:
    return china_time.local(moment).date().isoformat() if moment is not None else ""
