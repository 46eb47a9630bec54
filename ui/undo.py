"""Ctrl+Z: the changes saved in this session, undone one by one, newest first, through history."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.domain.entities import ENTITIES
from app.errors import KnownError
from app.services import history, records
from ui.forms import messages
from ui.widgets.history_view import action_label, record_heading

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

log = logging.getLogger(__name__)

MAX_STEPS = 100
"""The oldest changes are forgotten past this many."""


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

    Pages emit `records_changed` after each save, delete and restore: the stack reads that
    record's latest change (history.last_change) and keeps it. Undoing writes the inverse as a new
    change (nothing is erased) and tells the pages on the bus; a change overtaken since (by another
    window, a sync) is refused with the history service's message, and nothing is written.

    Ctrl+Z pressed twice on one record: the second step is followed in the history by the first
    step and its undo, which cancel out; the stack passes their clocks (`_settled`) to
    history.undo_change, which then reverts the step as if it were still the latest.
    """

    stack_changed = Signal()
    """A change was remembered or undone: what Ctrl+Z would do changed."""

    undo_finished = Signal(str)
    """A change was undone; carries the message for the status bar."""

    def __init__(self, bus: ChangeBus, ledger: Callable[[], Ledger | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self._ledger = ledger
        self._window = parent
        self.steps: list[Step] = []
        """The changes of this session, oldest first."""
        self.tell: Callable[[QWidget | None, str, str], None] = messages.tell
        """Tells the user why an undo was refused (a message box; tests may replace it)."""
        self._action: QAction | None = None
        self._idle_text = ""
        self._settled: set[str] = set()
        """The clock readings of changes undone here and of the undos that reverted them."""
        bus.records_changed.connect(self._on_records_changed)

    # --- remembering -------------------------------------------------------------------

    def _on_records_changed(self, entity: str, record_id: str, origin: object) -> None:
        ledger = self._ledger()
        if origin is self or not record_id or ledger is None or entity not in ENTITIES:
            return
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
        if self.steps and self.steps[-1].change == change:
            return  # told twice about one save
        spec = records.spec_of(change.entity)
        self.steps.append(Step(ledger, change, entries[-1]["action"],
                               record_heading(spec, record) or spec.label))
        del self.steps[:-MAX_STEPS]
        self.stack_changed.emit()

    def clear(self) -> None:
        """Forget every change (another ledger was opened)."""
        self.steps.clear()
        self.stack_changed.emit()

    # --- undoing -----------------------------------------------------------------------

    def next_step(self) -> Step | None:
        """What Ctrl+Z would undo: the latest change made in the open ledger (None: nothing)."""
        ledger = self._ledger()
        while self.steps and self.steps[-1].ledger is not ledger:
            self.steps.pop()  # made in a ledger closed since
        return self.steps[-1] if self.steps else None

    def can_undo(self) -> bool:
        """Whether there is something to undo."""
        return self.next_step() is not None

    def undo_text(self) -> str:
        """The 撤销 action's text: what it would undo (撤销：修改 活动室)."""
        step = self.next_step()
        if step is None:
            return self._idle_text or self.tr("&Undo")
        title = step.title.replace("&", "&&")
        return self.tr("&Undo: {action} {title}").format(action=action_label(step.action),
                                                         title=title)

    def undo(self) -> bool:
        """Undo the latest change; a refusal is shown and changes nothing. True if undone."""
        step = self.next_step()
        if step is None:
            return False
        self.steps.pop()  # refused or not, it cannot be undone again
        change = step.change
        try:
            message = history.undo_change(step.ledger, change, settled=self._settled)
            undone = history.last_change(step.ledger, change.entity, change.record_id)
        except KnownError as exc:
            self.stack_changed.emit()
            self.tell(self._window, self.tr("Cannot undo"), str(exc))
            return False
        self._settled.update((change.hlc, undone.hlc))
        self.stack_changed.emit()
        self.bus.records_changed.emit(step.change.entity, step.change.record_id, self)
        self.undo_finished.emit(message)
        return True

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
        self._action.setEnabled(step is not None)
        self._action.setText(self.undo_text())
        if step is None:
            self._action.setToolTip(self.tr("Nothing to undo (Ctrl+Z)"))
        else:
            self._action.setToolTip(self.tr("Undo the last saved change (Ctrl+Z)"))
