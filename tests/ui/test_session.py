"""The ledger's life without a window: open, switch, the open marker, recover, restore, close."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.errors import LedgerReadOnly
from app.services import records, status
from app.services.setup import init_ledger
from tests.faults import break_a_reference
from tests.ui.window import add_after_backup
from ui.opening import DamagedLedger, OpenedLedger
from ui.session import LedgerSession, Recovery

TIMEOUT = 30_000


@pytest.fixture
def session(app: QApplication) -> Iterator[LedgerSession]:
    """A session with no window around it, shut down after the test."""
    found = LedgerSession()
    yield found
    found.shut_down()


def _open(qtbot: QtBot, session: LedgerSession, path: Path, **options: bool) -> OpenedLedger:
    with qtbot.waitSignal(session.ledger_opened, timeout=TIMEOUT) as opened, \
            qtbot.waitSignal(session.ledger_loaded, timeout=TIMEOUT):
        session.open(path, **options)
    assert isinstance(opened.args[0], OpenedLedger)
    return opened.args[0]


def test_opening_marks_the_ledger_open_until_the_session_shuts_down(
        qtbot: QtBot, session: LedgerSession, ledger_path: Path) -> None:
    busy: list[bool] = []
    session.busy_changed.connect(busy.append)
    with qtbot.waitSignal(session.integrity_checked, timeout=TIMEOUT) as checked:
        opened = _open(qtbot, session, ledger_path)
    assert checked.args == [[]]  # the background check found the file sound
    qtbot.waitUntil(lambda: busy == [True, False])
    assert session.ledger is opened.ledger and session.path == ledger_path
    assert not session.read_only and not session.busy()
    assert status.was_unclean(ledger_path)  # a crash now would leave the mark
    session.shut_down()
    assert session.closed and session.ledger is None
    assert not status.was_unclean(ledger_path)
    session.shut_down()  # twice is harmless


def test_switching_ledgers_lets_go_of_the_first_before_it_closes(
        qtbot: QtBot, session: LedgerSession, ledger_path: Path, tmp_path: Path) -> None:
    first = _open(qtbot, session, ledger_path)
    other = tmp_path / "另一个.db"
    init_ledger(other).close()
    held_at_close: list[bool] = []
    session.about_to_close.connect(lambda: held_at_close.append(session.ledger is first.ledger))
    second = _open(qtbot, session, other)
    assert held_at_close == [True]  # told while the first was still open
    assert session.ledger is second.ledger and session.path == other
    assert records.count(second.ledger, "communities") == 0


def test_a_ledger_damaged_before_a_crash_is_offered_read_only(
        qtbot: QtBot, session: LedgerSession, ledger_path: Path) -> None:
    break_a_reference(ledger_path)
    status.mark_open(ledger_path)  # the last session never closed it
    with qtbot.waitSignal(session.recovery_requested, timeout=TIMEOUT) as asked:
        session.open(ledger_path)
    damage = asked.args[0]
    assert isinstance(damage, DamagedLedger) and damage.problems and damage.backup is None
    assert session.ledger is None and not session.can_restore()
    started: list[bool] = []
    session.restore_started.connect(lambda: started.append(True))
    session.restore_latest()  # a question waits: nothing happens
    assert not started
    with qtbot.waitSignal(session.ledger_loaded, timeout=TIMEOUT):
        session.recover(Recovery.READ_ONLY)
    assert session.read_only and session.ledger is not None
    with pytest.raises(LedgerReadOnly):
        records.create(session.ledger, "communities",
                       {"name": "新社区", "street": "解放门街道", "code": "610102005009"})
    session.shut_down()
    assert status.was_unclean(ledger_path)  # still damaged: checked again next time


def test_a_damaged_ledger_is_restored_from_the_latest_backup(
        qtbot: QtBot, session: LedgerSession, ledger_path: Path) -> None:
    add_after_backup(ledger_path)
    break_a_reference(ledger_path)
    status.mark_open(ledger_path)
    with qtbot.waitSignal(session.recovery_requested, timeout=TIMEOUT):
        session.open(ledger_path)
    assert session.can_restore()
    with qtbot.waitSignal(session.restore_finished, timeout=TIMEOUT) as restored, \
            qtbot.waitSignal(session.ledger_loaded, timeout=TIMEOUT):
        session.recover(Recovery.RESTORE)
    assert isinstance(restored.args[0], status.Restored)
    assert restored.args[0].damaged_copy.exists()  # kept for technical support
    assert session.ledger is not None and not session.read_only
    assert records.count(session.ledger, "communities") == 5  # as the backup had it
    session.shut_down()
    assert not status.was_unclean(ledger_path)


def test_damage_met_while_working_turns_the_session_read_only(
        qtbot: QtBot, session: LedgerSession, ledger_path: Path) -> None:
    opened = _open(qtbot, session, ledger_path)
    changed: list[bool] = []
    session.state_changed.connect(lambda: changed.append(session.read_only))
    with qtbot.waitSignal(session.recovery_requested, timeout=TIMEOUT) as asked:
        for listener in opened.ledger.damage_listeners:
            listener("database disk image is malformed")
    assert changed == [True]
    assert asked.args[0].problems == ["database disk image is malformed"]
    session.recover(Recovery.QUIT)  # the window closes; the session shuts down with it
    session.shut_down()
    assert status.was_unclean(ledger_path)
