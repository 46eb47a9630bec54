"""The wall chart (挂图作战) drawn with reportlab: every project a row against the months, its
planned milestones hollow, reached ones filled, late ones red with their days late; one district
per page.

A3 landscape (also A4), type chosen to be read from two metres on A3: the title 30 pt, the district
22 pt, project names 15 pt, the days late 15 pt bold, month numbers 12 pt (A4 scales every size by
1/√2: 21, 16, 11, 11 and 8.5 pt). The services give the rows (app/services/wall_chart.py); this
module only lays them out and writes the file whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain import china_time
from app.io.fonts import register_pdf_font
from app.io.pdf import PRODUCER, pdf_date
from app.store.whole import written_whole

Paper = Literal["A3", "A4"]
PAPERS: dict[str, tuple[float, float]] = {"A3": landscape(A3), "A4": landscape(A4)}

INK = colors.HexColor("#1f3a5f")
LATE = colors.HexColor("#c62828")
MUTED = colors.HexColor("#555555")
OTHER = colors.HexColor("#777777")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef2f6")
HEAD = colors.HexColor("#dfe6ee")


@dataclass(frozen=True)
class Mark:
    """One milestone of a row: planned (hollow) or reached (filled), on its day."""

    letter: str
    """The milestone's one-character name (设, 竣, 验, 运 …) drawn in the mark."""
    day: dt.date
    reached: bool
    late: bool = False
    """Drawn red: a planned milestone late on the figure's day, or one reached after its plan."""


@dataclass(frozen=True)
class ChartRow:
    """A project: its name, tier and place, its marks and how many days it is late (0: on time)."""

    name: str
    tier: str
    place: str
    marks: Sequence[Mark]
    days_late: int = 0
    muted: bool = False
    """Drawn grey: a project outside the programme's tiers (其他)."""


@dataclass(frozen=True)
class ChartGroup:
    """A district (or zone) and its rows: it starts a page of its own."""

    title: str
    rows: Sequence[ChartRow]
    missing: Sequence[str] = ()
    """Its streets this ledger holds no reported data of (named beside the title)."""


@dataclass(frozen=True)
class WallChart:
    """The whole chart: title, area, the day it shows, who made it, and its districts."""

    title: str
    area: str
    day: dt.date
    as_of: str
    """数据截至 …: the newest data the figures hold."""
    unit: str
    printed_on: dt.date
    groups: Sequence[ChartGroup]
    legend: Sequence[tuple[str, str]] = ()
    """The milestones' letters and names, for the legend."""
    made_at: dt.datetime | None = None
    absent: Sequence[str] = ()
    """Districts (or zones) with no project on the chart whose streets this ledger holds no
    reported data of: named on the first page."""


@dataclass(frozen=True)
class _Sizes:
    """The type sizes and measures of one paper."""

    scale: float

    def __getattr__(self, name: str) -> float:
        base = {"title": 30, "group": 22, "name": 15, "late": 15, "month": 12, "year": 13,
                "small": 11, "letter": 10, "margin": 12 * mm, "row": 12 * mm,
                "radius": 3.4 * mm, "names": 120 * mm, "places": 70 * mm, "lateness": 34 * mm}
        if name not in base:
            raise AttributeError(name)
        return base[name] * self.scale


def write_wall_chart(path: Path, chart: WallChart, paper: Paper = "A3") -> int:
    """Draw the chart on landscape pages and write it whole; returns the number of pages."""
    if paper not in PAPERS:
        raise ValueError(paper)
    size = PAPERS[paper]
    sizes = _Sizes(1.0 if paper == "A3" else 2 ** -0.5)
    font = register_pdf_font()
    months = _months(chart)
    pages = _paginate(chart, size, sizes)
    made_at = china_time.local(chart.made_at or china_time.now())
    with written_whole(path, opened_in="PDF 阅读器") as partial:
        canvas = Canvas(str(partial), pagesize=size, invariant=True)
        stamp = pdf_date(made_at)
        canvas.setDateFormatter(lambda *_parts: stamp)
        canvas.setTitle(chart.title)
        canvas.setAuthor(PRODUCER)
        canvas.setCreator(PRODUCER)
        canvas.setProducer(PRODUCER)
        canvas.setSubject(chart.area)
        for number, (title, rows, first, missing) in enumerate(pages, start=1):
            _page(canvas, chart, size, sizes, font, months, title, rows, first, missing)
            _footer(canvas, chart, size, sizes, font, number, len(pages))
            canvas.showPage()
        canvas.save()
    return len(pages)


