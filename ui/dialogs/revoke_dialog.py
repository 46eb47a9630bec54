"""吊销设备: name the device, say what revoking does, choose the sequence it starts at, confirm.

The default refuses only what has not come yet (the next sequence not received); an earlier
start is one of the bundles already received, which are then listed for review. The red button
waits for the tick box.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import china_time
from app.services.revocation import Received
from app.services.sync import DeviceState
from app.sync.applied import held_range
from app.sync.rotation import voids
from ui import theme
from ui.widgets import fitting
from ui.widgets.key_check import code_label, fingerprint_label

LIST_ROWS = 6
"""The received bundles shown at once; more scroll."""


def local_time(moment: dt.datetime | None) -> str:
    """A stored instant as the clerk reads it (China time), "" if unknown."""
    return china_time.shown(moment) if moment is not None else ""


def next_sequence(device: DeviceState, received: list[Received]) -> int:
    """The first sequence of the device not received here: revoking from it refuses only what
    is still to come."""
    return max([device.applied_seq, *(r.seq_to for r in received)]) + 1


class RevokeDialog(QDialog):
    """Shown for an enrolled device: who it is, what revoking does, from which sequence.

    from_seq() is the sequence chosen once the dialog is accepted; the revoke button waits for
    a sequence that is allowed (earlier than a revocation already made) and the tick box.
    """

    def __init__(self, device: DeviceState, received: list[Received],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Revoke a device"))
        self.setMinimumWidth(620)
        self.device = device
        self.received = received
        self.next_seq = next_sequence(device, received)
        limit = device.revoked_from
        self.choices = [r for r in received if limit is None or r.seq_from < limit]
        """The received bundles a revocation may start at (earlier than one made already)."""

        intro = self._text(self.tr(
            "Revoke a device whose key may be in other hands: a laptop lost or stolen, a key "
            "file copied. From the sequence chosen below on, its bundles are refused; any that "
            "arrives is set aside (quarantined) for a person to check. Bundles from there on "
            "that were already imported stay in the ledger: they are listed with the records "
            "they changed, for you to check."))
        warning = self._text(self.tr(
            "A revocation cannot be undone; it can only be moved to an earlier sequence. To use "
            "the device again, give it a new key and enrol that."), theme.PROBLEM_TEXT)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        name = self._text(device.label, wrap=False)
        font = name.font()
        font.setBold(True)
        name.setFont(font)
        form.addRow(self.tr("Device"), name)
        form.addRow(self.tr("Area"), self._text(device.scope, wrap=False))
        self.code_label = code_label(device.code, scale=1.35)
        form.addRow(self.tr("Confirmation code"), self.code_label)
        self.fingerprint_label = fingerprint_label(device.fingerprint)
        form.addRow(self.tr("Fingerprint"), self.fingerprint_label)
        form.addRow(self.tr("Imported"), self._text(self.tr(
            "up to sequence {seq}, %n bundle(s)", "", len(received)).format(
            seq=device.applied_seq), wrap=False))
        if limit is not None:
            form.addRow(self.tr("Now"), self._text(self.tr(
                "Revoked from sequence {seq} on").format(seq=limit), theme.PROBLEM_TEXT))

        choose = self._text(self.tr("Revoke from"))
        font = choose.font()
        font.setBold(True)
        choose.setFont(font)
        self.future_radio = QRadioButton(self.tr(
            "Refuse only the bundles still to come (from sequence {seq} on)").format(
            seq=self.next_seq))
        self.earlier_radio = QRadioButton(self.tr(
            "From a bundle already received (it and those after it are listed for review):"))
        self.group = QButtonGroup(self)
        self.group.addButton(self.future_radio)
        self.group.addButton(self.earlier_radio)
        self.bundle_list = self._bundle_list()
        self.consequence = self._text()
        self.consequence.setStyleSheet(theme.WAITING_TEXT)

        if limit is not None and self.next_seq >= limit:
            self.future_radio.setEnabled(False)
            self.future_radio.setText(self.tr(
                "Refuse only the bundles still to come (refused already, from sequence {seq} "
                "on)").format(seq=limit))
        if not self.choices:
            self.earlier_radio.setEnabled(False)
            self.bundle_list.setEnabled(False)
        if self.future_radio.isEnabled():
            self.future_radio.setChecked(True)
        elif self.choices:
            self.earlier_radio.setChecked(True)
            self._choose_newest()

        self.confirm_box = QCheckBox(self.tr("I confirm that this device is to be revoked"))
        self.buttons = QDialogButtonBox()
        self.revoke_button = self.buttons.addButton(self.tr("Revoke"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.revoke_button.setStyleSheet(theme.DANGER_BUTTON)
        self.revoke_button.setAutoDefault(False)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Enter never revokes
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.group.buttonToggled.connect(self._on_radio)
        self.bundle_list.itemSelectionChanged.connect(self._on_list_choice)
        self.confirm_box.toggled.connect(self._update)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addWidget(choose)
        layout.addWidget(self.future_radio)
        layout.addWidget(self.earlier_radio)
        layout.addWidget(self.bundle_list)
        layout.addWidget(self.consequence)
        layout.addWidget(warning)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.buttons)
        fitting.fit(self, scroll=True)
        self._update()

    def _text(self, text: str = "", style: str = "", *, wrap: bool = True) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(wrap)
        if style:
            label.setStyleSheet(style)
        return label

    def _bundle_list(self) -> QTreeWidget:
        """The bundles a revocation may start at, the newest first."""
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setHeaderLabels([self.tr("Sequence"), self.tr("Imported at")])
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for bundle in reversed(self.choices):
            item = QTreeWidgetItem([f"{bundle.seq_from}–{bundle.seq_to}",
                                    local_time(bundle.applied_at) or self.tr("Not recorded")])
            item.setData(0, Qt.ItemDataRole.UserRole, bundle.seq_from)
            tree.addTopLevelItem(item)
        rows = min(max(len(self.choices), 1), LIST_ROWS)
        row = tree.sizeHintForRow(0) if self.choices else tree.fontMetrics().height() + 6
        tree.setFixedHeight(tree.header().sizeHint().height() + rows * row
                            + 2 * tree.frameWidth() + 2)
        return tree

    # --- choosing --------------------------------------------------------------------------

    def choose_bundle(self, seq_from: int) -> None:
        """Choose the received bundle that starts at this sequence (as a click on it does)."""
        for n in range(self.bundle_list.topLevelItemCount()):
            item = self.bundle_list.topLevelItem(n)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == seq_from:
                self.bundle_list.setCurrentItem(item)
                return
        raise ValueError(f"no received bundle starts at {seq_from}")

    def _choose_newest(self) -> None:
        newest = self.bundle_list.topLevelItem(0)
        if newest is not None:
            self.bundle_list.setCurrentItem(newest)

    def _on_radio(self, button: object, checked: bool) -> None:
        if checked and button is self.earlier_radio and not self.bundle_list.selectedItems():
            self._choose_newest()
        elif checked and button is self.future_radio:
            self.bundle_list.clearSelection()
        self._update()

    def _on_list_choice(self) -> None:
        if self.bundle_list.selectedItems() and not self.earlier_radio.isChecked():
            self.earlier_radio.setChecked(True)  # _update follows from the toggle
        else:
            self._update()

    def from_seq(self) -> int | None:
        """The sequence the revocation starts at, as chosen (None: nothing allowed is chosen)."""
        if self.future_radio.isChecked() and self.future_radio.isEnabled():
            return self.next_seq
        chosen = self.bundle_list.selectedItems()
        if self.earlier_radio.isChecked() and chosen:
            return int(chosen[0].data(0, Qt.ItemDataRole.UserRole))
        return None

    def _update(self) -> None:
        seq = self.from_seq()
        self.consequence.setText(self.consequence_text(seq) if seq is not None else self.tr(
            "Choose where the revocation starts."))
        self.revoke_button.setEnabled(seq is not None and self.confirm_box.isChecked())
        if self.isVisible():
            fitting.grow(self)  # the consequence may take more lines now

    def consequence_text(self, seq: int) -> str:
        """What revoking from `seq` does: refused from there, what is listed, what moves."""
        lines = [self.tr("Bundles from sequence {seq} on (and one that spans it) will be "
                         "refused.").format(seq=seq)]
        listed = [r for r in self.received if r.seq_to >= seq]
        if listed:
            lines.append(self.tr(
                "%n bundle(s) already imported (sequence {first}–{last}) will be listed for "
                "review.", "", len(listed)).format(first=listed[0].seq_from,
                                                  last=listed[-1].seq_to))
        else:
            lines.append(self.tr("No bundle already imported needs review."))
        held = [name for name in self.device.waiting
                if (found := held_range(name)) is not None and found[2] >= seq]
        if held:
            lines.append(self.tr("%n bundle(s) waiting for earlier ones will be quarantined.",
                                 "", len(held)))
        device = self.device
        if device.rotated_to is not None and device.rotated_after is not None and voids(
                seq, device.rotated_after):  # always, for a start this dialog offers
            lines.append(self.tr(
                "Its key was rotated to {new} after sequence {after}: from {seq} that "
                "rotation is void, and the new key is revoked wholly too.").format(
                new=device.rotated_to, after=device.rotated_after, seq=seq))
        return "\n".join(lines)

    def accept(self) -> None:
        """Revoke only with a sequence chosen and the tick box ticked (Enter included)."""
        if self.revoke_button.isEnabled():
            super().accept()
