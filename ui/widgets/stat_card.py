"""A small card: a caption, one big number, and a line of detail under it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui import theme


class StatCard(QFrame):
    """Caption, big number, detail line; white with a thin rounded border."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setStyleSheet(theme.box("statCard"))
        self.caption = QLabel(caption)
        self.caption.setStyleSheet(theme.MUTED_TEXT)
        self.value = QLabel("—")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.detail.setStyleSheet(theme.MUTED_TEXT)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set_value(self, value: int | str, detail: str = "") -> None:
        """Show a number (grouped by thousands) and its detail line."""
        self.value.setText(f"{value:,}" if isinstance(value, int) else value)
        self.detail.setText(detail)
