"""How current a ledger's data of an area is: its newest change, and the streets it has nothing of.

GLOSSARY.md (calendar figures): a district's past month can change when late data arrives, so
every report says "数据截至 <date>" (the newest data it holds) and names the areas missing from
it; a community of a street that never reported counts as not covered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from app.domain.enums import Level
from app.services.as_of import IN_SCOPE
from app.store.areas import CITY, Scope, community_ids_sql, configured_scope, street_ids_sql
from app.store.db import Ledger

RECORDS = ("function_status", "space", "demand", "project", "evaluation")
"""What a street reports about its communities (a community alone is not a report)."""


@dataclass(frozen=True)
class Silent:
    """A street this ledger holds no reported data of, with its district (or zone)."""

    district: str
    street: str


def newest_change(ledger: Ledger, scope: Scope | None) -> dt.datetime | None:
    """When the newest change this ledger holds of an area was made (on its own device)."""
    scope = scope or CITY
    newest: list[str] = []
    with ledger.engine.connect() as conn:
        for entity, condition in IN_SCOPE.items():
            where = "entity = :entity AND action != 'conflict'"
            if scope.level is not Level.CITY:
                where += " AND " + condition.format(communities=community_ids_sql(scope))
            found = conn.execute(
                text(f"SELECT made_at FROM history WHERE {where} "
                     "ORDER BY made_at DESC LIMIT 1"), {"entity": entity, "scope": scope.id},
            ).scalar()
            if found:
                newest.append(str(found))
    return dt.datetime.fromisoformat(max(newest)) if newest else None


def silent_streets(ledger: Ledger, scope: Scope | None) -> list[Silent]:
    """The streets of an area that this ledger holds no reported data of, in code order.

    A street has reported when any space, function status, demand, project or evaluation of its
    communities (or a project of the street itself) is here, deleted or not. The ledger's own
    street, where it is a street's ledger, never counts as silent.
    """
    scope = scope or CITY
    if scope.level is Level.COMMUNITY:
        return []
    own = configured_scope(ledger)
    reported = " UNION ".join(
        f"SELECT community_id FROM {table}" for table in RECORDS)
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(
            f"SELECT coalesce(z.name, d.name, ''), s.name, s.id FROM street s "
            f"LEFT JOIN district d ON d.id = s.district_id LEFT JOIN zone z ON z.id = s.zone_id "
            f"WHERE s.deleted = 0 AND s.id IN ({street_ids_sql(scope)}) "
            f"AND s.id NOT IN (SELECT street_id FROM community WHERE id IN ({reported})) "
            f"AND s.id NOT IN (SELECT street_id FROM project WHERE street_id IS NOT NULL) "
            f"ORDER BY s.code, s.name_sort"), {"scope": scope.id}).all()
    return [Silent(district, street) for district, street, street_id in rows
            if not (own is not None and own.level is Level.STREET and own.id == street_id)]


def silent_text(silent: list[Silent]) -> str:
    """The silent streets as a report names them: 新城区：西一路街道、中山门街道；碑林区：…"""
    by_district: dict[str, list[str]] = {}
    for item in silent:
        by_district.setdefault(item.district, []).append(item.street)
    return "；".join(f"{district}：{'、'.join(streets)}" if district else "、".join(streets)
                    for district, streets in by_district.items())
