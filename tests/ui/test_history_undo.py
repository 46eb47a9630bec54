"""A record's history beside the list, restore from it, and Ctrl+Z through the history."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.changes import Changes
from app.services import records
from app.store.db import Ledger
from tests.ui.forms import POPUPS, activate, choose_field, community_in, type_field
from tests.ui.window import Opener, click_row, make_page, open_form, save, spaces_page
from ui.main_window import MainWindow
from ui.pages.records_page import RecordsPage
from ui.widgets.history_view import FieldChange, local_time

# The fixture `ledger` (tests/ui/conftest.py): a fresh copy of a ledger with demo data in each
# test.


def _space(ledger: Ledger, name: str = "活动室") -> str:
    community = community_in(ledger)
    return records.create(ledger, "spaces", {"community": community["id"], "name": name,
                                             "kind": "社区用房", "floor_area": "85.5"})


# --- the history panel ------------------------------------------------------------------------


def test_history_panel_shows_a_record_edited_twice_in_chinese(instant: dt.datetime, qtbot: QtBot,
                                                              ledger: Ledger) -> None:
    space = _space(ledger)
    page = make_page(qtbot, ledger, "spaces")
    assert page.history.isHidden()
    click_row(qtbot, page, space)
    form = open_form(qtbot, page, page.edit_selected)
    type_field(qtbot, form, "floor_area", "120")
    save(qtbot, page, form)
    form = open_form(qtbot, page, page.edit_selected)
    choose_field(qtbot, form, "usage", "闲置")
    choose_field(qtbot, form, "permit_required", "是")
    save(qtbot, page, form)

    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    panel = page.history
    assert panel.isVisible() and page.history_action.isChecked()
    assert [e.label for e in panel.entries] == ["修改", "修改", "新建"]  # newest first
    second, first, created = panel.entries
    assert second.fields == [FieldChange("使用状态", "", "闲置"),
                             FieldChange("规划要求配建", "", "是")]
    assert first.fields == [FieldChange("建筑面积", "85.5 ㎡", "120 ㎡")]
    community = community_in(ledger)
    assert FieldChange("所属社区", "", community["name"]) in created.fields
    assert FieldChange("资源类型", "", "社区用房") in created.fields
    stored = records.history(ledger, "spaces", space)
    assert [e.time for e in panel.entries] == [local_time(h["at"]) for h in reversed(stored)]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", first.time)
    assert first.time == instant.strftime("%Y-%m-%d %H:%M")  # Xi'an time, whatever the machine's
    assert second.user == stored[-1]["user"]

    shown = panel.text()
    assert shown.startswith("空间资源：活动室")
    for line in ("85.5 ㎡ → 120 ㎡", "未填 → 闲置", "未填 → 是", community["name"]):
        assert line in shown
    assert not panel.restore_button.isVisible()

    other = _space(ledger, "另一处用房")
    page.refresh()
    click_row(qtbot, page, other)
    assert [e.label for e in panel.entries] == ["新建"]  # the panel follows the selection
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    assert page.history.isHidden()


def test_deleted_record_is_restored_from_its_history(qtbot: QtBot, ledger: Ledger) -> None:
    space = _space(ledger)
    page = make_page(qtbot, ledger, "spaces")
    click_row(qtbot, page, space)
    menu = page.context_menu()
    assert page.history_action in menu.actions()
    page.history_action.trigger()  # 历史 from the right-click menu
    page.ask = lambda *_args: True
    with qtbot.waitSignal(page.write_finished):
        assert page.delete_selected()
    assert page.model.row_of(space) < 0  # gone from the list, still in the panel
    panel = page.history
    assert panel.record_id == space
    assert panel.entries[0].label == "删除"
    assert panel.state.text() == "已删除" and panel.restore_button.isVisible()

    with qtbot.waitSignal(page.write_finished):
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert records.get(ledger, "spaces", space)["deleted"] is False
    assert [e.label for e in panel.entries][:2] == ["恢复", "删除"]
    assert not panel.restore_button.isVisible()
    assert page.selected_id() == space


# --- Ctrl+Z ----------------------------------------------------------------------------------


def ctrl_z(qtbot: QtBot, page: RecordsPage, *, undoes: bool = True) -> None:
    """Press Ctrl+Z in the list (the window active again, as after a dialog closes); when it
    undoes something, wait until the writer has done it (or refused)."""
    window = page.window()
    assert isinstance(window, MainWindow)
    activate(qtbot, window)
    page.table.setFocus()
    if not undoes:
        qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        return
    with qtbot.waitSignal(window.undo.undo_ended):
        qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


@POPUPS
def test_ctrl_z_undoes_an_edit_a_delete_and_a_create_in_order(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    page = spaces_page(window, qtbot)
    undo = window.undo_action
    assert not undo.isEnabled() and undo.text() == "撤销(&U)"

    form = open_form(qtbot, page, lambda: qtbot.keyClick(
        page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier))
    choose_field(qtbot, form, "community", "东七路社区（610102005001）")
    type_field(qtbot, form, "name", "活动室")
    choose_field(qtbot, form, "kind", "社区用房")
    save(qtbot, page, form)
    space = page.selected_id()
    assert space is not None
    assert undo.isEnabled() and undo.text() == "撤销(&U)：新建 活动室"

    form = open_form(qtbot, page, page.edit_selected)
    type_field(qtbot, form, "floor_area", "120")
    save(qtbot, page, form)
    assert undo.text() == "撤销(&U)：修改 活动室"

    page.ask = lambda *_args: True
    with qtbot.waitSignal(page.write_finished):
        assert page.delete_selected()
    assert undo.text() == "撤销(&U)：删除 活动室"
    ledger = window.ledger
    assert ledger is not None
    told: list[str] = []
    window.undo.tell = lambda _parent, _title, message: told.append(message)

    ctrl_z(qtbot, page)  # the delete
    assert records.get(ledger, "spaces", space)["deleted"] is False
    assert page.model.row_of(space) >= 0  # the list shows it again
    assert window.statusBar().currentMessage() == "已撤销删除：活动室"
    assert undo.text() == "撤销(&U)：修改 活动室"

    ctrl_z(qtbot, page)  # the edit
    assert records.get(ledger, "spaces", space)["floor_area"] is None
    assert window.statusBar().currentMessage() == "已撤销修改：活动室（建筑面积）"
    assert undo.text() == "撤销(&U)：新建 活动室"

    ctrl_z(qtbot, page)  # the create
    assert records.get(ledger, "spaces", space, include_deleted=True)["deleted"] is True
    assert page.model.row_of(space) < 0
    assert window.statusBar().currentMessage() == "已撤销新建：活动室"
    assert not undo.isEnabled() and undo.text() == "撤销(&U)"
    actions = [h["action"] for h in records.history(ledger, "spaces", space)]
    assert actions == ["create", "update", "delete", "restore", "undo", "delete"]

    ctrl_z(qtbot, page, undoes=False)  # nothing left: nothing happens
    assert len(records.history(ledger, "spaces", space)) == len(actions)
    assert told == []


def test_undo_of_a_change_overtaken_since_is_refused_and_changes_nothing(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    ledger = window.ledger
    assert ledger is not None
    community = records.list_records(ledger, "communities", records.Query(search="东七路"))[0]
    space = records.create(ledger, "spaces", {"community": community["id"], "name": "活动室",
                                              "kind": "社区用房"})
    page = spaces_page(window, qtbot)
    page.refresh()
    click_row(qtbot, page, space)
    form = open_form(qtbot, page, page.edit_selected)
    type_field(qtbot, form, "owner", "市房管局")
    save(qtbot, page, form)
    assert window.undo_action.text() == "撤销(&U)：修改 活动室"

    records.update(ledger, "spaces", space, {"owner": "区房管局"})  # another window, a sync …
    before = records.history(ledger, "spaces", space)
    told: list[str] = []
    window.undo.tell = lambda _parent, title, message: told.append(f"{title}|{message}")
    ctrl_z(qtbot, page)
    assert told == ["无法撤销|此空间资源在这之后又被修改过，不能撤销这一步；请在修改历史中查看"]
    assert records.history(ledger, "spaces", space) == before
    assert records.get(ledger, "spaces", space)["owner"] == "区房管局"
    assert not window.undo_action.isEnabled()  # a refused step is not offered again


def test_changes_of_another_ledger_are_not_undone(open_window: Opener, ledger_path: Path,
                                                   qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    ledger = window.ledger
    assert ledger is not None
    community = records.list_records(ledger, "communities", records.Query(limit=1))[0]
    window.bus.changed.emit(Changes.of("community", community["id"]), None)
    assert window.undo.can_undo()
    assert window.undo_action.text() == f"撤销(&U)：新建 {community['name']}"
    with qtbot.waitSignal(window.ledger_loaded, timeout=30_000):
        window.open_ledger(ledger_path)
    assert not window.undo.can_undo() and not window.undo_action.isEnabled()
