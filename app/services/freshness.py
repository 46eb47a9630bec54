"""Who has not reported: each street's newest data and last contact, and those silent too long.

Part 2a (app/sync/contacts.py) keeps when each office below was last heard of: a bundle or a
checkpoint from a device enrolled here, or one its district relayed (the city sees streets through
their districts' bundles). A street with no device of its own here is judged by its data: the
newest change of its communities' records this ledger holds, by when it was made on its own
device. The later of the two is the street's last report. Figures for a past day count only what
was there before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text

from app.domain import china_time
from app.domain.enums import Level
from app.services.data_state import RECORDS
from app.store.areas import CITY, Scope, street_ids_sql
from app.store.db import Ledger
from app.store.programme import scoring
from app.sync import contacts


@dataclass(frozen=True)
class StreetReport:
    """A street of the area and when it last reported, as this ledger knows it."""

    street_id: str
    street: str
    code: str | None
    district: str
    """Its legal district's name."""
    zone: str | None
    """Its managing zone's name, if a zone manages it."""
    last_data: dt.datetime | None
    """When the newest change of its data here was made (on its own device)."""
    last_contact: dt.datetime | None
    """The newest bundle or checkpoint from its office (directly or relayed)."""

    @property
    def last(self) -> dt.datetime | None:
        """Its last report: the later of its newest data and its last contact."""
        known = [t for t in (self.last_data, self.last_contact) if t is not None]
        return max(known) if known else None

    def days_silent(self, day: dt.date) -> int | None:
        """Whole days from its last report (Xi'an calendar) to `day`; None: never reported."""
        last = self.last
        if last is None:
            return None
        return max(0, (day - china_time.local(last).date()).days)

    def managing(self) -> str:
        """The 区县（开发区） the plan counts it under: its zone where one manages it."""
        return self.zone or self.district


def street_reports(ledger: Ledger, scope: Scope | None, before: dt.datetime) -> list[StreetReport]:
    """Every live street of an area, in code order, with its last report before `before`."""
    scope = scope or CITY
    if scope.level is Level.COMMUNITY:
        return []
    stamp = before.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    with ledger.engine.connect() as conn:
        streets = conn.execute(text(
            "SELECT s.id, s.name, s.code, coalesce(d.name, ''), z.name FROM street s "
            "LEFT JOIN district d ON d.id = s.district_id LEFT JOIN zone z ON z.id = s.zone_id "
            f"WHERE s.deleted = 0 AND s.id IN ({street_ids_sql(scope)}) "
            "ORDER BY s.code IS NULL, s.code, s.name_sort"), {"scope": scope.id}).all()
        newest: dict[str, str] = {}
        for table in (*RECORDS, "project"):
            place = ("coalesce(t.street_id, c.street_id)" if table == "project"
                     else "c.street_id")
            rows = conn.execute(text(
                f"SELECT {place}, max(coalesce(h.made_at, h.at)) FROM history h "
                f"JOIN {table} t ON t.id = h.record_id "
                "LEFT JOIN community c ON c.id = t.community_id "
                "WHERE h.entity = :entity AND h.action != 'conflict' "
                "AND coalesce(h.made_at, h.at) < :before "
                f"GROUP BY {place}"), {"entity": table, "before": stamp})
            for street_id, made in rows:
                if street_id and made and made > newest.get(street_id, ""):
                    newest[street_id] = made
        devices = conn.execute(text(
            "SELECT scope_id, max(last_contact) FROM device WHERE role = 'enrolled' "
            "AND scope_level = 'street' AND last_contact IS NOT NULL GROUP BY scope_id")).all()
    heard = {street_id: _moment(last) for street_id, last in devices}
    by_code = {code: street_id for street_id, _n, code, _d, _z in streets if code}
    for relayed in contacts.relayed(ledger):
        street_id = by_code.get(relayed.scope_code or "")
        moment = _moment(relayed.last_contact)
        if street_id and moment is not None:
            heard[street_id] = max(filter(None, (heard.get(street_id), moment)))
    return [
        StreetReport(sid, name, code, district, zone,
                     _moment(newest.get(sid)), _before(heard.get(sid), before))
        for sid, name, code, district, zone in streets
    ]


