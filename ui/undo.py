"""Ctrl+Z: the changes saved in this session, undone one by one, newest first, through history."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.domain.entities import ENTITIES
from app.errors import KnownError
from app.services import history, records
from app.services.import_undo import ImportMark, ImportUndone
from app.task import TaskState
from ui.forms import messages
from ui.import_undo import ImportUndo
from ui.operations import Operation

if TYPE_CHECKING:
    from app.domain.changes import Changes
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

log = logging.getLogger(__name__)

MAX_STEPS = 100
"""The oldest changes are forgotten past this many."""


@dataclass(frozen=True)
class ImportStep:
    """An import written in this session: Ctrl+Z takes it back as one step (撤销这次导入)."""

    ledger: Ledger
    mark: ImportMark


@dataclass(frozen=True)
class Step:
    """A saved change that Ctrl+Z can undo, with what the 撤销 action says about it."""

    ledger: Ledger
    change: history.Change
    action: str
    """The history's action (create, update, delete, restore …)."""
    title: str
    """The record named for people."""


class UndoStack(QObject):
    """Every record change told on the bus is remembered; undo() reverts the latest one.

    Each save, delete and restore is announced on the bus with the records it changed: the stack
    reads each record's latest change (history.last_change) and keeps it; a sync, which may change
    everything, is not undone this way, and an import is told by push_import and undone as one
    step (ui.import_undo: asked about first, records changed since are kept). Undoing writes the
    inverse as a new change on the writer (nothing is erased), and the bus tells the pages; a
    change overtaken since (by another window, a sync) is refused with the history service's
    message, and nothing is written.

    Ctrl+Z pressed twice on one record: the second step is followed in the history by the first
    step and its undo, which cancel out; the stack passes their clocks (`_settled`) to
    history.undo_change, which then reverts the step as if it were still the latest.
    """

    stack_changed = Signal()
    """A change was remembered or undone: what Ctrl+Z would do changed."""

    undo_finished = Signal(str)
    """A change was undone; carries the message for the status bar."""

    undo_ended = Signal()
    """An undo started by undo() has ended: done, or refused and told."""

    record_undone = Signal(str, str)
    """An undo has ended and every page knows: the entity and id of the record it changed."""

    def __init__(self, bus: ChangeBus, ledger: Callable[[], Ledger | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self._ledger = ledger
        self._window = parent
        self.steps: list[Step | ImportStep] = []
        """The changes of this session, oldest first."""
        self.tell: Callable[[QWidget | None, str, str], None] = messages.tell
        """Tells the user why an undo was refused (a message box; tests may replace it)."""
        self._action: QAction | None = None
        self._idle_text = ""
        self._settled: set[str] = set()
        """The clock readings of changes undone here and of the undos that reverted them."""
        self._undoing: Operation | ImportUndo | None = None
        self._undone_record: tuple[str, str] | None = None
        self.imports = ImportUndo(bus, parent, self)
        """Undoes an import (asks first; tests may replace its ask and tell)."""
        self.imports.undone.connect(self._import_undone)
        self.imports.ended.connect(self._on_import_undo_ended)
        self.imports.refused.connect(self._forget_import)
        bus.changed.connect(self._on_changed)

    # --- remembering -------------------------------------------------------------------

    def _on_changed(self, changes: Changes, origin: object) -> None:
        ledger = self._ledger()
        if origin is self or ledger is None:
            return
        for entity, record_id in changes.edited():
            if entity in ENTITIES:
                self.push(ledger, entity, record_id)

    def push(self, ledger: Ledger, entity: str, record_id: str) -> None:
        """Remember a record's latest change (just saved in this window)."""
        try:
            change = history.last_change(ledger, entity, record_id)
            entries = records.history(ledger, change.entity, change.record_id)
            record = records.get(ledger, change.entity, change.record_id, include_deleted=True)
        except KnownError:
            log.warning("no change to remember for %s %s", entity, record_id, exc_info=True)
            return
        last = self.steps[-1] if self.steps else None
        if isinstance(last, Step) and last.change == change:
            return  # told twice about one save
        from ui.widgets.history_view import record_heading  # with the first save, not at start

        spec = records.spec_of(change.entity)
        self.steps.append(Step(ledger, change, entries[-1]["action"],
                               record_heading(spec, record) or spec.label))
        del self.steps[:-MAX_STEPS]
        self.stack_changed.emit()

    def push_import(self, ledger: Ledger, mark: ImportMark) -> None:
        """Remember an import just written: Ctrl+Z now takes it back as one step."""
        self.steps.append(ImportStep(ledger, mark))
        del self.steps[:-MAX_STEPS]
        self.stack_changed.emit()

    def clear(self) -> None:
        """Forget every change (another ledger was opened)."""
        self.steps.clear()
        self.stack_changed.emit()

    # --- undoing -----------------------------------------------------------------------

    def next_step(self) -> Step | ImportStep | None:
        """What Ctrl+Z would undo: the latest change made in the open ledger (None: nothing)."""
        ledger = self._ledger()
        while self.steps and self.steps[-1].ledger is not ledger:
            self.steps.pop()  # made in a ledger closed since
        return self.steps[-1] if self.steps else None

    def can_undo(self) -> bool:
        """Whether there is something to undo (and no undo under way)."""
        return self._undoing is None and self.next_step() is not None

    def undo_text(self) -> str:
        """The 撤销 action's text: what it would undo (撤销：修改 活动室)."""
        step = self.next_step()
        if step is None:
            return self._idle_text or self.tr("&Undo")
        if isinstance(step, ImportStep):
            name = step.mark.file.replace("&", "&&")
            return self.tr("&Undo: import of {file}").format(file=name)
        from ui.widgets.history_view import action_label

        title = step.title.replace("&", "&&")
        return self.tr("&Undo: {action} {title}").format(action=action_label(step.action),
                                                         title=title)

    def undo(self) -> bool:
        """Undo the latest change on the writer; a refusal is shown and changes nothing.

        True if an undo was started (`undo_ended` tells when it has ended).
        """
        step = self.next_step()
        if step is None or self._undoing is not None:
            return False
        if isinstance(step, ImportStep):
            return self.undo_import(step.mark)
        self.steps.pop()  # refused or not, it cannot be undone again
        ledger, change, settled = step.ledger, step.change, set(self._settled)

        def job(_state: TaskState) -> tuple[str, history.Change]:
            message = history.undo_change(ledger, change, settled=settled)
            return message, history.last_change(ledger, change.entity, change.record_id)

        operation = Operation(job, self, bus=self.bus, origin=self)
        operation.succeeded.connect(partial(self._undone, change))
        operation.with_failure(self._window, self.tr("Cannot undo"),
                               lambda parent, title, text: self.tell(parent, title, text))
        operation.finished.connect(self._on_undo_ended)
        self._undoing = operation
        self.stack_changed.emit()
        operation.start()
        return True

    def _undone(self, change: history.Change, result: object) -> None:
        assert isinstance(result, tuple)
        message, undone = result
        self._settled.update((change.hlc, undone.hlc))
        self._undone_record = (change.entity, change.record_id)
        self.undo_finished.emit(message)

    def undo_import(self, mark: ImportMark) -> bool:
        """Undo an import of this session (Ctrl+Z, or 撤销这次导入 while later edits wait on the
        stack); asked first. True if started (`undo_ended` tells when it has ended)."""
        ledger = self._ledger()
        if ledger is None or self._undoing is not None:
            return False
        if not self.imports.start(ledger, mark):
            return False
        self._undoing = self.imports
        self.stack_changed.emit()
        return True

    def _forget_import(self, mark: object) -> None:
        assert isinstance(mark, ImportMark)
        self.steps = [s for s in self.steps
                      if not (isinstance(s, ImportStep) and s.mark.key == mark.key)]

    def _import_undone(self, result: object) -> None:
        assert isinstance(result, ImportUndone)
        self._forget_import(result.mark)
        self._settled.update(result.settled)  # earlier edits of those records: undoable again
        self.undo_finished.emit(result.message())

    def _on_import_undo_ended(self, _done: bool) -> None:
        self._on_undo_ended()

    def _on_undo_ended(self) -> None:
        self._undoing = None
        undone, self._undone_record = self._undone_record, None
        self.stack_changed.emit()
        if undone is not None:  # after the bus: the pages list it as it now is
            self.record_undone.emit(*undone)
        self.undo_ended.emit()

    # --- the action --------------------------------------------------------------------

    def bind(self, action: QAction) -> None:
        """Drive the window's 撤销 action: enabled when there is something, saying what."""
        self._action = action
        self._idle_text = action.text()
        action.triggered.connect(self.undo)
        self.stack_changed.connect(self._update_action)
        self._update_action()

    def _update_action(self) -> None:
        if self._action is None:
            return
        step = self.next_step()
        self._action.setEnabled(step is not None and self._undoing is None)
        self._action.setText(self.undo_text())
        if step is None:
            self._action.setToolTip(self.tr("Nothing to undo (Ctrl+Z)"))
        else:
            self._action.setToolTip(self.tr("Undo the last saved change (Ctrl+Z)"))
