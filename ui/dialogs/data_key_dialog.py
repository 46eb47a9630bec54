"""数据密钥恢复文件: export the data key of residents' names and phones, sealed with a recovery
password, and import it on a new laptop (or after the key was lost), in the window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import china_time
from app.domain.changes import Changes
from app.errors import UsageError
from app.services import data_keys
from app.store import datakey
from app.store.db import Ledger
from ui import theme
from ui.files import ask_open_path, ask_save_path, documents_folder
from ui.operations import Operation, run_write
from ui.pages.base import ChangeBus
from ui.tasks import Job
from ui.widgets import fitting
from ui.widgets.dialog_parts import padded_layout, password_field

FOLDER_SETTING = "data_key/folder"
MIN_PASSWORD = 8
SUFFIX = ".cfkey"


class DataKeyDialog(QDialog):
    """Export the recovery file (the password twice), or import one (its password)."""

    imported = Signal(bool)
    """A recovery file was imported; True if it holds this ledger's own key."""

    exported = Signal(str)
    """The recovery file was written (and the ledger remembers it); carries the key id."""

    def __init__(self, ledger: Ledger, bus: ChangeBus, parent: QWidget | None = None, *,
                 clock: Callable[[], dt.datetime] = china_time.utc_now) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.bus = bus
        self.clock = clock
        """When an export or import happens, as the ledger records it."""
        self.operation: Operation | None = None
        self.setWindowTitle(self.tr("Data key recovery file"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr(
            "Reporters' names and phone numbers are encrypted with this ledger's data key. Export "
            "it once to a recovery file, protected by a recovery password, and keep the file and "
            "the password apart (not on this laptop). On a new laptop, or if the key is lost, "
            "import the file to read them and the old backups again."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.export_password = password_field()
        self.export_again = password_field()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self._choose_export)
        self.export_box = export_box = QGroupBox(self.tr("Export the recovery file"))
        export_form = QFormLayout(export_box)
        export_form.addRow(self.tr("Recovery password:"), self.export_password)
        export_form.addRow(self.tr("Once more:"), self.export_again)
        export_form.addRow("", self.export_button)
        self._no_key_tip = self.tr("This computer does not hold the ledger's data key: import "
                                   "the recovery file first")

        self.import_password = password_field()
        self.import_button = QPushButton(self.tr("Choose the file and import…"))
        self.import_button.clicked.connect(self._choose_import)
        import_box = QGroupBox(self.tr("Import a recovery file"))
        import_form = QFormLayout(import_box)
        import_form.addRow(self.tr("Recovery password:"), self.import_password)
        import_form.addRow("", self.import_button)

        self.message = QLabel(" ")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = padded_layout(self)
        layout.addWidget(intro)
        boxes = QVBoxLayout()
        boxes.addWidget(export_box)
        boxes.addWidget(import_box)
        layout.addLayout(boxes)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self._busy(False)
        fitting.fit(self, scroll=True)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setStyleSheet(theme.PROBLEM_TEXT if problem else theme.GOOD_TEXT)
        self.message.setText(text)

    def _busy(self, busy: bool) -> None:
        missing = self.ledger.vault.missing  # nothing to export without the key
        self.export_box.setEnabled(not missing)
        self.export_box.setToolTip(self._no_key_tip if missing else "")
        self.export_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)

    # --- export ------------------------------------------------------------------------------

    def _choose_export(self) -> None:
        name = f"{self.ledger.path.stem}-数据密钥{SUFFIX}"
        path = ask_save_path(self, self.tr("Export the recovery file"),
                             documents_folder() / name,
                             self.tr("Recovery files (*{suffix})").format(suffix=SUFFIX), SUFFIX,
                             FOLDER_SETTING)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> Operation | None:
        """Write the recovery file there, once the two passwords agree (None if they do not)."""
        password = self.export_password.text()
        if len(password) < MIN_PASSWORD:
            self._say(self.tr("The recovery password needs at least {n} characters").format(
                n=MIN_PASSWORD), problem=True)
            return None
        if password != self.export_again.text():
            self._say(self.tr("The two passwords are not the same"), problem=True)
            return None
        ledger, now = self.ledger, self.clock()
        return self._run(lambda _state: data_keys.export_data_key(ledger, path, password, now=now),
                         lambda key_id: self._exported(path, str(key_id)))

    def focus_export(self) -> None:
        """The export side first: its password box focused (what the reminder bar opens)."""
        if self.export_box.isEnabled():
            self.export_password.setFocus()

    def _exported(self, path: Path, key_id: str) -> None:
        self.export_password.clear()
        self.export_again.clear()
        self._say(self.tr("Exported the data key {key} to {path}. Keep it and its password "
                          "apart.").format(key=key_id, path=path))
        self.exported.emit(key_id)

    # --- import ------------------------------------------------------------------------------

    def _choose_import(self) -> None:
        path = ask_open_path(self, self.tr("Import a recovery file"),
                             self.tr("Recovery files (*{suffix});;All files (*)").format(
                                 suffix=SUFFIX), FOLDER_SETTING)
        if path is not None:
            self.import_from(path)

    def import_from(self, path: Path) -> Operation | None:
        """Keep the key of that recovery file; this ledger's own key is used at once."""
        password = self.import_password.text()
        if not password:
            self._say(self.tr("Enter the recovery password first"), problem=True)
            return None
        ledger, now = self.ledger, self.clock()

        def job(_state: object) -> data_keys.Imported:
            done = data_keys.import_data_key(ledger, path, password, now=now)
            if done.this_ledger:
                key = datakey.find(ledger.path, done.key_id)
                if key is None:
                    raise UsageError(f"数据密钥 {done.key_id} 已导入，但无法再次读取")
                ledger.vault.use(key)  # on the writer: no save is sealing meanwhile
            return done

        return self._run(job, self._imported)

    def _imported(self, done: object) -> None:
        assert isinstance(done, data_keys.Imported)
        self.import_password.clear()
        if done.this_ledger:
            self._say(self.tr("Imported this ledger's data key: names and phone numbers can be "
                              "read again."))
            self.bus.changed.emit(Changes(everything=True), None)
        else:
            self._say(self.tr("Imported the data key {key}. It is not this ledger's own: it "
                              "reads the backups made with it, once restored.").format(
                                  key=done.key_id))
        self._busy(False)
        self.imported.emit(done.this_ledger)

    # --- running -------------------------------------------------------------------------------

    def _run(self, job: Job, done: Callable[[object], None]) -> Operation:
        self._busy(True)
        self._say(self.tr("Working…"))
        operation = run_write(job, self, bus=None)
        operation.succeeded.connect(done)
        operation.failed.connect(self._failed)
        operation.finished.connect(lambda: self._busy(False) if shiboken6.isValid(self)
                                   else None)
        self.operation = operation
        return operation

    def _failed(self, message: str, _details: str) -> None:
        if shiboken6.isValid(self):
            self._say(message, problem=True)
