"""Jobs off the UI thread: progress, a cooperative cancel flag, the result or failure by signal."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from app.errors import KnownError

log = logging.getLogger(__name__)


class CancelFlag(threading.Event):
    """Set when the user cancels; a job checks it by calling it, or with is_set()."""

    def __call__(self) -> bool:
        return self.is_set()


class TaskState:
    """What a running job sees: where to report progress, and whether it should stop."""

    def __init__(self, report: Callable[[int, int, str], None]) -> None:
        self._report = report
        self.cancelled = CancelFlag()

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Report `done` of `total` steps (0 of 0: still working, amount unknown)."""
        self._report(done, total, message)


class Task(QThread):
    """One job run in its own thread; widgets are never touched inside it."""

    progress_changed = Signal(int, int, str)
    """The job reported progress: done, total (0 if unknown) and what it is doing."""

    succeeded = Signal(object)
    """The job finished; carries its result."""

    failed = Signal(str, str)
    """The job failed: a message for the user, and a traceback when it was a bug ("" otherwise)."""

    def __init__(self, job: Callable[[TaskState], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self.state = TaskState(self.progress_changed.emit)
        self.result: object = None

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self.state.cancelled.set()

    def run(self) -> None:
        """Run the job (in the task's thread) and report how it ended."""
        try:
            result = self._job(self.state)
        except KnownError as exc:
            self.failed.emit(str(exc), "")
        except Exception as exc:
            log.exception("background task failed")
            message = QCoreApplication.translate("Task", "Program error: {error}").format(error=exc)
            self.failed.emit(message, traceback.format_exc())
        else:
            self.result = result
            self.succeeded.emit(result)
