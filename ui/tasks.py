"""Jobs off the UI thread: app/task.py's TaskState for progress and cancel, the result by signal."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from app.errors import KnownError
from app.task import TaskState

log = logging.getLogger(__name__)

Job = Callable[[TaskState], object]
"""Work run off the UI thread: it reports progress and looks at cancel through its TaskState."""


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
        except Exception as exc:
            self.failed.emit(*describe_failure(exc))
        else:
            self.result = result
            self.succeeded.emit(result)
