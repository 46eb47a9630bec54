"""The reminder bar to export the data key's recovery file: shown while a ledger with names and
phones has none, gone once it is exported in the dialog, put off a week by 以后再说, back for a
new data key; never on the demo ledger."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.china_time import CHINA
from app.services import data_keys, key_reminder, records
from app.store import datakey
from app.store.db import open_ledger
from tests.ui.test_data_key_dialog import PASSWORD, _with_a_reporter
from ui.dialogs.data_key_dialog import DataKeyDialog
from ui.main_window import MainWindow
from ui.operations import run_write

T0 = dt.datetime(2026, 12, 31, 23, 59, 30, tzinfo=CHINA)
"""The clock of the window when the bar first shows (not the wall clock)."""
LEFT = Qt.MouseButton.LeftButton

pytestmark = pytest.mark.usefixtures("app")  # the window in Chinese



def _open(qtbot: QtBot, path: Path, now: dt.datetime, *, demo: bool = False
          ) -> tuple[MainWindow, bool]:
    """A shown window on the ledger, its reminder's clock at `now`; whether the bar shows."""
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.key_reminder.clock = lambda: now
    told: list[bool] = []
    window.key_reminder.checked.connect(told.append)
    window.show()
    with qtbot.waitSignals([window.ledger_loaded, window.key_reminder.checked],
                           timeout=30_000):
        window.open_ledger(path, demo=demo)
    assert len(told) == 1 and told[0] == window.key_reminder.isVisible()
    return window, told[0]


def _close(window: MainWindow) -> None:
    window.shutdown()
    window.close()


def test_the_bar_asks_until_the_recovery_file_is_exported_in_the_dialog(
        ledger_path: Path, qtbot: QtBot, tmp_path: Path) -> None:
    _with_a_reporter(ledger_path)
    window, shown = _open(qtbot, ledger_path, T0)
    bar = window.key_reminder
    assert shown and bar.isVisible()
    assert bar.export_button.text() == "导出恢复文件…" and bar.later_button.text() == "以后再说"
    assert "备份" in bar.message.text() and "U 盘" in bar.message.text()
    qtbot.mouseClick(bar.export_button, LEFT)
    [dialog] = [d for d in window.findChildren(DataKeyDialog) if d.isVisible()]
    assert dialog.focusWidget() is dialog.export_password  # its export side first
    assert bar.isVisible()  # not yet: nothing is exported
    dialog.export_password.setText(PASSWORD)
    dialog.export_again.setText(PASSWORD)
    recovery = tmp_path / "U盘" / "数据密钥.cfkey"
    recovery.parent.mkdir()
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        dialog.export_to(recovery)
    assert recovery.exists() and not bar.isVisible()
    ledger = window.ledger
    assert ledger is not None
    made = data_keys.recovery_file(ledger)
    assert made is not None and made.key_id == ledger.vault.key_id and not made.imported
    assert made.at == T0  # the window's clock, not the wall's
    _close(window)

    again, shown = _open(qtbot, ledger_path, T0 + dt.timedelta(days=400))
    assert not shown and not again.key_reminder.isVisible()
    _close(again)


def test_later_puts_the_bar_off_for_seven_days(ledger_path: Path, qtbot: QtBot) -> None:
    _with_a_reporter(ledger_path)
    window, shown = _open(qtbot, ledger_path, T0)
    bar = window.key_reminder
    assert shown
    with qtbot.waitSignal(bar.snoozed, timeout=20_000) as told:
        qtbot.mouseClick(bar.later_button, LEFT)
        assert not bar.isVisible()  # at once, before the ledger has written it
    assert told.args == [T0 + key_reminder.SNOOZE]
    _close(window)

    for later, expected in ((dt.timedelta(days=1), False),
                            (key_reminder.SNOOZE - dt.timedelta(seconds=1), False),
                            (key_reminder.SNOOZE, True)):
        again, shown = _open(qtbot, ledger_path, T0 + later)
        assert shown is expected, later
        _close(again)


def test_a_new_data_key_brings_the_bar_back(ledger_path: Path, qtbot: QtBot,
                                            tmp_path: Path) -> None:
    _with_a_reporter(ledger_path)
    ledger = open_ledger(ledger_path)
    try:
        data_keys.export_data_key(ledger, tmp_path / "旧密钥.cfkey", PASSWORD, now=T0)
        key_reminder.snooze(ledger, T0)
        old = ledger.vault.key_id
    finally:
        ledger.close()
    window, shown = _open(qtbot, ledger_path, T0 + dt.timedelta(days=30))
    assert not shown
    _close(window)
    # The ledger gets a data key of its own anew (no command does this yet: the ledger's row of
    # its key is replaced, as a future key rotation would): the old recovery file and the old
    # 以后再说 were for the old key.
    new = datakey.create(ledger_path)
    with sqlite3.connect(ledger_path) as conn:
        conn.execute("UPDATE data_key SET id = ?", (new.key_id,))
    conn.close()
    window, shown = _open(qtbot, ledger_path, T0 + dt.timedelta(days=30))
    ledger = window.ledger
    assert ledger is not None and ledger.vault.key_id == new.key_id != old
    assert shown and window.key_reminder.isVisible()
    _close(window)


def test_the_first_phone_saved_brings_the_bar_but_never_on_the_demo(
        ledger_path: Path, demo_path: Path, qtbot: QtBot) -> None:
    window, shown = _open(qtbot, ledger_path, T0)
    assert not shown  # no name or phone to lose yet
    ledger = window.ledger
    assert ledger is not None
    community = records.list_records(ledger, "communities")[0]["id"]
    with qtbot.waitSignal(window.key_reminder.checked, timeout=20_000) as told:
        run_write(lambda _state: records.create(
            ledger, "demands", {"community": community, "content": "增设助餐点",
                                "phone": "13800291234"}), window, bus=window.bus)
    assert told.args == [True] and window.key_reminder.isVisible()
    _close(window)

    demo, shown = _open(qtbot, demo_path, T0, demo=True)
    assert demo.ledger is not None and key_reminder.holds_personal(demo.ledger)
    assert not shown and not demo.key_reminder.isVisible()
    _close(demo)


def test_never_due_on_a_read_only_ledger(ledger_path: Path) -> None:
    _with_a_reporter(ledger_path)
    ledger = open_ledger(ledger_path)
    try:
        assert key_reminder.check(ledger, T0).due
        ledger.make_read_only("为测试：只读", remember=False)
        assert not key_reminder.check(ledger, T0).due
    finally:
        ledger.close()
