"""Who has not reported: areas as bars of days since their last report, the silent ones flagged."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.domain.palette import TARGET_MET, TARGET_NOT_MET
from ui import theme
from ui.widgets.chart_marks import Mark, MarkedChart


@dataclass(frozen=True)
class FreshRow:
    """An area, where it belongs, the days since its last report (None: never) and whether it is
    flagged as silent too long."""

    name: str
    detail: str
    days: int | None
    flagged: bool
    last: str = ""
    """Its last report as printed (a date), for the tooltip."""


class FreshnessList(MarkedChart):
    """A row per area: name (and district), a bar as long as its silence, the days; the limit's
    mark across the bars; flagged rows in the warning colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FreshRow] = []
        self.limit = 30
        """Days of silence from which an area is flagged (its mark is drawn)."""
        self.empty = ""
        """What the list says when every area is shown elsewhere or none is there."""

    @property
    def rows(self) -> list[FreshRow]:
        """What is drawn, top to bottom."""
        return self._rows

    def set_rows(self, rows: list[FreshRow], limit: int) -> None:
        """Draw other areas, flagged from `limit` days."""
        self._rows, self.limit = list(rows), limit
        self.changed()

    def rows_count(self) -> int:
        """One per area."""
        return len(self._rows)

    def label(self, row: FreshRow) -> str:
        """An area's name and where it belongs."""
        return f"{row.name}（{row.detail}）" if row.detail else row.name

    def days_text(self, row: FreshRow) -> str:
        """The days beside a bar, or 从未报送."""
        if row.days is None:
            return self.tr("never reported")
        return self.tr("%n day(s)", "", row.days)

    def scale(self) -> int:
        """The days a whole bar stands for: twice the limit, or the longest silence."""
        return max([2 * self.limit, 1, *(r.days for r in self._rows if r.days is not None)])

    def _columns(self) -> tuple[float, float]:
        gap = self.gap()
        label = max((self.text_width(self.label(r)) for r in self._rows), default=0)
        text = max((self.text_width(self.days_text(r)) for r in self._rows), default=0)
        left = label + gap
        return left, max(40.0, self.width() - left - 2 * gap - text - 2)

    def marks(self) -> list[Mark]:
        """Per row its bar (full length when it never reported) and its days; the limit."""
        marks: list[Mark] = []
        left, length = self._columns()
        height, bar = self.row_height(), self.line() * 0.7
        scale = self.scale()
        for n, row in enumerate(self._rows):
            top = n * height
            days = scale if row.days is None else min(row.days, scale)
            colour = TARGET_NOT_MET if row.flagged else TARGET_MET
            if row.days is None:
                tip = self.tr("{area}: never reported").format(area=self.label(row))
            else:
                tip = self.tr("{area}: last report {last}, {days} ago").format(
                    area=self.label(row), last=row.last or "—", days=self.days_text(row))
            box = QRectF(left, top + (height - bar) / 2, length * days / scale, bar)
            marks.append(Mark(box, n, "days", tip, colour))
            text = self.days_text(row)
            marks.append(Mark(QRectF(left + length + self.gap(), top, self.text_width(text),
                                     height), n, "text", tip, colour))
        if self._rows:
            x = left + length * self.limit / scale
            marks.append(Mark(QRectF(x - 2, 0, 4, height * len(self._rows)), -1, "limit",
                              self.tr("Flagged from {days} days without a report").format(
                                  days=self.limit), theme.MARKER))
        return marks

    def describe(self) -> str:
        """Each area's silence, flagged ones marked."""
        lines = []
        for row in self._rows:
            line = f"{self.label(row)}: {self.days_text(row)}"
            lines.append(self.tr("{line} (flagged)").format(line=line) if row.flagged else line)
        return "\n".join(lines)

    def paint(self, painter: QPainter) -> None:
        """Names, bars, days; flagged rows in the warning colour; the limit as a dashed line."""
        if not self._rows:
            self.empty_text(painter, self.empty)
            return
        left, _length = self._columns()
        height = self.row_height()
        for n, row in enumerate(self._rows):
            self.draw_text(painter, QRectF(0, n * height, left, height), self.label(row),
                           colour=theme.WAITING if row.flagged else None)
        for mark in self.marks():
            if mark.part == "limit":
                pen = QPen(QColor(theme.MARKER), 1.5, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                x = mark.rect.center().x()
                painter.drawLine(QPointF(x, mark.rect.top()), QPointF(x, mark.rect.bottom()))
                continue
            row = self._rows[mark.row]
            if mark.part == "days":
                painter.setPen(Qt.PenStyle.NoPen)
                colour = QColor(mark.colour)
                if row.days is None:
                    colour.setAlpha(110)  # never: the whole bar, pale
                painter.setBrush(colour)
                painter.drawRoundedRect(mark.rect, 2, 2)
            else:
                self.draw_text(painter, mark.rect, self.days_text(row),
                               colour=theme.WAITING if row.flagged else None)
