"""A project's tier is read-only below the city: the directory the city sent decides it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from app.domain.enums import ProjectTier
from app.domain.programme import ChangeKind, TierChange
from app.errors import InvalidInput
from app.services import imports, records
from app.services.imports import ImportRefused
from app.services.tier_guard import tier_rule
from app.store.db import Ledger
from app.store.programme import add_change
from tests.helpers.ledgers import Devices

PILOT = "东七路社区综合体"


def _listed(ledger: Ledger) -> None:
    """The city's directory as it arrived: PILOT a national pilot since 2025-01-10."""
    add_change(ledger, TierChange(dt.date(2025, 1, 10), ChangeKind.JOIN, PILOT,
                                  ProjectTier.NATIONAL_PILOT, "东七路社区", year=2025))


@pytest.fixture
def street(devices: Devices, tmp_path: Path) -> Iterator[Ledger]:
    """解放门街道's ledger with one community and the directory."""
    ledger = devices.open(tmp_path / "街道.db", role="street", area="解放门街道")
    records.create(ledger, "communities", {"name": "东七路社区"})
    _listed(ledger)
    yield ledger
    ledger.close()


def test_a_tier_other_than_the_directorys_is_refused(street: Ledger) -> None:
    with pytest.raises(InvalidInput) as refused:
        records.create(street, "projects", {"name": PILOT, "community": "东七路社区",
                                            "tier": "市级项目"})
    message = str(refused.value)
    for word in (PILOT, "以市级名录为准", "第 1 版", "国家试点", "不能填市级项目"):
        assert word in message, (word, message)
    assert records.count(street, "projects") == 0
    with pytest.raises(InvalidInput, match="名录（第 1 版）中为其他"):
        records.create(street, "projects", {"name": "别的项目", "community": "东七路社区",
                                            "tier": "国家试点"})


def test_the_directorys_tier_is_accepted_and_other_fields_change(street: Ledger) -> None:
    pid = records.create(street, "projects", {"name": PILOT, "community": "东七路社区",
                                              "tier": "国家试点"})
    assert records.update(street, "projects", pid, {"started_on": "2025-05-01"})
    assert not records.update(street, "projects", pid, {"tier": "national_pilot"})  # same
    with pytest.raises(InvalidInput, match="不能填其他"):
        records.update(street, "projects", pid, {"tier": "其他"})
    assert records.get(street, "projects", pid)["tier"] == "national_pilot"
    other = records.create(street, "projects", {"name": "别的项目", "community": "东七路社区",
                                                "tier": "其他"})
    assert records.get(street, "projects", other)["tier"] == "other"


def test_the_city_may_change_a_tier(devices: Devices, tmp_path: Path) -> None:
    city = devices.open(tmp_path / "市.db", role="city")
    try:
        records.create(city, "communities", {"name": "东七路社区", "street": "解放门街道"})
        _listed(city)
        assert tier_rule(city) is None
        pid = records.create(city, "projects", {"name": PILOT, "community": "东七路社区",
                                                "tier": "市级项目"})
        assert records.update(city, "projects", pid, {"tier": "其他"})
    finally:
        city.close()


def test_without_a_directory_a_street_sets_its_tiers(devices: Devices, tmp_path: Path) -> None:
    ledger = devices.open(tmp_path / "街道.db", role="street", area="解放门街道")
    try:
        records.create(ledger, "communities", {"name": "东七路社区"})
        assert tier_rule(ledger) is None
        records.create(ledger, "projects", {"name": PILOT, "community": "东七路社区",
                                            "tier": "市级项目"})
    finally:
        ledger.close()


def test_an_import_goes_through_the_same_rule(street: Ledger, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "建设项目"
    sheet.append(["项目名称", "社区", "项目类型"])
    sheet.append(["别的项目", "东七路社区", "其他"])
    sheet.append([PILOT, "东七路社区", "市级项目"])
    book.save(tmp_path / "项目.xlsx")
    with pytest.raises(ImportRefused) as refused:
        imports.import_file(street, tmp_path / "项目.xlsx")
    [error] = refused.value.plan.errors
    assert (error.row, error.column, error.header) == (3, 3, "项目类型")
    assert "国家试点" in error.message and "第 1 版" in error.message
    assert records.count(street, "projects") == 0
    sheet["C3"] = "国家试点"
    book.save(tmp_path / "项目.xlsx")
    assert imports.import_file(street, tmp_path / "项目.xlsx").total == 2
