"""Done against the plan as horizontal bars: a row per year (or milestone), the plan's mark."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.domain.palette import TARGET_MET, TARGET_NOT_MET
from ui import theme
from ui.widgets.chart_marks import Mark, MarkedChart


@dataclass(frozen=True)
class PlanRow:
    """One row: what it is, how many are done and how many the plan asks for."""

    label: str
    done: int
    planned: int
    note: str = ""
    """Printed after the counts (e.g. 逾期 3 个)."""
    late: bool = False
    """Behind the plan on its date: the bar and the note in the warning colour."""

    @property
    def met(self) -> bool:
        """As many done as planned (or more)."""
        return self.done >= self.planned


class PlanBars(MarkedChart):
    """A row per label: a bar of what is done, the plan's mark across it, "done / planned"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PlanRow] = []
        self.empty = ""
        """What the chart says when there is no plan."""

    @property
    def rows(self) -> list[PlanRow]:
        """What is drawn, top to bottom."""
        return self._rows

    def set_rows(self, rows: list[PlanRow]) -> None:
        """Draw other figures."""
        self._rows = list(rows)
        self.changed()

    def rows_count(self) -> int:
        """One per row."""
        return len(self._rows)

    def value_text(self, row: PlanRow) -> str:
        """The counts beside a bar: "32 / 35", and the note."""
        text = self.tr("{done} / {planned}").format(done=row.done, planned=row.planned)
        return f"{text}  {row.note}" if row.note else text

    def _columns(self) -> tuple[float, float]:
        gap = self.gap()
        label = max((self.text_width(r.label) for r in self._rows), default=0)
        text = max((self.text_width(self.value_text(r)) for r in self._rows), default=0)
        left = label + gap
        return left, max(40.0, self.width() - left - 2 * gap - text - 2)

    def scale(self) -> int:
        """The count a whole bar stands for: the largest plan or count."""
        return max([1, *(max(r.done, r.planned) for r in self._rows)])

    def marks(self) -> list[Mark]:
        """Per row: the bar of what is done, the plan's mark, the counts."""
        marks: list[Mark] = []
        left, length = self._columns()
        height, bar = self.row_height(), self.line() * 0.9
        scale = self.scale()
        for n, row in enumerate(self._rows):
            top = n * height
            y = top + (height - bar) / 2
            done = QRectF(left, y, length * row.done / scale, bar)
            colour = TARGET_MET if row.met else TARGET_NOT_MET
            tip = self.tr("{label}: {done} done of {planned} planned").format(
                label=row.label, done=row.done, planned=row.planned)
            if row.note:
                tip = f"{tip}；{row.note}"
            marks.append(Mark(done, n, "done", tip, colour))
            x = left + length * row.planned / scale
            marks.append(Mark(QRectF(x - 2, y - 4, 4, bar + 8), n, "plan",
                              self.tr("{label}: the plan is {planned}").format(
                                  label=row.label, planned=row.planned), theme.MARKER))
            text = self.value_text(row)
            marks.append(Mark(QRectF(left + length + self.gap(), top, self.text_width(text),
                                     height), n, "value", tip))
        return marks

    def describe(self) -> str:
        """Each row's counts against its plan."""
        return "\n".join(f"{r.label}: {self.value_text(r)}" for r in self._rows)

    def paint(self, painter: QPainter) -> None:
        """Labels, tracks, bars, plan marks and counts."""
        if not self._rows:
            self.empty_text(painter, self.empty)
            return
        left, length = self._columns()
        height, bar = self.row_height(), self.line() * 0.9
        for n, row in enumerate(self._rows):
            top = n * height
            self.draw_text(painter, QRectF(0, top, left, height), row.label)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.TRACK))
            painter.drawRoundedRect(QRectF(left, top + (height - bar) / 2, length, bar), 3, 3)
        for mark in self.marks():
            row = self._rows[mark.row]
            if mark.part == "done":
                if mark.rect.width() > 0:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(QColor(mark.colour))
                    painter.drawRoundedRect(mark.rect, 3, 3)
            elif mark.part == "plan":
                painter.setPen(QPen(QColor(theme.MARKER), 2))
                x = mark.rect.center().x()
                painter.drawLine(QPointF(x, mark.rect.top()), QPointF(x, mark.rect.bottom()))
            else:
                self.draw_text(painter, mark.rect, self.value_text(row),
                               colour=theme.WAITING if row.late else None)
