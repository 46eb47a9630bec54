"""Excel import: messy real-world ledgers go in right; broken ones are refused whole, explained."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlwt
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from app.errors import KnownError
from app.services import exports, imports, records
from app.services.demo import generate
from app.services.import_report import write_error_workbook
from app.services.imports import error_workbook_path
from app.store.db import Ledger
from app.task import TaskState

STREET = "解放门街道"


def _snapshot(ledger: Ledger) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every ledger table (live and deleted), and the counts of history and log."""
    tables = ("community", "space", "function_status", "demand", "project", "operator",
              "evaluation", "history", "change_log")
    with ledger.engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY rowid"))]
            for t in tables
        }


def _messy_workbook(path: Path) -> None:
    """A street's ledger as people keep it: titles, merged cells, synonyms, text numbers, totals."""
    book = Workbook()
    communities = book.active
    communities.title = "社区基本情况"
    communities.append(["解放门街道社区基本情况统计表"])
    communities.merge_cells("A1:F1")
    communities.append(["填报单位：解放门街道办事处", None, None, "填报日期：2024年5月"])
    communities.append([])
    communities.append(["序号", "社区名称", "所属街道", "社区代码", "常住人口\n（人）", "户 数"])
    communities.append([1, "东七路社区", STREET, "６１０１０２００５００１", "12,000", "4000户"])
    communities.append([2, "新建测试社区", " 解放门街道 ", None, 3500.0, None])
    communities.append([None, None, None, None, None, None])
    communities.append(["合计", None, None, None, 15500, None])

    spaces = book.create_sheet("空间")
    spaces.append(["所属社区", "资源名称", "类型", "建筑面积(平方米)", "使用情况", "备注说明",
                   "负责人"])
    spaces.append(["东七路社区", "社区活动室", "社区用房", "1,200㎡", "闲置", "=临时借用", "张三"])
    spaces.append([None, "一楼门面房", "闲置用房", "85.5", "在用", None, None])
    spaces.append([None, "院内空地", "居住小区空地", 300, "低效利用", None, None])
    spaces["F2"].data_type = "s"  # text that looks like a formula, as a text cell
    spaces.merge_cells("A2:A4")  # the community written once over its three spaces
    spaces.append(["新建测试社区", "党群服务中心二楼", "社区用房", "２００", "在用", None, None])

    functions = book.create_sheet("功能")
    functions.append(["社区", "功能", "状态", "服务能力"])
    functions.append(["东七路社区", "助餐", "运营中", 80])
    functions.append(["东七路社区", "托育", "在建", None])
    functions.append(["新建测试社区", "养老", "规划", None])

    demands = book.create_sheet("群众需求")
    demands.append(["群众“急难愁盼”需求清单"])
    demands.append(["所属社区", "需求内容", "功能类别", "涉及人数", "紧急程度", "登记日期",
                    "联系电话"])
    demands.append(["东七路社区", "希望增设老年助餐点", "助餐", "30人", "紧急", "2024年3月5日",
                    13812345678])
    demands.append(["东七路社区", "小区缺少托育机构", "托育", 12, "一般", dt.date(2024, 4, 1),
                    "029-87654321"])
    demands.append(["东七路社区", "+86 热线转来的需求", "其他", "1", None, "2024/4/2", None])

    hidden = book.create_sheet("下拉选项")
    hidden.append(["社区名称", "资源类型"])
    hidden.append(["不该导入的社区", "社区用房"])
    hidden.sheet_state = "hidden"
    book.save(path)


