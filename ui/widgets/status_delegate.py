"""Paints a matrix cell as a calm rounded chip in its status colour, with the status as text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui import theme
from ui.models.matrix_model import PAINT_ROLE

Index = QModelIndex | QPersistentModelIndex

MARGIN_X = 3
MARGIN_Y = 2
RADIUS = 4.0
DASH = QColor(theme.FAINT)


class StatusDelegate(QStyledItemDelegate):
    """A chip per cell: background and text colour from the model; an outline when selected."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Draw the chip, the text, and the selection outline (one model call per cell)."""
        look = index.data(PAINT_ROLE)
        if not look:
            super().paint(painter, option, index)
            return
        text, background, foreground, faint = look
        rect = option.rect
        palette = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(rect, palette.base())
        chip = QRectF(rect).adjusted(MARGIN_X + 0.5, MARGIN_Y + 0.5, -MARGIN_X - 0.5,
                                     -MARGIN_Y - 0.5)
        if faint:  # a dashed edge: shown, but not counted
            painter.setPen(QPen(DASH, 1, Qt.PenStyle.DashLine))
        else:
            painter.setPen(QPen(background.darker(108), 1))
        painter.setBrush(background)
        painter.drawRoundedRect(chip, RADIUS, RADIUS)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(palette.highlight().color().darker(115), 2.5))
            painter.drawRoundedRect(chip.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        painter.setPen(foreground)
        if faint:
            font = option.font
            font.setItalic(True)
            painter.setFont(font)
        else:
            painter.setFont(option.font)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
