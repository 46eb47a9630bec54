"""Sync rounds over a real WebDAV relay: a street sends up, its district collects and answers."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from app.cli import sync as cli_sync
from app.services import records, relay_sync
from app.sync import bundle
from app.sync.apply import apply_bundle
from app.sync.outcome import Status
from app.sync.relay_round import run_round
from app.sync.remotes import FolderRemote
from app.sync.webdav import RelayUnreachable
from app.task import TaskState
from tests.app.sync.ledgers import STREET
from tests.app.sync.relaying import (
    Offices,
    district_round,
    save_settings,
    sealed,
    street_round,
)
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices
from tests.helpers.relay import TestRelay
from tests.helpers.relay_offices import edit

DAY = dt.timedelta(days=1)
START = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
"""The acknowledgement test runs from this instant on (ticking), whatever today is."""


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(START, tick=True):
        yield


def test_street_district_street_delivers_and_acknowledges(
        clock: None, relay: TestRelay, offices: Offices) -> None:
    ready = district_round(relay, offices)  # makes the street's folder on the relay
    assert ready.outcomes == [] and ready.exit_code == 0
    assert [f.split("/")[1] for f in relay.files()] == ["reference"]
    community = edit(offices.street)
    first = street_round(relay, offices)
    assert len(first.sent) == 1 and first.sent[0].startswith("outbox/")
    assert first.undelivered == 1 and first.exit_code == 0
    assert [(n.split("/")[0], o.status) for n, o in first.outcomes] == [("reference", "applied")]
    outbox = [f for f in relay.files() if "/outbox/" in f]
    assert outbox == [f"{offices.code}/{first.sent[0]}"]
    assert all(sealed(relay.root / name) for name in outbox)

    collected = district_round(relay, offices)
    assert [o.status for _n, o in collected.outcomes] == ["applied"]
    assert collected.received == [f"{offices.code}/{first.sent[0]}"]
    assert records.get(offices.district, "communities", community)["name"] == "东七路社区"
    assert len(collected.receipts_sent) == 1
    assert any(f.startswith(f"{offices.code}/reference/") for f in relay.files())

    again = district_round(relay, offices)  # nothing new: judged by name, nothing downloaded
    assert again.received == [] and again.skipped == [f"{offices.code}/{first.sent[0]}"]
    assert again.receipts_sent == [] and again.outcomes == []

    back = street_round(relay, offices)
    assert back.undelivered == 0
    assert back.upward is not None and back.upward.delivered_seq == 1
    assert back.outcomes == []  # the district's reference data: taken in the first round
    receipt = next(f for f in back.received if f.startswith("receipts/"))
    assert not [f for f in back.received if f.startswith("reference/")]  # so not fetched again
    quiet = street_round(relay, offices)  # a round every few minutes fetches nothing it has
    assert quiet.received == [] and receipt in quiet.skipped
    assert any(f.startswith("reference/") for f in quiet.skipped)
    assert quiet.undelivered == 0 and quiet.exit_code == 0
    # the delivered bundle stays on the relay while kept; a checkpoint says "nothing new"
    assert f"{offices.code}/{first.sent[0]}" in relay.files()
    assert any("/outbox/ckpt-" in f for f in relay.files())
    assert all(sealed(relay.root / f) for f in relay.files() if "/outbox/" in f)

    later = street_round(relay, offices, now=START + 31 * DAY)
    assert f"{offices.code}/{first.sent[0]}" in later.deleted or \
        f"outbox/{first.sent[0].split('/')[1]}" in later.deleted
    assert not any(f.endswith(first.sent[0].split("/")[1]) for f in relay.files())


def test_a_relay_down_keeps_the_changes_for_a_later_round(
        relay: TestRelay, offices: Offices) -> None:
    district_round(relay, offices)
    edit(offices.street)
    relay.stop()
    with pytest.raises(RelayUnreachable, match="更改会保留"):
        street_round(relay, offices)
    relay.start()
    relay.fault("answer", status="500 Internal Server Error", times=1)  # retried, then fine
    later = street_round(relay, offices)
    assert len(later.sent) == 1 and later.undelivered == 1
    collected = district_round(relay, offices)
    assert [o.status for _n, o in collected.outcomes] == ["applied"]
    assert street_round(relay, offices).undelivered == 0


def test_junk_and_a_foreign_bundle_are_refused_and_the_round_goes_on(
        relay: TestRelay, offices: Offices, devices: Devices, tmp_path: Path) -> None:
    district_round(relay, offices)
    stranger = devices.open(tmp_path / "别处" / "台账.db", role="street", area=STREET, device=3)
    edit(stranger, "外来社区")
    foreign = bundle.make_bundle(stranger)
    stranger.close()
    assert foreign is not None
    edit(offices.street)
    sent = street_round(relay, offices).sent
    outbox = relay.root / offices.code / "outbox"
    (outbox / "junk.cfbundle").write_bytes(b"PK\x03\x04 not a bundle")
    (outbox / "notes.txt").write_text("hello")
    shutil.copy(foreign.path, outbox / f"{foreign.path.stem}-0123456789abcdef.cfbundle")

    collected = district_round(relay, offices)
    assert [o.status for _n, o in collected.outcomes] == ["applied"]
    refused = dict(collected.refused)
    assert set(refused) == {f"{offices.code}/outbox/junk.cfbundle",
                            f"{offices.code}/outbox/notes.txt",
                            f"{offices.code}/outbox/{foreign.path.stem}-0123456789abcdef.cfbundle"}
    assert "未在本机登记" in refused[
        f"{offices.code}/outbox/{foreign.path.stem}-0123456789abcdef.cfbundle"]
    assert collected.exit_code == 3 and len(collected.receipts_sent) == 1
    assert f"{offices.code}/{sent[0]}" in collected.received
    assert street_round(relay, offices).undelivered == 0
    assert (outbox / "junk.cfbundle").exists()  # not the street's file: left alone


def test_the_same_bundle_twice_or_by_stick_first_is_applied_once(
        relay: TestRelay, offices: Offices) -> None:
    district_round(relay, offices)
    edit(offices.street)
    sent = street_round(relay, offices).sent
    outbox = relay.root / offices.code / "outbox"
    name = sent[0].split("/")[1]
    shutil.copy(outbox / name, outbox / name.replace(".cfbundle", "-again.cfbundle"))
    collected = district_round(relay, offices)
    statuses = sorted(o.status for _n, o in collected.outcomes)
    assert statuses.count("applied") == 1 and set(statuses) <= {"applied", "duplicate"}

    edit(offices.street, "西八路社区")
    made = bundle.make_bundle(offices.street)
    assert made is not None
    assert apply_bundle(offices.district, made.path).status == "applied"  # by USB first
    street_round(relay, offices)
    by_relay = district_round(relay, offices)
    # nothing applied again: the copy under a strange name is fetched and judged only (the
    # street's checkpoint is taken when it is newer than the stick's bundle, to the second)
    assert {o.status for _n, o in by_relay.outcomes} <= {"checkpoint"}
    assert [n for n in by_relay.received
            if not n.endswith("-again.cfbundle") and "/ckpt-" not in n] == []
    assert len(by_relay.skipped) >= 2 and len(by_relay.receipts_sent) == 1  # the receipt still
    assert street_round(relay, offices).undelivered == 0


def test_a_shared_folder_works_as_a_relay(offices: Offices, tmp_path: Path) -> None:
    share = tmp_path / "共享"
    collect = FolderRemote(share)
    upward = FolderRemote(share / offices.code)
    run_round(offices.district, collect=collect, upward=None)
    community = edit(offices.street)
    first = run_round(offices.street, collect=None, upward=upward)
    assert len(first.sent) == 1
    collected = run_round(offices.district, collect=collect, upward=None)
    assert [o.status for _n, o in collected.outcomes] == ["applied"]
    assert records.get(offices.district, "communities", community)["name"] == "东七路社区"
    assert run_round(offices.street, collect=None, upward=upward).undelivered == 0
    assert not [p for p in share.rglob("*") if p.name.startswith("cfl-upload-")]


class Replacing(FolderRemote):
    """A shared folder whose files listed by a round are replaced by their writers before the
    round fetches them (an office replaces its checkpoint, the district its receipt)."""

    def get(self, path: str, target: Path, max_size: int) -> None:
        self._path(path).unlink(missing_ok=True)
        super().get(path, target, max_size)


def test_a_file_replaced_between_listing_and_fetching_is_left_for_the_next_round(
        offices: Offices, tmp_path: Path) -> None:
    share = tmp_path / "共享"
    collect, upward = FolderRemote(share), FolderRemote(share / offices.code)
    run_round(offices.district, collect=collect, upward=None)
    edit(offices.street)
    run_round(offices.street, collect=None, upward=upward)
    gone = run_round(offices.district, collect=Replacing(share), upward=None)
    assert gone.exit_code == 0 and gone.received == [] and gone.outcomes == []
    edit(offices.street, "西八路社区")
    again = run_round(offices.street, collect=None, upward=upward)
    assert len(again.sent) == 2  # the new bundle, and the one gone from the relay put back
    collected = run_round(offices.district, collect=collect, upward=None)
    assert [o.status for _n, o in collected.outcomes] == [Status.APPLIED] * 2
    assert not collected.refused
    taken = run_round(offices.street, collect=None, upward=Replacing(share / offices.code))
    assert taken.exit_code == 0 and taken.received == [] and taken.undelivered == 2
    again = run_round(offices.district, collect=collect, upward=None)
    assert len(again.receipts_sent) == 1  # the receipt gone from the relay: written again
    assert run_round(offices.street, collect=None, upward=upward).undelivered == 0


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waits: list[float] = []
    monkeypatch.setattr(cli_sync, "retry_sleep", waits.append)
    return waits


def test_sync_once_in_json_and_its_exit_codes(relay: TestRelay, offices: Offices,
                                              no_waiting: list[float]) -> None:
    save_settings(relay, offices)
    assert run("--db", offices.district.path, "sync", "--once").returncode == 0
    edit(offices.street)
    up = run("--db", offices.street.path, "sync", "--once", "--format", "json")
    assert up.returncode == 0, up.stderr
    said = json.loads(up.stdout)
    assert len(said["sent"]) == 1 and said["undelivered"] == 1
    assert said["clock_warning"] is None and abs(said["clock_skew_seconds"]) < 3600
    down = json.loads(run("--db", offices.district.path, "sync", "--once", "--format",
                          "json").stdout)
    assert down["applied"] == [f"{offices.code}/{said['sent'][0]}"]
    assert json.loads(run("--db", offices.street.path, "sync", "--once", "--format",
                          "json").stdout)["undelivered"] == 0

    (relay.root / offices.code / "outbox" / "junk.cfbundle").write_bytes(b"junk")
    refused = run("--db", offices.district.path, "sync", "--once")
    assert refused.returncode == 3 and "junk.cfbundle：拒收" in refused.stdout

    relay.stop()
    down_now = run("--db", offices.street.path, "sync", "--once")
    assert down_now.returncode == 1 and "更改会保留" in down_now.stderr
    relay.start()
    save_settings(relay, offices, wrong=True)
    wrong = run("--db", offices.street.path, "sync", "--once")
    assert wrong.returncode == 2 and "用户名或密码不对" in wrong.stderr


def test_sync_without_a_relay_is_a_usage_error(offices: Offices) -> None:
    done = run("--db", offices.street.path, "sync", "--once")
    assert done.returncode == 2 and "没有设置中转站" in done.stderr


def _relay_down_for(relay: TestRelay, offices: Offices, monkeypatch: pytest.MonkeyPatch, *,
                    rounds: int) -> list[float]:
    """The street's relay down for its loop's first `rounds` rounds, up for the next one, then
    Ctrl+C; the loop's waits (seeded jitter, fixed clock) go into the list returned."""
    save_settings(relay, offices)
    assert run("--db", offices.district.path, "sync", "--once").returncode == 0
    relay.stop()
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == rounds:
            relay.start()
        if len(waits) == rounds + 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_sync, "sleep", wait)
    monkeypatch.setattr(cli_sync, "rng", random.Random(14))
    monkeypatch.setattr(cli_sync, "clock", lambda: START)
    return waits


