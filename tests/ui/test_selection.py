"""What is selected in a records list after a delete, an undo, or a record leaving the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from app.services import records
from app.store.db import Ledger
from tests.ui.forms import POPUPS, activate, type_field
from tests.ui.window import Opener, click_area, click_row, make_page, open_form, save
from ui.main_window import MainWindow
from ui.pages.records_page import RecordsPage

# The fixture `ledger` (tests/ui/conftest.py): a fresh copy of the demo ledger in each test.


def _delete(qtbot: QtBot, page: RecordsPage, record_id: str) -> None:
    click_row(qtbot, page, record_id)
    page.ask = lambda *_args: True
    page.tell = lambda _parent, _title, text: pytest.fail(text)
    with qtbot.waitSignal(page.write_finished):
        assert page.delete_selected()


def _in_view(page: RecordsPage, record_id: str) -> bool:
    row = page.model.row_of(record_id)
    rect = page.table.visualRect(page.model.index(row, 0))
    return row >= 0 and page.table.viewport().rect().contains(rect.center())


def test_after_a_delete_the_next_record_is_selected(qtbot: QtBot, ledger: Ledger) -> None:
    page = make_page(qtbot, ledger, "evaluations")
    listed = [page.model.record_id(row) for row in range(page.model.rowCount())]
    assert 4 <= len(listed) < page.model.PAGE_SIZE
    _delete(qtbot, page, listed[1])
    assert page.selected_id() == listed[2]  # the one that took its place
    assert page.edit_action.isEnabled() and page.delete_action.isEnabled()

    _delete(qtbot, page, listed[-1])
    assert page.selected_id() == listed[-2]  # at the end: the one before

    page.history_action.trigger()  # the panel stays on the deleted record, 恢复 one click away
    _delete(qtbot, page, listed[0])
    assert page.selected_id() == listed[2]
    assert page.history.record_id == listed[0] and page.history.restore_button.isVisible()


def test_a_selected_record_that_leaves_the_list_hands_over_to_its_neighbour(
        qtbot: QtBot, ledger: Ledger) -> None:
    page = make_page(qtbot, ledger, "demands")
    listed = [page.model.record_id(row) for row in range(3)]
    click_row(qtbot, page, listed[1])
    records.delete(ledger, "demands", listed[1])  # another window, a sync …
    page.refresh()
    assert page.selected_id() == listed[2]


@POPUPS
def test_after_an_undo_its_record_is_selected_and_in_view(open_window: Opener, demo_path: Path,
                                                          qtbot: QtBot) -> None:
    window = open_window(demo_path)
    click_area(window, qtbot, "新城区", "解放门街道")
    page = window.show_page("demands")
    assert isinstance(page, RecordsPage)
    while page.model.canFetchMore(QModelIndex()):
        page.model.fetchMore(QModelIndex())
    assert page.model.rowCount() > 60
    far = page.model.record_id(page.model.rowCount() - 2)  # well below the first screen
    click_row(qtbot, page, far)
    form = open_form(qtbot, page, page.edit_selected)
    type_field(qtbot, form, "residents", "77")
    save(qtbot, page, form)

    first = page.model.record_id(0)
    click_row(qtbot, page, first)  # the list moved on: the top, another record
    assert not _in_view(page, far)
    window.show_page("overview")  # and another page in front
    activate(qtbot, window)
    _undo(qtbot, window)
    assert records.get(window.ledger, "demands", far)["residents"] != 77
    assert window.current_page() is page
    assert page.selected_id() == far and _in_view(page, far)
    assert page.table.hasFocus()

    deleted = page.model.record_id(3)
    _delete(qtbot, page, deleted)
    assert page.selected_id() != deleted
    _undo(qtbot, window)
    assert page.selected_id() == deleted and _in_view(page, deleted)  # listed again, selected


def _undo(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.undo.undo_ended):
        window.undo_action.trigger()
