"""The window's relay sync service: a round with the configured relays, and its schedule."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import UsageError
from app.services import relay_sync
from app.services.relay_sync import Schedule
from app.store.db import open_ledger
from app.sync.lock import RoundBusy, sync_round
from app.sync.webdav import RelayAuthFailed, RelayUnreachable
from tests.helpers.ledgers import Devices
from tests.helpers.relay import TestRelay
from tests.helpers.relay_offices import Connected, connected, edit

T0 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def offices(devices: Devices, tmp_path: Path, relay: TestRelay) -> Iterator[Connected]:
    both = connected(devices, tmp_path, relay)
    yield both
    both.close()


def _quiet(_seconds: float) -> None:
    """Retries never wait in tests."""


def test_a_round_delivers_and_the_count_goes_to_zero(relay: TestRelay,
                                                     offices: Connected) -> None:
    assert relay_sync.relay_round(offices.district, sleep=_quiet) is not None
    edit(offices.street)
    assert relay_sync.read_status(offices.street) == (True, 1, None)
    up = relay_sync.relay_round(offices.street, sleep=_quiet, now=T0)
    assert up is not None and len(up.sent) == 1 and up.undelivered == 1
    assert up.last_delivery is None  # sent, not yet acknowledged
    relay_sync.relay_round(offices.district, sleep=_quiet)
    later = T0 + dt.timedelta(minutes=5)
    again = relay_sync.relay_round(offices.street, sleep=_quiet, now=later)
    assert again is not None and again.undelivered == 0 and again.last_delivery == later
    assert relay_sync.read_status(offices.street) == (True, 0, later)
    # a round whose receipts acknowledge nothing more leaves the time as it was
    quiet = relay_sync.relay_round(offices.street, sleep=_quiet, now=later + dt.timedelta(hours=1))
    assert quiet is not None and quiet.last_delivery == later
    assert relay_sync.read_status(offices.street)[2] == later


def test_the_last_delivery_is_shown_after_a_restart(relay: TestRelay,
                                                    offices: Connected) -> None:
    relay_sync.relay_round(offices.district, sleep=_quiet)
    edit(offices.street)
    relay_sync.relay_round(offices.street, sleep=_quiet, now=T0)
    relay_sync.relay_round(offices.district, sleep=_quiet)
    relay_sync.relay_round(offices.street, sleep=_quiet, now=T0 + dt.timedelta(minutes=5))
    path = offices.street.path
    offices.street.close()
    offices.street = open_ledger(path)  # the window starts again: a new schedule
    configured, undelivered, last = relay_sync.read_status(offices.street)
    schedule, _clock = _schedule()
    status = schedule.status(configured, undelivered, last)
    assert status.last_delivery == T0 + dt.timedelta(minutes=5) and status.undelivered == 0


def test_no_relay_configured_is_none(devices: Devices, tmp_path: Path) -> None:
    alone = devices.open(tmp_path / "a" / "台账.db", role="street", area="解放门街道")
    try:
        assert relay_sync.relay_round(alone) is None
        assert relay_sync.read_status(alone)[0] is False
    finally:
        alone.close()


def test_a_busy_lock_fails_at_once(offices: Connected) -> None:
    with sync_round(offices.street.path, "另一个同步"), pytest.raises(RoundBusy):
        relay_sync.relay_round(offices.street, sleep=_quiet)


def test_relay_down_is_unreachable(relay: TestRelay, offices: Connected) -> None:
    relay.stop()
    with pytest.raises(RelayUnreachable) as caught:
        relay_sync.relay_round(offices.street, sleep=_quiet)
    assert "更改会保留" in str(caught.value)


def _schedule(seed: int = 14) -> tuple[Schedule, list[dt.datetime]]:
    clock = [T0]
    return Schedule(now=lambda: clock[0], rng=random.Random(seed)), clock


def test_schedule_backs_off_exponentially_with_jitter_capped() -> None:
    schedule, _clock = _schedule()
    down = RelayUnreachable("中转站连不上")
    waits = [schedule.failed(down, "中转站连不上") for _ in range(9)]
    assert all(w is not None for w in waits)
    for n, wait in enumerate(waits[:5]):
        nominal = 30.0 * 2 ** n
        assert wait is not None and nominal * 0.8 <= wait <= nominal * 1.2
    assert waits[-1] is not None and waits[-1] <= relay_sync.BACKOFF_CAP
    assert len({round(w or 0, 3) for w in waits[:3]}) == 3
    status = schedule.status(True, 4)
    assert status.online is False and status.last_error == "中转站连不上"
    assert status.next_try == T0 + dt.timedelta(seconds=waits[-1] or 0)
    assert status.undelivered == 4


def test_schedule_after_success_waits_the_interval() -> None:
    schedule, clock = _schedule()
    schedule.failed(RelayUnreachable("x"), "x")
    clock[0] = T0 + dt.timedelta(minutes=1)
    from app.sync.relay_round import RoundReport

    delivered = T0 + dt.timedelta(seconds=30)
    report = RoundReport(undelivered=2, last_delivery=delivered)
    assert schedule.succeeded(report) == relay_sync.INTERVAL
    status = schedule.status(True)
    assert status.online is True and status.last_error is None and status.undelivered == 2
    assert status.last_delivery == delivered  # as the ledger says, not when the round ran
    schedule.succeeded(RoundReport(undelivered=2))  # none recorded: the last one stays
    assert schedule.status(True).last_delivery == delivered
    assert status.next_try == clock[0] + dt.timedelta(seconds=relay_sync.INTERVAL)
    assert schedule.failed(RelayUnreachable("x"), "x") is not None
    assert schedule.failures == 1


def test_schedule_wrong_settings_stop_retrying_busy_tries_soon() -> None:
    schedule, _clock = _schedule()
    assert schedule.failed(RelayAuthFailed("用户名或密码不对"), "用户名或密码不对") is None
    assert schedule.status(True).next_try is None and schedule.status(True).online is False
    assert schedule.failed(UsageError("密码不在本机"), "密码不在本机") is None
    assert schedule.failed(RoundBusy("忙"), "忙") == relay_sync.BACKOFF_BASE
    status = schedule.status(True)
    assert status.busy and status.next_try == T0 + dt.timedelta(seconds=relay_sync.BACKOFF_BASE)
    assert schedule.status(False).next_try is None and schedule.status(False).online is None
