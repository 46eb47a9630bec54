"""The app lock in the window (issue 18, part 7): asked when the ledger opens and after the idle
minutes, every window covered, a half-typed form kept; set, changed and removed in its dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services import app_lock as services
from app.store.db import open_ledger
from app.store.settings import set_settings
from tests.ui.forms import type_field
from tests.ui.window import Opener, open_form
from ui import app_lock
from ui.app_lock import Curtain, UnlockDialog
from ui.dialogs.lock_dialog import LockDialog
from ui.main_window import MainWindow
from ui.pages.records_page import RecordsPage
from ui.widgets import notice

PASSWORD = "jiefangmen-2026"  # typed key by key: QTest types ASCII only


def _locked(path: Path, idle: int = 5) -> Path:
    ledger = open_ledger(path)
    try:
        services.set_lock(ledger, PASSWORD, idle)
    finally:
        ledger.close()
    return path


def _dialog(window: MainWindow) -> UnlockDialog:
    dialog = window.app_lock.locker.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _unlock(qtbot: QtBot, window: MainWindow, password: str = PASSWORD) -> bool:
    dialog = _dialog(window)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    return dialog.try_password()


class Clock:
    """The idle time's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_locked_ledger_opens_behind_a_curtain_until_the_password(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    window = open_window(_locked(ledger_path))
    locker = window.app_lock.locker
    assert locker.locked
    [curtain] = [c for c in locker.curtains if c.parentWidget() is window]
    assert curtain.isVisible() and curtain.geometry() == window.rect()
    window.resize(window.width() + 40, window.height())
    assert curtain.geometry() == window.rect()  # it follows the window
    dialog = _dialog(window)
    assert dialog.quit_button is not None  # at start one may leave instead
    assert not _unlock(qtbot, window, "guess-one")
    assert dialog.message.text() == "密码不对，请重试" and locker.locked
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert locker.locked and dialog.isVisible()  # Esc does not unlock
    assert _unlock(qtbot, window)
    assert not locker.locked and not [c for c in window.findChildren(Curtain) if c.isVisible()]
    assert window.app_lock.lock_action.isEnabled()


def test_leaving_at_start_closes_the_window(open_window: Opener, ledger_path: Path,
                                            qtbot: QtBot) -> None:
    window = open_window(_locked(ledger_path))
    quit_button = _dialog(window).quit_button
    assert quit_button is not None
    qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_idle_minutes_lock_every_window_and_a_half_typed_form_is_kept(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    window = open_window(_locked(ledger_path, idle=5))
    locker = window.app_lock.locker
    clock = locker.clock = Clock()
    assert _unlock(qtbot, window)
    page = window.show_page("communities")
    assert isinstance(page, RecordsPage)
    form = open_form(qtbot, page, page.new_record)
    type_field(qtbot, form, "name", "还没保存的社区")

    clock.now += 4 * 60
    assert not locker.check_idle()
    qtbot.keyClick(form, Qt.Key.Key_Shift)  # someone is at the PC: the minutes start again
    clock.now += 4 * 60
    assert not locker.check_idle()
    clock.now += 61
    assert locker.check_idle() and locker.locked
    covered = {c.parentWidget() for c in locker.curtains}
    assert {window, form} <= covered  # the form is covered, not closed
    assert form.isVisible()
    clock.now += 3600  # nothing counts while locked, nor locks twice
    assert not locker.check_idle()
    assert _unlock(qtbot, window)
    assert form.isVisible() and form.editor("name").raw() == "还没保存的社区"
    assert not [c for c in QApplication.topLevelWidgets() if isinstance(c, UnlockDialog)
                and c.isVisible()]


def test_lock_now_and_too_many_wrong_passwords(open_window: Opener, ledger_path: Path,
                                               qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.setattr(app_lock, "WAIT_SECONDS", 2)
    window = open_window(_locked(ledger_path, idle=0))
    assert _unlock(qtbot, window)
    assert not window.app_lock.locker.check_idle()  # 0: only when it opens
    window.app_lock.lock_action.trigger()
    dialog = _dialog(window)
    assert dialog.quit_button is None  # locked while working: the password is the only way
    for _ in range(app_lock.FREE_TRIES):
        assert not _unlock(qtbot, window, "not-this-one")
    assert not dialog.unlock_button.isEnabled() and "等待" in dialog.message.text()
    dialog.password.setText(PASSWORD)
    assert not dialog.try_password()  # not even the right one while it waits
    qtbot.waitUntil(lambda: dialog.unlock_button.isEnabled(), timeout=5000)
    assert _unlock(qtbot, window)


def _settings(window: MainWindow) -> LockDialog:
    dialog = window.app_lock.open_settings()
    assert dialog is not None
    return dialog


def _save(qtbot: QtBot, window: MainWindow, dialog: LockDialog) -> None:
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=10_000):
        dialog.accept()


def test_the_lock_is_set_changed_and_removed_in_its_dialog(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    assert not window.app_lock.locker.locked and not window.app_lock.lock_action.isEnabled()
    dialog = _settings(window)
    dialog.new.setText("短")
    dialog.again.setText("短")
    dialog.accept()
    assert dialog.isVisible() and "至少要 6 个字符" in dialog.message.text()
    dialog.new.setText(PASSWORD)
    dialog.again.setText(PASSWORD + "x")
    dialog.accept()
    assert dialog.message.text() == "两次输入的新密码不一样"
    dialog.again.setText(PASSWORD)
    dialog.idle.setCurrentIndex(dialog.idle.findData(15))
    _save(qtbot, window, dialog)
    lock = window.app_lock.locker.lock
    assert lock is not None and lock.idle_minutes == 15
    ledger = window.ledger
    assert ledger is not None and services.current(ledger) == lock

    again = _settings(window)
    again.current.setText("错的")
    again.remove.setChecked(True)
    again.accept()
    assert again.isVisible() and again.message.text() == "当前密码不对"
    again.current.setText(PASSWORD)
    _save(qtbot, window, again)
    assert window.app_lock.locker.lock is None and services.current(ledger) is None
    assert not window.app_lock.lock_action.isEnabled()


def test_a_damaged_lock_is_said_and_does_not_lock(open_window: Opener, ledger_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = open_ledger(ledger_path)
    try:
        set_settings(ledger, app_lock={"version": 1, "salt": "?", "hash": 3})
    finally:
        ledger.close()
    shown: list[str] = []
    monkeypatch.setattr(notice, "warn", lambda _parent, _title, message: shown.append(message))
    window = open_window(ledger_path)
    assert not window.app_lock.locker.locked
    assert shown and "应用锁设置已损坏" in shown[0] and "重新设置" in shown[0]
