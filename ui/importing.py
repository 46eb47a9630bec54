"""Importing an Excel or CSV file: checked in a worker, previewed, confirmed, then written."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.io.read_limits import SUPPORTED_SUFFIXES
from app.task import TaskState
from ui.files import ask_open_path
from ui.operations import Operation
from ui.pages.base import ChangeBus
from ui.tasks import Task
from ui.widgets import notice
from ui.widgets.task_progress import TaskProgress

if TYPE_CHECKING:  # the import's code and its preview load with the first import, not at start
    from app.services.imports import ImportPlan, ImportResult
    from app.store.db import Ledger
    from ui.dialogs.import_dialog import ImportDialog

log = logging.getLogger(__name__)

FOLDER_SETTING = "import/folder"
"""The QSettings key of the folder a file was last imported from."""


def supported(path: Path) -> bool:
    """Whether a file is of a kind the import reads (.xlsx .xlsm .xls .ods .csv)."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files a drag carries ([] if it carries anything else: text, a web link …)."""
    urls = mime.urls() if mime.hasUrls() else []
    if not urls or not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]


def importable(mime: QMimeData) -> bool:
    """Whether a drag carries files the import reads, and nothing else."""
    files = dropped_files(mime)
    return bool(files) and all(supported(path) for path in files)


def check_file(ledger: Ledger, path: Path, state: TaskState) -> ImportPlan:
    """Read and validate a file against the ledger, writing nothing (runs in a worker)."""
    from app.services import imports

    return imports.plan_import(ledger, path, task=state)


def write_file(ledger: Ledger, path: Path, valid_rows_only: bool,
               state: TaskState) -> ImportResult:
    """Import a file in one transaction, after a backup (runs in a worker)."""
    from app.services import imports

    return imports.import_file(ledger, path, valid_rows_only=valid_rows_only, task=state)


