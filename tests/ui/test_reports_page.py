"""The 报表 page as a user drives it: export the ledgers, a template, one CSV; cancel; fail."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.io import layout
from app.services import records
from app.services.records import Query
from tests.ui.forms import STREET, street_scope
from tests.ui.window import Opener, click_area, open_reports, save_as
from ui import files
from ui.pages.reports_page import FOLDER_SETTING, Exported, ReportsPage
from ui.tasks import Task
from ui.widgets.task_progress import TaskProgress

# The fixture `demo_path` (tests/ui/conftest.py): a fresh copy of a ledger with demo data for two
# streets in each test.

_LEFT = Qt.MouseButton.LeftButton
LEDGER_SHEETS = [spec.label for spec in layout.ledger_specs()]


def export(qtbot: QtBot, page: ReportsPage, button: QPushButton) -> Exported:
    with qtbot.waitSignal(page.export_finished, timeout=30_000) as done:
        qtbot.mouseClick(button, _LEFT)
    exported = done.args[0]
    assert isinstance(exported, Exported)
    qtbot.waitUntil(lambda: page.task is None)
    return exported


# --- exporting ------------------------------------------------------------------------------


def test_the_page_names_the_area_and_exports_every_ledger_of_it(instant: dt.datetime,
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window, page = open_reports(open_window, demo_path, qtbot)
    assert page.scope_label.text() == f"范围：{STREET}"
    assert page.export_all_button.isEnabled() and page.import_button.isEnabled()
    target = tmp_path / "导出 文件夹" / "街道台账.xlsx"
    target.parent.mkdir()
    dialog = save_as(monkeypatch, target)
    opened: list[Path] = []
    page.open_folder = lambda folder: bool(opened.append(folder)) or True

    exported = export(qtbot, page, page.export_all_button)

    today = instant.date().isoformat()
    suggested, filters = dialog.offered[0]
    assert Path(suggested) == files.documents_folder() / f"{STREET}台账_{today}.xlsx"
    assert "*.xlsx" in filters
    assert exported.path == target and target.is_file()
    ledger = window.ledger
    assert ledger is not None
    scope = street_scope(ledger)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:len(LEDGER_SHEETS)] == LEDGER_SHEETS
    assert layout.MATRIX_SHEET in book.sheetnames
    demands = records.count(ledger, "demands", Query(scope=scope))
    assert demands > 0 and demands < records.count(ledger, "demands")  # the street's only
    sheet = book["需求清单"]
    assert sheet.max_row == demands + 1  # the header and one row per demand
    matrix = book[layout.MATRIX_SHEET]
    communities = records.count(ledger, "communities", Query(scope=scope))
    street_cells = [row[0] for row in matrix.iter_rows(min_row=2, max_row=communities + 1,
                                                      values_only=True)]
    assert street_cells == [STREET] * communities
    book.close()

    assert exported.rows == sum(records.count(ledger, spec.plural, Query(scope=scope))
                                for spec in layout.ledger_specs())
    assert str(target) in page.feedback.text() and "已导出" in page.feedback.text()
    assert page.open_folder_button.isVisible()
    qtbot.mouseClick(page.open_folder_button, _LEFT)
    assert opened == [target.parent]
    assert str(target) in window.statusBar().currentMessage()

    # the next export starts in the folder chosen last
    again = save_as(monkeypatch, None)
    qtbot.mouseClick(page.export_all_button, _LEFT)
    assert Path(again.offered[0][0]).parent == target.parent
    assert page.task is None  # the dialog was cancelled: nothing started
    assert files.remembered_folder(FOLDER_SETTING) == target.parent


def test_the_whole_city_is_named_so(open_window: Opener, demo_path: Path, qtbot: QtBot) -> None:
    window = open_window(demo_path)
    click_area(window, qtbot)  # the city, at the top of the tree
    page = window.show_page("reports")
    assert isinstance(page, ReportsPage)
    assert page.scope_label.text() == "范围：全市"


def test_one_ledger_as_csv_and_the_blank_template(instant: dt.datetime,
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window, page = open_reports(open_window, demo_path, qtbot)
    ledger = window.ledger
    assert ledger is not None
    page.ledger_combo.setCurrentIndex(page.ledger_combo.findText("需求清单"))
    target = tmp_path / "需求.csv"
    dialog = save_as(monkeypatch, tmp_path / "需求")  # the suffix is added when left off
    exported = export(qtbot, page, page.csv_button)
    suggested, filters = dialog.offered[0]
    assert Path(suggested).name == f"{STREET}需求清单_{instant.date().isoformat()}.csv"
    assert "*.csv" in filters
    assert exported.path == target
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert "需求内容" in rows[0]
    assert len(rows) - 1 == exported.rows == records.count(
        ledger, "demands", Query(scope=street_scope(ledger)))

    template = tmp_path / "模板.xlsx"
    save_as(monkeypatch, template)
    exported = export(qtbot, page, page.template_button)
    assert exported.template and "空白模板" in page.feedback.text()
    book = openpyxl.load_workbook(template)
    assert book.sheetnames[:len(LEDGER_SHEETS)] == LEDGER_SHEETS
    sheet = book["需求清单"]
    assert sheet.max_row == 1 and sheet["A1"].value == "所属社区"  # headers, no rows
    assert sheet.data_validations.dataValidation  # dropdowns for the choices
    book.close()


def test_cancelling_an_export_writes_no_file(
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window, page = open_reports(open_window, demo_path, qtbot)
    target = tmp_path / "取消.xlsx"
    save_as(monkeypatch, target)

    def press_cancel(task: object) -> None:
        """The user presses 取消 on the export's progress dialog before it gets going."""
        assert isinstance(task, Task)
        [progress] = [p for p in window.findChildren(TaskProgress) if p.task is task]
        [cancel] = progress.findChildren(QPushButton)
        cancel.click()

    page.export_started.connect(press_cancel)
    with qtbot.waitSignal(page.export_failed, timeout=30_000) as failed:
        qtbot.mouseClick(page.export_all_button, _LEFT)
    assert failed.args == ["已取消导出，没有写出文件。"]
    qtbot.waitUntil(lambda: page.task is None)
    assert not target.exists()
    assert not list(tmp_path.glob("*.xlsx*"))  # nor a half-written one beside it
    assert page.feedback.text() == "已取消导出，没有写出文件。"
    assert not page.open_folder_button.isVisible()
    assert page.export_all_button.isEnabled()


def test_a_file_that_cannot_be_written_is_explained(
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    _window, page = open_reports(open_window, demo_path, qtbot)
    taken = tmp_path / "台账.xlsx"
    taken.mkdir()  # a folder of that name: the workbook cannot take its place
    save_as(monkeypatch, taken)
    told: list[tuple[str, str]] = []
    page.tell = lambda _parent, title, message: told.append((title, message))
    with qtbot.waitSignal(page.export_failed, timeout=30_000):
        qtbot.mouseClick(page.export_all_button, _LEFT)
    [(title, message)] = told
    assert title == "导出失败"
    assert "无法写入" in message and "台账.xlsx" in message
    assert page.feedback.text().startswith("导出失败：")
    qtbot.waitUntil(lambda: page.task is None)
    assert page.export_all_button.isEnabled()


def test_without_a_ledger_nothing_can_be_exported(open_window: Opener, demo_path: Path,
                                                  qtbot: QtBot) -> None:
    _window, page = open_reports(open_window, demo_path, qtbot)
    page.set_ledger(None)
    assert not page.export_all_button.isEnabled()
    assert not page.csv_button.isEnabled() and not page.template_button.isEnabled()
    assert page.export_all() is None
