"""Reads of one page run one at a time, in the order they were asked for, each in its own worker.

A page with several parts (ui/pages/programme_page.py) starts a read per part so that each shows
when it is ready; running them all at once would only share the same two cores, hold the GIL
against the window, and open a connection each. Each read takes a ticket when it is started (on
the UI thread) and waits in its worker for its turn; a read cancelled while waiting skips its
work when its turn comes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.task import TaskState

Job = Callable[[TaskState], object]


class Turns:
    """Tickets served in order: a job runs when every job started before it has ended."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._issued = 0
        self._serving = 0

    def queued(self, job: Job) -> Job:
        """The job, to run in its turn (the ticket is taken now, in the caller's order)."""
        with self._changed:
            ticket = self._issued
            self._issued += 1

        def in_turn(state: TaskState) -> object:
            with self._changed:
                self._changed.wait_for(lambda: self._serving == ticket)
            try:
                return None if state.cancelled else job(state)
            finally:
                with self._changed:
                    self._serving += 1
                    self._changed.notify_all()

        return in_turn
