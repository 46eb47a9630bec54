"""信任上级密钥: check the confirmation code of the office above's key before trusting it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from app.sync.keyfile import KeyFile
from ui import theme
from ui.widgets import fitting
from ui.widgets.dialog_parts import accept_cancel, padded_layout
from ui.widgets.key_check import KeyRows


class TrustDialog(QDialog):
    """Shown after the office above's key file is read: its confirmation code to check by phone
    (the trust button waits for the tick), and the key it replaces, if one is trusted."""

    def __init__(self, key: KeyFile, path: Path, replaces: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Trust the key of the office above"))
        self.setMinimumWidth(560)

        intro = QLabel(self.tr(
            "Receipts and reference data signed with this key will be accepted as the office "
            "above's. Before you trust it, call the office above: the confirmation code on its "
            "Sync page must be the same as the one below, digit for digit."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        self.key_rows = KeyRows(form, key, path)
        self.code_check = self.key_rows.code_check
        """The code in large digits and the tick box "compared by phone"."""

        self.buttons, self.trust_button = accept_cancel(self, self.tr("Trust"))
        self.trust_button.setEnabled(False)
        self.code_check.confirmed_changed.connect(self.trust_button.setEnabled)

        layout = padded_layout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if self.key_rows.old_format is not None:
            layout.addWidget(self.key_rows.old_format)
        if replaces is not None and replaces != key.fingerprint:
            replacing = QLabel(self.tr("It replaces the key trusted now (fingerprint {old})."
                                       ).format(old=replaces))
            replacing.setWordWrap(True)
            replacing.setTextFormat(Qt.TextFormat.PlainText)
            replacing.setStyleSheet(theme.WAITING_TEXT)
            layout.addWidget(replacing)
        layout.addWidget(self.buttons)
        fitting.fit(self, scroll=True)

    def accept(self) -> None:
        """Trust only once the code was confirmed (Enter included)."""
        if self.code_check.confirmed():
            super().accept()
