"""The order of a start: the window shows the ledger first; the day's backup, which checks the
whole database and copies it (many seconds at city scale), is made behind it, and damage that
check finds is offered the way out while the ledger is on screen."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services import status
from app.store import backup
from tests.faults import break_a_reference
from ui.main_window import MainWindow


def _daily(ledger_path: Path) -> list[Path]:
    return sorted((ledger_path.parent / "backups").glob(f"{ledger_path.stem}.*.daily.db"))


def test_the_ledger_is_shown_before_the_days_backup_is_made(
        app: QApplication, qtbot: QtBot, ledger_path: Path) -> None:
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    at_loaded: list[list[Path]] = []
    window.ledger_loaded.connect(lambda: at_loaded.append(_daily(ledger_path)))
    with qtbot.waitSignal(window.integrity_checked, timeout=30_000) as checked:
        window.open_ledger(ledger_path)
    assert at_loaded == [[]]  # the data was on screen before any backup was made
    assert checked.args == [[]]  # then the backup checked the database and copied it
    assert len(_daily(ledger_path)) == 1
    window.shutdown()

    again = MainWindow(remember_geometry=False)  # the day's second start makes none
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.integrity_checked, timeout=30_000) as checked:
        again.open_ledger(ledger_path)
    assert checked.args == [[]]
    assert len(_daily(ledger_path)) == 1
    again.shutdown()


def test_damage_the_days_backup_finds_is_offered_the_way_out_behind_the_shown_ledger(
        app: QApplication, qtbot: QtBot, ledger_path: Path) -> None:
    sound = backup.create_backup(ledger_path, "manual")  # yesterday's state, say
    break_a_reference(ledger_path)  # no crash mark: nothing is checked before the window shows
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ledger_loaded, timeout=30_000):
        window.open_ledger(ledger_path)
    assert window.ledger is not None
    with qtbot.waitSignal(window.recovery_requested, timeout=30_000) as asked:
        pass
    assert asked.args[0].problems  # what the check found, said in the box
    assert _daily(ledger_path) == []  # a damaged database is not copied over the backups
    box = window.recovery_box
    assert box is not None and box.restore_button is not None  # the sound backup is offered
    latest = status.latest_backup(ledger_path)
    assert latest is not None and latest.path == sound
    qtbot.mouseClick(box.read_only_button, Qt.MouseButton.LeftButton)
    assert window.read_only and window.read_only_label.isVisible()
    window.shutdown()



def test_the_start_up_check_waits_for_the_first_pages_numbers(
        app: QApplication, qtbot: QtBot, ledger_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The day's backup reads the whole database: it starts once the page shown has read its
    numbers (here slowed to 0.6 s; the check's own wait, at most, made longer than the test)."""
    import ui.pages.overview_page as overview_page
    import ui.session as session

    events: list[str] = []
    read, check = overview_page.load_overview, session.check_in_background

    def slow_read(*args: Any, **kwargs: Any) -> Any:
        for _ in range(60):  # small steps: the suite also runs under libfaketime
            time.sleep(0.01)
        found = read(*args, **kwargs)
        events.append("numbers")
        return found

    def logged_check(*args: Any, **kwargs: Any) -> Any:
        events.append("check")
        return check(*args, **kwargs)

    monkeypatch.setattr(overview_page, "load_overview", slow_read)
    monkeypatch.setattr(session, "check_in_background", logged_check)
    monkeypatch.setattr(session, "CHECK_DELAY_MS", 60_000)
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    window.ledger_loaded.connect(lambda: events.append("shown"))
    with qtbot.waitSignal(window.integrity_checked, timeout=30_000) as checked:
        window.open_ledger(ledger_path)
    assert checked.args == [[]]
    assert events[:3] == ["shown", "numbers", "check"], events
    assert len(_daily(ledger_path)) == 1
    window.shutdown()
