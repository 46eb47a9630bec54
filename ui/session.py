"""The ledger's life behind the window: open it in a worker, check it after an unclean shutdown,
recover from damage (restore the latest backup, or read-only), switch ledgers, close it cleanly.

No widgets: the session says what happens by signal and the window shows it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.errors import LedgerDamaged
from app.services import setup, status
from ui.opening import DamagedLedger, OpenedLedger, open_for_window
from ui.operations import Operation, wait_for_writes
from ui.tasks import Task, TaskState

if TYPE_CHECKING:
    from app.store.db import Ledger


def check_in_background(path: Path, state: TaskState, *, ledger: Ledger | None = None
                        ) -> list[str] | None:
    """The start-up check, run after the window shows the ledger: the problems found ([] when
    sound), None if it was cancelled.

    With `ledger` (a real ledger open for writing), the day's first start makes the rolling daily
    backup, which checks the database before copying it; a damaged one is marked and not copied.
    Otherwise, and on later starts, `PRAGMA quick_check` alone.
    """
    if ledger is not None and not state.cancelled:
        try:
            if setup.daily_backup(ledger) is not None:
                return []  # checked, then copied
        except LedgerDamaged as exc:
            return status.check_integrity(path, state) or [str(exc)]
    return status.check_integrity(path, state)


CHECK_DELAY_MS = 1000
"""The start-up check (quick_check, or the day's backup) waits this long after the ledger is
shown, or until the page shown has read its numbers (`check_now`): it reads the whole file, and
beside the page's first reads it held them back (at 1/10 city scale the overview took 0.12-0.42 s
instead of 0.12-0.16 s)."""


class Recovery(Enum):
    """The user's answer to a damaged ledger."""

    RESTORE = "restore"
    """Put the latest backup in its place and open it again."""
    READ_ONLY = "read_only"
    """Open (or keep) the damaged ledger, refusing every write."""
    QUIT = "quit"
    """Leave the program."""


