"""A key as people check it: its confirmation code in large digits, the tick box that says it was
compared by phone, and the rows a key dialog shows (the file, the code, the fingerprint)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.sync.keyfile import KeyFile
from ui import theme

CODE_SCALE = 1.8
"""The confirmation code's size in a dialog, against the body text."""


def code_label(code: str = "", scale: float = CODE_SCALE,
               parent: QWidget | None = None) -> QLabel:
    """A confirmation code in large, bold, fixed-width digits that can be selected."""
    label = QLabel(code, parent)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(label.font().pointSizeF() * scale)
    font.setWeight(QFont.Weight.Bold)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def fingerprint_label(fingerprint: str = "", parent: QWidget | None = None) -> QLabel:
    """A fingerprint in fixed-width digits: a label for the key, not proof of it."""
    label = QLabel(fingerprint, parent)
    label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CodeCheck(QWidget):
    """The code to compare, and the tick box a person ticks once it matched on the phone."""

    confirmed_changed = Signal(bool)
    """The tick box was ticked (True) or cleared."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code_label = code_label(code)
        self.confirm_box = QCheckBox(self.tr("Compared by phone: the codes are the same"))
        self.confirm_box.toggled.connect(self.confirmed_changed)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.code_label)
        column.addWidget(self.confirm_box)

    def confirmed(self) -> bool:
        """Whether the person said the code matched."""
        return self.confirm_box.isChecked()


class KeyRows:
    """The rows of a key dialog's form that show the key: its file, its code, its fingerprint.

    The code comes first and large (it is what people compare); the fingerprint is a label.
    """

    def __init__(self, form: QFormLayout, key: KeyFile, path: Path) -> None:
        self.file_label = QLabel(path.name)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setStyleSheet(theme.MUTED_TEXT)
        self.file_label.setToolTip(str(path))
        self.code_check = CodeCheck(key.code)
        self.fingerprint_label = fingerprint_label(key.fingerprint)
        self.fingerprint_label.setToolTip(QCoreApplication.translate(
            "KeyRows", "The key's id: it names the key in file names and lists, but anyone can "
            "give a key the same id. Compare the confirmation code."))
        form.addRow(QCoreApplication.translate("KeyRows", "Key file"), self.file_label)
        form.addRow(QCoreApplication.translate("KeyRows", "Confirmation code"),
                    self.code_check)
        form.addRow(QCoreApplication.translate("KeyRows", "Fingerprint"),
                    self.fingerprint_label)
        self.old_format: QLabel | None = None
        """Said when the file is of the older format, without an encryption key."""
        if key.encryption is None:
            self.old_format = QLabel(QCoreApplication.translate(
                "KeyRows", "This key file is of the older format: it has no encryption key, so "
                "what is sent to this office cannot be encrypted. Once the office has updated "
                "the program, ask it for a new key file."))
            self.old_format.setWordWrap(True)
            self.old_format.setTextFormat(Qt.TextFormat.PlainText)
            self.old_format.setStyleSheet(theme.WAITING_TEXT)
