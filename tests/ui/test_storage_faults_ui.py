"""Storage faults in the window: a full disk is a message and the window stays usable; damage met
while working turns it read-only (只读) with a button to restore the newest good backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from app.services import records
from app.store import backup, faults
from tests.app.store.util import file_counts
from tests.faults import damage_table
from tests.ui.forms import choose_field, save_form
from tests.ui.window import Opener, click_area
from ui.forms.field_editors import MultiLineEditor
from ui.forms.record_form import RecordFormDialog
from ui.main_window import MainWindow
from ui.pages.records_page import RecordsPage

_LEFT = Qt.MouseButton.LeftButton


def _demands(window: MainWindow, qtbot: QtBot) -> RecordsPage:
    click_area(window, qtbot, "新城区", "解放门街道", "东七路社区")
    page = window.show_page("demands")
    assert isinstance(page, RecordsPage)
    return page


def _new_demand(page: RecordsPage, qtbot: QtBot, text: str) -> RecordFormDialog:
    assert page.new_record()
    form = page.form
    assert isinstance(form, RecordFormDialog)
    form.confirm_discard = lambda _parent: True
    choose_field(qtbot, form, "function", "社区助餐")
    for name in ("content", "reply"):
        editor = form.editor(name)
        assert isinstance(editor, MultiLineEditor)
        editor.box.setPlainText(text)
    return form


def test_a_full_disk_is_said_in_the_form_and_the_window_stays_usable(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    ledger = window.ledger
    assert ledger is not None
    page = _demands(window, qtbot)
    ledger.engine.dispose()

    def no_room(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(ledger.engine, "connect", no_room)
    form = _new_demand(page, qtbot, "长" * 2000)
    assert not save_form(qtbot, form)
    assert form.isVisible() and "磁盘空间不足" in form.general_message.text()
    assert records.count(ledger, "demands") == 0
    assert not window.read_only and not window.read_only_label.isVisible()

    event.remove(ledger.engine, "connect", no_room)  # space was made
    ledger.engine.dispose()
    assert save_form(qtbot, form)
    qtbot.waitUntil(lambda: page.form is None)
    assert records.count(ledger, "demands") == 1
    assert window.new_action.isEnabled()


def test_damage_met_while_working_turns_the_window_read_only_with_the_way_out(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    backup.ensure_daily_backup(ledger_path)  # today's backup is sound
    window = open_window(ledger_path)
    with qtbot.waitSignal(window.integrity_checked, timeout=30_000) as checked:
        pass
    assert checked.args == [[]]
    ledger = window.ledger
    assert ledger is not None
    page = _demands(window, qtbot)
    form = _new_demand(page, qtbot, "希望增加托育服务")
    assert save_form(qtbot, form)
    qtbot.waitUntil(lambda: page.form is None)
    damage_table(ledger_path, "demand")
    # what the pool had read is gone (a read in flight keeps its connection, which is not reused)
    ledger.engine.dispose()
    before = file_counts(ledger_path, "community")

    with qtbot.waitSignal(window.damage_found, timeout=30_000):
        form = _new_demand(page, qtbot, "再加一条")
        assert not save_form(qtbot, form)
    assert "已损坏" in form.general_message.text() and "只读" in form.general_message.text()
    form.reject()
    qtbot.waitUntil(lambda: window.recovery_box is not None)
    assert window.read_only and window.read_only_label.isVisible()
    assert window.read_only_label.text() == "只读：数据库已损坏"
    assert window.restore_button.isVisible() and window.restore_button.text() == "恢复最近的备份"
    assert not window.new_action.isEnabled()
    assert "已损坏" in window.windowTitle()
    box = window.recovery_box
    assert box is not None
    qtbot.mouseClick(box.read_only_button, _LEFT)  # look first, restore later
    assert window.recovery_box is None and window.read_only and "只读" in window.windowTitle()
    assert file_counts(ledger_path, "community") == before
    assert faults.damage_mark(ledger_path) is not None

    with qtbot.waitSignal(window.ledger_loaded, timeout=60_000):
        qtbot.mouseClick(window.restore_button, _LEFT)
    assert not window.read_only and not window.read_only_label.isVisible()
    assert not window.restore_button.isVisible() and window.new_action.isEnabled()
    assert faults.damage_mark(ledger_path) is None
    assert list(ledger_path.parent.glob("台账.damaged-*.db"))  # the damaged file is kept
    page = _demands(window, qtbot)
    form = _new_demand(page, qtbot, "恢复后可以保存")
    assert save_form(qtbot, form)
