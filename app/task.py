"""What long work sees while it runs: where to report progress, and whether to stop (Qt-free).

Orange's TaskState is the model: a service takes `task: TaskState = QUIET` and calls
`task.progress(done, total, text)` and `task.check()`; the command line reports on stderr, the
window (ui/tasks.py) turns the reports into signals and sets the cancel flag from its button.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol, TypeVar

from app.errors import Cancelled

Report = Callable[[int, int, str], None]
"""Progress as (done, total, what): total 0 means the amount is not known yet."""

T = TypeVar("T")


class Writes(Protocol):
    """Runs one step of a long job that writes to the ledger, and returns what it returned: the
    window runs it on its one writer while the job itself waits elsewhere (ui.operations)."""

    def __call__(self, step: Callable[[], T], /) -> T: ...


def directly(step: Callable[[], T]) -> T:
    """Writes on the calling thread (the command line)."""
    return step()


def _ignore(done: int, total: int, text: str) -> None:
    return None


PAUSE_STEP_S = 0.05
"""How soon a pause notices that stopping was asked for."""


class TaskState:
    """A running job's side of progress and cancelling; safe to call from any thread."""

    def __init__(self, report: Report | None = None) -> None:
        self._report = report or _ignore
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report `done` of `total` steps (0 of 0: still working, amount unknown)."""
        self._report(done, total, text)

    def cancel(self) -> None:
        """Ask the job to stop at its next check (from the thread that owns the button)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """Whether stopping was asked for."""
        return self._cancel.is_set()

    def check(self, message: str = "已取消") -> None:
        """Raise Cancelled when stopping was asked for; what was committed before stays."""
        if self._cancel.is_set():
            raise Cancelled(message)

    def pause(self, seconds: float, message: str = "已取消") -> None:
        """Wait `seconds` (a retry's backoff), ending at once with Cancelled when stopping is
        asked for meanwhile."""
        # Short sleeps, not Event.wait(timeout): that waits until a deadline on the monotonic
        # clock, which a clock-faking library (make test-dates) moves decades away from the
        # kernel's, so the wait never ended; a relative sleep ends on time under any clock.
        deadline = time.monotonic() + max(0.0, seconds)
        while not self._cancel.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, PAUSE_STEP_S))
        raise Cancelled(message)


QUIET = TaskState()
"""The task of work nobody watches: reports go nowhere and it is never cancelled."""
