"""Records as they stood at a past moment, replayed from the history (a past report never moves)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, text

from app.domain import china_time
from app.store import personal
from app.store.areas import CITY, Scope, community_ids_sql
from app.store.db import Ledger

IN_SCOPE = {
    "community": "record_id IN ({communities})",
    "function_status": (
        "record_id IN (SELECT id FROM function_status WHERE community_id IN ({communities}))"
    ),
    "demand": "record_id IN (SELECT id FROM demand WHERE community_id IN ({communities}))",
    "project": (
        "record_id IN (SELECT id FROM project WHERE community_id IN ({communities}) "
        "OR street_id IN (SELECT street_id FROM community WHERE id IN ({communities})))"
    ),
}


def month_end(year: int, month: int) -> dt.datetime:
    """The first instant after a month, Xi'an time, in UTC (history times are UTC)."""
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.datetime.combine(first_next, dt.time(), china_time.CHINA).astimezone(dt.UTC)


def records_as_of(
    ledger: Ledger, entity: str, scope: Scope | None, before: dt.datetime
) -> dict[str, dict[str, Any]]:
    """The live records of an entity in an area as they stood just before `before`, replayed
    from the changes made before it (by `made_at`, wherever they were merged later).

    Values are as the history writes them (dates as ISO text, choices by identifier). Which
    records are in the area is decided by where they are now: a community that changed street
    is counted in its present one.
    """
    return records_as_of_each(ledger, entity, scope, [before])[0]


def records_as_of_each(
    ledger: Ledger, entity: str, scope: Scope | None, befores: Sequence[dt.datetime]
) -> list[dict[str, dict[str, Any]]]:
    """records_as_of at several instants, in one reading of the history (a quarter's start and
    end at city scale: half a million demands are read once, not twice)."""
    if not befores:
        return []
    scope = scope or CITY
    stamps = [_stamp(b) for b in befores]
    # by when each change was made, on its own device (a street's November, merged in December,
    # is still November's); in clock order, so each field ends with its register's value; the
    # losing values of conflicts never were the record's
    where = "entity = :entity AND coalesce(made_at, at) < :before AND action != 'conflict'"
    params: dict[str, Any] = {"entity": entity, "before": max(stamps)}
    if scope.level is not CITY.level:
        where += " AND " + IN_SCOPE[entity].format(communities=community_ids_sql(scope))
        params["scope"] = scope.id
    found: list[dict[str, dict[str, Any]]] = [{} for _ in stamps]
    sealed = {f.name for f in personal.PERSONAL.get(entity, ())}
    with ledger.engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT record_id, changes, coalesce(made_at, at) FROM history WHERE {where} "
                 "ORDER BY hlc, id"),
            params,
        )
        for record_id, changes, made in rows:
            diff = json.loads(changes) if isinstance(changes, str) else changes
            for stamp, records in zip(stamps, found, strict=True):
                if made >= stamp:
                    continue
                record = records.setdefault(record_id, {"id": record_id, "deleted": False})
                for name, (_old, new) in diff.items():
                    if name not in sealed:  # figures never count personal values
                        record[name] = new
    return [{k: v for k, v in records.items() if not v.get("deleted")} for records in found]


