"""The window syncs by itself over the relay: after a save (debounced), on its timer, offline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.changes import Changes
from app.services import records, relay_sync
from app.store.db import Ledger
from app.task import TaskState
from tests.app.sync.ledgers import STREET
from tests.helpers.ledgers import Devices
from tests.helpers.relay import TestRelay
from tests.helpers.relay_offices import connected, edit
from tests.ui.window import changes_shown
from ui import autosync
from ui.main_window import MainWindow
from ui.operations import run_write
from ui.pages.records_page import RecordsPage
from ui.pages.sync.page import SyncPage
from ui.screenshots import page_busy

FAR_OFF = "Sat, 01 Jan 2000 00:00:00 GMT"
"""A relay's Date far from any day the suite runs on."""
STALL_S = 3.0
"""How long the relay keeps a round waiting for its first answer."""


def _quiet(_seconds: float) -> None:
    """Retries never wait in tests."""


def _street_window(relay: TestRelay, devices: Devices, tmp_path: Path,
                   open_window: Callable[..., MainWindow], qtbot: QtBot
                   ) -> tuple[MainWindow, Ledger]:
    """The street's window (its first round not run yet) and the district's ledger."""
    both = connected(devices, tmp_path, relay)
    assert relay_sync.relay_round(both.district, sleep=_quiet) is not None  # the street's folder
    path = both.street.path
    both.street.close()
    window = open_window(path)
    auto = window.autosync
    auto.retry_sleep = _quiet
    qtbot.waitUntil(lambda: auto.configured and auto.round_timer.isActive(), timeout=10_000)
    assert auto.round_timer.interval() == autosync.FIRST_MS
    auto.round_timer.stop()  # the test drives the rounds
    assert window.relay_label.isVisible()
    return window, both.district


@pytest.fixture
def street_window(relay: TestRelay, devices: Devices, tmp_path: Path,
                  open_window: Callable[..., MainWindow], qtbot: QtBot) -> MainWindow:
    """The street's window alone (its district's ledger closed), the test driving its rounds."""
    window, district = _street_window(relay, devices, tmp_path, open_window, qtbot)
    district.close()
    return window


def _save(window: MainWindow, qtbot: QtBot) -> None:
    ledger = window.ledger
    assert ledger is not None

    def job(_state: TaskState) -> str:
        return records.create(ledger, "communities", {"name": "东七路社区", "street": STREET})

    with qtbot.waitSignal(window.bus.changed, timeout=10_000):
        run_write(job, window, bus=window.bus)


def test_a_street_window_syncs_after_a_save_and_the_count_goes_to_zero(
        relay: TestRelay, devices: Devices, tmp_path: Path,
        open_window: Callable[..., MainWindow], qtbot: QtBot) -> None:
    window, district = _street_window(relay, devices, tmp_path, open_window, qtbot)
    auto = window.autosync
    _save(window, qtbot)
    assert auto.save_timer.isActive() and auto.save_timer.interval() == autosync.AFTER_SAVE_MS
    qtbot.waitUntil(lambda: changes_shown(window) == 1, timeout=10_000)
    with qtbot.waitSignal(auto.round_finished, timeout=30_000):
        auto.save_timer.timeout.emit()  # the debounce's end, without waiting ten seconds
    outbox = [name for name in relay.files() if "/outbox/" in name]
    assert outbox, relay.files()
    status = auto.status()
    assert status.online is True and status.last_error is None and status.undelivered == 1
    assert status.next_try is not None and auto.round_timer.isActive()
    assert "在线" in window.relay_label.text() and autosync.next_try_text(status) in (
        window.relay_label.text())
    assert changes_shown(window) == 1

    round_ = relay_sync.relay_round(district, sleep=_quiet)
    assert round_ is not None and len(round_.outcomes) == 1
    told: list[Changes] = []
    window.bus.changed.connect(lambda changes, _origin: told.append(changes))
    with qtbot.waitSignal(auto.round_finished, timeout=30_000):
        auto.round_timer.timeout.emit()  # the timer's next round
    assert auto.status().undelivered == 0
    # the receipt changed the sync state, no record: the pages showing records stay as they are
    assert told and told[-1].settings and not any(changes.data for changes in told), told
    qtbot.waitUntil(lambda: changes_shown(window) == 0, timeout=10_000)
    district.close()


def test_relay_down_shows_offline_and_a_next_try(
        street_window: MainWindow, relay: TestRelay, qtbot: QtBot
) -> None:
    window = street_window
    auto = window.autosync
    relay.stop()
    with qtbot.waitSignal(auto.round_finished, timeout=60_000):
        assert auto.sync_now() is not None
    status = auto.status()
    assert status.online is False and status.next_try is not None
    assert status.last_error is not None and "Traceback" not in status.last_error
    assert "更改会保留" in status.last_error
    assert "离线" in window.relay_label.text()
    assert window.relay_label.toolTip() == status.last_error
    assert auto.round_timer.isActive()
    assert auto.round_timer.interval() <= relay_sync.BACKOFF_BASE * 1.2 * 1000


def test_two_rounds_never_run_at_once(
        street_window: MainWindow, relay: TestRelay, qtbot: QtBot
) -> None:
    window = street_window
    auto = window.autosync
    first = auto.sync_now()
    assert first is not None and auto.sync_now() is None  # asked again: after this one
    with qtbot.waitSignals([auto.round_finished, auto.round_finished], timeout=60_000):
        pass
    assert not auto.running


