"""The matrix legend: one swatch per function status, and how 未回迁 communities look."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.domain.enums import FunctionStatus
from ui import theme
from ui.models.matrix_model import short_label, status_colours

PAD_X = 8
PAD_Y = 4


class Swatch(QWidget):
    """A small chip painted like a matrix cell."""

    def __init__(self, status: FunctionStatus, *, not_resettled: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.not_resettled = not_resettled
        self.setToolTip(status.label)
        metrics = self.fontMetrics()
        self.setFixedSize(
            QSize(
                metrics.horizontalAdvance(short_label(status)) + 2 * PAD_X,
                metrics.height() + 2 * PAD_Y,
            )
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the chip with the short label."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background, text = status_colours(self.status, self.not_resettled)
        chip = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(
            QPen(QColor(theme.FAINT), 1, Qt.PenStyle.DashLine)
            if self.not_resettled else QPen(background.darker(112), 1)
        )
        painter.setBrush(background)
        painter.drawRoundedRect(chip, 4, 4)
        painter.setPen(text)
        font = self.font()
        font.setItalic(self.not_resettled)
        painter.setFont(font)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, short_label(self.status))
        painter.end()


class StatusLegend(QWidget):
    """Swatches for the six statuses (full label as tooltip), then the 未回迁 sample."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.swatches = [Swatch(status) for status in FunctionStatus]
        caption = QLabel(self.tr("Legend:"))
        layout.addWidget(caption)
        for swatch in self.swatches:
            layout.addWidget(swatch)
        layout.addSpacing(16)
        layout.addWidget(Swatch(FunctionStatus.OPERATING, not_resettled=True))
        self.not_resettled_note = QLabel(
            self.tr("Not-yet-resettled community (faded, not counted)")
        )
        layout.addWidget(self.not_resettled_note)
        layout.addStretch(1)