def _months(chart: WallChart) -> list[tuple[int, int]]:
    """The months the plans and data span (and the chart's day), first to last."""
    days = [m.day for g in chart.groups for r in g.rows for m in r.marks] + [chart.day]
    first, last = min(days), max(days)
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _rows_per_page(size: tuple[float, float], sizes: _Sizes) -> int:
    top = _body_top(size, sizes)
    bottom = sizes.margin + 16 * mm * sizes.scale
    return max(1, int((top - bottom) // sizes.row))


def _body_top(size: tuple[float, float], sizes: _Sizes) -> float:
    """Where the first row starts: under the title lines and the two month header rows."""
    return size[1] - sizes.margin - 40 * mm * sizes.scale


def _paginate(chart: WallChart, size: tuple[float, float], sizes: _Sizes
              ) -> list[tuple[str, Sequence[ChartRow], bool, Sequence[str]]]:
    """Each page's district title, its rows, whether it is the district's first page, and the
    district's streets missing from the figures."""
    per_page = _rows_per_page(size, sizes)
    pages: list[tuple[str, Sequence[ChartRow], bool, Sequence[str]]] = []
    for group in chart.groups:
        rows = list(group.rows)
        chunks = [rows[n:n + per_page] for n in range(0, len(rows), per_page)] or [[]]
        for n, chunk in enumerate(chunks):
            title = group.title if n == 0 else f"{group.title}（续）"
            if len(chunks) > 1:
                title += f"　{n + 1}/{len(chunks)}"
            pages.append((title, chunk, n == 0, group.missing))
    return pages or [("", [], True, ())]


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text cut with … to fit a width."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _page(canvas: Canvas, chart: WallChart, size: tuple[float, float], sizes: _Sizes,
          font: str, months: list[tuple[int, int]], title: str, rows: Sequence[ChartRow],
          first: bool, missing: Sequence[str] = ()) -> None:
    width, height = size
    margin = sizes.margin
    top = height - margin
    canvas.setFillColor(INK)
    canvas.setFont(font, sizes.title)
    canvas.drawString(margin, top - sizes.title, chart.title)
    canvas.setFont(font, sizes.small)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - margin, top - sizes.small,
                           f"{chart.area}　统计日 {chart.day.isoformat()}")
    canvas.drawRightString(width - margin, top - 2.3 * sizes.small, chart.as_of)
    canvas.setFillColor(colors.black)
    canvas.setFont(font, sizes.group)
    title_y = top - sizes.title - 4 * mm * sizes.scale - sizes.group
    canvas.drawString(margin, title_y, title)
    if missing:
        after = margin + stringWidth(title, font, sizes.group) + 6 * mm * sizes.scale
        canvas.setFont(font, sizes.small)
        canvas.setFillColor(LATE)
        canvas.drawString(after, title_y, _fit(
            f"未含尚无报送数据的街道（{len(missing)} 个）：{'、'.join(missing)}", font,
            sizes.small, width * 0.45 - after))  # the legend starts past the middle
        canvas.setFillColor(colors.black)
    _legend(canvas, chart, width - margin, top - 3.6 * sizes.small, sizes, font)
    left = margin + sizes.names + sizes.places
    right = width - margin - sizes.lateness
    body_top = _body_top(size, sizes)
    header = 14 * mm * sizes.scale
    step = (right - left) / max(1, len(months))
    _month_header(canvas, months, left, step, body_top, header, sizes, font)
    canvas.setFont(font, sizes.small)
    canvas.setFillColor(colors.black)
    canvas.drawString(margin + 1 * mm, body_top + 2 * mm, "项目名称")
    canvas.drawString(margin + sizes.names + 1 * mm, body_top + 2 * mm, "类型 · 所在街道 / 社区")
    canvas.drawCentredString(right + sizes.lateness / 2, body_top + 2 * mm, "滞后")
    if not rows:
        canvas.setFont(font, sizes.name)
        canvas.setFillColor(MUTED)
        canvas.drawString(margin, body_top - sizes.row, "本区域没有建设项目。")
        return
    for n, row in enumerate(rows):
        y = body_top - (n + 1) * sizes.row
        _row(canvas, row, n, y, margin, left, right, step, months, sizes, font, width)
    bottom = body_top - len(rows) * sizes.row
    _day_line(canvas, chart.day, months, left, step, body_top, bottom, sizes, font)


