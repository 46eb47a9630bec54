"""The window syncs by itself over the relays: a round on a timer (every few minutes while online,
backing off while not), some seconds after a save, and when asked; never two at once. A round runs
on a thread of its own and only its writes go to the writer, so a save never waits for the network.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain import china_time
from app.domain.changes import Changes
from app.services import relay_sync
from app.services.relay_sync import RelayStatus, Schedule
from app.task import TaskState
from ui.operations import Operation, on_writer, syncer

if TYPE_CHECKING:
    from app.store.db import Ledger
    from ui.pages.base import ChangeBus

AFTER_SAVE_MS = 10_000
"""A round this long after the last save (saves in a row: one round)."""
FIRST_MS = 5_000
"""The first round this long after a ledger with a relay opened."""


class AutoSync(QObject):
    """The relay rounds of the window's ledger, and the status they leave (status_changed)."""

    status_changed = Signal(object)
    """The relay status changed; carries a RelayStatus."""

    undelivered_read = Signal(int)
    """How many changes are not delivered above, as a read or a round just found."""

    round_finished = Signal()
    """A round ended, well or not."""

    def __init__(self, bus: ChangeBus, parent: QObject | None = None, *,
                 schedule: Schedule | None = None,
                 sleep: Callable[[float], None] | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self.schedule = schedule or Schedule()
        self.retry_sleep = sleep
        """How the relay client waits between retries of one request (None: until the time is up
        or the round is stopped; tests never wait)."""
        self.ledger: Ledger | None = None
        self.configured = False
        self.task: Operation | None = None
        """The round (on the syncer) or the read of the settings (on the writer), if any."""
        self._again = False
        self.round_timer = QTimer(self)
        self.round_timer.setSingleShot(True)
        self.round_timer.timeout.connect(self.sync_now)
        self.save_timer = QTimer(self)
        """Started again by every save: its timeout runs a round (the debounce)."""
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(AFTER_SAVE_MS)
        self.save_timer.timeout.connect(self.sync_now)
        bus.changed.connect(self._on_changed)

    # --- the ledger ------------------------------------------------------------------------

    def set_ledger(self, ledger: Ledger | None, *, read_only: bool = False) -> None:
        """Sync this ledger from now on (None: none); a round of the old one is waited for."""
        self.stop()
        self.ledger = None if read_only else ledger
        self.configured = False
        self.schedule.reset()
        self._emit()
        if self.ledger is not None:
            self.reload()

    def reload(self) -> None:
        """Read again whether a relay is set (after settings changed); a round follows soon."""
        ledger = self.ledger
        if ledger is None or self.task is not None:
            return
        task = Operation(lambda _state: relay_sync.read_status(ledger), self)
        task.succeeded.connect(partial(self._on_read, ledger))
        task.finished.connect(partial(self._on_done, task))
        self.task = task
        task.start()

    def stop(self) -> None:
        """No more rounds; a running one is cancelled and waited for."""
        self.round_timer.stop()
        self.save_timer.stop()
        self._again = False
        if self.task is not None:
            self.task.cancel()
            self.task.wait()

    # --- rounds ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether a round (or a read) runs now."""
        return self.task is not None

    def sync_now(self) -> Operation | None:
        """Run a round now (after the one running, if any); None when none can run."""
        ledger = self.ledger
        if ledger is None or not self.configured:
            return None
        if self.task is not None:
            self._again = True
            return None
        self.round_timer.stop()
        self.save_timer.stop()

        def job(state: TaskState) -> object:
            return relay_sync.relay_round(ledger, state, sleep=self.retry_sleep, write=on_writer)

        # on a thread of its own, its writes on the writer: a save never waits for the network
        task = Operation(job, self, bus=self.bus, origin=self, everything=True, runner=syncer)
        task.succeeded.connect(self._on_round)
        task.failed.connect(partial(self._on_failed, task))
        task.finished.connect(partial(self._on_done, task))
        self.task = task
        self._emit()
        task.start()
        return task

    def status(self) -> RelayStatus:
        """What the window shows now."""
        return self.schedule.status(self.configured)

    def _on_changed(self, changes: Changes, origin: object) -> None:
        if origin is not self and changes and self.ledger is not None and self.configured:
            self.save_timer.start()

    def _on_read(self, ledger: Ledger, result: object) -> None:
        if ledger is not self.ledger:
            return
        assert isinstance(result, tuple)
        self.configured = bool(result[0])
        self.schedule.status(self.configured, int(result[1]), result[2])
        self.undelivered_read.emit(int(result[1]))
        if self.configured and not self.round_timer.isActive():
            self.round_timer.start(FIRST_MS)
            self.schedule.plan_in(FIRST_MS / 1000)
        elif not self.configured:
            self.round_timer.stop()
        self._emit()

    def _on_round(self, report: object) -> None:
        seconds = self.schedule.succeeded(report)  # type: ignore[arg-type]
        if report is None:
            self.configured = False
            self.round_timer.stop()
        else:
            self.round_timer.start(int(seconds * 1000))
            self.undelivered_read.emit(self.schedule.undelivered)

    def _on_failed(self, task: Operation, message: str, _details: str) -> None:
        if task.state.cancelled:
            return
        error = task.error if task.error is not None else RuntimeError(message)
        seconds = self.schedule.failed(error, message)
        if seconds is not None:
            self.round_timer.start(int(seconds * 1000))

    def _on_done(self, task: Operation) -> None:
        if task is self.task:
            self.task = None
        self._emit()
        self.round_finished.emit()
        if self._again:
            self._again = False
            self.sync_now()

    def _emit(self) -> None:
        self.status_changed.emit(self.status())


def next_try_text(status: RelayStatus) -> str:
    """The next try's time as people read it (HH:MM, local); "" when none is planned."""
    if status.next_try is None:
        return ""
    return f"{china_time.local(status.next_try):%H:%M}"
