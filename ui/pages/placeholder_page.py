"""A page that is not built yet: its title and a short note of what it will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.pages.base import ChangeBus, Page
from ui.widgets.heading import title_label


class PlaceholderPage(Page):
    """Shows the page's title and what will come; reacts to nothing."""

    def __init__(self, bus: ChangeBus, title: str, note: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(bus, parent)
        self.title = title
        self.heading = title_label(title)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel(note)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.note.setForegroundRole(self.note.palette().ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.heading)
        layout.addSpacing(12)
        layout.addWidget(self.note)
        layout.addStretch(3)
