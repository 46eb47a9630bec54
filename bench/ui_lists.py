"""The demands list in the window at city scale: how long opening, filtering, search block the UI.

Each action is timed on the UI thread (the time until control returns to the event loop), and the
longest gap between event-loop ticks while the action's background work finishes is reported too.
The bare figure beside it is sqlite3 fetching the same first page.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from functools import partial
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from app.services.areas import resolve_scope
from app.store.db import open_ledger
from bench.citydb import city_db
from ui.models.record_table import RecordTableModel

SETTLE_MS = 1500


class LoopWatch:
    """Measures the longest time the event loop went without running a 1 ms timer."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.clock = QElapsedTimer()
        self.longest = 0.0
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.longest = max(self.longest, self.clock.nsecsElapsed() / 1e6)
        self.clock.restart()

    def run(self, ms: int) -> float:
        """Spin the event loop for `ms` and return the longest gap seen."""
        self.longest = 0.0
        self.clock.start()
        self.timer.start()
        end = time.perf_counter() + ms / 1000
        while time.perf_counter() < end:
            QApplication.processEvents()
        self.timer.stop()
        return self.longest


def _calls(*calls: tuple[Callable[[Any], None], Any]) -> None:
    """Several model calls as one action."""
    for call, argument in calls:
        call(argument)


def _blocking(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    """Print, per action, the UI-thread time, the longest loop gap after it, and bare sqlite3."""
    qapp = QApplication.instance() or QApplication([])
    path = city_db()
    ledger = open_ledger(path)
    bare = sqlite3.connect(path)
    model = RecordTableModel("demands")
    watch = LoopWatch()
    street = resolve_scope(ledger, "street:解放门街道")
    district = resolve_scope(ledger, "district:新城区")
    actions: list[tuple[str, Callable[[], object], str]] = [
        ("open demands list", lambda: model.set_ledger(ledger),
         "SELECT * FROM demand WHERE deleted = 0 LIMIT 200"),
        ("filter: street 解放门街道", lambda: model.set_scope(street),
         "SELECT * FROM demand WHERE deleted = 0 AND community_id IN (SELECT id FROM community "
         f"WHERE street_id = '{street.id if street else ''}') LIMIT 200"),
        ("filter: 办理状态 已解决", lambda: model.set_filters({"status": "已解决"}),
         "SELECT * FROM demand WHERE deleted = 0 AND status = 'resolved' AND community_id IN "
         f"(SELECT id FROM community WHERE street_id = '{street.id if street else ''}') LIMIT 200"),
        ("search 老年助餐", lambda: model.set_search("老年助餐"),
         "SELECT * FROM demand WHERE content LIKE '%老年助餐%' LIMIT 200"),
        ("search 养老 (2 chars)", lambda: model.set_search("养老"),
         "SELECT * FROM demand WHERE content LIKE '%养老%' LIMIT 200"),
        ("filter: none (search on)", lambda: model.set_filters({}),
         "SELECT * FROM demand WHERE content LIKE '%养老%' LIMIT 200"),
        ("scope: district 新城区", lambda: model.set_scope(district),
         "SELECT * FROM demand WHERE content LIKE '%养老%' LIMIT 200"),
        ("clear search, filter, scope",
         partial(_calls, (model.set_search, ""), (model.set_filters, {}), (model.set_scope, None)),
         "SELECT * FROM demand WHERE deleted = 0 LIMIT 200"),
    ]
    print(f"ui_lists: demands list model on {path.name}, times in ms")
    print(f"{'action':28} {'UI thread':>10} {'max loop gap':>13} {'bare sqlite3':>13} {'rows':>7}")
    for name, action, sql in actions:
        watch.run(100)
        blocked = _blocking(action)
        gap = watch.run(SETTLE_MS)
        plain = _blocking(lambda s=sql: bare.execute(s).fetchall())  # type: ignore[misc]
        print(f"{name:28} {blocked:10.1f} {gap:13.1f} {plain:13.1f} {model.rowCount():7d}")
    ledger.close()
    bare.close()
    del qapp