class Importer(QObject):
    """The import of one file at a time into the window's ledger.

    check (worker, 正在检查…) → preview (ImportDialog, nothing written) → confirm → write (worker,
    one transaction after a backup) → the result told, and every page told that records changed.
    """

    status_message = Signal(str)
    """A message for the window's status bar."""

    task_started = Signal(object)
    """A check or a write is about to run in a worker; carries its Task (to follow or cancel)."""

    preview_shown = Signal(object)
    """The file was checked and its preview is shown; carries the ImportDialog."""

    imported = Signal(object)
    """The file was written into the ledger; carries the ImportResult."""

    refused = Signal(str)
    """The import was refused, failed or cancelled; carries what the user was told."""

    def __init__(self, bus: ChangeBus, ledger: Callable[[], Ledger | None],
                 read_only: Callable[[], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.bus = bus
        self._ledger = ledger
        self._read_only = read_only
        self._window = parent
        self.tell: notice.Tell = notice.warn
        """Tells why an import was refused or failed (a message box; tests may replace it)."""
        self.inform: notice.Tell = notice.inform
        """Tells what an import wrote (a message box; tests may replace it)."""
        self.task: Task | Operation | None = None
        """The check (a read, in its own thread) or the write (on the writer) running, if any."""
        self.dialog: ImportDialog | None = None
        """The preview shown, if any."""

    @property
    def busy(self) -> bool:
        """Whether a file is being checked, previewed or written."""
        return self.task is not None or self.dialog is not None

    # --- starting ----------------------------------------------------------------------

    def choose_and_import(self) -> bool:
        """Ask for a file (the system's dialog), then import it; False if none was chosen."""
        if not self._can_start():
            return False
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
        path = ask_open_path(
            self._window, self.tr("Import a ledger workbook"),
            self.tr("Excel, WPS or CSV files ({patterns})").format(patterns=patterns),
            FOLDER_SETTING,
        )
        return path is not None and self.import_paths([path])

    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Check one file and show its preview (dropped, or chosen); refusals are explained."""
        if not paths:
            return False
        if len(paths) > 1:
            names = "\n".join(path.name for path in paths)
            return self._refuse(self.tr(
                "Drop one file at a time: each file is checked and previewed before it is "
                "imported.\n\n{names}").format(names=names))
        path = Path(paths[0])
        if not supported(path):
            kinds = " ".join(SUPPORTED_SUFFIXES)
            return self._refuse(self.tr(
                '"{name}" cannot be imported: only Excel, WPS and CSV files ({kinds}) can. Save it '
                "as .xlsx or .csv first.").format(name=path.name, kinds=kinds))
        if not self._can_start():
            return False
        ledger = self._ledger()
        assert ledger is not None
        task = Task(partial(check_file, ledger, path), self)
        self._run(task, self.tr("Checking {name}…").format(name=path.name),
                  partial(self._on_checked, task))
        return True

    def _can_start(self) -> bool:
        if self.busy:
            return self._refuse(self.tr("An import is already under way: finish it first."))
        if self._ledger() is None:
            return self._refuse(self.tr("No ledger is open."))
        if self._read_only():
            return self._refuse(self.tr(
                "The ledger is open read-only because it is damaged: nothing can be imported "
                "into it."))
        return True

    def _refuse(self, message: str) -> bool:
        self.tell(self._window, self.tr("Cannot import"), message)
        self.refused.emit(message)
        return False

    def _run(self, task: Task | Operation, label: str,
             succeeded: Callable[[object], None]) -> None:
        task.succeeded.connect(succeeded)
        task.failed.connect(partial(self._on_failed, task))
        task.finished.connect(partial(self._on_task_done, task))
        TaskProgress(task, label, self._window)
        self.task = task
        self.task_started.emit(task)
        task.start()

    def _on_task_done(self, task: Task | Operation) -> None:
        task.deleteLater()
        if task is self.task:
            self.task = None

    def _on_failed(self, task: Task | Operation, message: str, _details: str) -> None:
        if task.state.cancelled:
            self._cancelled()
            return
        self.tell(self._window, self.tr("Import failed"), message)
        self.refused.emit(message)

    def _cancelled(self) -> None:
        text = self.tr("Import cancelled: nothing was written.")
        self.status_message.emit(text)
        self.refused.emit(text)

    # --- the preview -------------------------------------------------------------------

    def _on_checked(self, task: Task, plan: object) -> None:
        from app.services.imports import ImportPlan

        assert isinstance(plan, ImportPlan)
        if self._ledger() is None:  # closed meanwhile
            return
        if task.state.cancelled:  # cancelled after its last check: no preview
            self._cancelled()
            return
        self._show_preview(plan)

    def _show_preview(self, plan: ImportPlan) -> None:
        from ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(plan, self._window)
        dialog.import_requested.connect(partial(self._write, plan.path))
        dialog.finished.connect(partial(self._on_preview_closed, dialog))
        self.dialog = dialog
        self.status_message.emit(plan.summary())
        dialog.open()
        self.preview_shown.emit(dialog)

    def _on_preview_closed(self, dialog: ImportDialog, _result: int) -> None:
        dialog.deleteLater()
        if dialog is self.dialog:
            self.dialog = None

    # --- writing -----------------------------------------------------------------------

    def _write(self, path: Path, valid_rows_only: bool) -> None:
        ledger = self._ledger()
        if ledger is None or self._read_only():
            return
        # on the one writer; what it wrote is announced as possibly everything
        operation = Operation(partial(write_file, ledger, path, valid_rows_only), self,
                              bus=self.bus, everything=True)
        self._run(operation, self.tr("Importing {name}…").format(name=path.name),
                  self._on_written)

    def _on_written(self, result: object) -> None:
        from app.services.imports import ImportResult

        assert isinstance(result, ImportResult)
        self.status_message.emit(
            self.tr("Imported %n record(s) from {name}", "", result.total).format(
                name=result.plan.path.name))
        self.inform(self._window, self.tr("Import finished"), self.result_text(result))
        self.imported.emit(result)

    def result_text(self, result: ImportResult) -> str:
        """What an import wrote, ledger by ledger, what it left out, and where the backup is."""
        if not result.total:
            return self.tr(
                "Nothing was written: the records of the file are already in the ledger as "
                "they are.")
        lines = [self.tr("Imported %n record(s):", "", result.total)]
        lines += [self.tr("{ledger}: %n", "", count).format(ledger=label)
                  for label, count in result.written.items() if count]
        left_out = result.plan.error_rows
        if left_out:
            lines.append(self.tr("%n row(s) with errors were left out.", "", left_out))
        if result.mark is not None:
            lines += ["", self.tr('To take the import back: "Undo this import" in the status '
                                  "bar, or Ctrl+Z.")]
        if result.backup is not None:
            lines += ["", self.tr("The ledger as it was before the import was backed up to:"),
                      str(result.backup)]
        return "\n".join(lines)

    # --- stopping ----------------------------------------------------------------------

    def stop(self) -> None:
        """Cancel a running check or write and wait for it, close the preview (the ledger
        closes)."""
        if self.dialog is not None:
            self.dialog.reject()
        task = self.task
        if task is not None:
            task.cancel()
            task.wait()
