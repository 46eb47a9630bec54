"""ui.turns: a page's reads run one at a time in the order they were started; a read cancelled
while it waits skips its work."""

from __future__ import annotations

import threading
import time

from app.task import TaskState
from ui.turns import Turns


def test_jobs_run_one_at_a_time_in_the_order_they_were_started() -> None:
    turns = Turns()
    ran: list[int] = []
    running = threading.Semaphore(1)
    overlaps: list[int] = []

    def job(n: int) -> object:
        def run(_state: TaskState) -> object:
            if not running.acquire(blocking=False):
                overlaps.append(n)
                return None
            try:
                time.sleep(0.01)
                ran.append(n)
                return n
            finally:
                running.release()
        return run

    queued = [turns.queued(job(n)) for n in range(5)]
    results: dict[int, object] = {}
    threads = [threading.Thread(target=lambda n=n: results.setdefault(n, queued[n](TaskState())))
               for n in reversed(range(5))]  # started last first: they still run in turn
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert ran == [0, 1, 2, 3, 4]
    assert overlaps == []
    assert results == {n: n for n in range(5)}


def test_a_job_cancelled_while_waiting_skips_its_work() -> None:
    turns = Turns()
    ran: list[str] = []
    first = turns.queued(lambda _state: ran.append("first") or "first")
    second = turns.queued(lambda _state: ran.append("second") or "second")
    third = turns.queued(lambda _state: ran.append("third") or "third")
    cancelled = TaskState()
    cancelled.cancel()
    assert first(TaskState()) == "first"
    assert second(cancelled) is None  # its turn passes, nothing done
    assert third(TaskState()) == "third"
    assert ran == ["first", "third"]
