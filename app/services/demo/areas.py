"""Which streets the demo fills, the ledger's city, and the synthetic areas of the city size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from app.domain.entities import DISTRICT, STREET
from app.domain.enums import DistrictKind, Level, StreetKind
from app.errors import UsageError
from app.services.demo.vocabulary import NUMERALS, STREET_WORDS
from app.services.records import natural_id
from app.store import writer
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.settings import get_setting

PILOT_STREETS = ("解放门街道", "南院门街道", "北院门街道")
"""The plan's street-unit pilots (以街道为单元): 新城区解放门街道, 碑林区南院门街道,
莲湖区北院门街道."""


@dataclass(frozen=True)
class Street:
    """A street to fill, with its district's name."""

    id: str
    code: str | None
    name: str
    district: str

    @property
    def key(self) -> str:
        """What seeds this street's random numbers: a street gets the same data in any run."""
        return self.code or self.id


_STREET_SQL = (
    "SELECT s.id, s.code, s.name, coalesce(d.name, '') FROM street s "
    "LEFT JOIN district d ON d.id = s.district_id WHERE s.deleted = 0"
)
_STREET_ORDER = " ORDER BY s.code IS NULL, s.code, s.name"


def streets_to_fill(ledger: Ledger, scope: Scope | None, whole_city: bool) -> list[Street]:
    """The streets to fill: the scope's, the whole city's, or (no scope) the pilot streets."""
    params: dict[str, Any] = {"scope": scope.id if scope else None}
    if whole_city or (scope is not None and scope.level is Level.CITY):
        where = ""
    elif scope is None:
        where = " AND s.name IN (" + ", ".join(f":p{n}" for n in range(len(PILOT_STREETS))) + ")"
        params.update({f"p{n}": name for n, name in enumerate(PILOT_STREETS)})
    elif scope.level is Level.STREET:
        where = " AND s.id = :scope"
    elif scope.level is Level.DISTRICT:
        where = " AND s.district_id = :scope"
    elif scope.level is Level.ZONE:
        where = " AND s.zone_id = :scope"
    else:
        raise UsageError("演示数据按街道生成：请选择市、区县、开发区或街道，而不是单个社区")
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(_STREET_SQL + where + _STREET_ORDER), params).all()
        if not rows and scope is None:  # a ledger of another city: its first three streets stand in
            rows = conn.execute(text(_STREET_SQL + _STREET_ORDER + " LIMIT 3")).all()
    if not rows:
        raise UsageError(
            f"{scope or '台账'}下还没有街道，无法生成演示数据（开发区须先指定所管理的街道）"
        )
    return [Street(r[0], r[1], r[2], r[3]) for r in rows]


@dataclass(frozen=True)
class City:
    """The ledger's city: its code, name and real districts."""

    code: str
    name: str
    districts: tuple[tuple[str, str], ...]  # (code, name) of the real districts, in code order

    @property
    def prefix(self) -> str:
        """The first four digits the city's district codes share."""
        return self.code[:4]


def city_of(ledger: Ledger) -> City:
    """The ledger's city (set by init_ledger) and its real districts (synthetic ones left out)."""
    setting = get_setting(ledger, "city") or {}
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT code, name FROM district WHERE deleted = 0 AND code IS NOT NULL ORDER BY code"
        )).all()
    code = str(setting.get("code") or (rows[0][0][:4] + "00000000" if rows else "000000000000"))
    districts = tuple((c, n) for c, n in rows if not _synthetic(code[:4], c))
    return City(code, str(setting.get("name") or ""), districts)


def _synthetic(prefix: str, district_code: str) -> bool:
    """Whether a district code is one of the synthetic demo districts (<city>9x000000)."""
    return district_code.startswith(prefix) and district_code[4] == "9"


def pad_areas(ledger: Ledger, district_total: int, street_total: int, city: City
              ) -> tuple[int, int]:
    """Add synthetic districts and streets until the area list has these totals.

    SYNTHETIC DEMO DATA: 示范一区…示范七区 (codes <city>90000000…<city>96000000, for Xi'an
    610190000000…610196000000) and their streets do not exist; they only bring the shipped list
    (13 districts and counties, 172 streets and towns) up to the benchmark size of DESIGN.md.
    Like the shipped list they are written as reference data (not logged, never sent upward).
    """
    prefix = city.prefix
    with ledger.write() as conn:
        districts = conn.execute(text("SELECT id, code FROM district WHERE deleted = 0")).all()
        street_rows = conn.execute(text("SELECT code, name FROM street WHERE deleted = 0")).all()
        codes = {c for _, c in districts if c}
        new_districts = []
        for k in range(max(0, district_total - len(districts))):
            if k >= 10:
                raise UsageError("演示数据最多添加 10 个示范区")
            code = f"{prefix}{90 + k}000000"
            if code in codes:
                continue
            record = {"code": code, "name": f"示范{NUMERALS[k]}区",
                      "kind": DistrictKind.DISTRICT.value}
            new_districts.append({**record, "id": natural_id(DISTRICT, record)})
            codes.add(code)
        stamps = [ledger.stamp() for _ in new_districts]
        writer.insert_records(conn, DISTRICT, new_districts, stamps, reference=True)
        synthetic = sorted(c for c in codes if _synthetic(prefix, c))
        targets = synthetic or sorted(codes)
        used_names = {name for _, name in street_rows}
        serials: dict[str, int] = {}
        for code, _ in street_rows:
            if code and code[:6] + "000000" in codes:
                serials[code[:6]] = max(serials.get(code[:6], 0), int(code[6:9]))
        names = (w + s + "街道" for s in ("", "路", "门", "坊") for w in STREET_WORDS)
        new_streets = []
        for n in range(max(0, street_total - len(street_rows))):
            district_code = targets[n % len(targets)]
            serial = serials.get(district_code[:6], 0) + 1
            serials[district_code[:6]] = serial
            name = next(w for w in names if w not in used_names)
            record = {"code": f"{district_code[:6]}{serial:03d}000", "name": name,
                      "kind": StreetKind.STREET.value,
                      "district": natural_id(DISTRICT, {"code": district_code})}
            new_streets.append({**record, "id": natural_id(STREET, record)})
        writer.insert_records(conn, STREET, new_streets, [ledger.stamp() for _ in new_streets],
                              reference=True)
    return len(new_districts), len(new_streets)

