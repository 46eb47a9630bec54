"""The one writer: writes off the GUI thread, one at a time in order, announced by what changed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.changes import Changes
from app.errors import Cancelled
from app.services import records
from app.services.setup import open_existing
from app.store.db import Ledger
from app.task import TaskState
from tests.ui import conftest
from ui.operations import WRITER_THREAD, Operation, run_write, wait_for_writes
from ui.pages.base import ChangeBus


@pytest.fixture
def ledger(ledger_path: Path) -> Iterator[Ledger]:
    opened = open_existing(ledger_path)
    yield opened
    wait_for_writes()
    opened.close()


def test_writes_run_off_the_gui_thread_one_at_a_time_in_order(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    threads: set[int] = set()
    order: list[int] = []
    running = [0]
    most = [0]

    def job(n: int, _state: TaskState) -> int:
        running[0] += 1
        most[0] = max(most[0], running[0])
        time.sleep(0.01)
        threads.add(threading.get_ident())
        order.append(n)
        running[0] -= 1
        return n

    operations = [run_write(lambda state, n=n: job(n, state), owner, bus=None)
                  for n in range(6)]
    with qtbot.waitSignal(operations[-1].finished, timeout=10_000):
        pass
    assert order == list(range(6)) and most[0] == 1
    assert len(threads) == 1 and threading.main_thread().ident not in threads


def test_what_a_write_changed_is_announced_with_who_asked(qtbot: QtBot, ledger: Ledger) -> None:
    bus = ChangeBus()
    page = QWidget()
    qtbot.addWidget(page)
    community = records.list_records(ledger, "communities", records.Query(limit=1))[0]
    with qtbot.waitSignal(bus.changed, timeout=10_000) as told:
        operation = run_write(lambda _state: records.create(ledger, "spaces", {
            "community": community["id"], "name": "活动室", "kind": "社区用房"}), page,
            bus=bus, origin=page)
    space = operation.result
    assert isinstance(space, str)
    assert told.args == [Changes.of("space", space), page]

    with qtbot.assertNotEmitted(bus.changed), qtbot.waitSignal(
            (operation := run_write(lambda _state: records.create(ledger, "spaces", {
                "community": community["id"], "floor_area": "-1"}), page, bus=bus)).failed,
            timeout=10_000) as failed:
        pass
    message, details = failed.args
    assert "建筑面积" in message and details == ""  # a refusal: the Chinese message, no trace
    assert operation.changes == Changes()


def test_a_bug_is_the_program_error_with_its_details(app: QApplication, qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)

    def broken(_state: TaskState) -> None:
        raise ZeroDivisionError("division by zero")

    with qtbot.waitSignal(run_write(broken, owner, bus=None).failed, timeout=10_000) as failed:
        pass
    message, details = failed.args
    assert message == "程序出错：division by zero"
    assert "ZeroDivisionError" in details and "broken" in details


def test_an_import_or_a_sync_announces_everything(qtbot: QtBot, ledger: Ledger) -> None:
    bus = ChangeBus()
    owner = QWidget()
    qtbot.addWidget(owner)
    community = records.list_records(ledger, "communities", records.Query(limit=1))[0]
    with qtbot.waitSignal(bus.changed, timeout=10_000) as told:
        run_write(lambda _state: records.update(ledger, "communities", community["id"],
                                                {"households": 1200}),
                  owner, bus=bus, everything=True)
    changes, _origin = told.args
    assert changes.everything and changes.areas and list(changes.edited()) == []


def test_a_write_cancelled_while_it_waits_never_runs(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    gate = threading.Event()
    ran: list[str] = []
    first = run_write(lambda _state: gate.wait(10), owner, bus=None)
    second = Operation(lambda _state: ran.append("ran"), owner)
    second.cancel()
    second.start()
    gate.set()
    with qtbot.waitSignal(second.failed, timeout=10_000) as failed:
        pass
    assert first.wait(10) and ran == []
    assert isinstance(second.error, Cancelled) and failed.args[0] == "已取消"


def test_the_guard_knows_the_windows_writes_off_the_writer() -> None:
    """The autouse guard in conftest.py: ui code writing on the GUI thread (or in a thread of
    its own) is caught; a test's own set-up and the writer's thread are not."""
    window_code = {"__name__": "ui.somewhere", "check": conftest._ui_off_the_writer}
    assert eval("check()", window_code)  # a frame of a ui module calls it
    assert not conftest._ui_off_the_writer()  # the test itself
    seen: list[bool] = []

    def look() -> None:
        seen.append(eval("check()", window_code))

    for name in ("a-task-of-its-own", WRITER_THREAD + "_0"):
        worker = threading.Thread(target=look, name=name)
        worker.start()
        worker.join()
    assert seen == [True, False]
