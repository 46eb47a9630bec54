"""The official community list: init pre-fills the area's communities, once, logged, code-based."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from app import paths
from app.domain.entities import COMMUNITY
from app.domain.enums import Role
from app.services import demo, official, records, reports, setup
from app.services.areas import default_unit, resolve_scope
from app.store import ids
from app.store.areas import configured_scope
from app.store.db import Ledger
from tests.helpers.cli import run
from tests.helpers.ledgers import template_time
from tests.helpers.pdf import pdf_text


def _official_rows() -> list[dict[str, str]]:
    path = paths.RESOURCES / "seed" / "xian-communities.csv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _communities(ledger: Ledger) -> dict[str, tuple[str, str | None]]:
    with ledger.engine.connect() as conn:
        return {r.id: (r.name, r.code) for r in conn.execute(
            text("SELECT id, name, code FROM community WHERE deleted = 0"))}


def _logged(ledger: Ledger, record_ids: set[str]) -> set[str]:
    with ledger.engine.connect() as conn:
        return {r[0] for r in conn.execute(
            text("SELECT DISTINCT record_id FROM change_log WHERE entity = 'community'"))
            if r[0] in record_ids}


def test_the_shipped_list_is_the_shared_reference_data() -> None:
    shared = Path(__file__).parents[4] / "shared" / "data" / "xian-communities.csv"
    rows = _official_rows()
    assert sum(r["kind"] == "community" for r in rows) == 1563
    assert sum(r["kind"] == "village" for r in rows) == 1660
    if shared.exists():  # the reference data the project copied, unchanged
        shipped = paths.RESOURCES / "seed" / "xian-communities.csv"
        assert shared.read_bytes() == shipped.read_bytes()


def test_init_for_a_street_adds_its_official_communities(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    done = run("--db", db, "init", "--role", "street", "--area", "解放门街道")
    assert done.returncode == 0, done.stderr
    assert "台账中的社区：7 个" in done.stdout
    expected = {(r["short_name"], r["code"]) for r in _official_rows()
                if r["street_name"] == "解放门街道" and r["kind"] == "community"}
    ledger = setup.open_existing(db)
    try:
        found = _communities(ledger)
        assert set(found.values()) == expected
        # code-based ids: the district pre-filling the same community makes the same record
        assert set(found) == {ids.natural_id("community", [code]) for _, code in expected}
        assert _logged(ledger, set(found)) == set(found)  # sent upward like any record
    finally:
        ledger.close()
    again = run("--db", db, "init", "--role", "street", "--area", "解放门街道")
    assert again.returncode == 0, again.stderr
    assert "台账中的社区：7 个" in again.stdout


def test_none_adds_no_community(tmp_path: Path) -> None:
    done = run("--db", tmp_path / "a.db", "init", "--role", "street", "--area", "解放门街道",
               "--communities", "none")
    assert done.returncode == 0, done.stderr
    assert "台账中的社区：0 个" in done.stdout
    wrong = run("--db", tmp_path / "b.db", "init", "--role", "street", "--area", "解放门街道",
                "--communities", "some")
    assert wrong.returncode == 2
    assert "--communities" in wrong.stderr


def test_a_street_and_its_district_hold_the_same_records(tmp_path: Path) -> None:
    with template_time():
        street = setup.init_ledger(tmp_path / "s.db", role="street", area="解放门街道",
                                   communities="all")
        district = setup.init_ledger(tmp_path / "d.db", role="district", area="新城区",
                                     communities="all")
    try:
        at_street, at_district = _communities(street), _communities(district)
        wanted = sum(r["district_name"] == "新城区" and r["kind"] == "community"
                     for r in _official_rows())
        assert len(at_district) == wanted
        assert set(at_street) < set(at_district)
    finally:
        street.close()
        district.close()


def test_the_city_holds_every_community_and_no_village(tmp_path: Path) -> None:
    with template_time():
        ledger = setup.init_ledger(tmp_path / "c.db", role="city", communities="all")
    try:
        assert records.count(ledger, "communities") == 1563
        names = {name for name, _ in _communities(ledger).values()}
        assert not any(name.endswith("村") for name in names if name.endswith("委会"))
    finally:
        ledger.close()


def test_towns_communities_are_offered_and_villages_only_on_request(tmp_path: Path) -> None:
    rows = _official_rows()
    towns = {r["street_code"] for r in rows if r["street_name"].endswith("镇")}
    town = next(code for code in sorted(towns)
                if any(r["street_code"] == code and r["kind"] == "community" for r in rows)
                and any(r["street_code"] == code and r["kind"] == "village" for r in rows))
    offered = official.of_streets([town])
    assert offered and all(not c.village for c in offered)
    with_villages = official.of_streets([town], villages=True)
    assert {c.kind for c in with_villages} == {"community", "village"}
    assert len(with_villages) == sum(r["street_code"] == town for r in rows)


def test_a_community_there_by_street_and_name_is_matched_not_doubled(ledger: Ledger) -> None:
    own = records.create(ledger, "communities", {"name": "东大院社区", "street": "解放门街道"})
    scope = resolve_scope(ledger, "street:解放门街道")
    assert scope is not None
    filled = setup.configure(ledger, Role.STREET, scope,
                             communities=official.of_area(ledger, scope))
    assert (filled.added, filled.matched) == (6, 1)
    found = _communities(ledger)
    assert found[own] == ("东大院社区", "610102005004")  # the code it lacked, filled in
    assert sum(name == "东大院社区" for name, _ in found.values()) == 1
    assert configured_scope(ledger) == scope
    again = setup.configure(ledger, Role.STREET, scope, communities=official.of_area(ledger, scope))
    assert (again.added, again.matched) == (0, 7)


def test_a_deleted_official_community_is_not_brought_back(ledger: Ledger) -> None:
    scope = resolve_scope(ledger, "street:解放门街道")
    assert scope is not None
    wanted = official.of_area(ledger, scope)
    setup.configure(ledger, Role.STREET, scope, communities=wanted)
    first = ids.natural_id(COMMUNITY.name, [wanted[0].code])
    records.delete(ledger, "communities", first)
    again = setup.configure(ledger, Role.STREET, scope, communities=wanted)
    assert again.added == 0
    assert first not in _communities(ledger)


def test_the_demo_uses_real_names_and_codes(tmp_path: Path) -> None:
    with template_time():
        ledger = setup.init_ledger(tmp_path / "demo.db", role="street", area="解放门街道",
                                   communities="all")
    try:
        demo.generate(ledger, configured_scope(ledger), scale="tiny")
        listed = {c.code: c.name for c in official.of_streets(["610102005000"])}
        with ledger.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT name, code, population FROM community WHERE deleted = 0")).all()
        real = [r for r in rows if r.code in listed]
        assert real and all(listed[r.code] == r.name for r in real)
        # the demo's figures went onto the communities init had pre-filled
        assert sum(r.population is not None for r in rows) >= 2
    finally:
        ledger.close()


def test_printouts_carry_the_unit_and_preparer_set_up(tmp_path: Path) -> None:
    with template_time():
        ledger = setup.init_ledger(tmp_path / "p.db", role="street", area="解放门街道",
                                   unit="西安市新城区解放门街道办事处", preparer="王敏")
    try:
        scope = configured_scope(ledger)
        assert setup.printing(ledger) == ("西安市新城区解放门街道办事处", "王敏")
        assert default_unit(ledger, scope) == "西安市新城区解放门街道办事处"
        out = tmp_path / "需求清单.pdf"
        reports.demand_list(ledger, scope, out, today=dt.date(2026, 12, 1))
        printed, _pages = pdf_text(out)
        assert "制表人：王敏" in printed
        assert "西安市新城区解放门街道办事处" in printed
        setup.set_printing(ledger, unit=" ", preparer=None)
        assert default_unit(ledger, scope) == "解放门街道办事处"
    finally:
        ledger.close()


@pytest.mark.parametrize("role", ["street", "district"])
def test_needs_setup_until_a_role_is_set(tmp_path: Path, role: str) -> None:
    with template_time():
        ledger = setup.init_ledger(tmp_path / "n.db")
    try:
        assert setup.needs_setup(ledger)
        area = resolve_scope(ledger, "street:解放门街道" if role == "street" else "district:新城区")
        setup.configure(ledger, Role(role), area, communities=[])
        assert not setup.needs_setup(ledger)
    finally:
        ledger.close()
