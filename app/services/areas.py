"""Areas: resolving `--scope LEVEL:NAME|CODE`, SQL keeping a list inside a scope, the area tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from app.domain.enums import Level
from app.domain.fields import EntitySpec
from app.errors import UsageError
from app.store.db import Ledger


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


def parse_scope(conn: Connection, spec_text: str) -> Scope:
    """The scope named "street:解放门街道" or "community:610102005001" (a name must be unique)."""
    level_word, sep, ref = spec_text.partition(":")
    if not sep:
        level_word, sep, ref = spec_text.partition("：")
    level = Level.parse(level_word.strip())
    if level is None:
        raise UsageError(
            f"范围“{spec_text}”的层级不对，应为 city、district、zone、street、community 之一"
        )
    if level is Level.CITY:
        return CITY
    ref = ref.strip()
    if not ref:
        raise UsageError(f"范围“{spec_text}”缺少名称或代码，例如 street:解放门街道")
    return find_area(conn, level, ref)


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


def resolve_scope(ledger: Ledger, spec_text: str | None) -> Scope | None:
    """parse_scope() on a ledger; None when no scope was given."""
    if not spec_text:
        return None
    with ledger.engine.connect() as conn:
        return parse_scope(conn, spec_text)


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


@dataclass
class AreaNode:
    """A node of the area tree: district (or zone) → street → community."""

    level: Level
    id: str
    name: str
    code: str | None
    children: list[AreaNode]


def area_tree(ledger: Ledger, *, by_zone: bool = False) -> list[AreaNode]:
    """Districts (or zones) with their streets and communities, in code then name order."""
    with ledger.engine.connect() as conn:
        parent_level, parent_table = (
            (Level.ZONE, "zone") if by_zone else (Level.DISTRICT, "district")
        )
        parent_code = "NULL" if by_zone else "code"
        parents = conn.execute(
            text(
                f"SELECT id, name, {parent_code} FROM {parent_table} WHERE deleted = 0 "
                f"ORDER BY {parent_code} IS NULL, {parent_code}, name"
            )
        ).all()
        link = "zone_id" if by_zone else "district_id"
        streets = conn.execute(
            text(
                f"SELECT id, name, code, {link} FROM street WHERE deleted = 0 "
                "ORDER BY code IS NULL, code, name"
            )
        ).all()
        communities = conn.execute(
            text(
                "SELECT id, name, code, street_id FROM community WHERE deleted = 0 "
                "ORDER BY code IS NULL, code, name"
            )
        ).all()
    by_street: dict[str, list[AreaNode]] = {}
    for cid, name, code, street_id in communities:
        by_street.setdefault(street_id, []).append(AreaNode(Level.COMMUNITY, cid, name, code, []))
    by_parent: dict[str | None, list[AreaNode]] = {}
    for sid, name, code, parent in streets:
        by_parent.setdefault(parent, []).append(
            AreaNode(Level.STREET, sid, name, code, by_street.get(sid, []))
        )
    nodes = [
        AreaNode(parent_level, pid, name, code, by_parent.get(pid, []))
        for pid, name, code in parents
    ]
    return nodes


def issuing_unit(scope: Scope | None) -> str:
    """Who issues a report of this area, as its seal reads (制表单位)."""
    if scope is None or scope.level is Level.CITY:
        return "西安市社区嵌入式服务设施建设工作专班"
    if scope.level is Level.COMMUNITY:
        return f"{scope.name}居民委员会"
    if scope.level is Level.STREET:
        return f"{scope.name}办事处"
    if scope.level is Level.ZONE:
        return f"{scope.name}管委会"
    return f"{scope.name}人民政府"
