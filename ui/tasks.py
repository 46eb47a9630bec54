"""Jobs off the UI thread: app/task.py's TaskState for progress and cancel, the result by signal."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from app.errors import KnownError
from app.task import TaskState

log = logging.getLogger(__name__)


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
        self.state.cancel()

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