def test_a_messy_street_ledger_imports_right(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "解放门 台账.xlsx"
    _messy_workbook(path)
    plan = imports.plan_import(ledger, path)
    assert plan.errors == [], [str(e) for e in plan.errors]
    by_name = {s.sheet.name: s for s in plan.sheets}
    assert by_name["社区基本情况"].spec is not None and by_name["社区基本情况"].header_row == 3
    assert by_name["下拉选项"].spec is None and "隐藏" in by_name["下拉选项"].note
    assert by_name["空间"].ignored == ["负责人"]
    assert plan.count("new") == 2 + 4 + 3 + 3

    result = imports.import_file(ledger, path)
    assert result.total == 12 and result.backup is not None and result.backup.exists()
    east = records.get(ledger, "communities", "610102005001")
    assert (east["population"], east["households"]) == (12000, 4000)
    new = records.get(ledger, "communities", "新建测试社区")
    assert new["population"] == 3500 and new["code"] is None
    spaces = {s["name"]: s for s in records.list_records(ledger, "spaces")}
    assert {n: spaces[n]["community"] for n in ("社区活动室", "一楼门面房", "院内空地")} == {
        n: east["id"] for n in ("社区活动室", "一楼门面房", "院内空地")}
    assert spaces["社区活动室"]["floor_area"] == Decimal(1200)
    assert spaces["一楼门面房"]["floor_area"] == Decimal("85.5")
    assert spaces["党群服务中心二楼"]["floor_area"] == Decimal(200)
    assert spaces["社区活动室"]["notes"] == "=临时借用"
    demands = {d["content"]: d for d in records.list_records(ledger, "demands")}
    meal = demands["希望增设老年助餐点"]
    assert (meal["function"], meal["residents"], meal["urgency"], meal["received_on"],
            meal["phone"]) == ("meal_service", 30, "urgent", dt.date(2024, 3, 5), "13812345678")
    assert demands["小区缺少托育机构"]["phone"] == "029-87654321"
    assert demands["+86 热线转来的需求"]["received_on"] == dt.date(2024, 4, 2)
    assert records.count(ledger, "communities", records.Query(search="不该导入")) == 0

    before = _snapshot(ledger)
    again = imports.import_file(ledger, path)  # the same file twice: nothing new, nothing changed
    assert again.total == 0 and again.plan.count("same") == 12
    assert _snapshot(ledger) == before


def test_a_csv_in_gbk_as_chinese_excel_saves_it(ledger: Ledger, tmp_path: Path) -> None:
    records.create(ledger, "communities", {"name": "东七路社区", "street": STREET})
    path = tmp_path / "需求.csv"
    path.write_bytes("所属社区,需求内容,紧急程度,登记日期\r\n东七路社区,加装电梯,急,2024.3.5\r\n"
                     .encode("gbk"))
    result = imports.import_file(ledger, path)
    assert result.total == 1
    [demand] = records.list_records(ledger, "demands")
    assert (demand["content"], demand["urgency"]) == ("加装电梯", "urgent")


@pytest.mark.parametrize(
    ("sheet", "rows", "column", "words"),
    [
        ("空间资源", [["所属社区", "资源名称", "资源类型"], ["不存在社区", "活动室", "社区用房"]],
         "A", "找不到社区“不存在社区”"),
        ("空间资源", [["所属社区", "资源名称", "资源类型"], ["东七路社区", "活动室", "仓库"]],
         "C", "不是可选的资源类型"),
        ("空间资源", [["所属社区", "资源名称", "资源类型", "建筑面积（㎡）"],
                   ["东七路社区", "活动室", "社区用房", -20]], "D", "不能小于 0"),
        ("需求清单", [["所属社区", "需求内容", "登记日期"],
                   ["东七路社区", "加装电梯", "2024年13月5日"]], "C", "日期"),
        ("运营主体", [["名称", "统一社会信用代码"], ["某服务公司", "91350100M000100Y44"]],
         "B", "校验位"),
    ],
)
def test_a_broken_file_is_refused_whole_with_an_error_workbook(
    ledger: Ledger, tmp_path: Path, sheet: str, rows: list[list[Any]], column: str, words: str
) -> None:
    records.create(ledger, "communities", {"name": "东七路社区", "street": STREET})
    path = tmp_path / "台账.xlsx"
    book = Workbook()
    good = book.active
    good.title = "社区"
    good.append(["社区名称", "所属街道"])
    good.append(["另一个新社区", STREET])  # a good row: it must not be written either
    bad = book.create_sheet(sheet)
    for row in rows:
        bad.append(row)
    book.save(path)
    before = _snapshot(ledger)
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file(ledger, path)
    assert _snapshot(ledger) == before
    [error] = refused.value.plan.errors
    assert (error.sheet, error.row, error.column) == (sheet, 2, ord(column) - 64)
    assert words in error.message and words in str(error)
    report = write_error_workbook(refused.value.plan, error_workbook_path(path))
    assert report == tmp_path / "台账.errors.xlsx"
    marked = load_workbook(report)
    assert marked.sheetnames == ["错误清单", sheet]
    cell = marked[sheet][f"{column}2"]
    assert cell.comment is not None and words in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert words in marked["错误清单"]["E2"].value


def test_valid_rows_only_writes_the_good_rows(ledger: Ledger, tmp_path: Path) -> None:
    records.create(ledger, "communities", {"name": "东七路社区", "street": STREET})
    path = tmp_path / "空间.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["所属社区", "资源名称", "资源类型"])
    sheet.append(["东七路社区", "活动室", "社区用房"])
    sheet.append(["东七路社区", "仓库间", "仓库"])
    book.save(path)
    result = imports.import_file(ledger, path, valid_rows_only=True)
    assert result.total == 1
    assert [s["name"] for s in records.list_records(ledger, "spaces")] == ["活动室"]


def test_unreadable_and_unrecognised_files_say_why(ledger: Ledger, tmp_path: Path) -> None:
    text_file = tmp_path / "假的.xlsx"
    text_file.write_text("这不是工作簿", encoding="utf-8")
    with pytest.raises(KnownError, match=r"假的\.xlsx"):
        imports.plan_import(ledger, text_file)
    unknown = tmp_path / "通讯录.xlsx"
    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["张三", "13812345678"])
    book.save(unknown)
    with pytest.raises(KnownError, match="没有可导入的台账"):
        imports.plan_import(ledger, unknown)


