"""Questions and notices in message boxes whose buttons say what they do, in the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.widgets import fitting


def ask(parent: QWidget | None, title: str, text: str, yes: str, no: str = "") -> bool:
    """Ask a yes/no question; True if the user chose `yes` (the safe answer is the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_text = no or QCoreApplication.translate("messages", "Cancel")
    no_button = box.addButton(no_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    fitting.fit(box)
    box.exec()
    return box.clickedButton() is yes_button


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user why something could not be done."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.addButton(QCoreApplication.translate("messages", "OK"), QMessageBox.ButtonRole.AcceptRole)
    fitting.fit(box)
    box.exec()
