"""Areas as people name them: resolving `--scope LEVEL:NAME|CODE`, the area tree, issuing units."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from app.domain.enums import Level
from app.errors import UsageError
from app.store.areas import CITY, Scope, find_area
from app.store.db import Ledger
from app.store.settings import get_setting


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


def resolve_scope(ledger: Ledger, spec_text: str | None) -> Scope | None:
    """parse_scope() on a ledger; None when no scope was given."""
    if not spec_text:
        return None
    with ledger.engine.connect() as conn:
        return parse_scope(conn, spec_text)


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
                f"ORDER BY {parent_code} IS NULL, {parent_code}, name_sort"
            )
        ).all()
        link = "zone_id" if by_zone else "district_id"
        streets = conn.execute(
            text(
                f"SELECT id, name, code, {link} FROM street WHERE deleted = 0 "
                "ORDER BY code IS NULL, code, name_sort"
            )
        ).all()
        communities = conn.execute(
            text(
                "SELECT id, name, code, street_id FROM community WHERE deleted = 0 "
                "ORDER BY code IS NULL, code, name_sort"
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


def home_tree(ledger: Ledger, home: Scope | None) -> list[AreaNode]:
    """The areas the window shows: the office's own area alone (a street with its communities,
    a district or zone with its streets), or every district for the city and a ledger without
    an area."""
    if home is None or home.level in (Level.CITY, Level.COMMUNITY):
        return area_tree(ledger)
    nodes = area_tree(ledger, by_zone=home.level is Level.ZONE)
    found = _find(nodes, home)
    return [found] if found is not None else nodes


def _find(nodes: list[AreaNode], wanted: Scope) -> AreaNode | None:
    for node in nodes:
        if node.level is wanted.level and node.id == wanted.id:
            return node
        found = _find(node.children, wanted)
        if found is not None:
            return found
    return None


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


def default_unit(ledger: Ledger | None, scope: Scope | None) -> str:
    """The 制表单位 a report gets when none is given: the one set up, else the area's office."""
    return (get_setting(ledger, "unit") if ledger is not None else None) or issuing_unit(scope)