def test_export_then_import_changes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    generate(ledger, None, scale="tiny")
    some = records.list_records(ledger, "demands", records.Query(limit=1))[0]
    records.update(ledger, "demands", some["id"], {"reply": "=SUM(A1:A3) 不是公式"})
    path = tmp_path / "全部台账.xlsx"
    summary = exports.export_workbook(ledger, path)
    assert summary.total > 100
    before = _snapshot(ledger)
    plan = imports.plan_import(ledger, path)
    assert plan.errors == [], [str(e) for e in plan.errors][:5]
    assert plan.count("new") == plan.count("update") == 0
    assert plan.count("same") == summary.total
    assert imports.import_file(ledger, path).total == 0
    assert _snapshot(ledger) == before
    book = load_workbook(path)
    reply = next(c for row in book["需求清单"].iter_rows() for c in row
                 if c.value == "=SUM(A1:A3) 不是公式")
    assert reply.data_type == "s"


def test_export_into_an_empty_ledger_recreates_the_same_records(
    ledger: Ledger, tmp_path: Path
) -> None:
    generate(ledger, None, scale="tiny")
    path = tmp_path / "全部台账.xlsx"
    exports.export_workbook(ledger, path)
    from app.services.setup import init_ledger

    other = init_ledger(tmp_path / "另一台" / "台账.db")
    try:
        result = imports.import_file(other, path)
        assert result.total == sum(
            records.count(ledger, e) for e in ("communities", "spaces", "functions", "demands",
                                               "projects", "operators", "evaluations"))
        for entity in ("communities", "spaces", "functions", "demands", "projects", "operators",
                       "evaluations"):
            mine = records.list_records(ledger, entity)
            theirs = {r["id"]: r for r in records.list_records(other, entity)}
            for record in mine:
                twin = theirs[record["id"]]
                for name in (f.name for f in records.spec_of(entity).fields):
                    assert twin[name] == record[name], (entity, name, record[name], twin[name])
    finally:
        other.close()


def test_a_legacy_xls_with_a_title_and_full_width_codes(ledger: Ledger, tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("运营单位名录")
    for c, header in enumerate(["单位名称", "统一社会信用代码", "类型", "联系电话"]):
        sheet.write(1, c, header)
    sheet.write_merge(0, 0, 0, 3, "合格运营主体名录（2024年）")
    sheet.write(2, 0, "西安市某养老服务有限公司")
    sheet.write(2, 2, "企业")
    sheet.write(2, 3, 2987654321.0)  # a landline typed as a number loses its 0… and is refused
    sheet.write(3, 0, "某社工服务中心")
    sheet.write(3, 1, "９１３５０１００Ｍ０００１００Ｙ４３")  # full-width, as pasted from a PDF
    sheet.write(3, 2, "社会组织")
    sheet.write(3, 3, 13912345678.0)  # a mobile typed as a number is fine
    path = tmp_path / "运营主体.xls"
    book.save(str(path))
    plan = imports.plan_import(ledger, path)
    [error] = plan.errors
    assert (error.row, error.column, error.header) == (3, 4, "联系电话")
    result = imports.import_file(ledger, path, valid_rows_only=True)
    assert result.total == 1
    [operator] = records.list_records(ledger, "operators")
    assert (operator["name"], operator["kind"], operator["phone"], operator["credit_code"]) == (
        "某社工服务中心", "social_org", "13912345678", "91350100M000100Y43")


def test_checking_reports_progress_and_stops_when_cancelled(ledger: Ledger, tmp_path: Path) -> None:
    from app.errors import Cancelled

    path = tmp_path / "社区.xlsx"
    book = Workbook()
    book.active.append(["社区名称", "所属街道"])
    for n in range(450):
        book.active.append([f"第{n}社区", STREET])
    book.save(path)
    seen: list[tuple[int, int]] = []
    plan = imports.plan_import(ledger, path, task=TaskState(lambda d, t, _m: seen.append((d, t))))
    assert plan.count("new") == 450
    assert len(seen) >= 3 and all(t == 451 for _d, t in seen) and seen[-1][0] >= 400
    cancelled = TaskState()
    cancelled.cancel()
    with pytest.raises(Cancelled):
        imports.plan_import(ledger, path, task=cancelled)
    before = _snapshot(ledger)
    with pytest.raises(Cancelled):
        imports.import_file(ledger, path, task=cancelled)
    assert _snapshot(ledger) == before
