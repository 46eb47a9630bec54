"""A progress dialog that follows a Task or an Operation: its progress, and 取消 to stop it."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.widgets import fitting


class Followed(Protocol):
    """What the dialog follows: a Task (a read, an export) or an Operation (a write)."""

    @property
    def progress_changed(self) -> SignalInstance:
        """Progress: done, total (0 if unknown) and what is being done."""

    @property
    def finished(self) -> SignalInstance:
        """The job ended."""

    def cancel(self) -> None:
        """Ask the job to stop."""


SHOW_DELAY_MS = 300
"""A job that ends sooner than this never shows the dialog."""
MIN_WIDTH = 380


class TaskProgress(QProgressDialog):
    """Window-modal while the task runs: shows after a short delay, closes when the task ends.

    The task reports (done, total, what): the bar moves when total is known, and `what` (a sheet
    name, say) is shown under the label. Cancel (or Esc) calls task.cancel(); the job stops at
    its next check and the task ends as it does.
    """

    def __init__(self, task: Followed, label: str, parent: QWidget | None = None, *,
                 delay_ms: int = SHOW_DELAY_MS) -> None:
        super().__init__(parent)
        self.task = task
        self._label = label
        self._running = True
        self.setWindowTitle(label.rstrip("…").rstrip("."))
        self.setLabelText(label)
        self.setCancelButtonText(self.tr("Cancel"))
        self.setRange(0, 0)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(delay_ms)
        self.setMinimumWidth(MIN_WIDTH)
        fitting.fit(self)
        self.canceled.connect(self._on_cancel)
        task.progress_changed.connect(self._on_progress)
        task.finished.connect(self._on_finished)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_if_running)
        self._timer.start(delay_ms)

    def _show_if_running(self) -> None:
        if self._running and not self.wasCanceled():
            self.show()

    def _on_cancel(self) -> None:
        if self._running:
            self.task.cancel()

    def _on_progress(self, done: int, total: int, what: str) -> None:
        if self.wasCanceled():
            return
        self.setLabelText(f"{self._label}\n{what}" if what else self._label)
        if total > 0:
            self.setRange(0, total)
            self.setValue(min(done, total))

    def _on_finished(self) -> None:
        self._running = False  # the task may be deleted from now on
        self._timer.stop()
        self.reset()
        self.hide()
        self.deleteLater()
