"""Every write to a ledger runs here: off the GUI thread, on the one writer, in the order asked.

Anki's CollectionOp is the model. An Operation runs its job on the process's one serial writer
(a single thread: writes never overlap and keep their order), reports progress and failure by
signal like a Task, shows them the same way everywhere (the delayed progress dialog; a known
failure's Chinese message, a bug's program-error message with its details), and once it has
ended tells every page what it changed: one ChangeBus.changed carrying the Changes that the one
write path recorded (app.store.recording), and the page that asked (its origin), so that a page
does not read again what it has just saved itself.

A relay round is the one job that runs elsewhere: on a thread of its own (`syncer`), because it
waits for the network, which must never hold up a clerk's save; each of its steps that writes goes
to the writer (`on_writer`) and waits its turn there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.changes import Changes
from app.store.recording import announce, recording
from app.task import TaskState
from ui.tasks import Job, describe_failure, hold, keeper, release
from ui.widgets import notice
from ui.widgets.task_progress import TaskProgress

if TYPE_CHECKING:
    from ui.pages.base import ChangeBus

log = logging.getLogger(__name__)

WRITER_THREAD = "ledger-writer"
"""The name of the writer's thread."""
SYNC_THREAD = "ledger-sync"
"""The name of the relay rounds' thread."""

T = TypeVar("T")

_threads: dict[str, ThreadPoolExecutor] = {}
_threads_lock = threading.Lock()


def _one_thread(name: str) -> ThreadPoolExecutor:
    """The process's single thread of this name, made on first use: it runs its jobs in order."""
    with _threads_lock:
        found = _threads.get(name)
        if found is None:
            found = _threads[name] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        return found


def writer() -> ThreadPoolExecutor:
    """The one serial writer of the process: a single thread that runs the writes one by one."""
    return _one_thread(WRITER_THREAD)


def syncer() -> ThreadPoolExecutor:
    """The sync rounds' thread (relay and USB): one at a time, their waits beside the writer."""
    return _one_thread(SYNC_THREAD)


def on_writer(step: Callable[[], T]) -> T:
    """Run one step that writes on the writer and wait for it (from a relay round's thread);
    what it commits is told to this thread's recordings, as if it had been written here."""
    if threading.current_thread().name.startswith(WRITER_THREAD):
        return step()
    done: list[T] = []

    def run() -> tuple[BaseException | None, Changes]:
        with recording() as recorded:
            try:
                done.append(step())
            except BaseException as exc:  # raised again on the round's thread
                return exc, recorded.changes
            return None, recorded.changes

    error, changes = writer().submit(run).result()
    if changes:
        announce(changes)
    if error is not None:
        raise error
    return done[0]


def wait_for_writes() -> None:
    """Wait until every write asked for so far has ended (before a ledger closes)."""
    writer().submit(lambda: None).result()


