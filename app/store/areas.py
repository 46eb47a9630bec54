"""Areas in the store: the Scope value, finding an area, the own area, SQL keeping rows in one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from app.domain.enums import Level
from app.domain.fields import EntitySpec
from app.errors import UsageError
from app.store.db import Ledger
from app.store.settings import get_setting


@dataclass(frozen=True)
class Scope:
    """An area: its level, and (below the city) the record that is the area."""

    level: Level
    id: str | None = None
    name: str = ""
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.level.label} {self.name}".strip()


CITY = Scope(Level.CITY)

_TABLE = {
    Level.DISTRICT: "district",
    Level.ZONE: "zone",
    Level.STREET: "street",
    Level.COMMUNITY: "community",
}


def find_area(conn: Connection, level: Level, ref: str) -> Scope:
    """The area of a level by id, code or unique name."""
    table = _TABLE[level]
    code = "NULL" if level is Level.ZONE else "code"
    rows = conn.execute(
        text(
            f"SELECT id, name, {code} FROM {table} WHERE deleted = 0 AND "
            f"(id = :r OR name = :r{'' if level is Level.ZONE else ' OR code = :r'})"
        ),
        {"r": ref},
    ).all()
    if not rows:
        raise UsageError(f"找不到{level.label}“{ref}”")
    if len(rows) > 1:
        raise UsageError(f"名为“{ref}”的{level.label}有 {len(rows)} 个，请改用代码")
    return Scope(level, rows[0][0], rows[0][1], rows[0][2])


def configured_scope(ledger: Ledger) -> Scope | None:
    """The installation's own area, if one was set at init."""
    area = get_setting(ledger, "area")
    if not area:
        return None
    return Scope(Level(area["level"]), area["id"], area["name"], area.get("code"))


def community_ids_sql(scope: Scope) -> str:
    """A subquery of the ids of the communities in a scope (uses the :scope parameter)."""
    if scope.level is Level.COMMUNITY:
        return "SELECT :scope"
    return f"SELECT id FROM community WHERE street_id IN ({street_ids_sql(scope)})"


def street_ids_sql(scope: Scope) -> str:
    """A subquery of the ids of the streets in a scope (uses the :scope parameter)."""
    if scope.level is Level.STREET:
        return "SELECT :scope"
    if scope.level is Level.DISTRICT:
        return "SELECT id FROM street WHERE district_id = :scope"
    if scope.level is Level.ZONE:
        return "SELECT id FROM street WHERE zone_id = :scope"
    if scope.level is Level.COMMUNITY:
        return "SELECT street_id FROM community WHERE id = :scope"
    return "SELECT id FROM street"


def receiving_street_ids_sql(scope: Scope) -> str:
    """A subquery of the streets whose rows an office of this scope receives (uses :scope).

    One receiving path per street (DESIGN.md, Sync): a district receives its legal streets
    minus those a development zone manages; a zone receives the streets it manages.
    """
    if scope.level is Level.DISTRICT:
        return "SELECT id FROM street WHERE district_id = :scope AND zone_id IS NULL"
    return street_ids_sql(scope)


def scope_condition(spec: EntitySpec, scope: Scope) -> tuple[str, dict[str, Any]]:
    """A WHERE condition that keeps an entity's records inside a scope ("" for everything)."""
    if scope.level is Level.CITY:
        return "", {}
    params = {"scope": scope.id}
    name = spec.name
    if name == "community":
        return f"community.id IN ({community_ids_sql(scope)})", params
    if name == "street":
        return f"street.id IN ({street_ids_sql(scope)})", params
    if name == "district":
        if scope.level is Level.DISTRICT:
            return "district.id = :scope", params
        return (
            "district.id IN (SELECT district_id FROM street "
            f"WHERE id IN ({street_ids_sql(scope)}))",
            params,
        )
    if name == "zone":
        if scope.level is Level.ZONE:
            return "zone.id = :scope", params
        return (
            f"zone.id IN (SELECT zone_id FROM street WHERE id IN ({street_ids_sql(scope)}))",
            params,
        )
    if name == "project":
        condition = f"(project.community_id IN ({community_ids_sql(scope)})"
        if scope.level is not Level.COMMUNITY:
            condition += f" OR project.street_id IN ({street_ids_sql(scope)})"
        return condition + ")", params
    if spec.scope_field == "community":
        return f"{name}.community_id IN ({community_ids_sql(scope)})", params
    return "", {}  # operators are shared by every area
