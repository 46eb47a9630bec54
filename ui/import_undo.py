"""撤销这次导入: what undoing an import would do is read, asked about, then written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain import china_time
from app.services import import_undo
from app.services.import_undo import ImportMark, ImportUndone, UndoPlan
from app.task import TaskState
from ui.forms import messages
from ui.operations import Operation
from ui.tasks import Task
from ui.widgets.task_progress import TaskProgress

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

KEPT_SHOWN = 10
"""Records left as they are, named in the question; the rest are counted."""

Ask = Callable[[QWidget | None, str, str, str, str], bool]
"""Asks a yes/no question: parent, title, text, yes, no; True for yes."""


def read_plan(ledger: Ledger, mark: ImportMark, _state: TaskState) -> UndoPlan:
    """What undoing the import would do now (runs in a worker; writes nothing)."""
    return import_undo.plan_undo(ledger, mark)


def write_undo(ledger: Ledger, mark: ImportMark, state: TaskState) -> ImportUndone:
    """Undo the import in one transaction (runs on the writer)."""
    return import_undo.undo_import(ledger, mark, task=state)


class ImportUndo(QObject):
    """One undo of an import: read what it would do (a worker), ask, write it (the writer).

    Records changed since the import are named in the question and left as they are.
    """

    undone = Signal(object)
    """The import was undone; carries the ImportUndone."""

    refused = Signal(object)
    """It cannot be undone (undone already, forgotten, failed); carries the ImportMark."""

    ended = Signal(bool)
    """It has ended: True if the import was undone, False if refused, failed or not wanted."""

    def __init__(self, bus: ChangeBus, window: QWidget | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self._window = window
        self.ask: Ask = messages.ask
        """Asks whether to undo (a message box; tests may replace it)."""
        self.tell: Callable[[QWidget | None, str, str], None] = messages.tell
        """Tells why it cannot be undone (a message box; tests may replace it)."""
        self.task: Task | Operation | None = None
        self.mark: ImportMark | None = None
        """The import being undone."""

    @property
    def busy(self) -> bool:
        """Whether an undo is being read, asked about or written."""
        return self.task is not None

    def start(self, ledger: Ledger, mark: ImportMark) -> bool:
        """Read what undoing would do, then ask; False if one is under way already."""
        if self.busy:
            return False
        self.mark = mark
        task = Task(partial(read_plan, ledger, mark), self)
        task.succeeded.connect(partial(self._confirm, ledger))
        task.failed.connect(self._on_failed)
        self._follow(task)
        task.start()
        return True

    def _follow(self, task: Task | Operation) -> None:
        self.task = task
        task.finished.connect(partial(self._on_task_done, task))

    def _on_task_done(self, task: Task | Operation) -> None:
        if task is self.task:
            self.task = None
        if isinstance(task, Task):
            task.deleteLater()

    def _on_failed(self, message: str, _details: str) -> None:
        self.tell(self._window, self.tr("Cannot undo the import"), message)
        if self.mark is not None:
            self.refused.emit(self.mark)
        self.ended.emit(False)

    def question(self, plan: UndoPlan) -> str:
        """What undoing would do, and which records it leaves as they are."""
        mark = plan.mark
        lines = [self.tr('Undo the import of "{file}" ({time})?').format(
            file=mark.file, time=_local(mark.at)), "",
            self.tr("The {deleted} record(s) it added are deleted, and the {reverted} record(s) "
                    "it updated get the values they had before it.").format(
                deleted=len(plan.deletes), reverted=len(plan.reverts))]
        if plan.kept:
            lines += ["", self.tr("These {count} record(s) were changed after the import, or "
                                  "new records refer to them: they are left as they are, the "
                                  "later changes are not overwritten:").format(
                count=len(plan.kept))]
            lines += [f"  {kept}" for kept in plan.kept[:KEPT_SHOWN]]
            if len(plan.kept) > KEPT_SHOWN:
                lines.append(self.tr("  … and {count} more").format(
                    count=len(plan.kept) - KEPT_SHOWN))
        lines += ["", self.tr("The undo is written as new changes: the history keeps the import "
                              "and its undo.")]
        return "\n".join(lines)

    def _confirm(self, ledger: Ledger, plan: object) -> None:
        assert isinstance(plan, UndoPlan)
        if not self.ask(self._window, self.tr("Undo this import"), self.question(plan),
                        self.tr("Undo this import"), self.tr("Cancel")):
            self.ended.emit(False)
            return
        operation = Operation(partial(write_undo, ledger, plan.mark), self, bus=self.bus,
                              everything=True)
        operation.succeeded.connect(self._on_written)
        operation.failed.connect(self._on_failed)
        if self._window is not None:
            TaskProgress(operation, self.tr("Undoing the import…"), self._window)
        self._follow(operation)
        operation.start()

    def _on_written(self, result: object) -> None:
        assert isinstance(result, ImportUndone)
        self.undone.emit(result)
        self.ended.emit(True)

    def stop(self) -> None:
        """Cancel a read or a write under way and wait for it (the ledger closes)."""
        task = self.task
        if task is not None:
            task.cancel()
            task.wait()


def _local(at: str) -> str:
    try:
        return china_time.shown(dt.datetime.fromisoformat(at))
    except ValueError:
        return at
