"""Faults in relay rounds (issue 14): each time nothing is lost and nothing is applied twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import sync as cli_sync
from app.services import records
from app.services.areas import resolve_scope
from app.sync import connect, keys
from app.sync.webdav import RelayFolderMissing
from tests.app.sync.ledgers import STREET, announce_upstream, public_key_text
from tests.app.sync.test_relay_round import (
    Offices,
    _settings,
    district_round,
    edit,
    street_round,
)
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices
from tests.helpers.relay import TestRelay


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> Iterator[Offices]:
    """A street of 新城区 that trusts the district (format 2, sealed), enrolled there."""
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area=STREET)
    scope = resolve_scope(district, f"street:{STREET}")
    assert scope is not None
    keys.enroll(district, public_key_text(street), scope, label=STREET)
    announce_upstream(street, district)
    yield Offices(street, district, connect.office_folder(scope))
    street.close()
    district.close()


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_sync, "retry_sleep", lambda _seconds: None)


def test_a_street_before_its_district_ever_synced_is_told_what_to_do(
        relay: TestRelay, offices: Offices, no_waiting: None) -> None:
    community = edit(offices.street)
    with pytest.raises(RelayFolderMissing, match="请上级（收集数据的单位）先同步一次"):
        street_round(relay, offices)
    _settings(relay, offices)
    early = run("--db", offices.street.path, "sync", "--once")
    assert early.returncode == 1 and "还没有本单位的文件夹" in early.stderr
    assert "检查中转站地址" in early.stderr and "应答不对" not in early.stderr
    district_round(relay, offices)
    sent = street_round(relay, offices).sent
    assert len([n for n in sent if "/ckpt-" not in n]) == 1  # the change kept waiting
    district_round(relay, offices)
    assert records.get(offices.district, "communities", community)["name"] == "东七路社区"
    assert street_round(relay, offices).undelivered == 0
