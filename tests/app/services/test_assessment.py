"""年度考核 on a ledger with known numbers: each item's points, bonus and deduction with their
caps, the evidence, the city's summary by total, the points table printed with it."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from app.errors import UsageError
from app.services import assessment
from app.services.areas import resolve_scope
from app.store import programme
from app.store.db import Ledger
from app.store.settings import set_settings
from tests.app.services.ranking_ledger import NOW, build
from tests.helpers.pdf import pdf_text

BASE = 0 + 10 + Fraction(50, 3) + Fraction(40, 9) + Fraction(40, 7) + Fraction(10, 3)
"""新城区's base points: pilots, street units, city projects, coverage, demands, reporting."""


@pytest.fixture
def built(ledger: Ledger) -> Ledger:
    build(ledger)
    # targets the office above sent: 养老 30 %, 托育 10 %, so that two functions are met
    set_settings(ledger, **{"reference/targets": {"elderly_care": 0.3, "infant_care": 0.1}})
    return ledger


def _xincheng(ledger: Ledger) -> assessment.UnitAssessment:
    result = assessment.year_assessment(ledger, resolve_scope(ledger, "district:新城区"),
                                        "2026", now=NOW)
    [one] = result.units
    return one


def test_a_districts_year_item_by_item(built: Ledger) -> None:
    one = _xincheng(built)
    items = {i.facts.key: i for i in one.result.items}
    assert [(k, i.facts.due, i.facts.done, i.facts.early, i.facts.late)
            for k, i in items.items()] == [
        ("pilots", 1, 0, 0, 1), ("street_units", 0, 0, 0, 0), ("city_projects", 3, 2, 1, 1),
        ("coverage", 9, 2, 2, 0), ("demands", 7, 4, 0, 0), ("reporting", 9, 3, 0, 0)]
    assert {k: i.base for k, i in items.items()} == {
        "pilots": 0, "street_units": 10, "city_projects": Fraction(50, 3),
        "coverage": Fraction(40, 9), "demands": Fraction(40, 7), "reporting": Fraction(10, 3)}
    assert (one.result.bonus, one.result.deduction) == (3, 4)
    assert one.total == BASE + 3 - 4
    evidence = "\n".join(line for i in one.result.items for line in i.facts.evidence)
    assert "西一路二社区·西一路托育点：投入运营计划 2026-12-31，截至 2026-12-31 未完成，逾期 1 天" \
        in evidence
    assert "中山门一社区·中山门托育点：联合验收计划 2026-12-31，2026-11-01 完成，提前 60 天" \
        in evidence
    assert "西一路一社区·西一路养老综合体：联合验收计划 2026-12-31，2026-12-20 完成，按期" \
        in evidence
    assert "韩森寨一社区·韩森寨助餐点：联合验收计划 2026-12-31，截至 2026-12-31 未完成" in evidence
    assert "当年无到期节点" in evidence
    assert "超过目标 10 个百分点及以上 2 项：养老服务、婴幼儿托育" in evidence
    assert "年初未办结 0 件，当年登记 7 件，年内办结（已解决或不予采纳）4 件" in evidence
    assert "9 个街道中 3 个在 2026-12-31 前 30 天内有报送" in evidence
    assert "长乐中路街道（最近报送 2026-09-01）" in evidence
    assert "解放门街道（从未报送）" in evidence


def test_the_bonus_and_the_deduction_are_capped(built: Ledger) -> None:
    programme.set_scorings(built, {"bonus_cap": "1", "deduction_cap": "3"})
    one = _xincheng(built)
    assert (one.result.bonus, one.result.deduction) == (1, 3)
    assert one.total == BASE + 1 - 3


def test_the_city_summary_by_total_then_each_district(built: Ledger, tmp_path: Path) -> None:
    result = assessment.year_assessment(built, None, "2026", now=NOW)
    names = [u.unit.name for u in result.units]
    assert names[:2] == ["经开区", "新城区"] and len(names) == 14
    assert result.units[0].total == 80 + Fraction(40, 9) + 2  # 张家堡 counts under the zone
    # the other twelve never reported: nothing due is not nothing done, so no base points and
    # no bonus (they would otherwise have had 70 and stood above 新城区, who reports)
    silent = result.units[2:]
    assert all(u.never_reported and u.total == 0 and u.result.bonus == 0 for u in silent)
    assert [u.unit.key for u in silent] == sorted(u.unit.key for u in silent)
    assert not result.units[0].never_reported and not result.units[1].never_reported
    out = tmp_path / "年度考核.pdf"
    document = assessment.assessment_document(built, result, today=dt.date(2027, 1, 15),
                                              now=NOW)
    from app.io.report_file import write_document

    write_document(out, document)
    text, _pages = pdf_text(out)
    assert "年度考核（2026年）" in text
    assert "一、各区县（开发区）考核得分（由高到低）" in text
    assert "1经开区25.010.025.04.410.010.02086.4" in text
    assert "2.新城区：总分39.2分" in text
    assert "14周至县（从未报送）0.00.00.00.00.00.0000.0" in text
    assert "所辖街道均从未报送数据的，基础分和加分均不得分，减分照计" in text
    assert "考核细则（第0版）：加分合计不超过10分，减分合计不超过20分" in text
    assert "每个节点提前30天及以上完成加1分" in text


def test_a_districts_printed_assessment_as_pdf_and_workbook(built: Ledger, tmp_path: Path
                                                            ) -> None:
    scope = resolve_scope(built, "district:新城区")
    pdf = tmp_path / "考核.pdf"
    assessment.assessment_report(built, scope, "2026", pdf, now=NOW)
    text, _pages = pdf_text(pdf)
    assert "考核结果：总分39.2分" in text
    assert "合计10040.234" in text  # full points, base earned, bonus, deduction
    book = tmp_path / "考核.xlsx"
    rows = assessment.assessment_report(built, scope, "2026", book, now=NOW).pages
    from openpyxl import load_workbook

    sheet = load_workbook(book).active
    assert sheet is not None and rows == sheet.max_row
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    total_row = next(v for v in values if v[0] == "合计")
    assert total_row[:5] == ["合计", 100, 40.2, 3, 4]


@pytest.mark.parametrize(("year", "words"), [("2027", "还没有到"), ("26", "四位"),
                                             ("", "--year"), ("2026年度", "写法不对")])
def test_bad_and_future_years_are_refused(built: Ledger, year: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        assessment.year_assessment(built, None, year,
                                   now=dt.datetime(2026, 12, 31, 12, tzinfo=dt.UTC))


def test_a_street_is_not_assessed(built: Ledger) -> None:
    with pytest.raises(UsageError, match="区县或开发区"):
        assessment.year_assessment(built, resolve_scope(built, "street:西一路街道"), "2026",
                                   now=NOW)
