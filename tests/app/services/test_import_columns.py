"""What makes an import fast keeps it right: columns parsed each on its own, the collector on."""

from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.domain.entities import ENTITIES
from app.domain.validate import Invalid
from app.services import imports, records
from app.services.import_columns import ColumnParser
from app.store.db import Ledger

DEMAND = ENTITIES["demand"]
SPACE = ENTITIES["space"]
COMMUNITY = ENTITIES["community"]


def test_the_same_cell_means_what_its_own_column_says() -> None:
    # one value, five columns of five kinds: each column keeps its own answers
    text = ColumnParser(DEMAND.field("content"))
    people = ColumnParser(DEMAND.field("residents"))
    year = ColumnParser(ENTITIES["project"].field("planned_year"))
    day = ColumnParser(DEMAND.field("received_on"))
    code = ColumnParser(COMMUNITY.field("code"))
    cells = [2024, "2024", 2024.0]
    assert text.parse_all(cells) == ["2024"] * 3
    assert people.parse_all(cells) == [2024] * 3
    assert year.parse_all(cells) == [2024] * 3
    assert all(isinstance(v, Invalid) for v in day.parse_all(cells))  # day 2024 of 1900
    assert all(isinstance(v, Invalid) for v in code.parse_all(cells))  # not 12 digits
    assert text.parse_all(cells) == ["2024"] * 3  # asked again, after the others


def test_one_true_and_one_point_zero_are_three_values() -> None:
    # 1 == 1.0 == True: a cache keyed by the value alone would give True the answer of 1
    people = ColumnParser(DEMAND.field("residents"))
    one, also_one, yes = people.parse_all([1, 1.0, True])
    assert (one, also_one) == (1, 1)
    assert isinstance(yes, Invalid)
    assert len(people) == 3
    permit = ColumnParser(SPACE.field("permit_required"))
    assert permit.parse_all([True, 1]) == [True, True]


def test_blank_cells_are_none_and_errors_are_kept_per_value() -> None:
    kind = ColumnParser(SPACE.field("kind"))
    parsed = kind.parse_all(["社区用房", None, "", "  ", "仓库", "仓库", "社区用房"])
    assert parsed[0] == parsed[6] == "community_room"
    assert parsed[1:4] == [None, None, None]
    assert isinstance(parsed[4], Invalid) and parsed[4] is parsed[5]  # parsed once
    assert "不是可选的资源类型" in str(parsed[4])
    assert len(kind) == 2


def test_plain_text_is_trimmed_and_bounded_and_numbers_become_digits() -> None:
    content = ColumnParser(DEMAND.field("content"))
    too_long = "长" * (DEMAND.field("content").max_length + 1)
    parsed = content.parse_all(["  加装电梯 ", 12.0, 12.5, too_long, dt.date(2024, 3, 5)])
    assert parsed[:3] == ["加装电梯", "12", "12.5"]
    assert isinstance(parsed[3], Invalid) and "内容过长" in str(parsed[3])
    assert parsed[4] == "2024-03-05"
    area = ColumnParser(SPACE.field("floor_area"))
    assert area.parse_all(["1,200㎡", 85.5]) == [Decimal(1200), Decimal("85.5")]


def test_an_import_reads_one_value_in_two_columns_each_its_own_way(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = _demands_file(ledger, tmp_path,
                         ["所属社区", "需求内容", "涉及人数", "登记日期", "回复"],
                         ["东七路社区", 2024, 2024, "2024-03-05", 2024],
                         ["东七路社区", "两列同值", 12, 12, 12])
    plan = imports.plan_import(ledger, path)
    [error] = plan.errors  # 12 as a date (day 12 of 1900) in D, not 12 people in C or text in E
    assert (error.row, error.column, error.header) == (3, 4, "登记日期")
    first, second = plan.sheets[0].rows
    assert (first.values["content"], first.values["residents"], first.values["reply"]) == (
        "2024", 2024, "2024")
    assert first.values["received_on"] == dt.date(2024, 3, 5)
    assert (second.values["residents"], second.values["reply"]) == (12, "12")
    assert "received_on" not in second.values


def test_the_garbage_collector_is_back_on_after_an_import_written_or_refused(
    ledger: Ledger, tmp_path: Path
) -> None:
    records.create(ledger, "communities", {"name": "东七路社区", "street": "解放门街道"})
    path = tmp_path / "需求.xlsx"
    book = Workbook()
    book.active.append(["所属社区", "需求内容"])
    book.active.append(["东七路社区", "加装电梯"])
    book.save(path)
    assert imports.import_file(ledger, path).total == 1 and gc.isenabled()
    book.active.append(["不存在社区", "加装电梯"])
    book.save(path)
    with pytest.raises(imports.ImportRefused):
        imports.import_file(ledger, path)
    assert gc.isenabled()
    imports.plan_import(ledger, path)
    assert gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        imports.plan_import(ledger, path)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_row_with_several_bad_cells_names_each_in_column_order(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = _demands_file(ledger, tmp_path,
                         ["所属社区", "需求内容", "涉及人数", "紧急程度", "登记日期"],
                         ["东七路社区", "加装电梯", "三十", "很急", "2024-03-05"],
                         ["东七路社区", "增设助餐点", 30, "很急", "去年"],
                         ["不存在社区", "修路", "许多", "紧急", "2024-03-05"])
    plan = imports.plan_import(ledger, path)
    assert [(e.row, e.column) for e in plan.errors] == [
        (2, 3), (2, 4), (3, 4), (3, 5), (4, 3), (4, 1)]  # the reference is checked last
    first, second, third = plan.sheets[0].rows
    assert first.values == {"community": first.values["community"], "content": "加装电梯",
                            "received_on": dt.date(2024, 3, 5)}
    assert second.values["residents"] == 30 and "urgency" not in second.values
    assert "community" not in third.values and "residents" not in third.values


def _demands_file(ledger: Ledger, tmp_path: Path, *rows: list[object]) -> Path:
    """A workbook of these rows (a header first) for a ledger with 东七路社区."""
    records.create(ledger, "communities", {"name": "东七路社区", "street": "解放门街道"})
    path = tmp_path / "需求.xlsx"
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path
