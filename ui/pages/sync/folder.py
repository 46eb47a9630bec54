"""Sync with a folder (a USB stick) on the sync page: choose it, sync on the writer with a progress
dialog that can cancel, then what was written, delivered and received, bundle by bundle."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QPushButton,
    QSizePolicy,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.sync.folder import FolderSync, sync_folder
from app.sync.outcome import Outcome, Status
from app.task import TaskState
from ui import theme
from ui.files import remembered_folder
from ui.operations import Operation, on_writer, syncer
from ui.pages.sync.parts import MUTED, SyncPanel, SyncView, box, button, fit, label, small_list
from ui.widgets.heading import section_label
from ui.widgets.task_progress import TaskProgress

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

SYNC_FOLDER = "files/sync_folder"
"""Where the last sync folder was chosen (before a ledger remembers one)."""

STATUS_COLOURS = {Status.APPLIED: theme.GOOD, Status.DUPLICATE: theme.MUTED,
                  Status.GAP: theme.WAITING, Status.AHEAD: theme.WAITING,
                  Status.FORK: theme.PROBLEM, Status.REJECTED: theme.PROBLEM,
                  Status.FAILED: theme.PROBLEM, Status.CHECKPOINT: theme.MUTED}


def run_sync(ledger: Ledger, folder: Path, state: TaskState) -> FolderSync:
    """Exchange bundles and receipts with a folder (cancelled between steps). It runs where the
    relay rounds run, after one under way, and writes on the writer: waiting for the round
    never holds up a save."""
    return sync_folder(ledger, folder, state, write=on_writer)


def status_label(status: Status) -> str:
    """What became of a received bundle, in the user's language (已导入, 重复 …)."""
    translate = QCoreApplication.translate
    labels = {
        Status.APPLIED: translate("SyncPage", "Imported"),
        Status.DUPLICATE: translate("SyncPage", "Duplicate"),
        Status.GAP: translate("SyncPage", "Held (earlier ones missing)"),
        Status.AHEAD: translate("SyncPage", "Held (clock ahead)"),
        Status.FORK: translate("SyncPage", "Quarantined (fork)"),
        Status.REJECTED: translate("SyncPage", "Refused"),
        Status.FAILED: translate("SyncPage", "Failed"),
        Status.CHECKPOINT: translate("SyncPage", "In touch (nothing new)"),
    }
    return labels[status]


