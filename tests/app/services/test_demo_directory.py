"""The demo's programme directory: as the city keeps it, and the demo's projects agree with it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from app.domain.enums import ProjectTier
from app.domain.programme import ChangeKind
from app.services import demo, records
from app.services.demo.planning import LAST_DAY
from app.store.db import open_ledger
from app.store.programme import directory
from tests.helpers.ledgers import copy_ledger


def test_the_default_demo_holds_the_citys_directory(street_demo_template: Path,
                                                    tmp_path: Path) -> None:
    ledger = open_ledger(copy_ledger(street_demo_template, tmp_path / "台账.db"))
    try:
        held = directory(ledger)
        projects = records.list_records(ledger, "projects")
    finally:
        ledger.close()
    entries = held.entries_on(LAST_DAY).values()
    pilots = Counter(e.year for e in entries
                     if e.tier is ProjectTier.NATIONAL_PILOT and not e.street_unit)
    assert pilots == {2024: 35, 2025: 32, 2026: 40}
    assert sum(pilots.values()) == 107
    units = sorted(e.project for e in entries if e.street_unit)
    assert len(units) == 3 and all("以街道为单元" in u for u in units)
    assert any(u.startswith("新城区解放门街道") for u in units)
    city = [e for e in entries if e.tier is ProjectTier.CITY_PROJECT]
    assert len(city) >= 90
    assert len({e.community for e in entries if e.community}) == len(
        [e for e in entries if e.community])  # one listed project per community
    # pilots and city projects are in different communities
    assert not ({e.community for e in city}
                & {e.community for e in entries if e.tier is ProjectTier.NATIONAL_PILOT})
    later = [c for c in held.changes if c.on > dt.date(2025, 3, 1)]
    assert {c.kind for c in later} >= {ChangeKind.LEAVE, ChangeKind.JOIN, ChangeKind.REPLACE}
    assert all(c.reason for c in held.changes if c.on > dt.date(2024, 1, 15))
    # the demo's own projects take the directory's tier; the rest are 其他
    today = dt.date(2026, 12, 31)
    assert projects
    for project in projects:
        assert project["tier"] == held.tier_on(project["name"], today).value, project["name"]
    assert any(p["tier"] == "national_pilot" for p in projects)


def test_the_same_seed_gives_the_same_directory_and_tiny_none(ledger_template: Path,
                                                              tmp_path: Path) -> None:
    found = []
    for n in (1, 2):
        ledger = open_ledger(copy_ledger(ledger_template, tmp_path / f"{n}" / "台账.db"))
        try:
            demo.generate(ledger, None, scale="normal")  # the three pilot streets
            found.append(directory(ledger).to_json())
            tiers = Counter(p["tier"] for p in records.list_records(ledger, "projects"))
            assert set(tiers) == {"national_pilot", "city_project", "other"}, tiers
        finally:
            ledger.close()
    assert found[0] == found[1] and found[0]["changes"]
    ledger = open_ledger(copy_ledger(ledger_template, tmp_path / "3" / "台账.db"))
    try:
        demo.generate(ledger, None, scale="tiny")
        assert not directory(ledger)
        assert {p["tier"] for p in records.list_records(ledger, "projects")} == {"other"}
    finally:
        ledger.close()
