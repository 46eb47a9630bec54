"""What the app's small dialogs share: their accept-and-cancel buttons, their margins and their
password fields."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QPushButton, QVBoxLayout


def accept_cancel(dialog: QDialog, text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """An accept button labelled `text` (the default) and Cancel, wired to the dialog."""
    buttons = QDialogButtonBox()
    button = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    button.setDefault(True)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, button


def padded_layout(dialog: QDialog) -> QVBoxLayout:
    """The dialog's main layout, with the margins and spacing all its dialogs use."""
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(20, 16, 20, 16)
    layout.setSpacing(14)
    return layout


def password_field(max_length: int = 256) -> QLineEdit:
    """A line whose text is shown as dots, at most `max_length` characters."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(max_length)
    return field
