"""The Qt-free task protocol: progress goes where it is told, cancel stops at the next check."""

from __future__ import annotations

import threading

import pytest

from app.errors import Cancelled
from app.task import QUIET, TaskState


def test_progress_reaches_the_report() -> None:
    seen: list[tuple[int, int, str]] = []
    task = TaskState(lambda done, total, text: seen.append((done, total, text)))
    task.progress(1, 3, "读取")
    task.progress(0, 0)
    assert seen == [(1, 3, "读取"), (0, 0, "")]


def test_cancel_from_another_thread_stops_at_the_next_check() -> None:
    task = TaskState()
    task.check()  # not cancelled: nothing happens
    other = threading.Thread(target=task.cancel)
    other.start()
    other.join()
    assert task.cancelled
    with pytest.raises(Cancelled, match="导入已取消"):
        task.check("导入已取消")


def test_the_quiet_task_reports_nowhere_and_never_stops() -> None:
    QUIET.progress(5, 10, "x")
    QUIET.check()
    assert not QUIET.cancelled
