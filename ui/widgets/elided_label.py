"""A one-line label that shortens its text in the middle when narrow, the whole text as its tip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Plain text on one line: "已导出 947 条记录到 D:/台账/…/全市台账.xlsx" when it does not fit.

    One line keeps the height it needs the same at any width (a wrapped label asks its layout for
    a height per width, which makes the scroll area around a page scroll the page as a whole).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle) -> None:
        super().__init__(parent)
        self._mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        """Show `text`, shortened to the width there is."""
        self._full = text
        self.setToolTip(text if text else "")
        self._elide()

    def text(self) -> str:
        """The whole text, not the shortened one shown."""
        return self._full

    def sizeHint(self) -> QSize:
        """The whole text on one line."""
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._full) + 4, metrics.height())

    def minimumSizeHint(self) -> QSize:
        """A few characters wide."""
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("…") * 8, metrics.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Shorten the text again for the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, self._mode,
                                              max(self.width() - 4, 0))
        super().setText(shown)
