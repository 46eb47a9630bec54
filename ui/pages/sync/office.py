"""This office on the sync page: its key (confirmation code, fingerprint, export), how far its
changes were delivered, and the key of the office above that it trusts."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.errors import KnownError
from app.services.sync import SyncState
from app.store.whole import written_whole
from app.sync import keys
from app.sync.keyfile import own_key_file_text, parse_key_file
from ui.dialogs.trust_dialog import TrustDialog
from ui.files import ask_save_path, remembered_folder
from ui.pages.sync.parts import (
    GOOD,
    KEY_FOLDER,
    MUTED,
    WAITING,
    SyncPanel,
    SyncView,
    box,
    button,
    key_filters,
    label,
)
from ui.widgets.heading import section_label
from ui.widgets.key_check import code_label, fingerprint_label

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus


class OfficePanel(SyncPanel):
    """这台电脑: the confirmation code the office above checks, the public key to give it, how
    many changes it has not confirmed yet, and the key of the office above (its receipts)."""

    def __init__(self, bus: ChangeBus, origin: object, parent: QWidget | None = None) -> None:
        super().__init__(bus, origin, parent)
        self.row_labels: list[QLabel] = []
        """The names of the box's rows (the page lines them up with the folder box's)."""
        self.trust_dialog: TrustDialog | None = None
        """The 信任上级密钥 dialog while it is open."""
        frame, self.grid = box()
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

        self.code_label = code_label(scale=1.35)
        self.code_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.code_label.setToolTip(self.tr(
            "This office's confirmation code: the office above compares it by phone when it "
            "enrols this computer's public key"))
        code_note = label(self.tr("Read it out to the office above when it enrols your "
                                  "public key."), MUTED)
        self.fingerprint_label = fingerprint_label()
        self.fingerprint_label.setStyleSheet(MUTED)
        self.fingerprint_label.setToolTip(self.tr(
            "This office's fingerprint: it names the key in file names and lists"))
        self.export_button = button(
            self.tr("Export public key…"), self.export_public_key,
            self.tr("Save this office's public key as a .pub file, for the office above to "
                    "enrol"))
        code = QHBoxLayout()
        code.setSpacing(16)
        code.addWidget(self.code_label)
        code.addWidget(code_note, 1)
        self.grid.addWidget(self._row_label(self.tr("Confirmation code")), 0, 0, left)
        self.grid.addLayout(code, 0, 1)
        self.grid.addWidget(self.export_button, 0, 2)
        self.grid.addWidget(self._row_label(self.tr("Fingerprint")), 1, 0, left)
        self.grid.addWidget(self.fingerprint_label, 1, 1)

        self.delivery_label = label()
        font = self.delivery_label.font()
        font.setBold(True)
        self.delivery_label.setFont(font)
        self.delivery_detail = label(style=MUTED)
        delivery = QVBoxLayout()
        delivery.setSpacing(2)
        delivery.addWidget(self.delivery_label)
        delivery.addWidget(self.delivery_detail)
        self.grid.addWidget(self._row_label(self.tr("Delivered")), 2, 0, top)
        self.grid.addLayout(delivery, 2, 1)

        self.upstream_label = label()
        self.trust_button = button(
            self.tr("Trust upstream key…"), self.trust_upstream,
            self.tr("Open the public key file (.pub) of the office above: its receipts are "
                    "accepted from then on"))
        self.grid.addWidget(self._row_label(self.tr("Office above")), 3, 0, left)
        self.grid.addWidget(self.upstream_label, 3, 1)
        self.grid.addWidget(self.trust_button, 3, 2)

        self.key_feedback = label()
        self.key_feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_feedback.hide()
        self.grid.addWidget(self.key_feedback, 4, 0, 1, 3)

        self.column.addWidget(section_label(self.tr("This office")))
        self.column.addWidget(frame)

    def _row_label(self, text: str) -> QLabel:
        found = label(text, wrap=False)
        self.row_labels.append(found)
        return found

    # --- showing ---------------------------------------------------------------------------

    def show_view(self, ledger: Ledger | None, view: SyncView | None) -> None:
        """This office's code and fingerprint, deliveries and office above ("—" without a
        ledger)."""
        if ledger is not self.ledger:
            self.key_feedback.hide()
        super().show_view(ledger, view)
        if view is None:
            self.code_label.setText("—")
            self.fingerprint_label.setText("—")
            self.delivery_label.setText("")
            self.delivery_detail.setText("")
            self.upstream_label.setText("")
            return
        self.code_label.setText(view.state.code)
        self.fingerprint_label.setText(view.state.fingerprint)
        self._show_delivery(view.state)
        self._show_upstream(view.state)

    def _show_delivery(self, state: SyncState) -> None:
        if state.undelivered:
            self.delivery_label.setText(self.tr(
                "%n change(s) not yet delivered to the office above", "", state.undelivered))
            self.delivery_label.setStyleSheet(WAITING)
        else:
            self.delivery_label.setText(self.tr("Every change has been delivered"))
            self.delivery_label.setStyleSheet(GOOD)
        if state.bundled_seq or state.delivered_seq:
            detail = self.tr("Packed up to change {bundled}; the office above confirmed up to "
                             "change {delivered}.").format(bundled=state.bundled_seq,
                                                           delivered=state.delivered_seq)
        else:
            detail = self.tr(
                "Not sent yet: sync over the relay or with a folder to send the changes.")
        if state.outbox:
            detail += "\n" + self.tr("%n bundle(s) waiting for a receipt.", "",
                                      len(state.outbox))
        self.delivery_detail.setText(detail)
        self.delivery_detail.setToolTip("\n".join(state.outbox))

    def _show_upstream(self, state: SyncState) -> None:
        if state.upstream:
            self.upstream_label.setText(self.tr(
                "Trusted (confirmation code {code}, fingerprint {fingerprint})").format(
                code=state.upstream_code, fingerprint=state.upstream))
            self.upstream_label.setStyleSheet(GOOD)
        else:
            self.upstream_label.setText(self.tr(
                "Not trusted: receipts of the office above are accepted only once its public "
                "key is trusted."))
            self.upstream_label.setStyleSheet(WAITING)

    def update_actions(self, ready: bool) -> None:
        """Export and trust once the state is read and while no sync runs."""
        super().update_actions(ready)
        loaded = ready and self.view is not None
        self.export_button.setEnabled(loaded)
        self.trust_button.setEnabled(loaded)

    def _say_key(self, text: str) -> None:
        self.key_feedback.setText(text)
        self.key_feedback.setVisible(bool(text))
        self.status_message.emit(text)

    # --- the keys --------------------------------------------------------------------------

    def export_public_key(self) -> Path | None:
        """Ask where, then save this office's public key file there; None if not saved."""
        view = self.view
        if self.ledger is None or view is None:
            return None
        title = self.tr("Cannot export the public key")
        try:  # the encryption key is made here on first use
            text = own_key_file_text(self.ledger)
        except KnownError as exc:
            self.tell(self, title, str(exc))
            return None
        area = view.home.name if view.home is not None and view.home.name else self.tr(
            "This office")
        name = self.tr("{area} public key {fingerprint}.pub").format(
            area=area, fingerprint=view.state.fingerprint)
        suggested = remembered_folder(KEY_FOLDER) / name
        path = ask_save_path(self, self.tr("Export the public key"), suggested,
                             key_filters(), ".pub", KEY_FOLDER)
        if path is None:
            return None
        try:
            with written_whole(path, opened_in=self.tr("another program")) as partial_path:
                partial_path.write_text(text, encoding="utf-8")
        except KnownError as exc:
            self.tell(self, title, str(exc))
            return None
        except OSError as exc:
            self.tell(self, title, self.tr("Cannot write {path}: {error}").format(
                path=path, error=exc.strerror or exc))
            return None
        self._say_key(self.tr(
            "Public key saved to {path}. When you hand it over, read the office above the "
            "confirmation code {code} by phone.").format(path=path, code=view.state.code))
        return path

    def trust_upstream(self) -> TrustDialog | None:
        """Ask for the office above's .pub file, then open the 信任上级密钥 dialog (its code to
        check); None if not opened (cancelled, or not a key file: the user is told)."""
        if self.ledger is None or self.view is None or not self.ready:
            return None
        title = self.tr("Trust the key of the office above")
        read = self.read_key(title)
        if read is None:
            return None
        path, text = read
        try:
            key = parse_key_file(text)
        except KnownError as exc:
            self.tell(self, title, str(exc))
            return None
        dialog = TrustDialog(key, path, self.view.state.upstream, self)
        dialog.accepted.connect(partial(self._trust, text, self.view.state.upstream))
        dialog.finished.connect(partial(self._on_trust_closed, dialog))
        self.trust_dialog = dialog
        dialog.open()
        return dialog

    def _trust(self, text: str, before: str | None) -> None:
        if self.ledger is None:
            return
        ledger = self.ledger
        operation = self.write(lambda _state: keys.trust_upstream(ledger, text),
                               self.tr("Trust the key of the office above"))
        operation.succeeded.connect(partial(self._trusted, before))

    def _on_trust_closed(self, dialog: TrustDialog, _result: int) -> None:
        if self.trust_dialog is dialog:
            self.trust_dialog = None
        dialog.deleteLater()

    def _trusted(self, before: str | None, device: object) -> None:
        assert isinstance(device, keys.Device)
        text = self.tr("The key of the office above is trusted (confirmation code {code})."
                       ).format(code=device.code)
        if before and before != device.fingerprint:
            text += " " + self.tr("It replaces the key trusted before ({old}).").format(
                old=before)
        self._say_key(text)
