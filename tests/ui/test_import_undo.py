"""An import checked before it writes (each updated record, field: old → new), taken back as one
step afterwards (Ctrl+Z, 撤销这次导入), and 文件 → 备份与恢复 restoring a chosen backup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from app.services import records, status
from app.services.imports import ImportResult
from app.store import backup
from app.store.db import Ledger
from tests.ui.test_importing import GOOD, drop_file, import_with, workbook
from tests.ui.window import Opener, capture
from ui.dialogs.backups_dialog import BackupsDialog
from ui.main_window import MainWindow
from ui.operations import run_write

TIMEOUT = 30_000


def _ledger(window: MainWindow) -> Ledger:
    assert window.ledger is not None
    return window.ledger


def _east(window: MainWindow) -> dict[str, Any]:
    return records.get(_ledger(window), "communities", "610102005001")


def edit_in_window(qtbot: QtBot, window: MainWindow, job: Callable[[], object]) -> None:
    """A change saved in the window (on the writer, told on the bus: Ctrl+Z remembers it)."""
    with qtbot.waitSignal(window.undo.stack_changed, timeout=TIMEOUT):
        run_write(lambda _state: job(), window, bus=window.bus)


def imported(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> ImportResult:
    """GOOD dropped on the window and imported: 东七路社区 updated; 幸福里社区, 2 demands new."""
    capture(window)
    dialog = drop_file(qtbot, window, workbook(tmp_path / "社区报送.xlsx", GOOD))
    return import_with(qtbot, window, dialog.import_button)


def answer(window: MainWindow, yes: bool = True) -> list[str]:
    """Answer the 撤销这次导入 question; what it asked."""
    asked: list[str] = []

    def ask(_parent: object, _title: str, text: str, *_buttons: str) -> bool:
        asked.append(text)
        return yes

    window.undo.imports.ask = ask
    return asked


def undo_now(qtbot: QtBot, window: MainWindow, press: Callable[[], object]) -> None:
    with qtbot.waitSignal(window.undo.undo_ended, timeout=TIMEOUT):
        press()


def test_the_preview_lists_each_updated_record_field_by_field(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    edit_in_window(qtbot, window, lambda: records.update(
        _ledger(window), "communities", "610102005001", {"population": 3900}))
    dialog = drop_file(qtbot, window, workbook(tmp_path / "社区报送.xlsx", GOOD))
    assert dialog.updates_heading.text() == "将更新的记录（1 条）"
    assert dialog.updates_view.isVisible()
    model = dialog.updates_model
    assert model.rowCount() == 1
    record = model.index(0, 0)
    assert record.data() == "社区 东七路社区（工作表“社区”第 2 行）"
    assert [model.index(r, 0, record).data() for r in range(model.rowCount(record))] == [
        "常住人口：3900 人 → 4200 人"]
    assert dialog.updates_view.isExpanded(record)  # a small import: shown open
    assert model.index(0, 0, model.index(0, 0, record)) == QModelIndex()  # fields have none
    dialog.reject()
    qtbot.waitUntil(lambda: not window.importer.busy)


def test_ctrl_z_after_an_import_takes_back_the_import_not_the_edit_before_it(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    edit_in_window(qtbot, window, lambda: records.update(
        _ledger(window), "communities", "610102005001", {"households": 1500}))
    communities = records.count(_ledger(window), "communities")
    result = imported(qtbot, window, tmp_path)
    assert result.total == 4 and _east(window)["population"] == 4200
    assert window.undo_action.text() == "撤销(&U)：导入 社区报送.xlsx"
    assert window.undo_import_button.isVisible()
    asked = answer(window)

    undo_now(qtbot, window, window.undo_action.trigger)  # Ctrl+Z
    [question] = asked
    assert "删除导入新增的 3 条记录，把导入更新的 1 条记录改回导入前的值" in question
    east = _east(window)
    assert (east["population"], east["households"]) == (None, 1500)  # the edit before stays
    assert records.count(_ledger(window), "communities") == communities
    assert records.count(_ledger(window), "demands") == 0
    assert window.statusBar().currentMessage() == (
        "已撤销导入“社区报送.xlsx”：删除 3 条新增的记录，1 条改回导入前")
    assert not window.undo_import_button.isVisible()
    assert window.undo_action.text() == "撤销(&U)：修改 东七路社区"

    undo_now(qtbot, window, window.undo_action.trigger)  # then the edit before the import
    assert _east(window)["households"] is None


def test_undo_this_import_keeps_a_record_edited_since(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    imported(qtbot, window, tmp_path)
    edit_in_window(qtbot, window, lambda: records.update(
        _ledger(window), "communities", "610102005001", {"households": 1600}))
    assert window.undo_action.text() == "撤销(&U)：修改 东七路社区"  # the later edit is on top
    asked = answer(window)

    undo_now(qtbot, window, window.undo_import_button.click)
    [question] = asked
    assert "社区 东七路社区：导入后又修改过，保持现状" in question
    east = _east(window)
    assert (east["population"], east["households"]) == (4200, 1600)  # not overwritten
    assert records.get(_ledger(window), "communities", "幸福里社区",
                       include_deleted=True)["deleted"]
    assert records.count(_ledger(window), "demands") == 0
    assert "1 条导入后又修改过，保持现状" in window.statusBar().currentMessage()
    assert not window.undo_import_button.isVisible()
    assert window.undo_action.text() == "撤销(&U)：修改 东七路社区"  # the import is gone from it


def test_undo_this_import_asked_and_declined_changes_nothing(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    imported(qtbot, window, tmp_path)
    asked = answer(window, yes=False)
    undo_now(qtbot, window, window.undo_import_button.click)
    assert len(asked) == 1 and _east(window)["population"] == 4200
    assert window.undo_import_button.isVisible()
    assert window.undo_action.text() == "撤销(&U)：导入 社区报送.xlsx"  # still offered


def test_the_backups_dialog_restores_a_chosen_backup_after_backing_up_the_ledger(
        open_window: Opener, ledger_path: Path, qtbot: QtBot) -> None:
    first = backup.create_backup(ledger_path, "daily")
    window = open_window(ledger_path)
    device = _ledger(window).device
    assert window.backups_action.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    assert window.backups_action in file_menu.actions()
    edit_in_window(qtbot, window, lambda: records.create(
        _ledger(window), "communities",
        {"name": "备份后社区", "street": "解放门街道", "code": "610102005009"}))
    communities = records.count(_ledger(window), "communities")

    dialog = window.show_backups()
    assert isinstance(dialog, BackupsDialog) and dialog.isVisible()
    with qtbot.waitSignal(dialog.backup_made, timeout=TIMEOUT) as made:
        dialog.backup_button.click()  # 立即备份
    now = made.args[0]
    assert [b.path for b in status.list_backups(ledger_path)][:2] == [now, first]
    rows = [[dialog.model.index(r, c).data() for c in (1, 3)]
            for r in range(dialog.model.rowCount())]
    assert rows[:2] == [["手动备份", now.name], ["每日自动备份", first.name]]

    asked: list[str] = []
    dialog.ask = lambda _parent, _title, text, *_buttons: bool(asked.append(text)) or True
    dialog.choose(first)
    with qtbot.waitSignal(window.session.backup_restored, timeout=TIMEOUT) as restored, \
            qtbot.waitSignal(window.ledger_loaded, timeout=TIMEOUT):
        dialog.restore_button.click()
    [question] = asked
    assert "本单位的密钥（设备标识）会更换" in question and "上级单位需要重新登记" in question
    assert not [d for d in window.findChildren(BackupsDialog) if d.isVisible()]  # closed
    done = restored.args[0]
    assert isinstance(done, status.BackupRestored) and done.backup.path == first
    # the ledger as it was is backed up first: restoring that brings 备份后社区 back
    assert done.kept.name.endswith(".before-restore.db") and done.kept.is_file()
    assert records.count(_ledger(window), "communities") == communities - 1
    assert _ledger(window).device == done.device != device  # a new identity, on purpose
    assert "已恢复" in window.statusBar().currentMessage()
    kept = backup.list_backups(ledger_path)
    assert [b.reason for b in kept if b.path == done.kept] == ["before-restore"]
