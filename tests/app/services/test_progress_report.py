"""The progress report read back: its title, late projects first, per-district figures and targets
with 还差, the note on the areas missing and on where the tiers come from; the workbook too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from app.services import records
from app.services.progress_report import progress_report
from app.store.db import Ledger
from tests.app.services.programme_ledger import P2, P5, RECORDED_ON, TODAY, R, at, fill_programme
from tests.helpers.pdf import pdf_text

NOW = dt.datetime(2026, 12, 4, 10)


def test_the_pdf_lists_late_projects_first_and_each_districts_targets(
    ledger: Ledger, tmp_path: Path
) -> None:
    ids = fill_programme(ledger)
    with at(RECORDED_ON):
        records.create(ledger, "functions", {"community": ids["东七路社区"], "function": "养老",
                                             "status": "运营中"})
    out = tmp_path / "进度.pdf"
    result = progress_report(ledger, None, out, today=TODAY, now=NOW)
    text, pages = pdf_text(out)
    assert result.pages == pages >= 2
    assert "社区嵌入式服务设施建设进度（截至2026年12月4日）" in text
    assert "统计口径：按管理关系" in text
    late = text.index("一、滞后于计划节点的项目（3个")
    assert late < text.index("二、国家试点社区") < text.index("六、各区县（开发区）2030年")
    rows = [text.index(f"{n}{name}") for n, name in ((1, R), (2, P2), (3, P5))]
    assert rows == sorted(rows)
    assert "投入运营2025年12月31日2026年9月1日244延期完成" in text
    assert "竣工2025年12月31日2026年1月15日15延期完成" in text
    assert "2024年35110" in text and "2025年32202" in text and "2026年40101" in text
    assert "不少于90个2110" in text  # 全市计划, listed, ready, by the due date, late
    assert "新城区1/10/10/011/120" in text  # pilots per year, street unit, city, late, unrecorded
    assert "曲江新区0/00/10/100/111" in text
    assert "新城区3" in text and "33%还差2个" in text  # 养老服务 1/3 against 90 %
    assert "第3版" in text and "尚无报送数据的街道" in text and "中山门街道" in text


def test_the_workbook_holds_the_same_tables(ledger: Ledger, tmp_path: Path) -> None:
    fill_programme(ledger)
    out = tmp_path / "进度.xlsx"
    progress_report(ledger, None, out, today=TODAY, now=NOW, by="legal")
    book = openpyxl.load_workbook(out, read_only=True)
    cells = ["" if v is None else str(v) for sheet in book.worksheets
             for row in sheet.iter_rows(values_only=True) for v in row]
    book.close()
    assert any("建设进度（截至 2026年12月4日）" in c for c in cells)
    assert R in cells and 244 in [int(c) for c in cells if c.isdigit()]
    assert "曲江新区" not in cells and "碑林区" in cells  # the legal cut


def test_a_past_day_is_printed_as_it_stood(ledger: Ledger, tmp_path: Path) -> None:
    fill_programme(ledger)
    out = tmp_path / "五月.pdf"
    progress_report(ledger, None, out, day=dt.date(2026, 5, 20), today=TODAY, now=NOW)
    text, _pages = pdf_text(out)
    assert "（截至2026年5月20日）" in text
    assert "2026年40202" in text  # 东七路二期 left only on 15 June
    assert "名录已列，街道尚未登记" in text  # 西一路试点, not yet replaced
