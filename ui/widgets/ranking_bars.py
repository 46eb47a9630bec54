"""A ranking as stacked horizontal bars: one segment per score part, the total at the end."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from ui import theme
from ui.widgets.chart_marks import Mark, MarkedChart


@dataclass(frozen=True)
class Part:
    """A part of the score: its name, its full points and its colour."""

    label: str
    full: float
    colour: str


@dataclass(frozen=True)
class RankedRow:
    """One area's place: its rank, name, each part's points and how they are printed."""

    rank: int
    name: str
    points: tuple[float, ...]
    texts: tuple[str, ...]
    """Each part's points as printed (one decimal)."""
    total: str
    """The total as printed."""
    flagged: bool = False
    """Drawn with its name in the warning colour (e.g. it has not reported)."""


class RankingBars(MarkedChart):
    """The legend of the parts on top; a row per area: rank and name, the parts stacked, total."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts: list[Part] = []
        self._rows: list[RankedRow] = []
        self.empty = ""
        """What the chart says when there is nothing to rank."""

    @property
    def rows(self) -> list[RankedRow]:
        """What is drawn, top to bottom."""
        return self._rows

    @property
    def parts(self) -> list[Part]:
        """The parts, in the order they are stacked."""
        return self._parts

    def set_ranking(self, parts: list[Part], rows: list[RankedRow]) -> None:
        """Draw another ranking."""
        self._parts, self._rows = list(parts), list(rows)
        self.changed()

    def rows_count(self) -> int:
        """One per area."""
        return len(self._rows)

    def header_height(self) -> int:
        """The legend's line."""
        return self.row_height() if self._parts else 0

    def full(self) -> float:
        """The most points an area can have: the bar's whole length."""
        return sum(p.full for p in self._parts) or 1.0

    def _label(self, row: RankedRow) -> str:
        return f"{row.rank}  {row.name}"

    def _columns(self) -> tuple[float, float, float]:
        """Where the bars start, how long a full bar is, where the totals start."""
        gap = self.gap()
        label = max((self.text_width(self._label(r)) for r in self._rows), default=0)
        total = max((self.text_width(r.total) for r in self._rows), default=0)
        left = label + gap
        return left, max(40.0, self.width() - left - gap - total - 2), total

    def legend_marks(self) -> list[Mark]:
        """The legend: a swatch and the part's name (with its full points) for each part."""
        marks = []
        x, size = 0.0, self.line() * 0.75
        top = (self.row_height() - size) / 2
        for part in self._parts:
            text = self.legend_text(part)
            marks.append(Mark(QRectF(x, top, size + self.gap() / 2 + self.text_width(text), size),
                              -1, part.label, text, part.colour))
            x += size + self.gap() / 2 + self.text_width(text) + 2 * self.gap()
        return marks

    def legend_text(self, part: Part) -> str:
        """A part in the legend: its name and its full points."""
        return self.tr("{part} ({points})").format(part=part.label, points=f"{part.full:g}")

    def marks(self) -> list[Mark]:
        """The legend, then per row its segments and its total."""
        marks = self.legend_marks()
        left, length, _total = self._columns()
        row_height = self.row_height()
        bar = self.line() * 0.9
        full = self.full()
        for n, row in enumerate(self._rows):
            top = self.header_height() + n * row_height
            y = top + (row_height - bar) / 2
            x = left
            for part, points, text in zip(self._parts, row.points, row.texts, strict=False):
                width = length * max(0.0, points) / full
                tip = self.tr("{area}: {part} {points} of {full}").format(
                    area=row.name, part=part.label, points=text, full=f"{part.full:g}")
                marks.append(Mark(QRectF(x, y, width, bar), n, part.label, tip, part.colour))
                x += width
            tip = self.tr("{area}: rank {rank}, total {total}").format(
                area=row.name, rank=row.rank, total=row.total)
            marks.append(Mark(QRectF(x + self.gap(), top, self.text_width(row.total), row_height),
                              n, "total", tip))
        return marks

    def describe(self) -> str:
        """Each area's rank, total and parts."""
        lines = []
        for row in self._rows:
            parts = "，".join(f"{p.label} {t}" for p, t in zip(self._parts, row.texts,
                                                              strict=False))
            lines.append(self.tr("{rank}. {area}: {total} ({parts})").format(
                rank=row.rank, area=row.name, total=row.total, parts=parts))
        return "\n".join(lines)

    def paint(self, painter: QPainter) -> None:
        """Legend, labels, tracks, segments (their points inside where they fit), totals."""
        if not self._rows:
            self.empty_text(painter, self.empty)
            return
        left, _length, _total = self._columns()
        row_height = self.row_height()
        for mark in self.legend_marks():
            swatch = QRectF(mark.rect.left(), mark.rect.top(), mark.rect.height(),
                            mark.rect.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(mark.colour))
            painter.drawRoundedRect(swatch, 2, 2)
            text_box = QRectF(swatch.right() + self.gap() / 2, 0, mark.rect.width(), row_height)
            self.draw_text(painter, text_box, mark.tip, colour=theme.MUTED)
        for n, row in enumerate(self._rows):
            top = self.header_height() + n * row_height
            self.draw_text(painter, QRectF(0, top, left, row_height), self._label(row),
                           colour=theme.WAITING if row.flagged else None)
        for mark in self.marks():
            if mark.row < 0:
                continue
            if mark.part == "total":
                row = self._rows[mark.row]
                self.draw_text(painter, mark.rect, row.total)
                continue
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(mark.colour))
            painter.drawRect(mark.rect)
            row = self._rows[mark.row]
            index = [p.label for p in self._parts].index(mark.part)
            text = row.texts[index] if index < len(row.texts) else ""
            if text and self.text_width(text) + 4 <= mark.rect.width():
                self.draw_text(painter, mark.rect, text, colour=theme.ON_DARK,
                               align=Qt.AlignmentFlag.AlignHCenter)
