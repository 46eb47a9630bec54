"""What the QPainter charts share: marks with a tooltip each, sizes from the font, one description.

A chart lays its marks out from its data and its width (`marks()`), paints what it laid out, and
answers a tooltip for the mark under the mouse. Sizes follow the font's height, so a chart stays
readable at 125 % and 150 % scaling; tests read the marks' geometry rather than guessing pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ui import theme

GAP = 10
"""Space between a label, its marks and their numbers (at 100 %; scaled with the font)."""


@dataclass(frozen=True)
class Mark:
    """One thing drawn: where, what it stands for (row and part), and its tooltip."""

    rect: QRectF
    row: int
    part: str
    tip: str
    colour: str = ""


class MarkedChart(QWidget):
    """A chart of rows: subclasses lay out `marks()` and paint them; tooltips come from marks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    # --- sizes from the font ------------------------------------------------------------

    def line(self) -> int:
        """The height of a line of text: every size of a chart is a multiple of it."""
        return self.fontMetrics().height()

    def row_height(self) -> int:
        """One row: a line of text and room around it."""
        return round(self.line() * 1.8)

    def gap(self) -> float:
        """GAP scaled with the font."""
        return GAP * self.line() / 17

    def text_width(self, text: str) -> int:
        """How wide a text is drawn in the chart's font."""
        return self.fontMetrics().horizontalAdvance(text)

    def small_font(self) -> QFont:
        """A font a fifth smaller, for a legend or a column's heading."""
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        return font

    # --- what subclasses give -------------------------------------------------------------

    def rows_count(self) -> int:
        """How many rows the chart has (for its height)."""
        return 0

    def header_height(self) -> int:
        """Room above the rows (a legend, column headings)."""
        return 0

    def marks(self) -> list[Mark]:
        """Every mark of the chart at the widget's present width."""
        return []

    def describe(self) -> str:
        """The chart in words, for screen readers (its accessible description)."""
        return ""

    def paint(self, painter: QPainter) -> None:
        """Draw the chart."""

    # --- QWidget ------------------------------------------------------------------------

    def changed(self) -> None:
        """The data changed: new size, new description, drawn again."""
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        """Tall enough for every row."""
        rows = max(1, self.rows_count())
        return QSize(40 * self.line(), self.header_height() + rows * self.row_height() + 6)

    def minimumSizeHint(self) -> QSize:
        """As tall as the rows, narrower."""
        return QSize(22 * self.line(), self.sizeHint().height())

    def mark_at(self, point: QPoint) -> Mark | None:
        """The mark under a point, if any (the last drawn wins)."""
        found = None
        for mark in self.marks():
            if mark.rect.adjusted(-1, -2, 1, 2).contains(point.toPointF()):
                found = mark
        return found

    def event(self, event: QEvent) -> bool:
        """A tooltip for the mark under the mouse."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            mark = self.mark_at(event.pos())
            if mark is None or not mark.tip:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), mark.tip, self, mark.rect.toRect())
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint through paint(), antialiased."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        self.paint(painter)
        painter.end()

    def draw_text(self, painter: QPainter, box: QRectF, text: str, *,
                  colour: QColor | str | None = None,
                  align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
        """Text in a box, vertically centred, in a colour (the palette's text by default)."""
        painter.setPen(QColor(colour) if colour else self.palette().text().color())
        painter.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, text)

    def empty_text(self, painter: QPainter, text: str) -> None:
        """What an empty chart says, muted, in its first row."""
        self.draw_text(painter, QRectF(0, self.header_height(), self.width(), self.row_height()),
                       text, colour=theme.MUTED)