def test_a_district_window_collects_by_itself_and_a_quiet_round_reloads_no_page(
        relay: TestRelay, devices: Devices, tmp_path: Path,
        open_window: Callable[..., MainWindow], qtbot: QtBot) -> None:
    both = connected(devices, tmp_path, relay)
    assert relay_sync.relay_round(both.district, sleep=_quiet) is not None  # the street's folder
    community = edit(both.street)
    assert relay_sync.relay_round(both.street, sleep=_quiet) is not None  # sent up
    path = both.district.path
    both.district.close()
    window = open_window(path)
    auto = window.autosync
    auto.retry_sleep = _quiet
    qtbot.waitUntil(lambda: auto.configured, timeout=10_000)
    auto.round_timer.stop()  # the test drives the rounds
    page = window.show_page("communities")
    assert isinstance(page, RecordsPage)
    qtbot.waitUntil(lambda: not page_busy(page), timeout=10_000)
    assert page.model.row_of(community) < 0
    told: list[Changes] = []
    window.bus.changed.connect(lambda changes, _origin: told.append(changes))

    with qtbot.waitSignal(auto.round_finished, timeout=30_000):
        auto.sync_now()
    assert auto.status().online is True and auto.status().last_error is None
    assert told and told[-1].data  # the street's community arrived: every page reads again
    qtbot.waitUntil(lambda: page.model.row_of(community) >= 0, timeout=10_000)

    back = relay_sync.relay_round(both.street, sleep=_quiet)  # the receipt
    assert back is not None and back.undelivered == 0
    told.clear()
    with qtbot.waitSignal(auto.round_finished, timeout=30_000):
        auto.sync_now()  # only the street's checkpoint: nothing to read again
    assert auto.status().online is True
    assert not any(changes.data for changes in told), told
    both.street.close()


def test_a_clock_far_off_the_relays_is_said_in_the_window(
        street_window: MainWindow, relay: TestRelay, qtbot: QtBot
) -> None:
    window = street_window
    auto = window.autosync
    relay.fault("date", value=FAR_OFF)  # years from any day the suite runs on
    with qtbot.waitSignal(auto.round_finished, timeout=30_000):
        auto.sync_now()
    status = auto.status()
    assert status.online is True and status.last_error is None
    assert status.clock_warning is not None and "请检查本机的日期和时间" in status.clock_warning
    assert "请核对本机时钟" in window.relay_label.text()
    assert status.clock_warning in window.relay_label.toolTip()
    page = window.page("sync")
    assert isinstance(page, SyncPage)
    assert status.clock_warning in page.relay.state_label.text()

    relay.clear_faults()  # the clock is set right: the warning goes with the next round
    with qtbot.waitSignal(auto.round_finished, timeout=30_000):
        auto.sync_now()
    assert auto.status().clock_warning is None
    assert "请核对本机时钟" not in window.relay_label.text()


def test_a_save_does_not_wait_for_a_round_waiting_on_the_network(
        street_window: MainWindow, relay: TestRelay, qtbot: QtBot
) -> None:
    window = street_window
    auto = window.autosync
    relay.fault("stall", seconds=STALL_S, times=1)  # a slow hotspot: the first answer is late
    asked = len(relay.requests())
    with qtbot.waitSignal(auto.round_finished, timeout=60_000):
        assert auto.sync_now() is not None
        qtbot.waitUntil(lambda: len(relay.requests()) > asked, timeout=10_000)
        _save(window, qtbot)  # the clerk saves meanwhile: done while the round still waits
        assert auto.running
    assert auto.status().online is True and auto.status().last_error is None


def test_stopping_a_round_waits_only_for_the_request_under_way(
        street_window: MainWindow, relay: TestRelay, qtbot: QtBot
) -> None:
    window = street_window
    auto = window.autosync
    _save(window, qtbot)  # something to send: the round has many requests to make
    relay.fault("stall", seconds=STALL_S)  # every answer late
    asked = len(relay.requests())
    assert auto.sync_now() is not None
    qtbot.waitUntil(lambda: len(relay.requests()) > asked, timeout=10_000)
    under_way = len(relay.requests())
    auto.stop()  # as closing the window does
    assert auto.task is None or auto.task.isFinished()
    assert len(relay.requests()) == under_way  # no request started after the stop
    relay.clear_faults()
    assert auto.status().last_error is None  # a stop is no failure to tell


def test_a_usb_sync_asked_for_during_a_round_runs_after_it_and_holds_no_save(
        street_window: MainWindow, relay: TestRelay, tmp_path: Path, qtbot: QtBot
) -> None:
    window = street_window
    auto = window.autosync
    page = window.show_page("sync")
    assert isinstance(page, SyncPage)
    qtbot.waitUntil(lambda: page.view is not None, timeout=10_000)
    stick = tmp_path / "U盘"
    stick.mkdir()
    page.folder_sync.set_folder(stick)
    relay.fault("stall", seconds=STALL_S, times=1)
    asked = len(relay.requests())
    assert auto.sync_now() is not None
    qtbot.waitUntil(lambda: len(relay.requests()) > asked, timeout=10_000)
    failed: list[str] = []
    page.folder_sync.sync_failed.connect(failed.append)
    with qtbot.waitSignal(page.folder_sync.sync_finished, timeout=60_000):
        assert page.folder_sync.sync() is not None  # waits for the round, not for 30 s in vain
        _save(window, qtbot)  # and a save meanwhile waits for neither
        assert auto.running and page.folder_sync.task is not None
    assert failed == [] and auto.status().last_error is None
    assert list((stick / "outbox").glob("*.cfbundle"))  # the saved change went on the stick too