class FolderPanel(SyncPanel):
    """用U盘同步: the folder, 同步, and what the last sync did.

    The sync runs on the writer with a progress dialog that can cancel it; what it wrote is
    announced to every page as possibly everything (what was done before a cancel stays).
    """

    sync_started = Signal(object)
    """A sync with a folder is about to run on the writer; carries its Operation."""

    sync_finished = Signal(object)
    """A sync with a folder ended well; carries the FolderSync (what it did)."""

    sync_failed = Signal(str)
    """A sync failed or was cancelled; carries what the user was told."""

    running_changed = Signal(bool)
    """A sync started (True) or ended (False)."""

    def __init__(self, bus: ChangeBus, origin: object, parent: QWidget | None = None) -> None:
        super().__init__(bus, origin, parent)
        self.folder: Path | None = None
        """The folder to sync with (a USB stick); the ledger's last one until another is chosen."""
        self.task: Operation | None = None
        """The sync running, if any."""
        frame, self.grid = box()
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

        self.folder_label = label()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = button(
            self.tr("Choose folder…"), self.choose_folder,
            self.tr("The USB stick (or shared folder) to sync with"))
        folder_name = label(self.tr("Folder"), wrap=False)
        self.row_labels = [folder_name]
        """The names of the box's rows (the page lines them up with the office box's)."""
        self.grid.addWidget(folder_name, 0, 0, left)
        self.grid.addWidget(self.folder_label, 0, 1)
        self.grid.addWidget(self.choose_button, 0, 2)

        self.sync_button = QPushButton(self.tr("Sync"))
        self.sync_button.setStyleSheet(theme.PRIMARY_BUTTON)
        font = self.sync_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sync_button.setFont(font)
        self.sync_button.setToolTip(self.tr("Sync with the folder"))
        self.sync_button.clicked.connect(self.sync)
        self.sync_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.grid.addWidget(self.sync_button, 1, 0, 1, 1, left)
        self.grid.addWidget(label(self.tr(
            "Writes this office's new changes to the folder, reads the receipts for them, "
            "imports the bundles of the enrolled devices below and leaves a receipt for each. "
            "The database is backed up before anything is imported."), MUTED), 1, 1, 1, 2)

        self.result_panel = QWidget()
        result = QVBoxLayout(self.result_panel)
        result.setContentsMargins(0, 4, 0, 0)
        result.setSpacing(6)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet(theme.RULE)
        self.summary = label()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcomes = small_list([self.tr("Result"), self.tr("Device"), self.tr("Changes"),
                                    self.tr("Why")], stretch_last=True)
        result.addWidget(rule)
        result.addWidget(self.summary)
        result.addWidget(self.outcomes)
        self.result_panel.hide()
        self.grid.addWidget(self.result_panel, 2, 0, 1, 3)

        self.column.addWidget(section_label(self.tr("Sync with a folder (USB stick)")))
        self.column.addWidget(frame)

    # --- showing ---------------------------------------------------------------------------

    def show_view(self, ledger: Ledger | None, view: SyncView | None) -> None:
        """A new ledger forgets the folder and the last sync; its own last folder is offered."""
        if ledger is not self.ledger:
            self.folder = None
            self.result_panel.hide()
        super().show_view(ledger, view)
        if view is not None and self.folder is None and view.state.last_folder:
            self.folder = Path(view.state.last_folder)

    def update_actions(self, ready: bool) -> None:
        """Choose and sync while a ledger is open and no sync runs; the folder said."""
        super().update_actions(ready)
        self.choose_button.setEnabled(ready)
        self.sync_button.setEnabled(ready and self.folder is not None)
        if self.folder is not None:
            self.folder_label.setText(str(self.folder))
            self.folder_label.setStyleSheet("")
        else:
            self.folder_label.setText(self.tr("None chosen yet: plug in the USB stick and choose "
                                              "a folder on it."))
            self.folder_label.setStyleSheet(MUTED)

    # --- the folder and the sync -----------------------------------------------------------

    def choose_folder(self) -> None:
        """Ask for the folder to sync with (the system's dialog)."""
        start = self.folder if self.folder is not None and self.folder.is_dir() else (
            remembered_folder(SYNC_FOLDER))
        name = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder to sync with"),
                                                str(start))
        if name:
            self.set_folder(Path(name))

    def set_folder(self, folder: Path) -> None:
        """The folder to sync with from now on."""
        self.folder = folder
        QSettings().setValue(SYNC_FOLDER, str(folder))
        self.update_actions(self.ready)

    def sync(self) -> Operation | None:
        """Sync with the chosen folder (after a relay round under way); None if it cannot
        start now."""
        if self.ledger is None or self.task is not None or self.folder is None:
            return None
        task = Operation(partial(run_sync, self.ledger, self.folder), self, bus=self.bus,
                         origin=self.origin, everything=True, runner=syncer)
        task.succeeded.connect(self._on_synced)
        task.failed.connect(partial(self._on_sync_failed, task))
        task.finished.connect(partial(self._on_done, task))
        text = self.tr("Syncing with {folder}…").format(folder=self.folder)
        TaskProgress(task, text, self.window())
        self.task = task
        self.running_changed.emit(True)
        self.status_message.emit(text)
        self.sync_started.emit(task)
        task.start()
        return task

    def stop(self) -> None:
        """Cancel a running sync and wait for it (before its ledger closes)."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait()

    def _on_synced(self, result: object) -> None:
        assert isinstance(result, FolderSync)
        self._show_result(self.summary_lines(result), result.outcomes)
        self.status_message.emit(self.tr("Sync finished"))
        self.sync_finished.emit(result)

    def _on_sync_failed(self, task: Operation, message: str, _details: str) -> None:
        if task.state.cancelled:  # what was done before stays (and is announced)
            self._show_result([message], [])
            self.status_message.emit(message)
            self.sync_failed.emit(message)
            return
        text = self.tr("Sync failed: {message}").format(message=message)
        self._show_result([text], [])
        self.status_message.emit(text)
        self.tell(self, self.tr("Sync failed"), message)
        self.sync_failed.emit(message)

    def _on_done(self, task: Operation) -> None:
        if task is self.task:
            self.task = None
        self.running_changed.emit(False)
        self.written.emit()

    def summary_lines(self, result: FolderSync) -> list[str]:
        """What a sync did, a line each: packed, written, delivered, received, receipts."""
        lines: list[str] = []
        made = result.made
        if made is not None:
            lines.append(self.tr("Packed changes {first}–{last} of this office (%n record(s)).",
                                 "", made.records).format(first=made.seq_from,
                                                          last=made.seq_to))
            held = made.withheld_note()  # a stick not sealed: names and phones stay here
            if held:
                lines.append(held)
        if result.written:
            lines.append(self.tr("Wrote %n bundle(s) to the folder.", "", len(result.written)))
        else:
            lines.append(self.tr("No bundle to write: nothing new, or already in the folder."))
        if result.checkpoint is not None:
            lines.append(self.tr("Nothing new to send: wrote a checkpoint, so that the office "
                                 "above knows this office is in touch."))
        lines += self._receipt_lines(result)
        for name, reason in result.refused_receipts:
            lines.append(self.tr("Receipt {name} refused: {reason}").format(name=name,
                                                                             reason=reason))
        if result.receipts_written:
            lines.append(self.tr("Left %n receipt(s) in the folder for the devices below.", "",
                                 len(result.receipts_written)))
        if result.backup is not None:
            lines.append(self.tr("The database was backed up first: {path}").format(
                path=result.backup))
        if result.outcomes:  # last: the list of bundles follows
            lines.append(self.tr("Received %n bundle(s):", "", len(result.outcomes)))
        else:
            lines.append(self.tr("No new bundle from the devices below in the folder."))
        return lines

    def _receipt_lines(self, result: FolderSync) -> list[str]:
        """What the receipts of the office above did: delivered, sent again, ignored."""
        lines: list[str] = []
        if any(not accepted.ignored for accepted in result.accepted):
            lines.append(self.tr("Receipt received: delivered up to change {seq}.").format(
                seq=result.delivered_seq))
        for rewound in result.rewound:
            if rewound.rebundled is not None:
                lines.append(self.tr(
                    "The office above was restored from a backup: changes {first}–{last} were "
                    "packed again and sent again (some bundles were no longer kept).").format(
                        first=rewound.first, last=rewound.last))
            else:
                lines.append(self.tr(
                    "The office above was restored from a backup: bundles {first}–{last} were "
                    "sent again.").format(first=rewound.first, last=rewound.last))
        ignored = sum(1 for accepted in result.accepted if accepted.ignored)
        if ignored:
            lines.append(self.tr("Ignored %n receipt(s) signed by a key the office above no "
                                 "longer uses.", "", ignored))
        if result.expired:
            lines.append(self.tr("Deleted %n bundle(s) delivered more than 30 days ago.", "",
                                 len(result.expired)))
        return lines

    def _show_result(self, lines: list[str], outcomes: list[Outcome]) -> None:
        self.summary.setText("\n".join(lines))
        self.outcomes.clear()
        names = ({d.fingerprint: d.label for d in self.view.state.devices}
                 if self.view is not None else {})
        for outcome in outcomes:
            span = (f"{outcome.seq_from}–{outcome.seq_to}" if outcome.seq_to else "")
            item = QTreeWidgetItem([status_label(outcome.status),
                                    names.get(outcome.device) or outcome.device, span,
                                    outcome.message])
            colour = STATUS_COLOURS.get(outcome.status)
            if colour:
                item.setForeground(0, QBrush(QColor(colour)))
                font = item.font(0)
                font.setBold(True)
                item.setFont(0, font)
            item.setToolTip(0, outcome.path.name)
            item.setToolTip(3, outcome.message)
            self.outcomes.addTopLevelItem(item)
        self.outcomes.setVisible(bool(outcomes))
        fit(self.outcomes)
        self.result_panel.show()