def test_sync_keeps_trying_with_backoff_until_stopped(
        relay: TestRelay, offices: Offices, no_waiting: list[float],
        monkeypatch: pytest.MonkeyPatch) -> None:
    waits = _relay_down_for(relay, offices, monkeypatch, rounds=2)
    done = run("--db", offices.street.path, "sync")
    assert done.returncode == 0 and "已停止同步" in done.stdout
    # down twice (as the window: 30 s, then 60 s, each with the same jitter from the same
    # seed), then a round that went well: the interval
    same = random.Random(14)
    jitter = relay_sync.JITTER
    expected = [30.0 * (1 + same.uniform(-jitter, jitter)),
                60.0 * (1 + same.uniform(-jitter, jitter)), relay_sync.INTERVAL]
    assert waits == expected and waits[0] != 30.0
    assert f"（{waits[0]:.0f} 秒后再试）" in done.stdout
    assert done.stdout.count("所有更改均已送达上级") + done.stdout.count("未上报") == 1


def test_sync_interval_sets_the_wait_between_rounds_and_after_failures(
        relay: TestRelay, offices: Offices, no_waiting: list[float],
        monkeypatch: pytest.MonkeyPatch) -> None:
    waits = _relay_down_for(relay, offices, monkeypatch, rounds=1)
    done = run("--db", offices.street.path, "sync", "--interval", "20")
    assert done.returncode == 0, done.stderr
    same = random.Random(14)  # a failure waits no longer than the interval asked for
    assert waits == [20.0 * (1 + same.uniform(-relay_sync.JITTER, relay_sync.JITTER)), 20.0]
    for wrong in ("0", "abc", "100000"):
        refused = run("--db", offices.street.path, "sync", "--interval", wrong)
        assert refused.returncode == 2 and "--interval" in refused.stderr, wrong
        assert "秒" in refused.stderr, wrong


def test_sync_loop_stops_at_wrong_credentials(
        relay: TestRelay, offices: Offices, no_waiting: list[float],
        monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(relay, offices, wrong=True)
    waits: list[float] = []
    monkeypatch.setattr(cli_sync, "sleep", waits.append)
    done = run("--db", offices.street.path, "sync")
    assert done.returncode == 2 and "用户名或密码不对" in done.stderr
    assert waits == []  # trying again cannot help: no wait, no second round


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_the_sync_loop_is_told_to_stop_then_interrupted_by_a_second_signal(number: int) -> None:
    task = TaskState()
    replaced = cli_sync._stop_on_signals(task)
    try:
        os.kill(os.getpid(), number)  # the first: the round stops at its next step
        assert task.cancelled
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), number)  # the second: at once
    finally:
        for signum, handler in replaced.items():
            signal.signal(signum, handler)
    assert set(replaced) == {signal.SIGINT, signal.SIGTERM}
    assert signal.getsignal(number) is replaced[number]  # put back as they were
