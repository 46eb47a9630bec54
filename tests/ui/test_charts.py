"""The 统筹 page's QPainter charts paint the data they are given: marks where the numbers put
them, in their colours, each with its tooltip, and the chart in words for screen readers."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.palette import TARGET_MET, TARGET_NOT_MET
from ui import theme
from ui.widgets.chart_marks import Mark, MarkedChart
from ui.widgets.compliance_grid import Cell, ComplianceGrid, GridRow
from ui.widgets.freshness_list import FreshnessList, FreshRow
from ui.widgets.plan_bars import PlanBars, PlanRow
from ui.widgets.ranking_bars import Part, RankedRow, RankingBars

WIDTH = 900


def _shown(qtbot: QtBot, chart: MarkedChart) -> QImage:
    qtbot.addWidget(chart)
    chart.resize(WIDTH, chart.sizeHint().height())
    chart.show()
    qtbot.waitExposed(chart)
    return chart.grab().toImage()


def _colour_at(image: QImage, mark: Mark, dx: float = 0.0) -> str:
    centre = mark.rect.center()
    ratio = image.devicePixelRatio()
    return QColor(image.pixel(round((centre.x() + dx) * ratio),
                              round(centre.y() * ratio))).name()


def _marks(chart: MarkedChart, part: str) -> list[Mark]:
    return [m for m in chart.marks() if m.part == part]


PARTS = [Part("覆盖提升", 40, theme.RANKING_PARTS[0]), Part("项目按期", 30, theme.RANKING_PARTS[1]),
         Part("需求办结", 20, theme.RANKING_PARTS[2]), Part("数据及时", 10, theme.RANKING_PARTS[3])]


def test_ranking_bars_stack_each_part_by_its_points(app: QApplication, qtbot: QtBot) -> None:
    chart = RankingBars()
    rows = [RankedRow(1, "新城区", (40, 30, 10, 10), ("40.0", "30.0", "10.0", "10.0"), "90.0"),
            RankedRow(2, "碑林区", (20, 0, 15, 5), ("20.0", "0.0", "15.0", "5.0"), "40.0")]
    chart.set_ranking(PARTS, rows)
    image = _shown(qtbot, chart)
    first = [m for m in chart.marks() if m.row == 0 and m.part in {p.label for p in PARTS}]
    assert [m.part for m in first] == [p.label for p in PARTS]
    full = sum(m.rect.width() for m in first) / 90 * 100  # a full bar is 100 points
    for mark, points in zip(first, (40, 30, 10, 10), strict=True):
        assert mark.rect.width() == pytest.approx(full * points / 100, abs=0.01)
        assert _colour_at(image, mark, dx=mark.rect.width() / 2 - 2) == mark.colour
    for left, right in itertools.pairwise(first):  # stacked, edge to edge
        assert right.rect.left() == pytest.approx(left.rect.right(), abs=0.01)
    second = [m for m in chart.marks() if m.row == 1 and m.part == "项目按期"]
    assert second[0].rect.width() == 0  # nothing earned: nothing drawn
    totals = _marks(chart, "total")
    assert [m.tip for m in totals] == ["新城区：第 1 名，总分 90.0", "碑林区：第 2 名，总分 40.0"]
    assert totals[0].rect.left() > first[-1].rect.right()  # the total at the bar's end
    legend = [m for m in chart.marks() if m.row == -1]
    assert [m.tip for m in legend] == ["覆盖提升（40 分）", "项目按期（30 分）",
                                       "需求办结（20 分）", "数据及时（10 分）"]
    assert _colour_at(image, legend[0], dx=-legend[0].rect.width() / 2 + 3) == PARTS[0].colour
    tip = chart.mark_at(first[2].rect.center().toPoint())
    assert tip is not None and tip.tip == "新城区：需求办结 10.0 分（满分 20）"
    assert chart.accessibleDescription().splitlines()[1] == (
        "第 2 名 碑林区：40.0 分（覆盖提升 20.0，项目按期 0.0，需求办结 15.0，数据及时 5.0）")


def test_plan_bars_draw_done_against_the_plan_mark(app: QApplication, qtbot: QtBot) -> None:
    chart = PlanBars()
    chart.set_rows([PlanRow("2024 年", 35, 35), PlanRow("2025 年", 16, 32, "逾期 4 个", late=True),
                    PlanRow("市级项目", 45, 90)])
    image = _shown(qtbot, chart)
    done = _marks(chart, "done")
    plan = _marks(chart, "plan")
    assert chart.scale() == 90
    unit = plan[2].rect.center().x() - done[2].rect.left()  # 90 at the plan's mark
    assert done[0].rect.width() == pytest.approx(unit * 35 / 90, abs=0.01)
    assert done[1].rect.width() == pytest.approx(unit * 16 / 90, abs=0.01)
    assert plan[1].rect.center().x() == pytest.approx(done[1].rect.left() + unit * 32 / 90)
    assert _colour_at(image, done[0]) == TARGET_MET  # the plan met
    assert _colour_at(image, done[1]) == TARGET_NOT_MET
    assert [m.tip for m in _marks(chart, "value")][1] == (
        "2025 年：计划 32 个，已完成 16 个；逾期 4 个")
    assert chart.value_text(chart.rows[1]) == "16 / 32  逾期 4 个"
    assert chart.accessibleDescription().splitlines() == [
        "2024 年: 35 / 35", "2025 年: 16 / 32  逾期 4 个", "市级项目: 45 / 90"]


def test_compliance_grid_colours_each_cell(app: QApplication, qtbot: QtBot) -> None:
    chart = ComplianceGrid()
    columns = ["养老", "托育", "托管"]
    chart.set_grid(columns, [
        GridRow("新城区", (Cell(True, "92%"), Cell(False, "还差 3"), Cell(None, "—")),
                "达标 1/3"),
        GridRow("经开区", (Cell(False, "还差 1"), Cell(True, "100%"), Cell(True, "71%")),
                "达标 2/3"),
    ])
    image = _shown(qtbot, chart)
    cells = [m for m in chart.marks() if m.row >= 0 and m.part in columns]
    assert [(m.row, m.part) for m in cells] == [(r, c) for r in (0, 1) for c in columns]
    expected = [TARGET_MET, TARGET_NOT_MET, theme.TRACK, TARGET_NOT_MET, TARGET_MET, TARGET_MET]
    # a cell's colour beside its text (the text is in the middle)
    assert [_colour_at(image, m, dx=-m.rect.width() / 2 + 3) for m in cells] == expected
    assert cells[1].tip == "新城区 · 托育：还差 3"
    assert cells[0].rect.top() < cells[3].rect.top()
    assert cells[0].rect.left() < cells[1].rect.left() < cells[2].rect.left()
    headings = [m for m in chart.marks() if m.row == -1]
    assert [m.part for m in headings] == columns
    assert chart.accessibleDescription().splitlines()[0] == "新城区: 养老 92%，托育 还差 3，托管 —"


def test_freshness_list_flags_the_silent(app: QApplication, qtbot: QtBot) -> None:
    chart = FreshnessList()
    chart.set_rows([FreshRow("西一路街道", "新城区", None, True),
                    FreshRow("解放门街道", "新城区", 45, True, "2026-10-20"),
                    FreshRow("南院门街道", "碑林区", 6, False, "2026-11-28")], 30)
    image = _shown(qtbot, chart)
    bars = _marks(chart, "days")
    limit = _marks(chart, "limit")[0]
    assert chart.scale() == 60  # twice the limit: longer than any silence
    length = bars[0].rect.width()  # never reported: the whole bar
    assert bars[1].rect.width() == pytest.approx(length * 45 / 60, abs=0.01)
    assert bars[2].rect.width() == pytest.approx(length * 6 / 60, abs=0.01)
    assert limit.rect.center().x() == pytest.approx(bars[0].rect.left() + length / 2)
    assert _colour_at(image, bars[1], dx=-bars[1].rect.width() / 4) == TARGET_NOT_MET
    assert _colour_at(image, bars[2]) == TARGET_MET
    assert [m.tip for m in bars] == ["西一路街道（新城区）：从未报送",
                                     "解放门街道（新城区）：最后报送 2026-10-20，已 45 天",
                                     "南院门街道（碑林区）：最后报送 2026-11-28，已 6 天"]
    assert chart.accessibleDescription().splitlines() == [
        "西一路街道（新城区）: 从未报送（未报送）", "解放门街道（新城区）: 45 天（未报送）",
        "南院门街道（碑林区）: 6 天"]


@pytest.mark.parametrize("scale", [1.25, 1.5])
def test_charts_grow_with_the_font(app: QApplication, qtbot: QtBot, scale: float) -> None:
    """At 125 % and 150 % the rows grow with the text: nothing drawn overlaps its neighbour."""
    holder = QWidget()
    font = QFont(app.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    holder.setFont(font)
    chart = FreshnessList(holder)
    chart.set_rows([FreshRow(f"第{n}街道", "新城区", n * 10, n > 2) for n in range(5)], 30)
    plain = FreshnessList()
    plain.set_rows(chart.rows, 30)
    qtbot.addWidget(holder)
    qtbot.addWidget(plain)
    assert chart.row_height() > plain.row_height()
    assert chart.row_height() >= chart.fontMetrics().height() * 1.5
    assert chart.sizeHint().height() > plain.sizeHint().height()
    texts = _marks(chart, "text")
    for upper, lower in itertools.pairwise(texts):
        assert upper.rect.bottom() <= lower.rect.top()


def test_an_empty_chart_says_so_and_has_no_marks(app: QApplication, qtbot: QtBot) -> None:
    chart = RankingBars()
    chart.empty = "没有可排名的区县"
    chart.set_ranking(PARTS, [])
    _shown(qtbot, chart)
    assert [m for m in chart.marks() if m.row >= 0] == []
    assert chart.mark_at(QPoint(10, 10)) is None or chart.mark_at(QPoint(10, 10)).row == -1
