"""Every empty list says what to do: on an empty ledger, record or import; when a search or a
filter hides every row, clear them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services import records
from app.store.db import Ledger
from tests.helpers.ledgers import copy_ledger
from tests.ui.forms import STREET, choose, street_scope, type_field, type_into
from tests.ui.window import LEFT, Opener, click_area, make_page
from ui.forms.record_form import RecordFormDialog
from ui.main_window import MainWindow
from ui.pages.base import ChangeBus
from ui.pages.matrix_page import MatrixPage
from ui.pages.overview_page import OverviewPage
from ui.pages.records_page import RecordsPage
from ui.widgets.empty_hint import EmptyHint

NOTHING = "没有符合条件的记录"


@pytest.fixture
def empty_window(ledger_template: Path, tmp_path: Path, open_window: Opener,
                 qtbot: QtBot) -> MainWindow:
    """A window on a ledger as `init` makes it (the areas, not one community or record), its
    set-up put off: what a clerk sees who cancels the wizard on the first day."""
    path = copy_ledger(ledger_template, tmp_path / "空台账.db")
    window = open_window(path)
    assert window.ledger is not None
    assert records.count(window.ledger, "communities", records.Query()) == 0
    qtbot.waitUntil(lambda: window.setting_up.wizard is not None, timeout=10_000)
    wizard = window.setting_up.wizard
    assert wizard is not None
    wizard.reject()
    qtbot.waitUntil(lambda: window.setting_up.wizard is None)
    return window


def shown_hint(qtbot: QtBot, hint: EmptyHint) -> str:
    """The hint's sentence, once it is shown over the list (covering its rows)."""
    qtbot.waitUntil(hint.isVisible)
    view = hint.parentWidget()
    assert hint.geometry() == view.viewport().geometry()  # type: ignore[union-attr]
    return hint.text


def test_an_empty_ledger_says_to_create_or_import(qtbot: QtBot, empty_window: MainWindow,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    window = empty_window
    for key in ("communities", "spaces", "demands"):
        page = window.show_page(key)
        assert isinstance(page, RecordsPage)
        text = shown_hint(qtbot, page.empty_hint)
        assert text == f"还没有{page.spec.label} — 新建，或从 Excel 导入"
        assert [b.text() for b in page.empty_hint.buttons] == ["新建…", "从 Excel 导入…"]
    overview = window.show_page("overview")
    assert isinstance(overview, OverviewPage)
    assert shown_hint(qtbot, overview.empty_hint) == "还没有社区 — 新建，或从 Excel 导入"
    matrix = window.show_page("matrix")
    assert isinstance(matrix, MatrixPage)
    assert shown_hint(qtbot, matrix.empty_hint) == "还没有社区 — 新建，或从 Excel 导入"

    asked: list[str] = []
    monkeypatch.setattr("ui.importing.ask_open_path",
                        lambda _parent, title, *_args: asked.append(title))
    qtbot.mouseClick(matrix.empty_hint.button("从 Excel 导入…"), LEFT)
    assert asked == ["导入台账文件"]  # the window's 导入…: the system's file dialog

    page = window.show_page("communities")
    assert isinstance(page, RecordsPage)
    qtbot.mouseClick(page.empty_hint.button("新建…"), LEFT)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    assert page.form is not None
    page.form.reject()
    qtbot.waitUntil(lambda: page.form is None)


def test_the_overview_offers_a_new_community_in_the_chosen_street(
        qtbot: QtBot, empty_window: MainWindow) -> None:
    """新建… on an empty street's overview opens the community form with the street filled in;
    once saved, the hint gives way to the numbers."""
    window = empty_window
    overview = window.show_page("overview")
    assert isinstance(overview, OverviewPage)
    ledger = window.ledger
    assert ledger is not None
    click_area(window, qtbot, "新城区", STREET)
    expected = f"{STREET}还没有社区 — 新建，或从 Excel 导入"
    qtbot.waitUntil(lambda: overview.empty_hint.text == expected)
    qtbot.mouseClick(overview.empty_hint.button("新建…"), LEFT)
    forms = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, RecordFormDialog) and w.isVisible()]
    assert len(forms) == 1 and forms[0].entity == "communities"
    form = forms[0]
    assert form.editor("street").raw() == street_scope(ledger, STREET).id
    type_field(qtbot, form, "name", "东七路社区")
    with qtbot.waitSignal(overview.overview_loaded, timeout=10_000):
        qtbot.mouseClick(form.save_button, LEFT)
    assert overview.empty_hint.isHidden()
    assert overview.data is not None and overview.data.communities == 1


def test_a_search_that_hides_every_row_offers_to_clear_it(qtbot: QtBot, ledger: Ledger) -> None:
    page = make_page(qtbot, ledger, "demands")
    everything = page.model.total
    assert everything > 0 and page.empty_hint.isHidden()
    type_into(qtbot, page.search, "没有这样的需求")
    assert shown_hint(qtbot, page.empty_hint) == NOTHING
    assert [b.text() for b in page.empty_hint.buttons] == ["清除搜索和筛选"]
    qtbot.mouseClick(page.empty_hint.buttons[0], LEFT)
    qtbot.waitUntil(lambda: page.model.total == everything)
    assert page.search.text() == ""
    assert page.empty_hint.isHidden()


def test_filters_that_hide_every_row_are_cleared_too(qtbot: QtBot, ledger: Ledger) -> None:
    page = make_page(qtbot, ledger, "demands")
    everything = page.model.total
    type_into(qtbot, page.search, "养老")
    choose(qtbot, page.filters["function"], "婴幼儿托育")
    qtbot.waitUntil(lambda: page.model.total == 0)
    assert shown_hint(qtbot, page.empty_hint) == NOTHING
    qtbot.mouseClick(page.empty_hint.button("清除搜索和筛选"), LEFT)
    qtbot.waitUntil(lambda: page.model.total == everything)
    assert page.filters["function"].currentText() == "全部"
    assert page.model.query.filters is None and page.model.query.search == ""
    assert page.empty_hint.isHidden()


def test_a_date_range_that_hides_every_row_is_cleared_too(qtbot: QtBot, ledger: Ledger) -> None:
    page = make_page(qtbot, ledger, "demands")
    everything = page.model.total
    assert page.dates is not None
    page.dates.set_bounds(dt.date(2001, 1, 1), dt.date(2001, 12, 31))  # long before the demo
    page.dates.apply_now()
    qtbot.waitUntil(lambda: page.model.total == 0)
    assert shown_hint(qtbot, page.empty_hint) == NOTHING
    qtbot.mouseClick(page.empty_hint.button("清除搜索和筛选"), LEFT)
    qtbot.waitUntil(lambda: page.model.total == everything)
    assert page.dates.bounds() == (None, None) and page.model.query.dates is None
    assert page.empty_hint.isHidden()


def test_the_matrix_search_that_finds_nothing_is_cleared(qtbot: QtBot, ledger: Ledger) -> None:
    page = MatrixPage(ChangeBus())
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitSignal(page.matrix_loaded, timeout=10_000):
        page.set_ledger(ledger)
    page.show()
    rows = page.proxy.rowCount()
    assert rows > 0 and page.empty_hint.isHidden()
    type_into(qtbot, page.search, "没有这个社区")
    assert shown_hint(qtbot, page.empty_hint) == NOTHING
    qtbot.mouseClick(page.empty_hint.button("清除搜索和筛选"), LEFT)
    assert page.search.text() == "" and page.proxy.rowCount() == rows
    assert page.empty_hint.isHidden()