class LedgerSession(QObject):
    """One ledger at a time, from opening to closing; opening and restoring (writes) run on the
    one writer, the integrity check (a read) in a worker of its own."""

    open_started = Signal(object)
    """A ledger began to open; carries its path."""

    busy_changed = Signal(bool)
    """An open or a restore began (True) or ended (False)."""

    progress_changed = Signal(int, int, str)
    """The open or restore reported progress: done, total (0 if unknown) and what it is doing."""

    ledger_opened = Signal(object)
    """A ledger is open; carries the OpenedLedger for the window to show."""

    ledger_loaded = Signal()
    """The opened ledger has been shown (the integrity check, if any, starts now)."""

    open_failed = Signal(str)
    """Opening failed; carries the reason."""

    about_to_close = Signal()
    """The open ledger is about to close (before another opens, a restore, or the end): let go."""

    state_changed = Signal()
    """The open ledger turned read-only (damage found, or the user chose to read it anyway)."""

    integrity_checked = Signal(object)
    """The background integrity check ended: the problems found ([] when sound), None if stopped."""

    check_failed = Signal(str)
    """The background integrity check could not run; carries the reason."""

    recovery_requested = Signal(object)
    """The ledger is damaged; carries the DamagedLedger: answer with recover()."""

    damage_found = Signal(str)
    """Damage met while working (emitted in whatever thread met it); carries what was found."""

    restore_started = Signal()
    """The latest backup is being put in the damaged ledger's place."""

    restore_finished = Signal(object)
    """The backup is in place (the ledger opens again next); carries the status.Restored."""

    restore_failed = Signal(str)
    """The restore failed; carries the reason."""

    backup_restored = Signal(object)
    """A backup chosen in 备份与恢复 is in place (the ledger opens again next); carries the
    status.BackupRestored."""

    backup_restore_failed = Signal(str)
    """Restoring a chosen backup failed (the ledger, untouched, opens again); carries why."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._opened: OpenedLedger | None = None
        self._task: Operation | None = None
        """The open or the restore, on the writer."""
        self._check: Task | Operation | None = None
        self._pending: tuple[OpenedLedger, Ledger | None] | None = None
        """The start-up check still to start: for which opened ledger, with its backup or not."""
        self._closed = False
        self._asking = False
        self._damaged = False
        self.path: Path | None = None
        """The ledger's file (set when it starts opening)."""
        self.demo = False
        """Whether the ledger is the demo one."""
        # damage met while working (a malformed page, a failed check) comes from any thread
        self.damage_found.connect(self._on_damage_found)

    # --- what is open ------------------------------------------------------------------

    @property
    def opened(self) -> OpenedLedger | None:
        """The open ledger and what was read with it, once it has loaded."""
        return self._opened

    @property
    def ledger(self) -> Ledger | None:
        """The open ledger, once it has loaded."""
        return self._opened.ledger if self._opened else None

    @property
    def read_only(self) -> bool:
        """True when the ledger was opened read-only because it is damaged."""
        return self._opened is not None and self._opened.read_only

    @property
    def closed(self) -> bool:
        """True once the session was shut down."""
        return self._closed

    def can_restore(self) -> bool:
        """Whether there is a backup to restore the ledger from."""
        return self.path is not None and status.latest_backup(self.path) is not None

    # --- opening -----------------------------------------------------------------------

    def open(self, path: Path, *, demo: bool = False, read_only: bool = False) -> None:
        """Open a ledger on the writer; the one open now closes once the new one is ready."""
        if self.busy():
            return
        self.path, self.demo = Path(path), demo
        self.open_started.emit(path)
        job = partial(open_for_window, Path(path), demo=demo, read_only=read_only)
        self._run(Operation(job, self), self._on_opened, self._on_open_failed)

    def _let_task_end(self) -> None:
        """Wait for a task that has delivered its result to end (its thread is returning)."""
        if self._task is not None:
            self._task.wait()

    def busy(self) -> bool:
        """True while an open or a restore runs (one that has delivered its result is done)."""
        return self._task is not None and not self._task.isFinished()

    def _run(self, task: Operation, succeeded: Callable[[object], None],
             failed: Callable[[str, str], None]) -> None:
        self.busy_changed.emit(True)
        task.progress_changed.connect(self.progress_changed)
        task.succeeded.connect(succeeded)
        task.failed.connect(failed)
        task.finished.connect(partial(self._on_task_done, task))
        self._task = task
        task.start()

    def _on_opened(self, opened: object) -> None:
        if isinstance(opened, DamagedLedger):
            if not self._closed:
                self._offer_recovery(opened)
            return
        assert isinstance(opened, OpenedLedger)
        if self._closed:  # closed while it was opening
            opened.ledger.close()
            return
        self._close()
        self._opened = opened
        self.path = opened.ledger.path
        self.ledger_opened.emit(opened)
        opened.ledger.damage_listeners.append(self._damage_met)
        QTimer.singleShot(0, self._finish_loading)  # once the page has laid out its rows

    def _on_open_failed(self, message: str, _details: str) -> None:
        if self._closed:  # e.g. the demo generation the user cancelled by closing the window
            return
        self.open_failed.emit(message)

    def _on_task_done(self, task: Operation) -> None:
        task.deleteLater()
        if task is self._task:  # not one the recovery question has already followed
            self.busy_changed.emit(False)
            self._task = None

    def _finish_loading(self) -> None:
        if self._opened is None:
            return
        self.ledger_loaded.emit()
        opened = self._opened
        if opened.checked and not (opened.backup_due and not opened.read_only):
            self.integrity_checked.emit([])
            return
        backup = opened.ledger if opened.backup_due and not opened.read_only else None
        self._pending = (opened, backup)
        QTimer.singleShot(CHECK_DELAY_MS, self.check_now)

    def check_now(self) -> None:
        """Start the start-up check if it is still waiting (the page shown has its numbers)."""
        pending, self._pending = self._pending, None
        if pending is None or self._closed or pending[0] is not self._opened:
            return
        opened, backup = pending
        self._start_check(opened.ledger.path, backup=backup)

    def _close(self) -> None:
        """Everyone lets go of the ledger, then it closes (before another opens, or a restore)."""
        self.about_to_close.emit()
        self._pending = None
        if self._opened is not None:
            wait_for_writes()  # the writes asked for end in the ledger they were asked for
            with contextlib.suppress(ValueError):
                self._opened.ledger.damage_listeners.remove(self._damage_met)
            self._opened.ledger.close()
            self._opened = None

    # --- the integrity check and the way out of damage -----------------------------------

    def _start_check(self, path: Path, *, backup: Ledger | None = None) -> None:
        """quick_check (or the day's backup, which checks first) in the background: the window
        stays usable while it runs."""
        if self._check is not None:
            return
        job = partial(check_in_background, path, ledger=backup)
        # a backup is a write (a file made, old ones thinned): on the one writer, like the others
        task: Task | Operation = Task(job, self) if backup is None else Operation(job, self)
        task.succeeded.connect(self._on_checked)
        task.failed.connect(lambda message, _details: self.check_failed.emit(message))
        task.finished.connect(self._on_check_done)
        self._check = task
        task.start()

    def _on_checked(self, problems: object) -> None:
        assert problems is None or isinstance(problems, list)
        if problems and not self._closed and self.path is not None:
            backup = status.latest_backup(self.path)
            self._offer_recovery(DamagedLedger(self.path, problems, backup, self.demo))
        self.integrity_checked.emit(problems)

    def _on_check_done(self) -> None:
        if self._check is not None:
            self._check.deleteLater()
        self._check = None

    def _offer_recovery(self, damage: DamagedLedger) -> None:
        """Ask what to do about a damaged database (one question at a time; workers go on)."""
        if self._asking:
            return
        self.path, self.demo, self._damaged = damage.path, damage.demo, True
        self._asking = True
        self.recovery_requested.emit(damage)

    def recover(self, choice: Recovery) -> None:
        """The answer to recovery_requested (on QUIT the window closes, which shuts down)."""
        self._asking = False
        self._let_task_end()  # the open that found the damage
        assert self.path is not None
        if choice is Recovery.RESTORE:
            self._restore(self.path)
        elif choice is Recovery.READ_ONLY:
            if self._opened is not None:  # found by the background check: the window shows it
                status.make_read_only(self._opened.ledger)
                self._opened.read_only = True
                self.state_changed.emit()
            else:
                self.open(self.path, demo=self.demo, read_only=True)

    def _damage_met(self, why: str) -> None:
        """The store found damage (in whatever thread): the session follows in its own."""
        self.damage_found.emit(why)

    def _on_damage_found(self, why: str) -> None:
        """The open ledger turned read-only: say so, and offer the way out (restore a backup)."""
        opened = self._opened
        if opened is None or self._closed or self.path is None:
            return
        opened.read_only = True
        self.state_changed.emit()
        self._offer_recovery(DamagedLedger(self.path, [why], status.latest_backup(self.path),
                                           self.demo))

    def restore_latest(self) -> None:
        """Restore the latest backup now (while read-only), unless work or a question waits."""
        if self.path is not None and not self.busy() and not self._asking:
            self._restore(self.path)

    def _restore(self, path: Path) -> None:
        """Close the ledger, put the latest sound backup in its place, open it again."""
        self._close()
        self.restore_started.emit()
        task = Operation(lambda _state: status.restore_latest_backup(path), self)
        self._run(task, self._on_restored, self._on_restore_failed)

    def restore_backup(self, chosen: Path) -> bool:
        """Close the ledger, put a chosen backup in its place (the current state backed up
        first, a new identity given), open it again; False if work or a question waits."""
        if self.path is None or self.busy() or self._asking or self._closed:
            return False
        path = self.path
        self._close()
        task = Operation(lambda _state: status.restore_chosen_backup(path, chosen), self)
        self._run(task, self._on_backup_restored, self._on_backup_restore_failed)
        return True

    def _on_backup_restored(self, restored: object) -> None:
        assert isinstance(restored, status.BackupRestored)
        if self._closed:
            return
        self._damaged = False
        self.backup_restored.emit(restored)
        QTimer.singleShot(0, self._reopen)

    def _on_backup_restore_failed(self, message: str, _details: str) -> None:
        if self._closed:
            return
        self.backup_restore_failed.emit(message)
        QTimer.singleShot(0, self._reopen)  # refused before anything changed: the same ledger

    def _on_restored(self, restored: object) -> None:
        assert isinstance(restored, status.Restored)
        if self._closed:
            return
        self.restore_finished.emit(restored)
        self._damaged = False
        QTimer.singleShot(0, self._reopen)

    def _reopen(self) -> None:
        self._let_task_end()  # the restore
        if self.path is not None and not self._closed:
            self.open(self.path, demo=self.demo)

    def _on_restore_failed(self, message: str, _details: str) -> None:
        if self._closed:
            return
        self.restore_failed.emit(message)

    # --- the end -----------------------------------------------------------------------

    def stop_work(self) -> None:
        """Cancel the running open, restore or check, and wait for it to end."""
        for task in (self._task, self._check):
            if task is not None:
                task.cancel()
                task.wait()

    def shut_down(self) -> None:
        """Close the ledger for good; a sound one is marked closed (a damaged one is checked
        again next time). Safe to call twice."""
        self.stop_work()
        if self._closed:
            return
        self._closed = True
        opened = self._opened
        self._close()
        if opened is not None and not (self._damaged or opened.read_only):
            status.mark_closed(opened.ledger.path)