def _x(day: dt.date, months: list[tuple[int, int]], left: float, step: float) -> float:
    """Where a day falls on the month scale."""
    index = months.index((day.year, day.month))
    following = (dt.date(day.year + day.month // 12, day.month % 12 + 1, 1))
    length = (following - dt.date(day.year, day.month, 1)).days
    return left + step * (index + (day.day - 0.5) / length)


def _month_header(canvas: Canvas, months: list[tuple[int, int]], left: float, step: float,
                  body_top: float, header: float, sizes: _Sizes, font: str) -> None:
    """Two header rows: the years (where their months leave room), and the months (each month
    where they fit, else the first of each quarter)."""
    canvas.setFillColor(HEAD)
    canvas.rect(left, body_top, step * len(months), header, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    canvas.setStrokeColor(RULE)
    middle = body_top + header / 2
    every = 1 if stringWidth("12", font, sizes.month) + 1 * mm <= step else 3
    for n, (year, month) in enumerate(months):
        x = left + n * step
        if (month - 1) % every == 0:
            canvas.setFont(font, sizes.month)
            canvas.drawCentredString(x + step / 2, body_top + 1.5 * mm * sizes.scale, str(month))
        if month == 1 or n == 0:
            canvas.setLineWidth(1.2 if month == 1 else 0.5)
            canvas.line(x, body_top, x, body_top + header)
            room = step * sum(1 for y, _m in months if y == year)
            label = f"{year}年"
            if stringWidth(label, font, sizes.year) + 2 * mm <= room:
                canvas.setFont(font, sizes.year)
                canvas.drawString(x + 1 * mm, middle + 1 * mm, label)
    canvas.setLineWidth(0.5)
    canvas.line(left, middle, left + step * len(months), middle)


def _row(canvas: Canvas, row: ChartRow, n: int, y: float, margin: float, left: float,
         right: float, step: float, months: list[tuple[int, int]], sizes: _Sizes, font: str,
         width: float) -> None:
    if n % 2 == 0:
        canvas.setFillColor(SHADE)
        canvas.rect(margin, y, width - 2 * margin, sizes.row, stroke=0, fill=1)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.3)
    for index, (_year, month) in enumerate(months):
        if month == 1:
            canvas.line(left + index * step, y, left + index * step, y + sizes.row)
    canvas.line(margin, y, width - margin, y)
    middle = y + sizes.row / 2
    base = middle - sizes.name * 0.35
    canvas.setFillColor(OTHER if row.muted else colors.black)
    canvas.setFont(font, sizes.name)
    canvas.drawString(margin + 1 * mm, base,
                      _fit(row.name, font, sizes.name, sizes.names - 2 * mm))
    canvas.setFont(font, sizes.small)  # the tier over the place, two lines
    canvas.drawString(margin + sizes.names + 1 * mm, middle + sizes.small * 0.15, row.tier)
    canvas.drawString(margin + sizes.names + 1 * mm, middle - sizes.small * 0.95,
                      _fit(row.place, font, sizes.small, sizes.places - 2 * mm))
    planned = sorted((m for m in row.marks if not m.reached), key=lambda m: m.day)
    reached = sorted((m for m in row.marks if m.reached), key=lambda m: m.day)
    days = [m.day for m in row.marks]
    if days:
        canvas.setStrokeColor(OTHER if row.muted else INK)
        canvas.setLineWidth(1.2)
        canvas.line(_x(min(days), months, left, step), middle,
                    _x(max(days), months, left, step), middle)
    for mark in (*planned, *reached):
        _mark(canvas, mark, _x(mark.day, months, left, step), middle, sizes, font, row.muted)
    if row.days_late:
        canvas.setFillColor(LATE)
        canvas.setFont(font, sizes.late)
        canvas.drawCentredString(right + sizes.lateness / 2, base, f"{row.days_late} 天")


def _mark(canvas: Canvas, mark: Mark, x: float, y: float, sizes: _Sizes, font: str,
          muted: bool) -> None:
    colour = LATE if mark.late else (OTHER if muted else INK)
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(1.4)
    if mark.reached:
        canvas.setFillColor(colour)
        canvas.circle(x, y, sizes.radius, stroke=1, fill=1)
        canvas.setFillColor(colors.white)
    else:
        canvas.setFillColor(colors.white)
        canvas.circle(x, y, sizes.radius, stroke=1, fill=1)
        canvas.setFillColor(colour)
    canvas.setFont(font, sizes.letter)
    canvas.drawCentredString(x, y - sizes.letter * 0.36, mark.letter)


def _day_line(canvas: Canvas, day: dt.date, months: list[tuple[int, int]], left: float,
              step: float, top: float, bottom: float, sizes: _Sizes, font: str) -> None:
    x = _x(day, months, left, step)
    canvas.setStrokeColor(LATE)
    canvas.setLineWidth(1.2)
    canvas.setDash(4, 3)
    canvas.line(x, bottom, x, top)
    canvas.setDash()
    canvas.setFillColor(LATE)
    canvas.setFont(font, sizes.small)
    canvas.drawCentredString(x, bottom - sizes.small - 1 * mm, "统计日")


def _legend(canvas: Canvas, chart: WallChart, right: float, y: float, sizes: _Sizes,
            font: str) -> None:
    """Hollow: planned; filled: reached; red: late; then the milestones' letters."""
    items = [(Mark("", chart.day, False), "计划节点"), (Mark("", chart.day, True), "已完成"),
             (Mark("", chart.day, False, late=True), "滞后")]
    canvas.setFont(font, sizes.small)
    letters = "　".join(f"{letter}={name}" for letter, name in chart.legend)
    x = right - stringWidth(letters, font, sizes.small)
    canvas.setFillColor(MUTED)
    canvas.drawString(x, y - sizes.small, letters)
    for mark, text in reversed(items):
        x -= stringWidth(text, font, sizes.small) + 4 * mm
        canvas.setFillColor(MUTED)
        canvas.drawString(x, y - sizes.small, text)
        x -= sizes.radius + 1.5 * mm
        _mark(canvas, mark, x, y - sizes.small * 0.65, sizes, font, muted=False)
        x -= sizes.radius + 2 * mm


def _footer(canvas: Canvas, chart: WallChart, size: tuple[float, float], sizes: _Sizes,
            font: str, number: int, total: int) -> None:
    width = size[0]
    y = sizes.margin - 4 * mm
    canvas.setFont(font, sizes.small)
    canvas.setFillColor(MUTED)
    canvas.drawString(sizes.margin, y, f"制表单位：{chart.unit}")
    canvas.drawCentredString(width / 2, y, f"第 {number} 页 / 共 {total} 页")
    canvas.drawRightString(width - sizes.margin, y, f"打印日期：{chart.printed_on.isoformat()}")
    if number == 1 and chart.absent:
        canvas.setFillColor(LATE)
        canvas.drawString(sizes.margin, y + 1.4 * sizes.small, _fit(
            f"本图未含尚无报送数据的区县（{len(chart.absent)} 个）：{'、'.join(chart.absent)}",
            font, sizes.small, width - 2 * sizes.margin))
