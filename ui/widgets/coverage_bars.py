"""Horizontal coverage bars drawn with QPainter: each function's share, its 2030 target marker."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.coverage import FunctionCoverage
from app.domain.enums import STANDARD_FUNCTIONS
from app.domain.palette import TARGET_MET, TARGET_NOT_MET
from ui import theme

TRACK = QColor(theme.TRACK)
MET = QColor(TARGET_MET)
NOT_MET = QColor(TARGET_NOT_MET)
MARKER = QColor(theme.MARKER)
MUTED = QColor(theme.MUTED)
TAG = QColor(theme.CHIP_TEXT)
TAG_BACKGROUND = QColor(theme.CHIP_BACKGROUND)
ROW = 34
BAR = 14
GAP = 12


def ordered(coverage: list[FunctionCoverage]) -> list[FunctionCoverage]:
    """Standard functions (标配) first, each group in the policy's order."""
    return sorted(coverage, key=lambda c: c.function not in STANDARD_FUNCTIONS)


class CoverageBars(QWidget):
    """One row per function: label (标配 tagged), bar with target marker, percentage, counts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FunctionCoverage] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def rows(self) -> list[FunctionCoverage]:
        """What is drawn, top to bottom."""
        return self._rows

    def set_coverage(self, coverage: list[FunctionCoverage]) -> None:
        """Draw another area's coverage."""
        self._rows = ordered(coverage)
        self.updateGeometry()
        self.update()

    def value_text(self, row: FunctionCoverage) -> str:
        """The text right of a bar: percentage, counts and target (printed as the reports do)."""
        return self.tr("{share}  ({covered}/{total}, target {target})").format(
            share=row.rate_text, covered=row.covered, total=row.total, target=row.target_text
        )

    def sizeHint(self) -> QSize:
        """Tall enough for every row."""
        return QSize(560, max(1, len(self._rows)) * ROW + 8)

    def minimumSizeHint(self) -> QSize:
        """As tall as the rows."""
        return QSize(360, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the rows."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        tag_text = self.tr("Standard")
        label_width = (
            max((metrics.horizontalAdvance(r.function.label) for r in self._rows), default=60)
            + metrics.horizontalAdvance(tag_text) + 20
        )
        text_width = max(
            (metrics.horizontalAdvance(self.value_text(r)) for r in self._rows), default=100
        )
        bar_left = label_width + GAP
        bar_width = max(60, self.width() - bar_left - GAP - text_width - 4)
        for n, row in enumerate(self._rows):
            top = 4 + n * ROW
            middle = top + ROW / 2
            painter.setPen(self.palette().text().color())
            painter.setFont(self.font())
            name_box = QRectF(0, top, label_width, ROW)
            painter.drawText(
                name_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                row.function.label,
            )
            if row.function in STANDARD_FUNCTIONS:
                self._tag(painter, small, tag_text,
                          metrics.horizontalAdvance(row.function.label) + 6, middle)
            track = QRectF(bar_left, middle - BAR / 2, bar_width, BAR)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TRACK)
            painter.drawRoundedRect(track, 3, 3)
            if row.ratio:
                value = QRectF(track.left(), track.top(), bar_width * min(row.ratio, 1.0), BAR)
                painter.setBrush(MET if row.met else NOT_MET)
                painter.drawRoundedRect(value, 3, 3)
            marker_x = min(track.left() + bar_width * row.target, track.right() - 1)
            painter.setPen(QPen(MARKER, 2))
            painter.drawLine(
                QPointF(marker_x, track.top() - 4), QPointF(marker_x, track.bottom() + 4)
            )
            painter.setPen(MUTED if row.ratio is None else self.palette().text().color())
            text_box = QRectF(track.right() + GAP, top, text_width + 4, ROW)
            painter.drawText(
                text_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.value_text(row),
            )
        painter.end()

    def _tag(self, painter: QPainter, font: QFont, text: str, left: float, middle: float) -> None:
        painter.save()
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(text) + 8
        height = painter.fontMetrics().height() + 2
        box = QRectF(left, middle - height / 2, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TAG_BACKGROUND)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(TAG)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
