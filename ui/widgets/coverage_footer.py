"""The matrix footer: per function column, covered/total, coverage and the 2030 target, aligned."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QTableView, QWidget

from app.domain import rates
from app.domain.coverage import FunctionCoverage
from ui import theme

MET = QColor(theme.GOOD)
NOT_MET = QColor(theme.ERROR)
MUTED = QColor(theme.MUTED)
LINE = QColor(theme.FOOTER_LINE)
PAD = 4


class CoverageFooter(QWidget):
    """Four lines under the table, each column under its function's header section."""

    def __init__(self, table: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = table
        self._coverage: list[FunctionCoverage] = []
        header = table.horizontalHeader()
        header.sectionResized.connect(self.update)
        header.geometriesChanged.connect(self.update)
        table.verticalHeader().geometriesChanged.connect(self.update)
        table.horizontalScrollBar().valueChanged.connect(self.update)

    @property
    def coverage(self) -> list[FunctionCoverage]:
        """The coverage shown, in column order."""
        return self._coverage

    def set_coverage(self, coverage: list[FunctionCoverage]) -> None:
        """Show another area's coverage."""
        self._coverage = list(coverage)
        self.setToolTip("")
        self.update()

    def row_titles(self) -> list[str]:
        """What each line shows (the left column)."""
        return [
            self.tr("Covered / counted"),
            self.tr("Coverage"),
            self.tr("2030 target"),
            self.tr("Status"),
        ]

    def column_texts(self, column: int) -> list[str]:
        """The four lines of one function's column."""
        c = self._coverage[column]
        if c.missing is None:
            verdict = rates.NOTHING
        elif c.met:
            verdict = self.tr("Met")
        else:
            verdict = self.tr("{n} to go").format(n=c.missing)
        return [f"{c.covered}/{c.total}", c.rate_text, c.target_text, verdict]

    def titles_width(self) -> int:
        """The width the left column needs for the line titles."""
        metrics = self.fontMetrics()
        return max(metrics.horizontalAdvance(t) for t in self.row_titles()) + 2 * PAD + 8

    def _line_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        """Four lines and a little padding."""
        return QSize(400, 4 * self._line_height() + 2 * PAD + 2)

    def minimumSizeHint(self) -> QSize:
        """As tall as its lines."""
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the titles under the row header and each function's lines under its column."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().alternateBase())
        painter.setPen(LINE)
        painter.drawLine(0, 0, self.width(), 0)
        table = self._table
        frame = table.frameWidth()
        left = frame + table.verticalHeader().width()
        line = self._line_height()
        top = PAD + 1
        base = self.font()
        bold = QFont(base)
        bold.setBold(True)
        painter.setFont(base)
        painter.setPen(MUTED)
        for n, title in enumerate(self.row_titles()):
            box = QRect(PAD + 4, top + n * line, left - 2 * PAD - 4, line)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        header = table.horizontalHeader()
        painter.setClipRect(QRect(left, 0, table.viewport().width(), self.height()))
        for column, c in enumerate(self._coverage):
            if column >= header.count() or header.isSectionHidden(column):
                continue
            x = left + header.sectionViewportPosition(column)
            width = header.sectionSize(column)
            texts = self.column_texts(column)
            colour = MUTED if c.ratio is None else (MET if c.met else NOT_MET)
            for n, text in enumerate(texts):
                box = QRect(x, top + n * line, width, line)
                painter.setFont(bold if n == 1 else base)
                painter.setPen(colour if n in (1, 3) else self.palette().text().color())
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
