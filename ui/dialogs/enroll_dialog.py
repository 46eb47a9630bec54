"""登记设备: confirm a device's fingerprint, choose the area it may send, name it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Level
from app.services.areas import AreaNode
from app.store.areas import Scope
from ui import theme

LABEL_MAX = 40
"""The longest name a device may be given."""


@dataclass(frozen=True)
class EnrollArea:
    """An area a device can be enrolled for, as the list shows it."""

    text: str
    scope: Scope


def _scope(node: AreaNode) -> Scope:
    return Scope(node.level, node.id, node.name, node.code)


def enroll_areas(nodes: list[AreaNode], scope: Scope | None) -> list[EnrollArea]:
    """The areas of the chosen one a device can be enrolled for: its streets, and for the whole
    city its districts first (the city enrols districts, a street its own laptops).

    `nodes` is the area tree (by zone when the chosen area is a zone).
    """
    level = scope.level if scope is not None else Level.CITY
    chosen = scope.id if scope is not None else None
    found: list[EnrollArea] = []
    if level is Level.CITY:
        text = QCoreApplication.translate("EnrollDialog", "{district} (the whole district)")
        found += [EnrollArea(text.format(district=node.name), _scope(node)) for node in nodes]
    for parent in nodes:
        for street in parent.children:
            if level is Level.CITY:
                inside = True
            elif level in (Level.DISTRICT, Level.ZONE):
                inside = parent.id == chosen
            elif level is Level.STREET:
                inside = street.id == chosen
            else:
                inside = any(community.id == chosen for community in street.children)
            if inside:
                found.append(EnrollArea(f"{parent.name} · {street.name}", _scope(street)))
    return found


class EnrollDialog(QDialog):
    """Shown after the key file is read: the fingerprint to check by phone, the area, a name.

    enroll_area() and label() are what the user chose once the dialog is accepted.
    """

    def __init__(self, fingerprint: str, path: Path, areas: list[EnrollArea],
                 default: Scope | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enrol a device"))
        self.setMinimumWidth(520)

        intro = QLabel(self.tr(
            "Bundles signed with this key will be imported for the area chosen below. Check "
            "the fingerprint with the device's own Sync page (by phone, say) before you enrol "
            "it."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.fingerprint_label = QLabel(fingerprint)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(self.font().pointSizeF() * 1.25)
        font.setBold(True)
        self.fingerprint_label.setFont(font)
        self.fingerprint_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        file_label = QLabel(path.name)
        file_label.setTextFormat(Qt.TextFormat.PlainText)
        file_label.setStyleSheet(theme.MUTED_TEXT)
        file_label.setToolTip(str(path))

        self.area_combo = QComboBox()
        for area in areas:
            self.area_combo.addItem(area.text, area.scope)
        self.area_combo.setMaxVisibleItems(20)
        for row, area in enumerate(areas):
            if default is not None and area.scope.id == default.id:
                self.area_combo.setCurrentIndex(row)
                break
        self.label_edit = QLineEdit()
        self.label_edit.setMaxLength(LABEL_MAX)
        self.label_edit.setClearButtonEnabled(True)
        self.label_edit.setPlaceholderText(self.tr("e.g. field laptop 1 (empty: the area's name)"))

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Key file"), file_label)
        form.addRow(self.tr("Fingerprint"), self.fingerprint_label)
        form.addRow(self.tr("May send the data of"), self.area_combo)
        form.addRow(self.tr("Name"), self.label_edit)

        self.buttons = QDialogButtonBox()
        self.enroll_button = self.buttons.addButton(self.tr("Enrol"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.enroll_button.setDefault(True)
        self.enroll_button.setEnabled(bool(areas))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addLayout(form)
        if not areas:
            none = QLabel(self.tr("There is no street in the area chosen on the left: choose "
                                  "a district or the whole city there first."))
            none.setWordWrap(True)
            none.setStyleSheet(theme.PROBLEM_TEXT)
            layout.addWidget(none)
        layout.addWidget(self.buttons)

    def enroll_area(self) -> Scope | None:
        """The area chosen (None if there is none to choose)."""
        scope = self.area_combo.currentData()
        return scope if isinstance(scope, Scope) else None

    def label(self) -> str:
        """The name typed for the device ("" for the area's name)."""
        return self.label_edit.text().strip()
