"""The list model over ordered rowids: deep rows, the same rows as list_records, the selection."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from app.domain.entities import DEMAND
from app.services import demo, personal_view, records
from app.services.demo.planning import LAST_DAY, Scale
from app.services.setup import open_existing
from app.store.db import Ledger
from tests.helpers.ledgers import copy_ledger
from tests.ui.forms import STREET, community_in, street_scope
from tests.ui.window import click_row, make_page
from ui.models.record_table import DELETED_ROLE, ID_ROLE, RecordTableModel

DEEP = Scale("deep", communities=(6, 6), spaces=(1, 1), demands=(500, 500), projects=0.0,
             operators=2, evaluation_rate=0.0)
"""Some 3,000 demands in one street: thirty blocks of rows, fifteen first pages."""

NAME = list(DEMAND.fields).index(DEMAND.field("content"))
REPORTER = list(DEMAND.fields).index(DEMAND.field("reporter"))


@pytest.fixture(scope="module")
def deep_template(ledger_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed ledger with some 3,000 demands in 解放门街道 (a few deleted): copy it."""
    path = copy_ledger(ledger_template, tmp_path_factory.mktemp("deep") / "台账.db")
    ledger = open_existing(path)
    try:
        demo.generate(ledger, street_scope(ledger, STREET), scale=DEEP)
        listed = records.list_records(ledger, "demands")
        for record in listed[100::400]:  # spread over the list, past the first page too
            records.delete(ledger, "demands", record["id"])
    finally:
        ledger.close()
    return path


@pytest.fixture
def deep(app: QApplication, deep_template: Path, tmp_path: Path) -> Iterator[Ledger]:
    """A fresh copy of the deep ledger, open."""
    ledger = open_existing(copy_ledger(deep_template, tmp_path / "副本" / "台账.db"))
    yield ledger
    ledger.close()