def _stamp(moment: dt.datetime) -> str:
    """A moment as the history's `at` column writes it (UTC, milliseconds), for comparing."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def fields_as_of_each(
    ledger: Ledger, entity: str, scope: Scope | None, befores: Sequence[dt.datetime],
    fields: Sequence[str],
) -> list[Mapping[str, Row]]:
    """records_as_of_each for a few fields, replaying only the records changed at or after each
    instant: one unchanged since is as its row says now (a city's half a million demands, most
    made long before the quarter, are read from their table, not replayed from the history)."""
    from app.domain.entities import ENTITIES
    from app.store.areas import scope_condition

    spec = ENTITIES[entity]
    columns = [spec.field(name).column for name in fields]
    scope = scope or CITY
    condition, params = scope_condition(spec, scope)
    changed = ("SELECT record_id FROM history WHERE made_at >= :before AND entity = :entity "
               "UNION ALL SELECT record_id FROM history WHERE made_at IS NULL "
               "AND at >= :before AND entity = :entity")
    wanted = {*fields, "deleted"}
    found: list[Mapping[str, Row]] = []
    with ledger.engine.connect() as conn:
        # repeated values (community ids, dates, statuses) are kept once: half a million
        # rows otherwise hold half a million copies of each
        row_type = _row_type(fields)
        now = {sys.intern(row[0]): row_type(map(_shared, row[1:]))
               for row in conn.execute(text(
            f"SELECT id, {', '.join(columns)} FROM {entity} WHERE deleted = 0"
            + (f" AND {condition}" if condition else "")), params)}
        for before in befores:
            stamp = {**params, "entity": entity, "before": _stamp(before)}
            later = {sys.intern(r) for (r,) in conn.execute(text(changed), stamp)}
            replayed = _replayed(conn, entity, scope, stamp, later, changed, wanted,
                                 few=4 * len(later) <= len(now)) if later else {}
            # a view over the rows, not a copy per instant (~100 MB each at city scale)
            records = _AsOf(now, later, {k: row_type(v.get(name) for name in fields)
                                         for k, v in replayed.items()})
            found.append(records)
    return found


class Row(tuple[Any, ...]):
    """A record's few fields as a tuple (a third of a dict's size), read by name with get."""

    __slots__ = ()
    names: ClassVar[dict[str, int]] = {}

    def get(self, name: str, default: Any = None) -> Any:
        """The field's value (default for a field not read)."""
        index = self.names.get(name)
        return default if index is None else self[index]

    def as_dict(self) -> dict[str, Any]:
        """The fields by name."""
        return {name: self[i] for name, i in self.names.items()}


def _row_type(fields: Sequence[str]) -> type[Row]:
    return type("Row", (Row,), {"__slots__": (), "names": {n: i for i, n in enumerate(fields)}})


class _AsOf(Mapping[str, Row]):
    """The records at an instant: the rows now, less those changed since, plus those replayed."""

    def __init__(self, now: dict[str, Row], later: set[str], replayed: dict[str, Row]) -> None:
        self._now, self._later, self._replayed = now, later, replayed
        self._size = sum(1 for k in now if k not in later) + len(replayed)

    def __getitem__(self, key: str) -> Row:
        if key in self._later:
            return self._replayed[key]
        return self._now[key]

    def __iter__(self) -> Iterator[str]:
        yield from (k for k in self._now if k not in self._later)
        yield from self._replayed

    def __len__(self) -> int:
        return self._size


def _shared(value: Any) -> Any:
    return sys.intern(value) if isinstance(value, str) else value


def _replayed(conn: Connection, entity: str, scope: Scope, stamp: dict[str, Any],
              later: set[str], changed: str, wanted: set[str], *, few: bool
              ) -> dict[str, dict[str, Any]]:
    """The records changed since an instant as they stood before it (those alive then)."""
    where = "entity = :entity AND action != 'conflict'"
    if scope.level is not CITY.level:
        where += " AND " + IN_SCOPE[entity].format(communities=community_ids_sql(scope))
        stamp = {**stamp, "scope": scope.id}
    if few:  # look them up by id
        where += f" AND record_id IN ({changed})"
    # else: the history before the instant by its made_at index, kept when changed since
    rows = conn.execute(text(
        f"SELECT record_id, changes, hlc, id FROM history WHERE {where} AND made_at < :before "
        f"UNION ALL SELECT record_id, changes, hlc, id FROM history WHERE {where} "
        "AND made_at IS NULL AND at < :before ORDER BY hlc, id"), stamp)
    replayed: dict[str, dict[str, Any]] = {}
    for record_id, changes, _hlc, _id in rows:
        if record_id not in later:
            continue
        record = replayed.setdefault(record_id, {"deleted": False})
        diff = json.loads(changes) if isinstance(changes, str) else changes
        for name, (_old, new) in diff.items():
            if name in wanted:
                record[name] = new
    return {k: v for k, v in replayed.items() if not v["deleted"]}
