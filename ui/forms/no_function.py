"""A demand saved without a 功能类别: asked first, in the record form and the field visit alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def lacks_function(entity: str, raw: Mapping[str, Any]) -> bool:
    """Whether these are a demand's values with no function chosen."""
    return entity in ("demand", "demands") and not str(raw.get("function") or "").strip()


def ask_no_function(parent: QWidget | None, *, button_height: int = 0) -> bool:
    """Ask whether to save a demand without a function; True saves it so (listed 未分类), the
    default and Esc go back to choose one."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("no_function", "No function chosen"),
        QCoreApplication.translate(
            "no_function",
            "This demand has no function. The demand list groups demands by function; this "
            "one would be listed as “Unclassified”.\n\nChoose its function (“Other” if none "
            "of the nine fits), or save it without one?"),
        QMessageBox.StandardButton.NoButton, parent)
    choose = box.addButton(QCoreApplication.translate("no_function", "Choose a function"),
                           QMessageBox.ButtonRole.RejectRole)
    save = box.addButton(QCoreApplication.translate("no_function", "Save without a function"),
                         QMessageBox.ButtonRole.AcceptRole)
    if button_height:
        for button in (choose, save):
            button.setMinimumSize(160, button_height)
    box.setDefaultButton(choose)
    box.setEscapeButton(choose)
    box.exec()
    return box.clickedButton() is save
