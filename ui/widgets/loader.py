"""A page's data read in a worker: only the latest read is delivered, older ones are dropped."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from app.task import TaskState
from ui.tasks import Task


class Loader(QObject):
    """Runs read jobs off the UI thread for one page; a new start() makes older results stale."""

    load_finished = Signal(object)
    """The latest read finished; carries its result."""

    load_failed = Signal(str)
    """The latest read failed; carries a message for the user."""

    busy_changed = Signal(bool)
    """A read started (True) or the last running one ended (False)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: list[Task] = []
        self._latest: Task | None = None

    @property
    def busy(self) -> bool:
        """Whether a read is still running."""
        return bool(self._running)

    def start(self, job: Callable[[TaskState], object]) -> None:
        """Read in a worker; a read still running is asked to stop and its result is dropped."""
        if self._latest is not None:
            self._latest.cancel()
        task = Task(job, self)
        task.succeeded.connect(self._on_succeeded)
        task.failed.connect(self._on_failed)
        task.finished.connect(self._on_finished)
        self._latest = task
        self._running.append(task)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        task.start()

    def stop(self) -> None:
        """Drop every pending result and wait for the running reads (before the ledger closes)."""
        self._latest = None
        for task in list(self._running):
            task.cancel()
            task.wait()

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        if self.sender() is self._latest:
            self.load_finished.emit(result)

    @Slot(str, str)
    def _on_failed(self, message: str, _trace: str) -> None:
        if self.sender() is self._latest:
            self.load_failed.emit(message)

    @Slot()
    def _on_finished(self) -> None:
        task = self.sender()
        if isinstance(task, Task) and task in self._running:
            self._running.remove(task)
            task.deleteLater()
            if not self._running:
                self.busy_changed.emit(False)
