"""The official community list (2023 division codes) and filling a ledger's area with it.

Every ledger holds the official communities of its area (GLOSSARY.md, "Denominators"): they are
written as logged records whose id comes from the code, so the same community pre-filled at a
street and at its district is one record. A community already there by (street, name) is matched
instead of doubled.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app import paths
from app.domain.entities import COMMUNITY
from app.domain.enums import Level
from app.services.records import natural_id
from app.store import writer
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.rows import fetch

COMMUNITY_KIND = "community"
"""社区居委会: the programme's subject."""

VILLAGE_KIND = "village"
"""村委会: offered only on request."""


@dataclass(frozen=True)
class OfficialCommunity:
    """One village-level division of the official list."""

    code: str
    name: str
    """The short name (东大院社区), as ledgers write it."""
    official_name: str
    """The full name (东大院社区居委会)."""
    kind: str
    street_code: str
    street_name: str
    district_code: str
    district_name: str

    @property
    def village(self) -> bool:
        return self.kind == VILLAGE_KIND


@dataclass(frozen=True)
class Filled:
    """What adding official communities did."""

    added: int = 0
    matched: int = 0
    """Already there: by code, or by (street, name) (then given the code if it had none)."""
    unknown_street: int = 0
    """Their street is not in the ledger's reference list."""

    def __str__(self) -> str:
        text = f"新增 {self.added} 个社区"
        if self.matched:
            text += f"，{self.matched} 个已在台账中"
        if self.unknown_street:
            text += f"，{self.unknown_street} 个所属街道不在参考名录中，未添加"
        return text


@cache
def _read(path: Path) -> tuple[OfficialCommunity, ...]:
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return tuple(
            OfficialCommunity(
                r["code"], r["short_name"], r["official_name"], r["kind"], r["street_code"],
                r["street_name"], r["district_code"], r["district_name"],
            )
            for r in csv.DictReader(lines)
        )


def all_communities(path: Path | None = None) -> tuple[OfficialCommunity, ...]:
    """Every entry of the official list shipped in resources/seed, in code order."""
    return _read(path or paths.RESOURCES / "seed" / "xian-communities.csv")


def of_streets(street_codes: Iterable[str], *, villages: bool = False
               ) -> list[OfficialCommunity]:
    """The official communities of these streets (villages too if asked), in code order."""
    wanted = set(street_codes)
    return [c for c in all_communities()
            if c.street_code in wanted and (villages or not c.village)]


def street_codes_of(ledger: Ledger, scope: Scope) -> list[str]:
    """The division codes of the streets (towns) in an area of the ledger's reference list."""
    if scope.level is Level.COMMUNITY:
        return []
    where, params = {
        Level.CITY: ("", {}),
        Level.DISTRICT: (" AND district_id = :id", {"id": scope.id}),
        Level.ZONE: (" AND zone_id = :id", {"id": scope.id}),
        Level.STREET: (" AND id = :id", {"id": scope.id}),
    }[scope.level]
    with ledger.engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT code FROM street WHERE deleted = 0 AND code IS NOT NULL{where}"),
            params,
        )
        return [r[0] for r in rows]


def of_area(ledger: Ledger, scope: Scope, *, villages: bool = False) -> list[OfficialCommunity]:
    """The official communities of an area (a zone: of the streets it was given)."""
    return of_streets(street_codes_of(ledger, scope), villages=villages)


def add(ledger: Ledger, communities: Iterable[OfficialCommunity]) -> Filled:
    """Add these official communities, one transaction, each once: logged, code-based ids."""
    wanted = list(communities)
    if not wanted:
        return Filled()
    added = matched = unknown = 0
    with ledger.write() as conn:
        streets: dict[str, str] = dict(conn.execute(
            text("SELECT code, id FROM street WHERE deleted = 0 AND code IS NOT NULL")).all())
        by_id: dict[str, Any] = {}
        by_name: dict[tuple[str, str], Any] = {}
        for row in conn.execute(text("SELECT id, street_id, name, code, deleted FROM community")):
            by_id[row.id] = row
            if not row.deleted:
                by_name[(row.street_id, row.name)] = row
        new: list[dict[str, Any]] = []
        for community in wanted:
            street = streets.get(community.street_code)
            if street is None:
                unknown += 1
                continue
            record: dict[str, Any] = {
                "code": community.code, "name": community.name, "street": street,
                "not_resettled": False,
            }
            record_id = natural_id(COMMUNITY, record)
            if record_id in by_id:  # there already (or deleted there on purpose: left so)
                matched += 1
                continue
            twin = by_name.get((street, community.name))
            if twin is not None:
                matched += 1
                old = fetch(conn, COMMUNITY, twin.id) if twin.code is None else None
                if old is not None:
                    writer.update_record(conn, COMMUNITY, twin.id, old,
                                         {"code": community.code}, ledger.stamp())
                continue
            new.append({**record, "id": record_id})
            by_id[record_id] = record
        writer.insert_records(conn, COMMUNITY, new, [ledger.stamp() for _ in new])
        added = len(new)
    return Filled(added, matched, unknown)