def silent(reports: Iterable[StreetReport], day: dt.date, days: int) -> list[StreetReport]:
    """The streets that have not reported for `days` days or more by `day` (or never)."""
    found = []
    for report in reports:
        quiet = report.days_silent(day)
        if quiet is None or quiet >= days:
            found.append(report)
    return found


def _moment(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _before(moment: dt.datetime | None, before: dt.datetime) -> dt.datetime | None:
    return moment if moment is not None and moment < before else None


# --- 未报送: the streets and districts flagged --------------------------------------------------


@dataclass(frozen=True)
class StreetFreshness:
    """A street's last report on a day: when, how many days before, flagged when silent."""

    report: StreetReport
    days: int | None
    """Days from its last report to the day (None: never reported)."""
    flagged: bool

    @property
    def street(self) -> str:
        return self.report.street

    @property
    def last(self) -> dt.datetime | None:
        return self.report.last

    @property
    def last_text(self) -> str:
        """Its last report's date as reports print it (从未报送 when none)."""
        last = self.report.last
        return china_time.local(last).date().isoformat() if last is not None else NEVER


@dataclass(frozen=True)
class AreaFreshness:
    """A 区县（开发区）: its streets, its latest report among them, how many are silent."""

    name: str
    streets: tuple[StreetFreshness, ...]
    last: dt.datetime | None
    days: int | None
    silent: int

    @property
    def flagged(self) -> bool:
        """Every one of its streets is silent (the district itself has not reported)."""
        return self.silent == len(self.streets) and bool(self.streets)


@dataclass(frozen=True)
class Freshness:
    """Who has not reported by a day, street by street and per 区县（开发区）."""

    day: dt.date
    threshold: int
    """Days of silence from which a street is flagged (the scoring rules' stale_days)."""
    streets: tuple[StreetFreshness, ...]
    """Flagged first (never reported, then the longest silent), then the others, newest last."""
    areas: tuple[AreaFreshness, ...]
    """In the order of their streets' codes."""

    @property
    def flagged(self) -> list[StreetFreshness]:
        """The streets silent for `threshold` days or more (or never heard of)."""
        return [s for s in self.streets if s.flagged]


NEVER = "从未报送"
"""What a street that never reported shows for its last report."""


def freshness(ledger: Ledger, scope: Scope | None, day: dt.date, *, days: int | None = None,
              by: str = "managing", before: dt.datetime | None = None) -> Freshness:
    """Who has not reported by the end of `day` (Xi'an): each street's last report and days
    since, flagged from `days` (default the scoring rules' stale_days) on; per 区县（开发区）
    (`by` "managing": a zone-managed street under its zone; "legal": under its district)."""
    threshold = scoring(ledger).stale_days if days is None else days
    if threshold < 1:
        raise ValueError("days must be at least 1")
    before = before or _day_end(day)
    reports = street_reports(ledger, scope, before)
    streets = [StreetFreshness(r, r.days_silent(day), _silent(r.days_silent(day), threshold))
               for r in reports]
    areas: dict[str, list[StreetFreshness]] = {}
    for street in streets:
        name = street.report.managing() if by == "managing" else street.report.district
        areas.setdefault(name, []).append(street)
    found_areas = []
    for name, members in areas.items():
        known = [m.last for m in members if m.last is not None]
        last = max(known) if known else None
        quiet = min((m.days for m in members if m.days is not None), default=None)
        found_areas.append(AreaFreshness(name, tuple(members), last, quiet,
                                         sum(m.flagged for m in members)))
    ordered = sorted(streets, key=lambda s: (not s.flagged, s.days is not None,
                                             -(s.days or 0)))
    return Freshness(day, threshold, tuple(ordered), tuple(found_areas))


def _silent(days: int | None, threshold: int) -> bool:
    return days is None or days >= threshold


def _day_end(day: dt.date) -> dt.datetime:
    """The first instant after a Xi'an calendar day."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), china_time.CHINA)
