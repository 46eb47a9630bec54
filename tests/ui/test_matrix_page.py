"""The 九项功能 matrix as a user meets it: colours, footer, editing a cell, scope, search."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.changes import Changes
from app.domain.enums import Function, FunctionStatus
from app.services import coverage, records
from app.services.areas import resolve_scope
from app.store.db import Ledger, open_ledger
from tests.helpers.ledgers import copy_ledger
from ui.forms.record_form import RecordFormDialog
from ui.models.matrix_model import (
    NOT_RESETTLED_ROLE,
    STATUS_COLOURS,
    STATUS_ID_ROLE,
    STATUS_ROLE,
    MatrixModel,
    faded,
)
from ui.pages.base import ChangeBus
from ui.pages.matrix_page import MatrixPage

FUNCTIONS = Function.nine()
COLUMN = {f: n for n, f in enumerate(FUNCTIONS)}

COMMUNITIES = [
    # name, street, code, not resettled
    ("东七路社区", "解放门街道", "610102005001", False),
    ("西七路社区", "解放门街道", "610102005002", False),
    ("尚俭路社区", "解放门街道", "610102005003", False),
    ("韩森寨社区", "解放门街道", "610102005004", True),
    ("四府街社区", "南院门街道", "610103001001", False),
]
STATUSES = [
    ("东七路社区", "养老服务", "运营中"),
    ("西七路社区", "养老服务", "已建成"),
    ("尚俭路社区", "养老服务", "在建"),
    ("韩森寨社区", "养老服务", "运营中"),  # 未回迁: shown, never counted
    ("四府街社区", "养老服务", "暂停运营"),
    ("东七路社区", "婴幼儿托育", "规划中"),
    ("西七路社区", "社区助餐", "运营中"),
]


@pytest.fixture
def ledger(ledger_template: Path, tmp_path: Path) -> Iterator[Ledger]:
    """Five communities in two streets (one 未回迁) and a few function statuses."""
    opened = open_ledger(copy_ledger(ledger_template, tmp_path / "台账 目录" / "台账.db"))
    ids = {}
    for name, street, code, not_resettled in COMMUNITIES:
        values = {"name": name, "street": street, "code": code}
        if not_resettled:
            values["not_resettled"] = "是"
        ids[name] = records.create(opened, "communities", values)
    for community, function, status in STATUSES:
        records.create(
            opened, "functions", {"community": ids[community], "function": function,
                                  "status": status}
        )
    yield opened
    opened.close()


@pytest.fixture
def page(app: QApplication, qtbot: QtBot, ledger: Ledger) -> Iterator[MatrixPage]:
    """The matrix page on the ledger, shown, once its first read has arrived."""
    shown = MatrixPage(ChangeBus())
    qtbot.addWidget(shown)
    shown.resize(1100, 600)
    shown.show()
    with qtbot.waitSignal(shown.matrix_loaded, timeout=10_000):
        shown.set_ledger(ledger)
    yield shown
    shown.set_ledger(None)


def _row(page: MatrixPage, name: str) -> int:
    """The view row (after sort and filter) of a community."""
    for row in range(page.proxy.rowCount()):
        source = page.proxy.mapToSource(page.proxy.index(row, 0)).row()
        if page.model.row_at(source).name == name:
            return row
    raise AssertionError(f"{name} is not in the matrix")


def _cell(page: MatrixPage, name: str, function: Function) -> QModelIndex:
    return page.proxy.index(_row(page, name), COLUMN[function])


def _names(page: MatrixPage) -> list[str]:
    return [
        page.model.row_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).name
        for r in range(page.proxy.rowCount())
    ]


def _double_click(qtbot: QtBot, page: MatrixPage, index: QModelIndex) -> None:
    page.table.scrollTo(index)
    center = page.table.visualRect(index).center()
    # a real double-click is a click and then a double-click event (QTest sends only the latter)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)


def _in_dialog(qtbot: QtBot, act: Callable[[RecordFormDialog], None]) -> list[RecordFormDialog]:
    """Run `act` on the record form as soon as it is open (exec() blocks the test till then)."""
    seen: list[RecordFormDialog] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RecordFormDialog):
            QTimer.singleShot(20, drive)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, drive)
    return seen


def _choose_status(qtbot: QtBot, status: FunctionStatus) -> Callable[[RecordFormDialog], None]:
    def act(dialog: RecordFormDialog) -> None:
        combo = dialog.editor("status").combo  # type: ignore[attr-defined]
        combo.setCurrentIndex(combo.findData(status.value))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    return act


def test_cells_show_each_status_in_its_colour(page: MatrixPage) -> None:
    assert page.title == "九项功能"
    assert page.model.rowCount() == len(COMMUNITIES)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)]
    assert headers == [f.label for f in FUNCTIONS]
    tip = page.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "标配" in tip and "90%" in tip
    expected = {
        "东七路社区": FunctionStatus.OPERATING,
        "西七路社区": FunctionStatus.READY,
        "尚俭路社区": FunctionStatus.BUILDING,
        "四府街社区": FunctionStatus.SUSPENDED,
    }
    for name, status in expected.items():
        cell = _cell(page, name, Function.ELDERLY_CARE)
        assert cell.data(STATUS_ROLE) == status.value
        assert cell.data() == ("已建成" if status is FunctionStatus.READY else status.label)
        assert cell.data(Qt.ItemDataRole.BackgroundRole) == QColor(STATUS_COLOURS[status][0])
        assert cell.data(Qt.ItemDataRole.ForegroundRole) == QColor(STATUS_COLOURS[status][1])
    planned = _cell(page, "东七路社区", Function.INFANT_CARE)
    assert planned.data() == "规划中"
    assert planned.data(Qt.ItemDataRole.BackgroundRole) == QColor(
        STATUS_COLOURS[FunctionStatus.PLANNED][0]
    )
    empty = _cell(page, "东七路社区", Function.CULTURE)  # no record: 无, light grey
    assert empty.data() == "无" and empty.data(STATUS_ID_ROLE) is None
    assert empty.data(Qt.ItemDataRole.BackgroundRole) == QColor(
        STATUS_COLOURS[FunctionStatus.NONE][0]
    )


def test_not_resettled_community_is_marked_and_not_counted(page: MatrixPage) -> None:
    row = _row(page, "韩森寨社区")
    header = page.proxy.headerData(row, Qt.Orientation.Vertical)
    assert header == "韩森寨社区（未回迁）"
    cell = page.proxy.index(row, COLUMN[Function.ELDERLY_CARE])
    assert cell.data(NOT_RESETTLED_ROLE)
    assert cell.data() == "运营中"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == faded(
        STATUS_COLOURS[FunctionStatus.OPERATING][0]
    )
    assert "共 5 个社区，其中未回迁 1 个" in page.summary.text()
    elderly = page.footer.coverage[COLUMN[Function.ELDERLY_CARE]]
    assert (elderly.covered, elderly.total) == (2, 4)  # 东七路 运营中, 西七路 已建成


def test_footer_matches_area_coverage(page: MatrixPage, ledger: Ledger) -> None:
    assert page.footer.coverage == coverage.area_coverage(ledger, None)
    texts = page.footer.column_texts(COLUMN[Function.ELDERLY_CARE])
    assert texts == ["2/4", "50%", "90%", "还差 2 个"]
    meal = page.footer.column_texts(COLUMN[Function.MEAL_SERVICE])
    assert meal == ["1/4", "25%", "70%", "还差 2 个"]
    assert page.footer.row_titles() == ["已覆盖/应计", "覆盖率", "2030 年目标", "达标情况"]


def test_double_click_creates_a_status_and_the_matrix_updates(
    page: MatrixPage, ledger: Ledger, qtbot: QtBot
) -> None:
    changes: list[tuple[Changes, object]] = []
    page.bus.changed.connect(lambda *args: changes.append(args))
    cell = _cell(page, "尚俭路社区", Function.MEAL_SERVICE)
    assert cell.data(STATUS_ID_ROLE) is None  # no record yet: the dialog creates it
    seen = _in_dialog(qtbot, _choose_status(qtbot, FunctionStatus.OPERATING))
    with qtbot.waitSignal(page.matrix_loaded, timeout=10_000):
        _double_click(qtbot, page, cell)
    assert seen and seen[0].creating
    assert seen[0].record_id is not None
    saved = records.get(ledger, "functions", seen[0].record_id)
    community = page.model.row_at(page.proxy.mapToSource(cell).row()).id
    assert (saved["community"], saved["function"]) == (community, "meal_service")
    cell = _cell(page, "尚俭路社区", Function.MEAL_SERVICE)
    assert cell.data() == "运营中"
    assert cell.data(STATUS_ID_ROLE) == seen[0].record_id
    meal = page.footer.coverage[COLUMN[Function.MEAL_SERVICE]]
    assert (meal.covered, meal.total) == (2, 4)
    assert page.footer.column_texts(COLUMN[Function.MEAL_SERVICE])[:2] == ["2/4", "50%"]
    assert page.footer.coverage == coverage.area_coverage(ledger, None)
    assert changes == [(Changes.of("function_status", seen[0].record_id), page)]


def test_enter_edits_an_existing_status_and_the_footer_recomputes(
    page: MatrixPage, ledger: Ledger, qtbot: QtBot
) -> None:
    cell = _cell(page, "尚俭路社区", Function.ELDERLY_CARE)
    status_id = cell.data(STATUS_ID_ROLE)
    assert cell.data() == "在建" and status_id
    page.table.setFocus()
    page.table.setCurrentIndex(cell)
    seen = _in_dialog(qtbot, _choose_status(qtbot, FunctionStatus.READY))
    with qtbot.waitSignal(page.matrix_loaded, timeout=10_000):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert seen and not seen[0].creating and seen[0].record_id == status_id
    assert _cell(page, "尚俭路社区", Function.ELDERLY_CARE).data() == "已建成"
    assert records.get(ledger, "functions", status_id)["status"] == "ready"
    texts = page.footer.column_texts(COLUMN[Function.ELDERLY_CARE])
    assert texts == ["3/4", "75%", "90%", "还差 1 个"]
    assert page.table.currentIndex() == _cell(page, "尚俭路社区", Function.ELDERLY_CARE)


def test_cancelling_the_dialog_changes_nothing(page: MatrixPage, qtbot: QtBot) -> None:
    cell = _cell(page, "东七路社区", Function.ELDERLY_CARE)
    seen = _in_dialog(qtbot, lambda dialog: qtbot.mouseClick(
        dialog.cancel_button, Qt.MouseButton.LeftButton))
    with qtbot.assertNotEmitted(page.matrix_loaded, wait=200):
        _double_click(qtbot, page, cell)
    assert seen
    assert _cell(page, "东七路社区", Function.ELDERLY_CARE).data() == "运营中"


def test_scope_narrows_the_rows_and_the_footer(
    page: MatrixPage, ledger: Ledger, qtbot: QtBot
) -> None:
    street = resolve_scope(ledger, "street:南院门街道")
    assert street is not None
    with qtbot.waitSignal(page.matrix_loaded, timeout=10_000):
        page.set_scope(street)
    assert _names(page) == ["四府街社区"]
    assert page.heading.text() == "九项功能 · 南院门街道"
    assert page.footer.coverage == coverage.area_coverage(ledger, street)
    assert page.footer.column_texts(COLUMN[Function.ELDERLY_CARE])[:2] == ["0/1", "0%"]
    first = resolve_scope(ledger, "street:解放门街道")
    assert first is not None
    with qtbot.waitSignal(page.matrix_loaded, timeout=10_000):
        page.set_scope(first)
    assert sorted(_names(page)) == sorted(n for n, s, *_ in COMMUNITIES if s == "解放门街道")


def test_search_keeps_matching_communities(page: MatrixPage, qtbot: QtBot) -> None:
    assert page.focus_search() and page.search.hasFocus()
    event = QInputMethodEvent()
    event.setCommitString("七路")
    QApplication.sendEvent(page.search, event)
    assert sorted(_names(page)) == ["东七路社区", "西七路社区"]
    page.search.clear()
    qtbot.keyClicks(page.search, "610103")  # a code
    assert _names(page) == ["四府街社区"]
    page.search.clear()
    assert len(_names(page)) == len(COMMUNITIES)


def test_clicking_a_header_sorts_by_status(page: MatrixPage, qtbot: QtBot) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(COLUMN[Function.ELDERLY_CARE]) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))
    statuses = [
        FunctionStatus(page.proxy.index(r, COLUMN[Function.ELDERLY_CARE]).data(STATUS_ROLE))
        for r in range(page.proxy.rowCount())
    ]
    assert statuses[:2] == [FunctionStatus.OPERATING, FunctionStatus.OPERATING]
    assert statuses[-1] is FunctionStatus.SUSPENDED


def test_changes_from_other_pages_reload_the_matrix(
    page: MatrixPage, ledger: Ledger, qtbot: QtBot
) -> None:
    status_id = _cell(page, "四府街社区", Function.ELDERLY_CARE).data(STATUS_ID_ROLE)
    records.update(ledger, "functions", status_id, {"status": "运营中"})
    other = QWidget()
    with qtbot.waitSignal(page.matrix_loaded, timeout=10_000):
        page.bus.changed.emit(Changes.of("function_status", status_id), other)
    assert _cell(page, "四府街社区", Function.ELDERLY_CARE).data() == "运营中"
    with qtbot.assertNotEmitted(page.matrix_loaded, wait=200):
        page.bus.changed.emit(Changes(entities=frozenset({"demand"})), other)  # not in it
    page.hide()  # hidden: the change is read when the page is shown again
    records.update(ledger, "functions", status_id, {"status": "暂停"})
    with qtbot.assertNotEmitted(page.matrix_loaded, wait=200):
        page.bus.changed.emit(Changes.of("function_status", status_id), other)
    with qtbot.waitSignal(page.matrix_loaded, timeout=10_000):
        page.show()
    assert _cell(page, "四府街社区", Function.ELDERLY_CARE).data() == "暂停运营"


def test_closing_the_ledger_empties_the_matrix(page: MatrixPage) -> None:
    page.set_ledger(None)
    assert page.model.rowCount() == 0
    assert page.footer.coverage == []


def test_model_passes_the_model_tester(page: MatrixPage, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(page.model)
    qtmodeltester.check(MatrixModel())


def test_matrix_renders_to_png(page: MatrixPage, tmp_path: Path) -> None:
    path = tmp_path / "matrix.png"
    assert page.grab().save(str(path), "PNG")
    image = QImage(str(path))
    assert not image.isNull()
    cell = _cell(page, "东七路社区", Function.ELDERLY_CARE)
    rect = page.table.visualRect(cell)
    at = page.table.viewport().mapTo(page, QPoint(rect.left() + 8, rect.center().y()))
    ratio = image.devicePixelRatio()
    pixel = image.pixelColor(int(at.x() * ratio), int(at.y() * ratio))
    assert pixel == QColor(STATUS_COLOURS[FunctionStatus.OPERATING][0])
