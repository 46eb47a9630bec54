"""The generic record table: columns from the declaration, every row listed at once, SQL sort."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from app.domain.entities import COMMUNITY, OPERATOR
from app.domain.enums import Level
from app.services import records
from app.services.areas import area_tree
from app.services.setup import init_ledger
from app.store.areas import Scope
from app.store.db import Ledger
from ui.models.record_table import ID_ROLE, RecordTableModel

MANY = 450


@pytest.fixture(scope="module")
def big_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """A ledger with 450 communities spread over the streets of 新城区."""
    ledger = init_ledger(tmp_path_factory.mktemp("big") / "big.db")
    district = next(n for n in area_tree(ledger) if n.name == "新城区")
    streets = [s for s in district.children if s.level is Level.STREET and s.code]
    for n in range(MANY):
        street = streets[n % len(streets)]
        assert street.code is not None
        code = f"{street.code[:9]}{n // len(streets) + 1:03d}"
        records.create(ledger, "communities",
                       {"name": f"测试{n:03d}社区", "street": street.code, "code": code})
    yield ledger
    ledger.close()


@pytest.fixture
def model(app: QApplication, big_ledger: Ledger) -> RecordTableModel:
    table = RecordTableModel("communities")
    table.set_ledger(big_ledger)
    return table


def test_columns_come_from_the_declaration(model: RecordTableModel) -> None:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [f.header for f in COMMUNITY.fields]


def test_every_row_is_listed_at_once_and_read_when_shown(model: RecordTableModel) -> None:
    root = QModelIndex()
    assert model.total == MANY
    assert model.rowCount() == MANY  # the ordered rowids of the whole list
    assert not model.canFetchMore(root)
    ids = {model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())}
    assert len(ids) == MANY
    street = COMMUNITY.fields.index(COMMUNITY.field("street"))
    assert model.index(MANY - 1, street).data().endswith("街道")  # references shown by name


def test_model_passes_the_model_tester(model: RecordTableModel,
                                       qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(model)
    model.fetchMore(QModelIndex())
    qtmodeltester.check(model)


def test_sorting_runs_in_sql(model: RecordTableModel) -> None:
    name = COMMUNITY.fields.index(COMMUNITY.field("name"))
    model.sort(name, Qt.SortOrder.DescendingOrder)
    assert model.index(0, name).data() == f"测试{MANY - 1:03d}社区"
    assert model.rowCount() == MANY
    model.sort(-1)
    assert model.index(0, name).data() == "测试000社区"


def test_a_personal_column_sorts_as_the_records_were_added(app: QApplication,
                                                          big_ledger: Ledger) -> None:
    for name, contact in (("乙养老", "王五"), ("甲养老", "张三"), ("丙养老", "李四")):
        records.create(big_ledger, "operators", {"name": name, "contact": contact})
    table = RecordTableModel("operators")
    table.set_ledger(big_ledger)
    failures: list[str] = []
    table.query_failed.connect(failures.append)
    contact = OPERATOR.fields.index(OPERATOR.field("contact"))
    table.sort(contact, Qt.SortOrder.DescendingOrder)  # sealed at rest: no sort key
    assert failures == [] and table.query.sort is None
    assert [table.index(r, contact).data() for r in range(3)] == ["王*", "张*", "李*"]  # masked


def test_search_and_scope_run_in_sql(model: RecordTableModel, big_ledger: Ledger) -> None:
    model.set_search("测试12")
    assert model.total == 10  # 测试120社区 … 测试129社区
    street = next(n for n in area_tree(big_ledger) if n.name == "新城区").children[0]
    model.set_search("")
    model.set_scope(Scope(Level.STREET, street.id, street.name, street.code))
    assert 0 < model.total < MANY


def test_without_a_ledger_the_table_is_empty(app: QApplication, tmp_path: Path) -> None:
    table = RecordTableModel("spaces")
    assert table.rowCount() == 0
    assert not table.canFetchMore(QModelIndex())
    assert table.columnCount() == len(records.spec_of("spaces").fields)
