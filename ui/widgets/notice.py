"""Message boxes that do not block: shown window-modal with open(), deleted once closed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.widgets import fitting

Tell = Callable[[QWidget | None, str, str], None]
"""Tells the user something: parent, title, text."""


def show_notice(parent: QWidget | None, icon: QMessageBox.Icon, title: str,
                text: str) -> QMessageBox:
    """Show a message with an OK button and return at once (the event loop goes on)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton(QCoreApplication.translate("notice", "OK"), QMessageBox.ButtonRole.AcceptRole)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    fitting.fit(box)
    box.open()
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user why something failed or was refused (a warning that does not block)."""
    show_notice(parent, QMessageBox.Icon.Warning, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user how something went (a notice that does not block)."""
    show_notice(parent, QMessageBox.Icon.Information, title, text)
