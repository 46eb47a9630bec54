"""Creating a ledger: the reference list, and this installation's role and area.

The reference list gives the districts, streets and zones.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app import paths
from app.domain.entities import DISTRICT, STREET, ZONE
from app.domain.enums import DistrictKind, Level, Role, StreetKind
from app.domain.fields import EntitySpec
from app.errors import UsageError
from app.services import official
from app.store import backup, ids, writer
from app.store.areas import CITY, Scope, find_area
from app.store.db import Ledger, open_ledger
from app.store.settings import get_setting, set_settings


@dataclass(frozen=True)
class Division:
    """One row of the reference list."""

    code: str
    name: str
    level: str
    parent_code: str


def read_divisions(path: Path | None = None) -> list[Division]:
    """The official division list shipped in resources/seed."""
    path = path or paths.RESOURCES / "seed" / "xian-divisions.csv"
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return [
            Division(r["code"], r["name"], r["level"], r["parent_code"])
            for r in csv.DictReader(lines)
        ]


def read_zones() -> list[str]:
    """Names of the development zones shipped in resources/seed."""
    with (paths.RESOURCES / "seed" / "zones.csv").open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return [r["name"] for r in csv.DictReader(lines)]


def city() -> dict[str, str]:
    """Code and name of the city of the shipped reference list."""
    data: dict[str, str] = json.loads(
        (paths.RESOURCES / "seed" / "city.json").read_text(encoding="utf-8")
    )
    return data


def load_reference(ledger: Ledger) -> int:
    """Add the reference list's districts, streets and zones the ledger lacks; returns how many."""
    divisions = read_divisions()
    district_ids = {
        d.code: ids.natural_id("district", [d.code])
        for d in divisions
        if d.level != "street" and d.level != "town"
    }
    planned: dict[EntitySpec, list[dict[str, Any]]] = {
        DISTRICT: [
            {
                "id": district_ids[d.code],
                "code": d.code,
                "name": d.name,
                "kind": DistrictKind.COUNTY.value
                if d.level == "county"
                else DistrictKind.DISTRICT.value,
            }
            for d in divisions
            if d.code in district_ids
        ],
        ZONE: [{"id": ids.natural_id("zone", [name]), "name": name} for name in read_zones()],
        STREET: [
            {
                "id": ids.natural_id("street", [d.code]),
                "code": d.code,
                "name": d.name,
                "kind": StreetKind.TOWN.value if d.level == "town" else StreetKind.STREET.value,
                "district": district_ids.get(d.parent_code),
                "zone": None,
            }
            for d in divisions
            if d.level in ("street", "town")
        ],
    }
    added = 0
    with ledger.write() as conn:
        for spec, records in planned.items():
            have = {r[0] for r in conn.execute(text(f"SELECT id FROM {spec.name}"))}
            new = [r for r in records if r["id"] not in have]
            writer.insert_records(conn, spec, new, [ledger.stamp() for _ in new], reference=True)
            added += len(new)
    return added


def resolve_area(ledger: Ledger, role: Role, area: str | None) -> Scope | None:
    """The area an installation of this role covers (a zone counts as a district)."""
    if not area:
        return None
    with ledger.engine.connect() as conn:
        if role is Role.STREET:
            return find_area(conn, Level.STREET, area)
        if role is Role.DISTRICT:
            try:
                return find_area(conn, Level.DISTRICT, area)
            except UsageError:
                return find_area(conn, Level.ZONE, area)
    return None


def open_existing(path: Path) -> Ledger:
    """Open an existing ledger (upgrading its schema after a backup); LedgerMissing if absent."""
    return open_ledger(path)


def daily_backup(ledger: Ledger) -> Path | None:
    """The rolling daily backup made at start (a week kept); None if today's exists."""
    return backup.ensure_daily_backup(ledger.path)


COMMUNITIES = ("all", "none")
"""What `init` does with the official communities of the area: add them all, or none."""


def init_ledger(path: Path, *, role: str | None = None, area: str | None = None,
                communities: str = "none", unit: str | None = None,
                preparer: str | None = None) -> Ledger:
    """Create (or bring up to date) a ledger with the reference list; set role and area and
    (`communities` "all", as `init` does by default) add the area's official communities."""
    if communities not in COMMUNITIES:
        raise UsageError(
            f"--communities 应为 all（全部官方社区）或 none（不添加），不是“{communities}”")
    ledger = open_ledger(path, create=True)
    try:
        load_reference(ledger)
        if get_setting(ledger, "city") is None:
            set_settings(ledger, city=city())
        if role is not None or area is not None:
            parsed = Role.parse(role or get_setting(ledger, "role") or "")
            if parsed is None:
                raise UsageError(
                    f"角色“{role}”不对，应为 street（街道）、district（区县）或 city（市）"
                )
            scope = resolve_area(ledger, parsed, area)
            wanted = None if communities == "none" else official.of_area(ledger, scope or CITY)
            configure(ledger, parsed, scope, communities=wanted)
        if unit is not None or preparer is not None:
            set_printing(ledger, unit=unit, preparer=preparer)
    except Exception:
        ledger.close()
        raise
    return ledger


def configure(ledger: Ledger, role: Role, area: Scope | None, *,
              communities: Iterable[official.OfficialCommunity] | None = None) -> official.Filled:
    """Set this installation's role and area, and add the official communities chosen."""
    set_settings(
        ledger,
        role=role.value,
        area=None
        if area is None or area.level is Level.CITY
        else {"level": area.level.value, "id": area.id, "name": area.name, "code": area.code},
    )
    return official.add(ledger, communities or ())


def set_printing(ledger: Ledger, *, unit: str | None, preparer: str | None) -> None:
    """制表单位 and 制表人 for printouts (an empty one: the default, a blank line)."""
    set_settings(ledger, unit=(unit or "").strip() or None,
                 preparer=(preparer or "").strip() or None)


def printing(ledger: Ledger) -> tuple[str | None, str | None]:
    """The 制表单位 and 制表人 set for printouts, if any."""
    return get_setting(ledger, "unit"), get_setting(ledger, "preparer")


def needs_setup(ledger: Ledger) -> bool:
    """Nobody has said yet who uses this ledger (no role set): the first-run set-up is due."""
    return get_setting(ledger, "role") is None
