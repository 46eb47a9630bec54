"""The wall chart read back: one district per page, continued pages repeating the district and the
month header, the late days, legend, area and 数据截至, page numbers; A3 and A4 landscape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.errors import UsageError
from app.io.wall_chart import ChartGroup, ChartRow, Mark, WallChart, write_wall_chart
from app.services import records
from app.services.areas import resolve_scope
from app.services.wall_chart import wall_chart
from app.store.db import Ledger
from tests.app.services.programme_ledger import P5, RECORDED_ON, TODAY, R, at, fill_programme
from tests.helpers.pdf import page_texts

NOW = dt.datetime(2026, 12, 4, 10)
MM = 72 / 25.4


def _size(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


@pytest.mark.parametrize(("paper", "size"), [("A3", (420, 297)), ("A4", (297, 210))])
def test_one_district_a_page_with_late_days_and_legend(
    ledger: Ledger, tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    fill_programme(ledger)
    out = tmp_path / f"挂图{paper}.pdf"
    result = wall_chart(ledger, None, out, paper=paper, today=TODAY, now=NOW)
    pages = page_texts(out)
    assert result.pages == len(pages) == 2 and _size(out) == size
    first, second = pages
    head = ("社区嵌入式服务设施建设挂图作战图（截至2026年12月4日）"
            "西安市统计日2026-12-04数据截至2026年1月10日")
    assert first.startswith(head + "新城区") and second.startswith(head + "曲江新区")
    for n, page in enumerate(pages, start=1):
        assert "滞后已完成计划节点" in page and "运=投入运营" in page
        assert "2025年" in page and "2026年" in page
        assert f"第{n}页/共2页" in page and "打印日期：2026-12-04" in page
    assert P5 in first and "15天" in first and "32天" in first
    # the streets and districts missing from the figures are named where a work team looks
    assert "未含尚无报送数据的街道（7个）：长乐中路街道、中山门街道" in first
    assert "本图未含尚无报送数据的区县" in first and "莲湖区" in first
    assert "本图未含" not in second
    assert R in second and "244天" in second and "（未登记）" in second
    # tiered projects first, then the others (东七路二期 left the directory: 其他)
    assert first.index("东七路社区二期项目") > first.index(P5)


def test_a_long_district_continues_with_its_title_and_months(ledger: Ledger,
                                                            tmp_path: Path) -> None:
    ids = fill_programme(ledger)
    with at(RECORDED_ON):
        for n in range(40):
            records.create(ledger, "projects", {
                "name": f"东七路社区第{n:02d}号小微项目", "community": ids["东七路社区"],
                "tier": "其他", "planned_year": 2026, "started_on": "2026-03-01"})
    out = tmp_path / "新城区.pdf"
    scope = resolve_scope(ledger, "district:新城区")
    result = wall_chart(ledger, scope, out, paper="A3", today=TODAY, now=NOW)
    pages = page_texts(out)
    assert result.pages == len(pages) == 3  # 45 rows, 20 to an A3 page
    assert "新城区2026年" not in pages[0] and pages[0].count("新城区（续）") == 0
    assert "新城区（续）2/3" in pages[1] and "新城区（续）3/3" in pages[2]
    for page in pages:
        assert "项目名称" in page and "2026年" in page and "统计日" in page
    every = "".join(pages)
    assert all(f"第{n:02d}号小微项目" in every for n in range(40))


def test_only_a_pdf(ledger: Ledger, tmp_path: Path) -> None:
    fill_programme(ledger)
    with pytest.raises(UsageError, match="只能输出为 PDF"):
        wall_chart(ledger, None, tmp_path / "挂图.xlsx", today=TODAY)
    with pytest.raises(UsageError, match="A3 或 A4"):
        wall_chart(ledger, None, tmp_path / "挂图.pdf", paper="B5", today=TODAY)
    assert not (tmp_path / "挂图.xlsx").exists() and not (tmp_path / "挂图.pdf").exists()


def test_an_empty_area_says_so(tmp_path: Path) -> None:
    chart = WallChart("挂图", "某区", dt.date(2026, 12, 4), "数据截至：暂无数据", "某单位",
                      dt.date(2026, 12, 4), [], made_at=NOW)
    assert write_wall_chart(tmp_path / "空.pdf", chart) == 1
    assert "本区域没有建设项目" in page_texts(tmp_path / "空.pdf")[0]


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    row = ChartRow("项目", "市级项目", "某街道", [Mark("运", dt.date(2026, 12, 31), False)])
    chart = WallChart("挂图", "某区", dt.date(2026, 12, 4), "", "某单位", dt.date(2026, 12, 4),
                      [ChartGroup("某区", [row])], made_at=NOW)
    folder = tmp_path / "不存在的文件夹"
    with pytest.raises(Exception, match="找不到文件夹"):
        write_wall_chart(folder / "挂图.pdf", chart)
    assert not folder.exists()