@pytest.fixture(params=["at once", "in the background"])
def listing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways a list is read: whole at once (a small table), or its first page at once and
    the whole list in the background (a big one: here every table counts as big)."""
    if request.param == "in the background":
        monkeypatch.setattr(RecordTableModel, "SYNC_ROWS", 0)
    return str(request.param)


def _listed(qtbot: QtBot, model: RecordTableModel) -> None:
    """Wait until the whole list is in (at once, or from the background)."""
    qtbot.waitUntil(lambda: not model.loading, timeout=20_000)


def _ids(model: RecordTableModel) -> list[str]:
    return [model.record_id(row) for row in range(model.rowCount())]


def _view(qtbot: QtBot, model: RecordTableModel) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_a_deep_row_shows_its_record(qtbot: QtBot, deep: Ledger, listing: str) -> None:
    model = RecordTableModel("demands")
    model.set_ledger(deep)
    _listed(qtbot, model)
    expected = records.list_records(deep, "demands")
    assert model.rowCount() == model.total == len(expected) > 2_500
    view = _view(qtbot, model)
    for row in (len(expected) - 1, 2_345, 0):  # the last row, a deep one, back to the top
        view.scrollTo(model.index(row, 0), QTableView.ScrollHint.PositionAtTop)
        view.grab()  # painting reads the rows shown
        top = view.rowAt(0)
        assert 0 <= top <= row and top >= min(row, len(expected) - 30)
        assert model.index(top, 0).data(ID_ROLE) == expected[top]["id"]
        refs = records.references(deep, DEMAND, [expected[top]])
        assert model.index(top, NAME).data() == records.display_row(
            DEMAND, expected[top], refs)[NAME]
    assert model.index(2_345, 0).data(ID_ROLE) == expected[2_345]["id"]
    assert model.row_of(expected[2_345]["id"]) == 2_345


QUERIES = {
    "as added": records.Query(),
    "by content": records.Query(sort="content"),
    "by date, newest first": records.Query(sort="received_on", descending=True),
    "by community": records.Query(sort="community"),
    "by residents, most first": records.Query(sort="residents", descending=True),
    "status 已解决": records.Query(filters={"status": "已解决"}),
    "search 养老 (2 characters)": records.Query(search="养老"),
    "search 老年助餐": records.Query(search="老年助餐"),
    "one month": records.Query(dates={"received_on": ("2025-06-01", "2025-06-30")}),
    "deleted too, by date": records.Query(include_deleted=True, sort="received_on"),
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_sort_filter_and_search_give_the_rows_list_records_gives(
        qtbot: QtBot, deep: Ledger, listing: str, name: str) -> None:
    query = dataclasses.replace(QUERIES[name], scope=street_scope(deep))
    model = RecordTableModel("demands")
    model.set_ledger(deep)
    failures: list[str] = []
    model.query_failed.connect(failures.append)
    model.set_scope(query.scope)
    model.set_search(query.search)
    model.set_filters(query.filters or {})
    model.set_dates(query.dates or {})
    model.set_include_deleted(query.include_deleted)
    if query.sort is not None:
        column = list(DEMAND.fields).index(DEMAND.field(query.sort))
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        model.sort(column, order)
    _listed(qtbot, model)
    assert model.query == query
    expected = records.list_records(deep, "demands", query)
    assert expected and failures == []
    assert _ids(model) == [record["id"] for record in expected]
    deleted = [row for row, record in enumerate(expected) if record["deleted"]]
    assert [row for row in range(model.rowCount()) if model.index(row, 0).data(DELETED_ROLE)] \
        == deleted
    if query.include_deleted:
        assert deleted and deleted[-1] >= model.PAGE_SIZE  # struck out deep in the list too
        struck = model.index(deleted[-1], NAME).data(Qt.ItemDataRole.FontRole)
        assert struck is not None and struck.strikeOut()


def test_the_whole_list_follows_the_first_page_without_losing_the_selection(
        qtbot: QtBot, deep: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RecordTableModel, "SYNC_ROWS", 0)
    model = RecordTableModel("demands")
    view = _view(qtbot, model)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.total_changed, timeout=20_000) as told:
        model.set_ledger(deep)
        assert model.loading and model.rowCount() == model.PAGE_SIZE  # the first page, at once
        view.selectRow(150)
    chosen = view.selectionModel().selectedRows()[0].data(ID_ROLE)
    assert told.args == [records.count(deep, "demands")] and not model.loading
    assert model.rowCount() == told.args[0] > model.PAGE_SIZE
    assert resets == [1]  # the rest came as inserted rows: the view kept its place
    assert view.selectionModel().selectedRows()[0].data(ID_ROLE) == chosen


def test_personal_columns_are_masked_deep_in_the_list_until_revealed(
        qtbot: QtBot, deep: Ledger, listing: str) -> None:
    model = RecordTableModel("demands")
    model.set_ledger(deep)
    _listed(qtbot, model)
    expected = records.list_records(deep, "demands")
    row = next(n for n in range(2_000, len(expected)) if expected[n]["reporter"])
    name = expected[row]["reporter"]
    masked = personal_view.masked(DEMAND.field("reporter"), name)
    assert masked != name
    assert model.index(row, REPORTER).data() == masked
    model.reveal([expected[row]["id"]])
    assert model.index(row, REPORTER).data() == name
    assert model.index(row + 1, REPORTER).data() != expected[row + 1]["reporter"] or not \
        expected[row + 1]["reporter"]
    model.reveal(whole_list=True)
    assert model.index(row + 1, REPORTER).data() == (expected[row + 1]["reporter"] or "")


def test_a_sealed_column_sorts_as_added(qtbot: QtBot, deep: Ledger) -> None:
    model = RecordTableModel("demands")
    model.set_ledger(deep)
    model.sort(REPORTER, Qt.SortOrder.DescendingOrder)  # no sort key: the order records came
    assert model.query.sort is None
    assert _ids(model) == [r["id"] for r in records.list_records(deep, "demands")]


@pytest.mark.parametrize("background", [False, True], ids=["at once", "in the background"])
def test_a_record_added_or_deleted_while_the_list_is_open_keeps_the_selection(
        qtbot: QtBot, deep: Ledger, monkeypatch: pytest.MonkeyPatch, background: bool) -> None:
    page = make_page(qtbot, deep, "demands")
    page.model.sort(list(DEMAND.fields).index(DEMAND.field("received_on")),
                    Qt.SortOrder.DescendingOrder)
    _listed(qtbot, page.model)
    if background:  # from now on every reload reads the whole list in the background
        monkeypatch.setattr(RecordTableModel, "SYNC_ROWS", 0)
    deep_row = 2_000
    chosen = page.model.record_id(deep_row)
    click_row(qtbot, page, chosen)
    community = community_in(deep)
    newest = records.create(deep, "demands", {  # another window, a sync …: the newest, on top
        "community": community["id"], "content": "新增的需求：楼道扶手",
        "received_on": LAST_DAY.isoformat()})  # the demo's last day; the latest of its ties
    page.refresh()
    _listed(qtbot, page.model)
    assert page.model.record_id(0) == newest
    assert page.selected_id() == chosen and page.selected_row() == deep_row + 1
    above = page.model.record_id(10)
    records.delete(deep, "demands", above)
    page.refresh()
    _listed(qtbot, page.model)
    assert page.selected_id() == chosen and page.selected_row() == deep_row
    assert page.model.row_of(above) == -1


def test_a_record_the_user_chose_while_the_list_loads_stays_chosen(
        qtbot: QtBot, deep: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    page = make_page(qtbot, deep, "demands")
    chosen = page.model.record_id(2_000)
    click_row(qtbot, page, chosen)
    monkeypatch.setattr(RecordTableModel, "SYNC_ROWS", 0)
    page.refresh()  # the selected record is beyond the first page: wanted when the list is in
    assert page.model.loading and page.selected_id() != chosen
    click_row(qtbot, page, page.model.record_id(3))  # the user chooses meanwhile
    mine = page.selected_id()
    _listed(qtbot, page.model)
    assert page.selected_id() == mine != chosen


def test_a_file_that_fails_while_the_list_is_open_is_told_once(
        qtbot: QtBot, deep: Ledger, tmp_path: Path) -> None:
    model = RecordTableModel("demands")
    model.set_ledger(deep)
    failures: list[str] = []
    model.query_failed.connect(failures.append)
    assert model.rowCount() > 2_500 and model.index(0, NAME).data()  # the first rows are read
    path = deep.path
    saved = path.with_name("saved.db")
    deep.close()
    os.replace(path, saved)
    path.write_bytes(b"not a ledger " * 1_000)  # damaged under the open list
    view = _view(qtbot, model)
    view.scrollTo(model.index(2_500, 0))
    view.grab()
    assert len(failures) == 1 and failures[0]  # told once, not once a cell
    assert model.index(2_500, NAME).data() == "" and model.rowCount() > 2_500
    os.replace(saved, path)
    model.reload()  # the next reload reads again
    assert model.index(2_500, NAME).data() and len(failures) == 1
    assert not model.canFetchMore(QModelIndex())
