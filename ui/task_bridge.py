"""A worker's TaskState (ui/tasks.py) as the app.task.TaskState that services take as `task=`.

The window's TaskState reports progress by signal and has its own cancel flag; the bridge lends a
service that same report and that same flag, so the cancel button stops it at its next check.
Once ui/tasks.py hands its jobs an app.task.TaskState, the bridge passes it through unchanged.
"""

from __future__ import annotations

from app import task
from ui import tasks


class _Bridge(task.TaskState):
    def __init__(self, state: tasks.TaskState) -> None:
        super().__init__(state.progress)
        self._cancel = state.cancelled  # the worker's own flag (a threading.Event)


def service_task(state: tasks.TaskState | task.TaskState) -> task.TaskState:
    """The app.task.TaskState for a worker's state: its progress reports, its cancel flag."""
    if isinstance(state, task.TaskState):
        return state
    return _Bridge(state)
