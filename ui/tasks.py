"""Jobs off the UI thread: app/task.py's TaskState for progress and cancel, the result by signal.

A running job belongs to no window. Qt deletes a QObject's children with it, and deleting a
QThread that still runs ends the process ("QThread: Destroyed while thread is still running"): a
page closed in the middle of a read, or a dialog shut while it checks a file, would take the app
down. So every job is a child of one keeper that outlives the windows, is held from start() until
it has ended, and then deletes itself; the widget that started it only cancels it when deleted.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from app.errors import KnownError
from app.task import TaskState

log = logging.getLogger(__name__)

Job = Callable[[TaskState], object]
"""Work run off the UI thread: it reports progress and looks at cancel through its TaskState."""


class Held(Protocol):
    """A running job as hold() keeps it: a Task or an Operation."""

    def wait_ended(self, seconds: float) -> bool:
        """Wait until the job has ended, at most so long; True if it has."""


_keeper: QObject | None = None
_running: dict[Held, QObject | None] = {}
"""Every job started and not yet ended, with the object that started it."""


def keeper() -> QObject:
    """The Qt parent of every job (Task and Operation): never deleted while the app runs."""
    global _keeper
    if _keeper is None:
        _keeper = QObject()
        _keeper.setObjectName("jobs")
    return _keeper


def hold(job: Held, owner: QObject | None) -> None:
    """Keep a job that has started until release(): whatever happens to its owner meanwhile."""
    _running[job] = owner


def release(job: Held) -> None:
    """The job has ended: drop it (it deletes itself)."""
    _running.pop(job, None)


def running(owner: QObject | None = None) -> list[Held]:
    """The jobs started and not yet ended; with an owner, those it or any object inside it
    started."""
    if owner is None:
        return list(_running)
    return [job for job, by in _running.items() if by is not None and _inside(by, owner)]


def end_all(timeout: float = 30.0) -> list[Held]:
    """Cancel every running read and wait for every job to end (a write is never cancelled: what
    the clerk saved gets written); returns the jobs still running after `timeout` seconds each."""
    for job in running():
        if isinstance(job, Task):
            job.cancel()
    return [job for job in running() if not job.wait_ended(timeout)]


def _inside(started_by: QObject, owner: QObject) -> bool:
    found: QObject | None = started_by
    while found is not None:
        if found is owner:
            return True
        try:
            found = found.parent()
        except RuntimeError:  # already deleted
            return False
    return False


def describe_failure(error: BaseException) -> tuple[str, str]:
    """What the user is told of a failed job: a known failure's Chinese message; for a bug, the
    program-error message and the traceback as details (the traceback is also logged)."""
    if isinstance(error, KnownError):
        return str(error), ""
    log.error("background task failed", exc_info=error)
    message = QCoreApplication.translate("Task", "Program error: {error}").format(error=error)
    return message, "".join(traceback.format_exception(error))


class Task(QThread):
    """One job run in its own thread (a read, an export); widgets are never touched inside it.

    Writes to a ledger run on the one writer instead (ui.operations.Operation).
    """

    progress_changed = Signal(int, int, str)
    """The job reported progress: done, total (0 if unknown) and what it is doing."""

    succeeded = Signal(object)
    """The job finished; carries its result."""

    failed = Signal(str, str)
    """The job failed: a message for the user, and a traceback when it was a bug ("" otherwise)."""

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(keeper())
        self._job = job
        self.owner = parent
        """Who started the job: it is cancelled when its owner is deleted."""
        self.state = TaskState(self.progress_changed.emit)
        self.result: object = None
        self.finished.connect(self._on_finished)
        if parent is not None:
            parent.destroyed.connect(self.cancel)

    def start(self, priority: QThread.Priority = QThread.Priority.InheritPriority) -> None:
        """Run the job in the task's thread; the task is kept until it has ended."""
        hold(self, self.owner)
        super().start(priority)

    @Slot()
    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self.state.cancel()

    def wait_ended(self, seconds: float) -> bool:
        """Wait until the job has ended, at most so long; True if it has."""
        return self.wait(round(seconds * 1000))

    @Slot()
    def _on_finished(self) -> None:
        release(self)
        self.owner = None
        # `finished` is posted to each slot in turn by the task's thread, which may still be
        # posting to those connected after this one: deleted before that, the task would drop
        # them (a caller never told that its report was made); the thread is done within moments
        self.wait()
        self.deleteLater()

    def run(self) -> None:
        """Run the job (in the task's thread) and report how it ended."""
        try:
            result = self._job(self.state)
        except Exception as exc:
            self.failed.emit(*describe_failure(exc))
        else:
            self.result = result
            self.succeeded.emit(result)
