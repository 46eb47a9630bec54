"""The devices below on the sync page: those enrolled, how far each was imported, what is held,
whether revoked or rotated, 登记设备 (enrol a device's public key for an area), 吊销 (revoke a
device's key from a sequence on, then review what it sent from there) and the review again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import QAbstractItemView, QTreeWidgetItem, QVBoxLayout, QWidget

from app.domain import china_time
from app.domain.enums import Level
from app.errors import KnownError
from app.services.areas import area_tree
from app.services.revocation import (
    ReviewBundle,
    RevokeResult,
    received,
    review,
    revoke_device,
)
from app.services.sync import DeviceState, SyncState
from app.store.areas import Scope
from app.sync import keyfile, keys
from ui import theme
from ui.dialogs.enroll_dialog import EnrollDialog, enroll_areas
from ui.dialogs.revocation_review import RevocationReviewDialog
from ui.dialogs.revoke_dialog import RevokeDialog
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
from ui.widgets.loader import Loader

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

HELD_COLOURS = {"waiting": (theme.WAITING_BACKGROUND, theme.WAITING),
                "quarantined": (theme.PROBLEM_BACKGROUND, theme.PROBLEM)}
"""Background and text of a device's held bundles: waiting for a gap, quarantined forks."""

FINGERPRINT = Qt.ItemDataRole.UserRole
"""Where a device's row keeps its fingerprint."""


@dataclass(frozen=True)
class ReviewRead:
    """A revoked device's review list, read in a worker."""

    device: DeviceState
    review: list[ReviewBundle]


