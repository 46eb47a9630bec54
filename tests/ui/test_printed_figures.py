"""Figures in the window as reports print them: rates (footer, bars) and milestones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.enums import Function
from app.services import records
from app.services.areas import resolve_scope
from app.services.setup import init_ledger
from app.store.areas import Scope
from app.store.db import Ledger
from tests.app.services.rate_areas import EIGHTHS, EMPTY, NEAR_TARGET, fill_rate_areas
from ui.models.matrix_model import MatrixModel
from ui.pages.base import ChangeBus
from ui.pages.matrix_page import MatrixPage
from ui.pages.overview_page import OverviewPage

COLUMN = {f: n for n, f in enumerate(MatrixModel.FUNCTIONS)}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    folder = tmp_path_factory.mktemp("rates")
    opened = init_ledger(folder / "台账.db")
    fill_rate_areas(opened, folder)
    yield opened
    opened.close()


def _street(ledger: Ledger, name: str) -> Scope:
    scope = resolve_scope(ledger, f"street:{name}")
    assert scope is not None
    return scope


@pytest.fixture
def matrix(app: QApplication, qtbot: QtBot) -> Iterator[MatrixPage]:
    shown = MatrixPage(ChangeBus())
    qtbot.addWidget(shown)
    shown.resize(1100, 600)
    shown.show()
    yield shown
    shown.set_ledger(None)


def _show(qtbot: QtBot, page: MatrixPage, ledger: Ledger, street: str) -> None:
    page.scope = _street(ledger, street)
    with qtbot.waitSignal(page.matrix_loaded, timeout=20_000):
        page.set_ledger(ledger)


def test_matrix_footer_rounds_half_up(matrix: MatrixPage, ledger: Ledger, qtbot: QtBot) -> None:
    _show(qtbot, matrix, ledger, EIGHTHS)
    footer = matrix.footer
    assert footer.column_texts(COLUMN[Function.ELDERLY_CARE]) == ["1/8", "13%", "90%", "还差 7 个"]
    assert footer.column_texts(COLUMN[Function.INFANT_CARE]) == ["5/8", "63%", "50%", "已达标"]


def test_matrix_footer_never_shows_a_rate_below_target_as_reached(
    matrix: MatrixPage, ledger: Ledger, qtbot: QtBot
) -> None:
    _show(qtbot, matrix, ledger, NEAR_TARGET)
    meal = matrix.footer.column_texts(COLUMN[Function.MEAL_SERVICE])
    assert meal == ["1094/1563", "69.9%", "70%", "还差 1 个"]


def test_matrix_footer_of_an_area_without_communities_shows_dashes(
    matrix: MatrixPage, ledger: Ledger, qtbot: QtBot
) -> None:
    _show(qtbot, matrix, ledger, EMPTY)
    for function in Function.nine():
        texts = matrix.footer.column_texts(COLUMN[function])
        assert texts[:2] == ["0/0", "—"] and texts[3] == "—"


def test_matrix_header_tip_prints_the_target(
    matrix: MatrixPage, ledger: Ledger, qtbot: QtBot
) -> None:
    _show(qtbot, matrix, ledger, EIGHTHS)
    tip = matrix.model.headerData(COLUMN[Function.MEAL_SERVICE], Qt.Orientation.Horizontal,
                                  Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("2030 年覆盖率目标：70%")


def test_overview_bars_print_as_the_reports_do(
    app: QApplication, qtbot: QtBot, ledger: Ledger
) -> None:
    page = OverviewPage(ChangeBus())
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    texts = {}
    for street in (EIGHTHS, NEAR_TARGET, EMPTY):
        page.scope = _street(ledger, street)
        with qtbot.waitSignal(page.overview_loaded, timeout=20_000):
            if page.ledger is None:
                page.set_ledger(ledger)
            else:
                page.refresh()
        texts[street] = {row.function: page.bars.value_text(row) for row in page.bars.rows}
    page.set_ledger(None)
    assert texts[EIGHTHS][Function.ELDERLY_CARE] == "13%（1/8，目标 90%）"
    assert texts[EIGHTHS][Function.INFANT_CARE] == "63%（5/8，目标 50%）"
    assert texts[NEAR_TARGET][Function.MEAL_SERVICE] == "69.9%（1094/1563，目标 70%）"
    assert texts[EMPTY][Function.MEAL_SERVICE] == "—（0/0，目标 70%）"



def test_overview_does_not_count_a_failed_acceptance_as_reached(
    app: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    ledger = init_ledger(tmp_path / "台账.db")
    community = records.create(ledger, "communities", {"name": "东七路社区", "street": EIGHTHS})
    built = {"tier": "市级项目", "community": community, "approved_on": "2025-03-01",
             "completed_on": "2026-05-01", "accepted_on": "2026-06-01"}
    records.create(ledger, "projects", {"name": "甲项目", **built, "acceptance": "通过",
                                        "operating_on": "2026-07-01"})
    records.create(ledger, "projects", {"name": "乙项目", **built, "acceptance": "未通过",
                                        "operating_on": "2026-07-01"})
    page = OverviewPage(ChangeBus())
    qtbot.addWidget(page)
    page.show()
    try:
        with qtbot.waitSignal(page.overview_loaded, timeout=20_000):
            page.set_ledger(ledger)
        shown = {stage: label.text() for stage, label in page.stage_values.items()}
        assert (shown["竣工"], shown["联合验收"], shown["投入运营"]) == ("1", "0", "1")
        assert page.projects.detail.text() == "已投入运营 1 个"
        assert page.failed_acceptance.isVisible()
        assert page.failed_acceptance.text() == "联合验收未通过：1 个"
    finally:
        page.set_ledger(None)
        ledger.close()
