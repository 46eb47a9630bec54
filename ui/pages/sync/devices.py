"""The devices below on the sync page: those enrolled, how far each was imported, what is held,
and 登记设备 (enrol a device's public key for an area)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import QTreeWidgetItem, QVBoxLayout, QWidget

from app.domain import china_time
from app.domain.enums import Level
from app.errors import KnownError
from app.services.areas import area_tree
from app.services.sync import SyncState
from app.store.areas import Scope
from app.sync import keyfile, keys
from ui import theme
from ui.dialogs.enroll_dialog import EnrollDialog, enroll_areas
from ui.pages.sync.parts import (
    EMPTY_STYLE,
    WAITING,
    SyncPanel,
    SyncView,
    button,
    fit,
    label,
    section_row,
    small_list,
)
from ui.widgets.heading import section_label

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

HELD_COLOURS = {"waiting": (theme.WAITING_BACKGROUND, theme.WAITING),
                "quarantined": (theme.PROBLEM_BACKGROUND, theme.PROBLEM)}
"""Background and text of a device's held bundles: waiting for a gap, quarantined forks."""


class DevicesPanel(SyncPanel):
    """下级设备: the enrolled devices (only their bundles are imported) and enrolling one."""

    def __init__(self, bus: ChangeBus, origin: object, parent: QWidget | None = None) -> None:
        super().__init__(bus, origin, parent)
        self.scope: Scope | None = None
        """The area chosen in the tree: the areas a device may be enrolled for."""
        self.enroll_dialog: EnrollDialog | None = None
        """The 登记设备 dialog while it is open."""
        self.enroll_button = button(
            self.tr("Enrol device…"), self.enroll_device,
            self.tr("Open a device's public key file (.pub) and choose the area it may send"))
        self.tree = small_list([self.tr("Name"), self.tr("Area"), self.tr("Fingerprint"),
                                self.tr("Confirmation code"), self.tr("Imported up to"),
                                self.tr("Bundles"), self.tr("Waiting"), self.tr("Quarantined"),
                                self.tr("Last contact")])
        self.no_devices = label(self.tr(
            "No device is enrolled yet. Enrol the field laptops (at a district, the streets' "
            "computers) with their public key file: only bundles signed by an enrolled device "
            "are imported."))
        self.no_devices.setStyleSheet(EMPTY_STYLE)
        self.unknown_held = label(style=WAITING)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.tree)
        column.addWidget(self.no_devices)
        column.addWidget(self.unknown_held)
        self.column.addLayout(section_row(section_label(self.tr("Devices below")),
                                          self.enroll_button))
        self.column.addWidget(content)

    # --- showing ---------------------------------------------------------------------------

    def show_view(self, ledger: Ledger | None, view: SyncView | None) -> None:
        """The enrolled devices, each with what was imported and held of it."""
        super().show_view(ledger, view)
        if view is None:
            self.tree.clear()
            self.tree.hide()
            self.no_devices.show()
            self.unknown_held.hide()
            return
        self._show_devices(view.state)

    def _show_devices(self, state: SyncState) -> None:
        self.tree.clear()
        for device in state.devices:
            item = QTreeWidgetItem([
                device.label, device.scope, device.fingerprint, device.code,
                str(device.applied_seq), str(device.bundles), str(len(device.waiting)),
                str(len(device.quarantined)),
                self._contact_text(device.last_contact),
            ])
            for column in (2, 3):
                item.setFont(column, QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            for column in (4, 5, 6, 7):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
            for column, kind, held in ((6, "waiting", device.waiting),
                                       (7, "quarantined", device.quarantined)):
                if held:
                    background, text = HELD_COLOURS[kind]
                    item.setBackground(column, QBrush(QColor(background)))
                    item.setForeground(column, QBrush(QColor(text)))
                    font = item.font(column)
                    font.setBold(True)
                    item.setFont(column, font)
                    item.setToolTip(column, "\n".join(held))
            self.tree.addTopLevelItem(item)
            self._add_relayed(item, device.fingerprint, state)
        has_devices = bool(state.devices)
        self.tree.setVisible(has_devices)
        self.no_devices.setVisible(not has_devices)
        fit(self.tree)
        unknown = state.unknown_held
        self.unknown_held.setVisible(bool(unknown))
        self.unknown_held.setText(self.tr(
            "%n bundle(s) from keys not enrolled are held aside: enrol the device, then sync "
            "again.", "", len(unknown)))
        self.unknown_held.setToolTip("\n".join(unknown))

    def _contact_text(self, moment: dt.datetime | None) -> str:
        """最后联系: when the device was last heard of, in China time (its own clock's word)."""
        if moment is None:
            return self.tr("Never")
        return china_time.local(moment).strftime("%Y-%m-%d %H:%M")

    def _add_relayed(self, item: QTreeWidgetItem, fingerprint: str, state: SyncState) -> None:
        """The offices a device below told of (a district's streets, at the city), under it."""
        for contact in state.relayed:
            if contact.via != fingerprint:
                continue
            last = self.tree.columnCount() - 1  # 最后联系, the last column
            shown = self._contact_text(contact.last_contact)
            child = QTreeWidgetItem([contact.label, contact.scope, contact.fingerprint,
                                     *[""] * (last - 3), shown])
            child.setFont(2, QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            child.setToolTip(last, self.tr("As the device above it last reported"))
            item.addChild(child)
        item.setExpanded(True)

    def update_actions(self, ready: bool) -> None:
        """Enrol once the state is read and while no sync runs."""
        super().update_actions(ready)
        self.enroll_button.setEnabled(ready and self.view is not None)

    # --- enrolling -------------------------------------------------------------------------

    def enroll_device(self) -> EnrollDialog | None:
        """Ask for a device's .pub file, then open the 登记设备 dialog; None if not opened."""
        ledger = self.ledger
        if ledger is None or self.view is None or not self.ready:
            return None
        title = self.tr("Enrol a device")
        read = self.read_key(title)
        if read is None:
            return None
        path, text = read
        try:
            key = keyfile.parse_key_file(text)
            nodes = area_tree(ledger, by_zone=self.scope is not None
                              and self.scope.level is Level.ZONE)
        except KnownError as exc:
            self.tell(self, title, str(exc))
            return None
        default = self.scope
        home = self.view.home
        if (default is None or default.level is not Level.STREET) and home is not None and (
                home.level is Level.STREET):
            default = home
        dialog = EnrollDialog(key, path, enroll_areas(nodes, self.scope), default, self)
        dialog.accepted.connect(partial(self._enroll, dialog, text))
        dialog.finished.connect(partial(self._on_enroll_closed, dialog))
        self.enroll_dialog = dialog
        dialog.open()
        return dialog

    def _enroll(self, dialog: EnrollDialog, text: str) -> None:
        scope = dialog.enroll_area()
        if self.ledger is None or scope is None:
            return
        ledger, name = self.ledger, dialog.label()
        operation = self.write(lambda _state: keys.enroll(ledger, text, scope, name),
                               self.tr("Enrol a device"))
        operation.succeeded.connect(partial(self._enrolled, scope))

    def _enrolled(self, scope: Scope, device: object) -> None:
        assert isinstance(device, keys.Device)
        self.status_message.emit(self.tr(
            "Enrolled {name} (confirmation code {code}) for {area}").format(
            name=device.label, code=device.code, area=scope.name))

    def _on_enroll_closed(self, dialog: EnrollDialog, _result: int) -> None:
        if self.enroll_dialog is dialog:
            self.enroll_dialog = None
        dialog.deleteLater()
