"""登记设备: check a device's confirmation code, choose the area it may send, name it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.enums import Level
from app.services.areas import AreaNode
from app.store.areas import Scope
from app.sync.keyfile import KeyFile
from ui import theme
from ui.widgets import fitting
from ui.widgets.dialog_parts import accept_cancel, padded_layout
from ui.widgets.key_check import KeyRows

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
    """Shown after the key file is read: the confirmation code to check by phone (a tick box
    says it was), the area, a name.

    enroll_area() and label() are what the user chose once the dialog is accepted; the enrol
    button waits for an area and the tick.
    """

    def __init__(self, key: KeyFile, path: Path, areas: list[EnrollArea],
                 default: Scope | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enrol a device"))
        self.setMinimumWidth(560)
        self.areas = areas

        intro = QLabel(self.tr(
            "Bundles signed with this key will be imported for the area chosen below. Before "
            "you enrol it, call the device's office: the confirmation code on its Sync page "
            "must be the same as the one below, digit for digit."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

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
        self.key_rows = KeyRows(form, key, path)
        self.code_check = self.key_rows.code_check
        """The code in large digits and the tick box "compared by phone"."""
        self.fingerprint_label = self.key_rows.fingerprint_label
        form.addRow(self.tr("May send the data of"), self.area_combo)
        form.addRow(self.tr("Name"), self.label_edit)

        self.buttons, self.enroll_button = accept_cancel(self, self.tr("Enrol"))
        self.code_check.confirmed_changed.connect(self._update_button)
        self._update_button()

        layout = padded_layout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if self.key_rows.old_format is not None:
            layout.addWidget(self.key_rows.old_format)
        if not areas:
            none = QLabel(self.tr("There is no street in the area chosen on the left: choose "
                                  "a district or the whole city there first."))
            none.setWordWrap(True)
            none.setStyleSheet(theme.PROBLEM_TEXT)
            layout.addWidget(none)
        layout.addWidget(self.buttons)
        fitting.fit(self, scroll=True)

    def _update_button(self) -> None:
        self.enroll_button.setEnabled(bool(self.areas) and self.code_check.confirmed())

    def accept(self) -> None:
        """Enrol only with an area and the code confirmed (Enter included)."""
        if self.enroll_button.isEnabled():
            super().accept()

    def enroll_area(self) -> Scope | None:
        """The area chosen (None if there is none to choose)."""
        scope = self.area_combo.currentData()
        return scope if isinstance(scope, Scope) else None

    def label(self) -> str:
        """The name typed for the device ("" for the area's name)."""
        return self.label_edit.text().strip()
