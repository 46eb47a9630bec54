"""Importing a workbook as a user does it: drop or choose it, read the preview, import or not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.services import import_report, imports, records
from app.services.imports import ImportResult
from tests.ui.window import Opener, capture, count, drag, drop
from ui.dialogs.import_dialog import ImportDialog
from ui.main_window import MainWindow
from ui.operations import Operation
from ui.pages.matrix_page import MatrixPage
from ui.pages.records_page import RecordsPage
from ui.pages.reports_page import ReportsPage
from ui.tasks import Task
from ui.widgets.task_progress import TaskProgress

Rows = Sequence[Sequence[Any]]
LEFT = Qt.MouseButton.LeftButton

GOOD: dict[str, Rows] = {
    "社区": [
        ["社区代码", "社区名称", "街道", "常住人口"],
        ["610102005001", "东七路社区", "解放门街道", 4200],  # known: its population is new
        ["610102005004", "幸福里社区", "解放门街道", 2600],  # a new community
    ],
    "需求清单": [
        ["所属社区", "需求内容", "登记日期", "紧急程度"],
        ["东七路社区", "希望社区食堂延长晚餐供应时间", "2025-03-10", "一般"],
        ["幸福里社区", "增设老年助餐点", "2025-03-11", "紧急"],  # the community of this file
    ],
}

WITH_ERRORS: dict[str, Rows] = {
    "需求清单": [
        ["所属社区", "需求内容", "登记日期", "紧急程度", "走访人"],
        ["西七路社区", "小区广场增设健身器材", "2025-04-01", "一般", "网格员"],
        ["不存在社区", "修缮活动室", "2025-04-02", "一般", "网格员"],
        ["尚俭路社区", "开放图书室周末时段", "2025-13-01", "很急", "网格员"],
    ],
    "填表说明": [["请按社区逐条填写"]],
}


def workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    """A real .xlsx with these sheets and rows."""
    book = openpyxl.Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet(title)
        assert sheet is not None
        sheet.title = title
        first = False
        for row in rows:
            sheet.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def drag_enter(window: MainWindow, mime: QMimeData) -> bool:
    """Drag files over the window; True if it would take them."""
    event = QDragEnterEvent(QPoint(100, 100), Qt.DropAction.CopyAction, mime, LEFT,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(event)
    return event.isAccepted()


def drop_file(qtbot: QtBot, window: MainWindow, path: Path) -> ImportDialog:
    """Drag a file onto the window, drop it, and wait for its preview."""
    mime = drag([path])
    assert drag_enter(window, mime)
    with qtbot.waitSignal(window.importer.preview_shown, timeout=30_000) as shown:
        drop(window, mime)
    dialog = shown.args[0]
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    return dialog


def sheet_rows(dialog: ImportDialog) -> dict[str, list[str]]:
    """The preview's sheet table as shown: sheet name → its cells."""
    model = dialog.sheets_model
    return {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    }


def error_rows(dialog: ImportDialog) -> list[list[str]]:
    model = dialog.errors_model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def import_with(qtbot: QtBot, window: MainWindow, button: QPushButton) -> ImportResult:
    with qtbot.waitSignal(window.importer.imported, timeout=30_000) as done:
        qtbot.mouseClick(button, LEFT)
    result = done.args[0]
    assert isinstance(result, ImportResult)
    qtbot.waitUntil(lambda: not window.importer.busy)
    return result


# --- a good file ----------------------------------------------------------------------------


