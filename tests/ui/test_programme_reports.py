"""The programme's reports from the 报表 page: the progress report (PDF or Excel) and the wall
chart (A3 or A4), for the area chosen in the tree, cut by managing zone or legal district."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.helpers.pdf import pdf_text
from tests.ui.window import Opener, click_area, open_reports, save_as
from ui.printing import Printed, Report

LEFT = Qt.MouseButton.LeftButton


def test_the_progress_workbook_and_the_wall_chart_of_a_district(
        open_window: Opener, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: QtBot) -> None:
    window, page = open_reports(open_window, demo_path, qtbot)
    opened: list[Path] = []
    page.printer.open_file = lambda path: bool(opened.append(path)) or True
    click_area(window, qtbot, "新城区")
    assert all(b.isEnabled() for b in page.programme_buttons.values())
    assert not page.programme_hint.isVisible()
    page.format_combo.setCurrentIndex(page.format_combo.findData(".xlsx"))
    page.by_combo.setCurrentIndex(page.by_combo.findData("legal"))
    workbook = tmp_path / "进度.xlsx"
    dialog = save_as(monkeypatch, workbook)
    with qtbot.waitSignal(page.printer.printed, timeout=60_000) as done:
        qtbot.mouseClick(page.programme_buttons[Report.PROGRESS], LEFT)
    qtbot.waitUntil(lambda: not page.printer.busy)
    printed = done.args[0]
    assert isinstance(printed, Printed) and printed.request.by == "legal"
    assert Path(dialog.offered[0][0]).name.endswith(".xlsx")
    book = openpyxl.load_workbook(workbook, read_only=True)
    assert book.sheetnames
    book.close()

    page.quarter_combo.setCurrentIndex(page.quarter_combo.findData("2026Q3"))
    ranking = tmp_path / "排名.pdf"
    dialog = save_as(monkeypatch, ranking)
    page.format_combo.setCurrentIndex(page.format_combo.findData(".pdf"))
    with qtbot.waitSignal(page.printer.printed, timeout=60_000) as done:
        qtbot.mouseClick(page.programme_buttons[Report.RANKING], LEFT)
    qtbot.waitUntil(lambda: not page.printer.busy)
    assert done.args[0].request.quarter == "2026Q3"
    assert "2026Q3" in Path(dialog.offered[0][0]).name
    text, _pages = pdf_text(ranking)
    assert "2026年第三季度" in text

    page.paper_combo.setCurrentIndex(page.paper_combo.findData("A4"))
    chart = tmp_path / "挂图.pdf"
    dialog = save_as(monkeypatch, chart)
    with qtbot.waitSignal(page.printer.printed, timeout=60_000):
        qtbot.mouseClick(page.programme_buttons[Report.WALL_CHART], LEFT)
    qtbot.waitUntil(lambda: not page.printer.busy)
    assert Path(dialog.offered[0][0]).suffix == ".pdf"  # the wall chart is paper only
    text, pages = pdf_text(chart)
    assert pages >= 1 and "新城区" in text
    assert opened == [workbook, ranking, chart]


def test_a_community_has_no_programme_report(open_window: Opener, demo_path: Path,
                                             qtbot: QtBot) -> None:
    window, page = open_reports(open_window, demo_path, qtbot)
    index = window.view.tree.currentIndex()
    window.view.tree.expand(index)
    click_area(window, qtbot, "新城区", "解放门街道",
               window.areas.index(0, 0, index).data())
    assert not any(b.isEnabled() for b in page.programme_buttons.values())
    assert page.programme_hint.isVisible()
    assert page.print_programme(Report.PROGRESS) is None