class Operation(QObject):
    """One write, run on the writer; what it changed is announced on the bus when it ends.

    Like a Task it has progress_changed, succeeded, failed and finished, cancel() and wait(); it
    runs once start() queues it. `everything` marks an import, a sync or a restore: if it wrote
    records, it is announced as possibly changing everything (pages read all again; nothing to undo
    one by one). What was committed before a failure or a cancel stays, and is announced too.
    """

    progress_changed = Signal(int, int, str)
    """The job reported progress: done, total (0 if unknown) and what it is doing."""

    succeeded = Signal(object)
    """The write finished; carries the job's result."""

    failed = Signal(str, str)
    """The write failed: a message for the user, and a traceback when it was a bug ("" else)."""

    finished = Signal()
    """The operation ended, well or not, and its changes were announced."""

    _ended = Signal()
    """The job returned or raised (emitted on the writer's thread)."""

    def __init__(self, job: Job, parent: QObject | None = None, *, bus: ChangeBus | None = None,
                 origin: object = None, everything: bool = False,
                 runner: Callable[[], ThreadPoolExecutor] = writer) -> None:
        super().__init__(keeper())  # the write goes on, and is announced, if its owner is deleted
        self._job = job
        self.owner = parent
        self._runner = runner
        """Where the job runs: the writer, or (a relay round) the syncer."""
        self.bus = bus
        self.origin = origin
        """Who asked for the write: pages told of its changes skip reading again if it is them."""
        self._everything = everything
        self.state = TaskState(self.progress_changed.emit)
        self.result: object = None
        self.error: BaseException | None = None
        """Why the write failed (None until then, or when it succeeded)."""
        self.changes = Changes()
        """What the write changed (known once it has ended)."""
        self._queued = False
        self._done = threading.Event()
        self._ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)

    # --- running -------------------------------------------------------------------------

    def start(self) -> Operation:
        """Queue the job on its runner (the writer: after the writes asked for before it)."""
        if not self._queued:
            self._queued = True
            hold(self, self.owner)
            self._runner().submit(self._run)
        return self

    def cancel(self) -> None:
        """Ask the job to stop at its next check (one still waiting in the queue never starts)."""
        self.state.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait (seconds; None: as long as it takes) until the job has returned; True if it has."""
        return self._done.wait(timeout)

    def wait_ended(self, seconds: float) -> bool:
        """Wait until the job has returned, at most so long; True if it has."""
        return self.wait(seconds)

    def isFinished(self) -> bool:
        """Whether the job has returned (its signals may still be on their way)."""
        return self._done.is_set()

    def _run(self) -> None:
        """The writer's side: run the job, recording what it commits."""
        try:
            with recording() as recorded:
                try:
                    self.state.check()
                    self.result = self._job(self.state)
                finally:
                    changes = recorded.changes
                    # a sync that wrote only its own bookkeeping (a checkpoint, a contact
                    # time) does not make every page read everything again
                    self.changes = (changes.widened() if self._everything and changes.entities
                                    else changes)
        except BaseException as exc:  # told to the GUI thread, which decides what to show
            self.error = exc
        finally:
            self._done.set()
            self._ended.emit()  # the operation is held until it has ended: it is still there

    @Slot()
    def _on_ended(self) -> None:
        """The GUI thread's side: say how it ended, then tell every page what changed."""
        error = self.error
        try:
            if error is None:
                self.succeeded.emit(self.result)
            elif isinstance(error, Exception):
                self.failed.emit(*describe_failure(error))
            else:  # SystemExit, KeyboardInterrupt: not ours to swallow
                raise error
        finally:
            if self.changes and self.bus is not None and shiboken6.isValid(self.bus):
                self.bus.changed.emit(self.changes, self.origin)
            self.finished.emit()
            release(self)
            self.owner = None
            self.deleteLater()

    # --- showing it --------------------------------------------------------------------------

    def with_progress(self, label: str, parent: QWidget) -> Operation:
        """Show the progress dialog (after a short delay) over the parent's window while it runs."""
        TaskProgress(self, label, parent.window())
        return self

    def with_failure(self, parent: QWidget | None, title: str,
                     tell: notice.Tell = notice.warn) -> Operation:
        """Tell a failure with this title: a known one's Chinese message through `tell`, a bug's
        program-error message with its details in a warning."""
        self.failed.connect(lambda message, details: _tell_failure(parent, title, message,
                                                                   details, tell))
        return self


def _tell_failure(parent: QWidget | None, title: str, message: str, details: str,
                  tell: notice.Tell) -> None:
    if parent is not None and not shiboken6.isValid(parent):
        parent = None  # the window that asked is gone; the failure is still told
    if details:
        box = notice.show_notice(parent, QMessageBox.Icon.Warning, title, message)
        box.setDetailedText(details)
    else:
        tell(parent, title, message)


def run_write(job: Job, parent: QWidget, *, bus: ChangeBus | None, origin: object = None,
              everything: bool = False) -> Operation:
    """Start a write for a widget: an Operation owned by it, queued on the writer now.

    Connect to its signals at once: they come through the GUI thread's event loop, so never
    before the caller returns to it.
    """
    return Operation(job, parent, bus=bus, origin=origin, everything=everything).start()
