"""文件 → 备份与恢复: the ledger's backups (when, why, how big), one made now, one restored."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import status
from app.store.backup_files import BackupInfo, backup_dir
from app.task import TaskState
from ui import theme
from ui.forms import messages
from ui.models.backup_list import BackupsModel, reason_text
from ui.operations import Operation
from ui.widgets import fitting, notice

SIZE = (760, 480)

Ask = Callable[[QWidget | None, str, str, str, str], bool]
"""Asks a yes/no question: parent, title, text, yes, no; True for yes."""


def make_backup(db_path: Path, _state: TaskState) -> Path:
    """A backup of the ledger now (runs on the writer, as every backup: none while a write
    is half done)."""
    return status.backup_now(db_path)


class BackupsDialog(QDialog):
    """The backups beside a ledger; 恢复所选备份… asks (the office's key changes), then asks the
    window to restore it, which closes the ledger, backs up its current state, restores and
    opens it again off the UI thread (LedgerSession.restore_backup)."""

    restore_requested = Signal(object)
    """The user confirmed restoring a backup; carries its path."""

    backup_made = Signal(object)
    """立即备份 made a backup; carries its path."""

    def __init__(self, db_path: Path, parent: QWidget | None = None, *,
                 read_only: bool = False) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.ask: Ask = messages.ask
        """Asks before restoring (a message box; tests may replace it)."""
        self.tell: notice.Tell = notice.warn
        """Tells why a backup could not be made (a message box; tests may replace it)."""
        self._task: Operation | None = None
        self._read_only = read_only
        """A damaged ledger is not backed up (it would not be copied)."""
        self.setWindowTitle(self.tr("Backups and restore"))

        self.intro = QLabel(self.tr(
            "The ledger is backed up every day it is opened, before every import, before a "
            "program upgrade and before a restore. Restoring a backup puts the ledger back as it "
            "was then; the ledger as it is now is backed up first."))
        self.intro.setWordWrap(True)
        self.folder = QLabel(self.tr("Folder: {folder}").format(
            folder=backup_dir(db_path)))
        self.folder.setStyleSheet(theme.MUTED_TEXT)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setWordWrap(True)

        self.model = BackupsModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.empty = QLabel(self.tr("There are no backups yet: make one now."))
        self.empty.setStyleSheet(theme.MUTED_TEXT)

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            self.tr("Restore the chosen backup…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.backup_button = self.buttons.addButton(
            self.tr("Back up now"), QDialogButtonBox.ButtonRole.ActionRole)
        self.backup_button.clicked.connect(self.back_up_now)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.folder)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.reload()
        self.resize(*SIZE)
        fitting.fit(self)  # the table scrolls; the dialog keeps within the screen

    # --- the list ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the backup folder again (a few dozen files), newest first and chosen."""
        self.model.set_backups(status.list_backups(self.db_path))
        self.empty.setVisible(not self.model.backups)
        if self.model.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def chosen(self) -> BackupInfo | None:
        """The backup chosen in the list."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.backups[rows[0].row()] if rows else None

    def choose(self, path: Path) -> None:
        """Choose a backup in the list, by its file."""
        for row, info in enumerate(self.model.backups):
            if info.path == path:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        # restoring is also the way out of a damaged (read-only) ledger: always offered
        busy = self._task is not None
        self.restore_button.setDisabled(busy or not self.model.backups)
        self.backup_button.setDisabled(busy or self._read_only)
        self.backup_button.setText(self.tr("Backing up…") if busy else self.tr("Back up now"))

    # --- restoring ---------------------------------------------------------------------

    def question(self, info: BackupInfo) -> str:
        """What restoring this backup does, and what it changes for the office's key."""
        taken = info.taken_at.strftime("%Y-%m-%d %H:%M")
        return "\n\n".join([
            self.tr("Restore the backup of {time} ({why})?").format(
                time=taken, why=reason_text(info.reason)),
            self.tr("The ledger goes back to how it was at {time}: what was changed after that "
                    "is not in the restored ledger. The ledger as it is now is backed up first, "
                    "so it can be restored again.").format(time=taken),
            self.tr("The office's key (its device identity) changes: a restored ledger signs "
                    "its data with a new key, because the old key may already have sent changes "
                    "made after the backup. The office above must enrol the new key again: "
                    "export the key file for it and read it the confirmation code by phone."),
        ])

    def restore_selected(self) -> bool:
        """Ask, then ask the window to restore the chosen backup; True if it was confirmed."""
        info = self.chosen()
        if info is None or self._task is not None or not self.restore_button.isEnabled():
            return False
        if not self.ask(self, self.tr("Restore a backup"), self.question(info),
                        self.tr("Restore this backup"), self.tr("Cancel")):
            return False
        self.restore_requested.emit(info.path)
        self.accept()
        return True

    # --- backing up now ----------------------------------------------------------------

    def back_up_now(self) -> Operation | None:
        """Make a backup on the writer; the list shows it once made."""
        if self._task is not None or self._read_only:
            return None
        task = Operation(partial(make_backup, self.db_path), self)
        task.succeeded.connect(self._on_backed_up)
        task.failed.connect(lambda message, _details: self.tell(
            self, self.tr("Cannot back up"), message))
        task.finished.connect(partial(self._on_task_done, task))
        self._task = task
        self._update_buttons()
        task.start()
        return task

    def _on_backed_up(self, path: object) -> None:
        assert isinstance(path, Path)
        self.reload()
        self.choose(path)
        self.backup_made.emit(path)

    def _on_task_done(self, _task: Operation) -> None:
        self._task = None
        self._update_buttons()

    def done(self, result: int) -> None:
        """Close (a backup still being made is waited for: it only writes its own file)."""
        if self._task is not None:
            self._task.wait()
        super().done(result)
