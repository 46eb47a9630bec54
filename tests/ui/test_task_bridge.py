"""A worker's TaskState lent to a service: the same progress reports, the same cancel flag."""

from __future__ import annotations

import pytest

from app import task
from app.errors import Cancelled
from ui import tasks
from ui.task_bridge import service_task


def test_a_worker_state_reports_and_cancels_through_the_bridge() -> None:
    seen: list[tuple[int, int, str]] = []
    state = tasks.TaskState(lambda d, t, m: seen.append((d, t, m)))
    bridged = service_task(state)
    bridged.progress(3, 10, "需求清单")
    bridged.check()
    assert seen == [(3, 10, "需求清单")] and not bridged.cancelled
    state.cancelled.set()  # the cancel button
    assert bridged.cancelled
    with pytest.raises(Cancelled, match="已取消导出"):
        bridged.check("已取消导出，没有写出文件")


def test_an_app_task_state_passes_through() -> None:
    state = task.TaskState()
    assert service_task(state) is state
