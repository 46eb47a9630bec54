"""Faults in relay rounds (issue 14): each time nothing is lost and nothing is applied twice."""

from __future__ import annotations

import json
import uuid

import pytest

from app.cli import sync as cli_sync
from app.services import records
from app.sync import lock
from app.sync.outcome import Status
from app.sync.relay_round import RoundReport
from app.sync.webdav import RelayBadAnswer, RelayFolderMissing, RelayUnreachable
from tests.app.sync.relaying import (
    Offices,
    district_round,
    save_settings,
    street_round,
)
from tests.helpers.cli import run
from tests.helpers.relay import TestRelay
from tests.helpers.relay_offices import edit


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_sync, "retry_sleep", lambda _seconds: None)


def test_a_street_before_its_district_ever_synced_is_told_what_to_do(
        relay: TestRelay, offices: Offices, no_waiting: None) -> None:
    community = edit(offices.street)
    with pytest.raises(RelayFolderMissing, match="请上级（收集数据的单位）先同步一次"):
        street_round(relay, offices)
    save_settings(relay, offices)
    early = run("--db", offices.street.path, "sync", "--once")
    assert early.returncode == 1 and "还没有本单位的文件夹" in early.stderr
    assert "检查中转站地址" in early.stderr and "应答不对" not in early.stderr
    district_round(relay, offices)
    sent = street_round(relay, offices).sent
    assert len([n for n in sent if "/ckpt-" not in n]) == 1  # the change kept waiting
    district_round(relay, offices)
    assert records.get(offices.district, "communities", community)["name"] == "东七路社区"
    assert street_round(relay, offices).undelivered == 0


def _applied_once(collected: RoundReport) -> None:
    statuses = [o.status for _n, o in collected.outcomes]
    assert statuses.count(Status.APPLIED) == 1, collected.outcomes
    assert set(statuses) <= {"applied", "checkpoint"}, collected.outcomes


def test_a_relay_killed_in_the_middle_of_an_upload_loses_nothing(
        relay: TestRelay, offices: Offices) -> None:
    district_round(relay, offices)
    community = edit(offices.street)
    relay.fault("die", after=200, methods=["PUT"], times=1)
    with pytest.raises(RelayUnreachable):
        street_round(relay, offices)
    relay.died()  # its cut answer can reach the client before the process is gone
    assert not relay.running()
    relay.clear_faults()
    relay.start()
    assert len([n for n in street_round(relay, offices).sent if "/ckpt-" not in n]) == 1
    _applied_once(district_round(relay, offices))
    assert records.get(offices.district, "communities", community)["name"] == "东七路社区"
    assert street_round(relay, offices).undelivered == 0
    assert not [f for f in relay.files() if "cfl-upload-" in f]  # the half upload is gone


def test_what_a_collecting_round_killed_mid_upload_left_goes_with_its_next_round(
        relay: TestRelay, offices: Offices) -> None:
    """The district's round dies in the middle of its receipt's upload (the relay with it, as
    a killed round leaves it: the temporary name, half written). Its next round removes the
    unfinished uploads in the folders it writes (receipts, reference), never the street's."""
    district_round(relay, offices)
    for name in ("东七路社区", "西八路社区"):  # the second time, the receipts folder is there
        edit(offices.street, name)
        street_round(relay, offices)
        if name == "东七路社区":
            district_round(relay, offices)
    relay.fault("die", after=10, methods=["PUT"], times=1)
    with pytest.raises(RelayUnreachable):
        district_round(relay, offices)
    relay.died()
    relay.clear_faults()
    relay.start()
    assert [f.split("/")[1] for f in relay.files() if "cfl-upload-" in f] == ["receipts"]
    folder = relay.root / offices.code
    (folder / "reference" / f"cfl-upload-{uuid.uuid4().hex}.partial").write_bytes(b"PK")
    under_way = folder / "outbox" / f"cfl-upload-{uuid.uuid4().hex}.partial"
    under_way.write_bytes(b"PK")  # the street's own upload: only the street removes it
    again = district_round(relay, offices)
    assert len(again.receipts_sent) == 1 and again.exit_code == 0
    left = [f for f in relay.files() if "cfl-upload-" in f]
    assert left == [under_way.relative_to(relay.root).as_posix()]
    assert street_round(relay, offices).undelivered == 0
    assert not [f for f in relay.files() if "cfl-upload-" in f]


def test_a_connection_dropped_mid_download_is_fetched_again(
        relay: TestRelay, offices: Offices) -> None:
    district_round(relay, offices)
    edit(offices.street)
    street_round(relay, offices)
    relay.fault("cut", after=300, methods=["GET"], times=1)
    _applied_once(district_round(relay, offices))
    again = district_round(relay, offices)
    assert again.outcomes == [] and again.received == []
    assert street_round(relay, offices).undelivered == 0


def test_a_relay_answering_garbage_stops_the_round_and_the_next_one_delivers(
        relay: TestRelay, offices: Offices) -> None:
    district_round(relay, offices)
    edit(offices.street)
    relay.fault("answer", status="207 Multi-Status", body="<garbage", methods=["PROPFIND"])
    with pytest.raises(RelayBadAnswer, match="不是有效的 WebDAV 列表"):
        street_round(relay, offices)
    relay.clear_faults()
    assert len([n for n in street_round(relay, offices).sent if "/ckpt-" not in n]) == 1
    _applied_once(district_round(relay, offices))
    assert street_round(relay, offices).undelivered == 0


def test_sync_once_while_the_window_holds_the_round_waits_then_names_it(
        relay: TestRelay, offices: Offices, no_waiting: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(relay, offices)
    assert run("--db", offices.district.path, "sync", "--once").returncode == 0
    edit(offices.street)
    monkeypatch.setattr(lock, "WAIT", 0.2)
    with lock.sync_round(offices.street.path, "窗口的同步"):
        busy = run("--db", offices.street.path, "sync", "--once")
    assert busy.returncode == 1 and "窗口的同步" in busy.stderr and "等了" in busy.stderr
    done = run("--db", offices.street.path, "sync", "--once", "--format", "json")
    assert done.returncode == 0 and len(json.loads(done.stdout)["sent"]) >= 1
    _applied_once(district_round(relay, offices))