def test_a_good_workbook_dropped_on_the_window_is_previewed_then_imported(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    demands = window.show_page("demands")
    assert isinstance(demands, RecordsPage) and demands.model.rowCount() == 0
    communities = window.page("communities")
    assert isinstance(communities, RecordsPage)
    before = count(window, "communities")
    path = workbook(tmp_path / "报送 文件" / "社区报送.xlsx", GOOD)

    dialog = drop_file(qtbot, window, path)
    assert dialog.heading.text() == "导入“社区报送.xlsx”"
    assert sheet_rows(dialog) == {
        # 工作表, 识别为, 表头行, 新增, 更新, 恢复, 无变化, 错误
        "社区": ["社区", "社区", "1", "1", "1", "0", "0", "0"],
        "需求清单": ["需求清单", "需求清单", "1", "2", "0", "0", "0", "0"],
    }
    assert dialog.sheets.isColumnHidden(5)  # nothing to restore: no 恢复 column
    assert dialog.summary.text() == "新增 3 条，更新 1 条，无变化 0 条，有错误 0 处"
    assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()
    assert dialog.import_valid_button.isHidden() and dialog.save_errors_button.isHidden()
    assert dialog.error_table.isHidden() and dialog.notes.isHidden()
    assert count(window, "demands") == 0  # nothing written by the preview

    result = import_with(qtbot, window, dialog.import_button)
    assert result.total == 4
    assert result.backup is not None and result.backup.is_file()
    assert window.importer.dialog is None

    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "已导入 4 条记录" in box.text() and "社区：2 条" in box.text()
    assert "导入前的台账已备份到" in box.text() and str(result.backup) in box.text()
    box.accept()
    assert "已从“社区报送.xlsx”导入 4 条记录" in window.statusBar().currentMessage()

    assert count(window, "demands") == 2 and count(window, "communities") == before + 1
    assert window.ledger is not None
    east = records.list_records(window.ledger, "communities",
                                records.Query(search="东七路社区"))[0]
    assert east["population"] == 4200
    # every page hears of it: the one shown now, the others when they are shown
    qtbot.waitUntil(lambda: demands.model.rowCount() == 2)
    window.show_page("communities")
    qtbot.waitUntil(lambda: communities.model.rowCount() == before + 1)
    matrix = window.show_page("matrix")
    assert isinstance(matrix, MatrixPage)
    qtbot.waitUntil(lambda: matrix.model.rowCount() == before + 1)


def test_the_same_file_again_has_nothing_to_import(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    path = workbook(tmp_path / "报送.xlsx", GOOD)
    _told, informed = capture(window)
    import_with(qtbot, window, drop_file(qtbot, window, path).import_button)
    dialog = drop_file(qtbot, window, path)
    assert dialog.summary.text() == "新增 0 条，更新 0 条，无变化 4 条，有错误 0 处"
    assert not dialog.import_button.isEnabled()
    assert "没有需要导入的内容" in dialog.advice.text()
    dialog.reject()
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert len(informed) == 1


# --- a file with errors ---------------------------------------------------------------------


def test_a_workbook_with_errors_is_refused_whole_and_its_errors_saved(
        open_window: Opener, ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    window = open_window(ledger_path)
    path = workbook(tmp_path / "有错误.xlsx", WITH_ERRORS)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_args: (str(path), ""))  # File → 导入… chooses it
    assert window.import_action.isEnabled()
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    file_menu = window.menuBar().actions()[0].menu()
    actions = file_menu.actions()
    assert actions.index(window.import_action) == actions.index(window.print_action) - 1
    with qtbot.waitSignal(window.importer.preview_shown, timeout=30_000) as shown:
        window.import_action.trigger()
    dialog = shown.args[0]
    assert isinstance(dialog, ImportDialog)
    qtmodeltester.check(dialog.sheets_model)
    qtmodeltester.check(dialog.errors_model)

    assert sheet_rows(dialog) == {
        "需求清单": ["需求清单", "需求清单", "1", "1", "0", "0", "0", "3"],
        "填表说明": ["填表说明", "（跳过）", "", "", "", "", "", ""],
    }
    assert dialog.notes.text().splitlines() == [
        "工作表“需求清单”：以下列未能识别，不会导入：走访人",
        "工作表“填表说明”：没有找到可识别的表头（如“社区名称”“需求内容”），已跳过",
    ]
    assert "有错误 3 处" in dialog.summary.text()  # three problems on two rows
    assert dialog.errors_heading.text() == "问题（共 3 个）"
    assert error_rows(dialog) == [
        ["需求清单", "3", "A", "“所属社区”：找不到社区“不存在社区”，请先在社区表中添加"],
        ["需求清单", "4", "C", "“登记日期”：日期不存在：2025年13月1日"],
        ["需求清单", "4", "D", "“紧急程度”：“很急”不是可选的紧急程度，可选：紧急、一般"],
    ]
    first = dialog.errors_model.index(0, 3)
    assert first.data(Qt.ItemDataRole.ToolTipRole) == (
        "工作表“需求清单”第 3 行 A 列：“所属社区”：找不到社区“不存在社区”，请先在社区表中添加")
    assert not dialog.import_button.isEnabled()
    assert dialog.import_valid_button.isVisible() and dialog.save_errors_button.isVisible()

    # 保存错误工作簿…: offered beside the file, written, then offered to open
    offered: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, *_args: object) -> tuple[str, str]:
        offered.append(suggested)
        return suggested, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    opened: list[Path] = []
    dialog.open_file = lambda file: bool(opened.append(file)) or True
    with qtbot.waitSignal(dialog.errors_saved, timeout=30_000) as saved:
        qtbot.mouseClick(dialog.save_errors_button, LEFT)
    errors_path = imports.error_workbook_path(path)
    assert offered == [str(errors_path)] and saved.args == [errors_path]
    book = openpyxl.load_workbook(errors_path)
    assert book.sheetnames[0] == import_report.LIST_SHEET
    assert book[import_report.LIST_SHEET].max_row == 1 + len(dialog.errors)
    book.close()
    assert str(errors_path) in dialog.saved_label.text()
    qtbot.mouseClick(dialog.open_saved_button, LEFT)
    assert opened == [errors_path]

    dialog.reject()
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert count(window, "demands") == 0  # nothing written


def test_only_the_correct_rows_are_imported_when_asked(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    _told, informed = capture(window)
    dialog = drop_file(qtbot, window, workbook(tmp_path / "有错误.xlsx", WITH_ERRORS))
    result = import_with(qtbot, window, dialog.import_valid_button)
    assert result.total == 1
    assert window.ledger is not None
    [demand] = records.list_records(window.ledger, "demands")
    assert demand["content"] == "小区广场增设健身器材"
    [text] = informed
    assert "已导入 1 条记录" in text and "有错误的 2 行没有导入" in text


def test_thousands_of_errors_are_listed_in_one_table(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    rows: list[list[Any]] = [["所属社区", "需求内容", "登记日期"]]
    rows += [["无此社区", f"需求 {n}", "2025-03-01"] for n in range(2500)]
    dialog = drop_file(qtbot, window, workbook(tmp_path / "很多错误.xlsx", {"需求清单": rows}))
    assert dialog.errors_model.rowCount() == 2500
    assert dialog.error_table.model() is dialog.errors_model
    assert dialog.import_valid_button.isHidden()  # no correct row to import
    assert not dialog.import_button.isEnabled()
    assert dialog.errors_model.index(2499, 1).data() == "2501"
    dialog.reject()


# --- refusals and cancelling ----------------------------------------------------------------


def test_files_that_cannot_be_imported_are_refused_with_a_message(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    told, _informed = capture(window)
    document = tmp_path / "说明.docx"
    document.write_bytes(b"PK")
    mime = drag([document])
    assert not drag_enter(window, mime)  # the drag is not taken …
    with qtbot.waitSignal(window.importer.refused):
        drop(window, mime)  # … and a drop anyway is explained
    assert "无法导入“说明.docx”" in told[-1] and ".xlsx" in told[-1]

    good = workbook(tmp_path / "a.xlsx", GOOD)
    other = workbook(tmp_path / "b.xlsx", GOOD)
    assert drag_enter(window, drag([good, other]))
    drop(window, drag([good, other]))
    assert "请一次拖入一个文件" in told[-1] and "a.xlsx\nb.xlsx" in told[-1]

    text = QMimeData()
    text.setText("东七路社区")
    assert not drag_enter(window, text)

    unreadable = tmp_path / "坏文件.xlsx"
    unreadable.write_bytes(b"not a workbook")
    with qtbot.waitSignal(window.importer.refused, timeout=30_000) as refused:
        drop(window, drag([unreadable]))
    assert told[-1] == refused.args[0] and "坏文件.xlsx" in told[-1]
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert window.importer.dialog is None
    assert count(window, "demands") == 0


def test_a_refusal_is_shown_in_a_message_box(
        open_window: Opener, ledger_path: Path, tmp_path: Path) -> None:
    window = open_window(ledger_path)
    document = tmp_path / "照片.jpg"
    document.write_bytes(b"")
    window.importer.import_paths([document])
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert box.windowTitle() == "无法导入" and "照片.jpg" in box.text()
    box.accept()


def test_one_import_at_a_time(open_window: Opener, ledger_path: Path, tmp_path: Path,
                              qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    told, _informed = capture(window)
    path = workbook(tmp_path / "报送.xlsx", GOOD)
    dialog = drop_file(qtbot, window, path)
    assert not window.importer.import_paths([path])
    assert "已有一个导入正在进行" in told[-1]
    dialog.reject()
    qtbot.waitUntil(lambda: not window.importer.busy)


def test_the_reports_page_button_starts_the_same_import(
        open_window: Opener, ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    path = workbook(tmp_path / "报送.xlsx", GOOD)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(path), ""))
    page = window.show_page("reports")
    assert isinstance(page, ReportsPage) and page.import_button.isEnabled()
    with qtbot.waitSignal(window.importer.preview_shown, timeout=30_000) as shown:
        qtbot.mouseClick(page.import_button, LEFT)
    shown.args[0].reject()


def _press_cancel(window: MainWindow) -> Callable[[object], None]:
    def press(task: object) -> None:
        """The user presses 取消 on the progress dialog before the job gets going."""
        assert isinstance(task, Task | Operation)  # the check a Task, the write an Operation
        [progress] = [p for p in window.findChildren(TaskProgress) if p.task is task]
        [cancel] = progress.findChildren(QPushButton)
        cancel.click()

    return press


def test_cancelling_the_check_or_the_import_writes_nothing(
        open_window: Opener, ledger_path: Path, tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    _told, informed = capture(window)
    path = workbook(tmp_path / "报送.xlsx", GOOD)
    window.importer.task_started.connect(_press_cancel(window))
    with qtbot.waitSignal(window.importer.refused, timeout=30_000) as refused:
        drop(window, drag([path]))
    assert refused.args == ["已取消导入，没有写入任何内容。"]
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert window.importer.dialog is None  # no preview of a cancelled check

    window.importer.task_started.disconnect()
    dialog = drop_file(qtbot, window, path)
    window.importer.task_started.connect(_press_cancel(window))
    with qtbot.waitSignal(window.importer.refused, timeout=30_000) as refused:
        qtbot.mouseClick(dialog.import_button, LEFT)
    assert refused.args == ["已取消导入，没有写入任何内容。"]
    qtbot.waitUntil(lambda: not window.importer.busy)
    assert count(window, "demands") == 0 and informed == []
    assert window.statusBar().currentMessage() == "已取消导入，没有写入任何内容。"


def test_no_import_into_a_read_only_ledger(app: object, ledger_path: Path, tmp_path: Path,
                                           qtbot: QtBot) -> None:
    window = MainWindow(remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ledger_loaded, timeout=30_000):
        window.open_ledger(ledger_path, read_only=True)
    try:
        assert window.read_only
        assert not window.import_action.isEnabled()
        page = window.page("reports")
        assert isinstance(page, ReportsPage) and not page.import_button.isEnabled()
        told, _informed = capture(window)
        assert not window.importer.import_paths([workbook(tmp_path / "报送.xlsx", GOOD)])
        assert "只读" in told[-1]
        assert window.importer.task is None
    finally:
        window.shutdown()


def test_the_models_answer_nothing_outside_their_rows(open_window: Opener, ledger_path: Path,
                                                      tmp_path: Path, qtbot: QtBot) -> None:
    window = open_window(ledger_path)
    dialog = drop_file(qtbot, window, workbook(tmp_path / "有错误.xlsx", WITH_ERRORS))
    model = dialog.errors_model
    assert model.data(QModelIndex()) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "工作表"
    assert model.headerData(3, Qt.Orientation.Horizontal) == "问题"
    assert [dialog.sheets_model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(8)] == ["工作表", "识别为", "表头行", "新增", "更新", "恢复",
                                   "无变化", "错误"]
    dialog.reject()
