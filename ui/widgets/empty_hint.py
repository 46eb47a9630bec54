"""What an empty list says instead of its rows: a sentence and the buttons that lead on."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ui import theme

Offer = tuple[str, QAction]
"""A button under the sentence: its text, and the action it triggers (and follows enabled)."""


class EmptyHint(QFrame):
    """Covers a list's rows (a view's viewport, its headers stay) while there are none to show.

    The hint is a child of the view, not of its viewport, so scrolling never moves it.
    """

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view)
        self.setObjectName("emptyHint")
        self.setAutoFillBackground(True)
        self._view = view
        self.label = QLabel()
        """The sentence shown (plain text, wrapped)."""
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.label.setFont(font)
        self.label.setStyleSheet(theme.MUTED_TEXT)
        self.buttons: list[QPushButton] = []
        """The buttons of the hint shown, in order."""
        self._row = QHBoxLayout()
        self._row.setSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(16)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addLayout(self._row)
        layout.addStretch(2)
        view.viewport().installEventFilter(self)
        self.hide()

    @property
    def text(self) -> str:
        """The sentence shown ("" when hidden)."""
        return self.label.text() if not self.isHidden() else ""

    def show_hint(self, text: str, offers: Sequence[Offer] = ()) -> None:
        """Show a sentence and its buttons over the list."""
        self.label.setText(text)
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        while self._row.count():  # the stretches of the previous hint
            self._row.takeAt(0)
        self._row.addStretch(1)
        for caption, action in offers:
            button = QPushButton(caption)
            button.setEnabled(action.isEnabled())
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            self._row.addWidget(button)
            self.buttons.append(button)
        self._row.addStretch(1)
        self._place()
        self.show()
        self.raise_()

    def clear(self) -> None:
        """The list has rows again: let them show."""
        self.hide()

    def button(self, caption: str) -> QPushButton:
        """The hint's button with this text."""
        return next(button for button in self.buttons if button.text() == caption)

    def _place(self) -> None:
        self.setGeometry(self._view.viewport().geometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the viewport when the view is resized or its headers move it."""
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place()
        return False