class DevicesPanel(SyncPanel):
    """下级设备: the enrolled devices (only their bundles are imported), enrolling one, and
    revoking a chosen one's key (a stolen laptop) with the review of what it sent."""

    def __init__(self, bus: ChangeBus, origin: object, parent: QWidget | None = None) -> None:
        super().__init__(bus, origin, parent)
        self.scope: Scope | None = None
        """The area chosen in the tree: the areas a device may be enrolled for."""
        self.enroll_dialog: EnrollDialog | None = None
        """The 登记设备 dialog while it is open."""
        self.revoke_dialog: RevokeDialog | None = None
        """The 吊销设备 dialog while it is open."""
        self.review_dialog: RevocationReviewDialog | None = None
        """The review list of a revoked device while it is open."""
        self._review_loader = Loader(self)
        self._review_loader.load_finished.connect(self._show_review)
        self._review_loader.load_failed.connect(
            lambda message: self.tell(self, self.tr("Cannot read the review list"), message))
        self.enroll_button = button(
            self.tr("Enrol device…"), self.enroll_device,
            self.tr("Open a device's public key file (.pub) and choose the area it may send"))
        self.revoke_button = button(
            self.tr("Revoke…"), self.revoke_selected,
            self.tr("Refuse the chosen device's bundles from a sequence on (a laptop lost or "
                    "stolen), and list what it sent from there for review"))
        self.review_button = button(
            self.tr("Review list…"), self.review_selected,
            self.tr("The bundles of the chosen revoked device imported from its revocation "
                    "point on, with the records they changed"))
        self.tree = small_list([self.tr("Name"), self.tr("Area"), self.tr("Fingerprint"),
                                self.tr("Confirmation code"), self.tr("Imported up to"),
                                self.tr("Bundles"), self.tr("Waiting"), self.tr("Quarantined"),
                                self.tr("State"), self.tr("Last contact")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.tree.itemSelectionChanged.connect(lambda: self.update_actions(self.ready))
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
                                          self.review_button, self.revoke_button,
                                          self.enroll_button))
        self.column.addWidget(content)

    # --- showing ---------------------------------------------------------------------------

    def show_view(self, ledger: Ledger | None, view: SyncView | None) -> None:
        """The enrolled devices, each with what was imported and held of it."""
        if ledger is not self.ledger:
            self._review_loader.stop()  # nothing of the old ledger is read on
        super().show_view(ledger, view)
        if view is None:
            self.tree.clear()
            self.tree.hide()
            self.revoke_button.hide()
            self.review_button.hide()
            self.no_devices.show()
            self.unknown_held.hide()
            return
        self._show_devices(view.state)

    def _show_devices(self, state: SyncState) -> None:
        chosen = self.selected_fingerprint()
        self.tree.clear()
        state_column = self.tree.columnCount() - 2
        for device in state.devices:
            item = QTreeWidgetItem([
                device.label, device.scope, device.fingerprint, device.code,
                str(device.applied_seq), str(device.bundles), str(len(device.waiting)),
                str(len(device.quarantined)), self.state_text(device),
                self._contact_text(device.last_contact),
            ])
            item.setData(0, FINGERPRINT, device.fingerprint)
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
            if device.revoked_from is not None:  # its name too: the state may be scrolled off
                for column in (0, state_column):
                    item.setForeground(column, QBrush(QColor(theme.PROBLEM)))
                    font = item.font(column)
                    font.setBold(True)
                    item.setFont(column, font)
                item.setToolTip(0, self.state_text(device))
            elif device.rotated_to is not None:
                item.setForeground(state_column, QBrush(QColor(theme.MUTED)))
            self.tree.addTopLevelItem(item)
            self._add_relayed(item, device.fingerprint, state)
            if device.fingerprint == chosen:
                item.setSelected(True)
        has_devices = bool(state.devices)
        self.tree.setVisible(has_devices)
        self.no_devices.setVisible(not has_devices)
        self.revoke_button.setVisible(has_devices)
        self.review_button.setVisible(any(d.revoked_from is not None for d in state.devices))
        fit(self.tree)
        unknown = state.unknown_held
        self.unknown_held.setVisible(bool(unknown))
        self.unknown_held.setText(self.tr(
            "%n bundle(s) from keys not enrolled are held aside: enrol the device, then sync "
            "again.", "", len(unknown)))
        self.unknown_held.setToolTip("\n".join(unknown))

    def state_text(self, device: DeviceState) -> str:
        """状态: revoked from a sequence on, rotated to another key, taken over from one."""
        notes = []
        if device.revoked_from is not None:
            notes.append(self.tr("Revoked (from sequence {seq} on)").format(
                seq=device.revoked_from))
        if device.rotated_to is not None:
            notes.append(self.tr("Rotated to {fingerprint}").format(
                fingerprint=device.rotated_to))
        if device.rotated_from is not None:
            notes.append(self.tr("Rotated from {fingerprint}").format(
                fingerprint=device.rotated_from))
        return self.tr("; ").join(notes) if notes else self.tr("Accepted")

    def _contact_text(self, moment: dt.datetime | None) -> str:
        """最后联系: when the device was last heard of, in China time (its own clock's word)."""
        if moment is None:
            return self.tr("Never")
        return china_time.shown(moment)

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
            child.setFlags(child.flags() & ~Qt.ItemFlag.ItemIsSelectable)  # not enrolled here
            item.addChild(child)
        item.setExpanded(True)

    def update_actions(self, ready: bool) -> None:
        """Enrol once the state is read and while no sync runs; revoke a chosen device that is
        not wholly revoked yet; show the review of a chosen revoked one."""
        super().update_actions(ready)
        loaded = ready and self.view is not None
        self.enroll_button.setEnabled(loaded)
        device = self.selected_device()
        self.revoke_button.setEnabled(loaded and device is not None
                                      and not device.wholly_revoked)
        self.review_button.setEnabled(loaded and device is not None
                                      and device.revoked_from is not None)

    # --- choosing --------------------------------------------------------------------------

    def selected_fingerprint(self) -> str | None:
        """The fingerprint of the device whose row is chosen, if any."""
        chosen = self.tree.selectedItems()
        found = chosen[0].data(0, FINGERPRINT) if chosen else None
        return str(found) if found else None

    def selected_device(self) -> DeviceState | None:
        """The enrolled device whose row is chosen, as last read."""
        fingerprint = self.selected_fingerprint()
        if self.view is None or fingerprint is None:
            return None
        return next((d for d in self.view.state.devices if d.fingerprint == fingerprint), None)

    def select_device(self, fingerprint: str) -> None:
        """Choose a device's row (as a click does)."""
        for n in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(n)
            if item is not None and item.data(0, FINGERPRINT) == fingerprint:
                self.tree.setCurrentItem(item)
                return
        raise ValueError(f"no device {fingerprint} in the list")

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

    # --- revoking --------------------------------------------------------------------------

    def revoke_selected(self) -> RevokeDialog | None:
        """Open the 吊销设备 dialog for the chosen device; None if not opened."""
        ledger, device = self.ledger, self.selected_device()
        if ledger is None or device is None or device.wholly_revoked or not self.ready:
            return None
        try:
            bundles = received(ledger, device.fingerprint)
        except KnownError as exc:
            self.tell(self, self.tr("Cannot revoke the device"), str(exc))
            return None
        dialog = RevokeDialog(device, bundles, self)
        dialog.accepted.connect(partial(self._revoke, dialog, ledger))
        dialog.finished.connect(partial(self._on_revoke_closed, dialog))
        self.revoke_dialog = dialog
        dialog.open()
        return dialog

    def _revoke(self, dialog: RevokeDialog, ledger: Ledger) -> None:
        seq = dialog.from_seq()
        if self.ledger is not ledger or seq is None:
            return  # another ledger was opened meanwhile
        device = dialog.device
        operation = self.write(lambda _state: revoke_device(ledger, device.fingerprint, seq),
                               self.tr("Cannot revoke the device"))
        operation.succeeded.connect(partial(self._revoked, device))

    def _revoked(self, device: DeviceState, result: object) -> None:
        assert isinstance(result, RevokeResult)
        revoked = result.revoked
        self.status_message.emit(self.tr(
            "Revoked {name} from sequence {seq} on").format(name=device.label,
                                                           seq=revoked.from_seq))
        notes = [self.tr("Its key was rotated to {new} after the revocation point: that "
                         "rotation is void, and the new key is revoked wholly too.").format(
                 new=other.fingerprint) for other in revoked.also]
        if revoked.quarantined:
            notes.append(self.tr("%n bundle(s) waiting for earlier ones were quarantined.", "",
                                 len(revoked.quarantined)))
        self._open_review(device, revoked.from_seq, result.review, notes)

    def _on_revoke_closed(self, dialog: RevokeDialog, _result: int) -> None:
        if self.revoke_dialog is dialog:
            self.revoke_dialog = None
        dialog.deleteLater()

    # --- the review ------------------------------------------------------------------------

    def review_selected(self) -> bool:
        """Read the chosen revoked device's review list (in a worker), then show it; False if
        nothing was asked."""
        ledger, device = self.ledger, self.selected_device()
        if ledger is None or device is None or device.revoked_from is None:
            return False
        fingerprint = device.fingerprint
        self._review_loader.start(
            lambda _state: ReviewRead(device, review(ledger, fingerprint)))
        return True

    def _show_review(self, data: object) -> None:
        assert isinstance(data, ReviewRead) and data.device.revoked_from is not None
        self._open_review(data.device, data.device.revoked_from, data.review, [])

    def _open_review(self, device: DeviceState, from_seq: int, found: list[ReviewBundle],
                     notes: list[str]) -> None:
        if self.review_dialog is not None:
            self.review_dialog.close()
        names = ({d.fingerprint: d.label for d in self.view.state.devices}
                 if self.view is not None else {})
        dialog = RevocationReviewDialog(device.label, device.fingerprint, from_seq, found,
                                        names, notes, self)
        dialog.finished.connect(partial(self._on_review_closed, dialog))
        self.review_dialog = dialog
        dialog.open()

    def _on_review_closed(self, dialog: RevocationReviewDialog, _result: int) -> None:
        if self.review_dialog is dialog:
            self.review_dialog = None
        dialog.deleteLater()
