"""The demands list in the window at city scale: how long opening, filtering, sorting, searching
and scrolling deep block the UI.

Each action is timed on the UI thread: the action itself (until control returns to the event
loop), and with the paint that follows (the table drawn once, which reads the rows it shows).
The longest gap between event-loop ticks while the action's background work finishes (the whole
list's rowids) is reported too. The bare figure beside it is sqlite3 fetching the same first page,
or for a scroll the rows shown by LIMIT/OFFSET (what a paged model pays at that depth).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView

from app.services.areas import resolve_scope
from app.store.db import open_ledger
from bench import verdicts
from bench.citydb import city_db
from ui.models.record_table import RecordTableModel

SETTLE_MS = 1500
LOADED_S = 60
"""At most this long for the whole list's rowids to come in before scrolling."""
DEEP = 0.8
"""Scroll to this fraction of the list: row 400,000 of 500,000 at city scale."""
SHOWN = 30
"""About as many rows as the table shows."""
REPEAT = 5


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


def _painted(view: QTableView, action: Callable[[], object]) -> tuple[float, float, float]:
    """Milliseconds of the action alone, with the table painted once after it (which reads the
    rows shown), and of painting it again (the rows then cached: painting alone)."""
    started = time.perf_counter()
    action()
    acted = time.perf_counter()
    view.grab()  # paints the table now: data() for every cell shown
    painted = time.perf_counter()
    view.grab()
    again = time.perf_counter()
    return (acted - started) * 1000, (painted - started) * 1000, (again - painted) * 1000


class Reads:
    """Time the model spends reading rows (its blocks), to tell it apart from Qt's painting."""

    def __init__(self, model: RecordTableModel) -> None:
        self.ms = 0.0
        read = model._read_block  # measured from outside, not changed

        def timed(number: int) -> object:
            started = time.perf_counter()
            try:
                return read(number)
            finally:
                self.ms += (time.perf_counter() - started) * 1000

        model._read_block = timed  # type: ignore[method-assign,assignment]

    def take(self) -> float:
        """The milliseconds since the last take."""
        taken, self.ms = self.ms, 0.0
        return taken


SORTS = (("content", "需求内容", False), ("status", "办理状态", False),
         ("residents", "涉及人数", True))
"""Sorts by the demands list's other columns (issue 19: 270–490 ms before they had indexes)."""


def _column_sort(model: RecordTableModel, name: str, label: str,
                 descending: bool) -> tuple[str, Callable[[], object], str]:
    """A click on a column's header: the action, its name and bare sqlite3's first page."""
    column = [f.name for f in model.fields].index(name)
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    direction = " DESC" if descending else ""
    return (f"sort: {label}{' descending' if descending else ''}",
            lambda: model.sort(column, order),
            f"SELECT * FROM demand WHERE deleted = 0 ORDER BY {name}{direction}, "
            f"rowid{direction} LIMIT 200")


def _loaded(model: RecordTableModel) -> None:
    """Spin the event loop until the whole list's rowids are in."""
    end = time.perf_counter() + LOADED_S
    while model.loading and time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.005)


def _scroll(view: QTableView, model: RecordTableModel, row: int) -> None:
    view.scrollTo(model.index(row, 0), QTableView.ScrollHint.PositionAtTop)


def main() -> None:
    """Print, per action, the UI-thread time, the longest loop gap after it, and bare sqlite3."""
    qapp = QApplication.instance() or QApplication([])
    path = city_db()
    ledger = open_ledger(path)
    bare = sqlite3.connect(path)
    model = RecordTableModel("demands")
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    watch = LoopWatch()
    reads = Reads(model)
    received = [f.name for f in model.fields].index("received_on")
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
        ("sort: 登记日期 newest first",
         lambda: model.sort(received, Qt.SortOrder.DescendingOrder),
         "SELECT * FROM demand WHERE deleted = 0 ORDER BY received_on DESC, rowid DESC "
         "LIMIT 200"),
        *(_column_sort(model, name, label, descending) for name, label, descending in SORTS),
        ("sort: none (as added)", lambda: model.sort(-1),
         "SELECT * FROM demand WHERE deleted = 0 ORDER BY rowid LIMIT 200"),
    ]
    print(f"ui_lists: demands list model on {path.name}, times in ms; {REPEAT} scrolls each "
          "to rows not read yet, median (bare sqlite3: once)")
    print("UI thread: the action; + paint: and the table painted once (the figure held to the "
          "budget); repaint: painting alone; rows read: reading the rows shown (inside + paint)")
    print(f"{'action':36} {'UI thread':>10} {'+ paint':>8} {'repaint':>8} {'rows read':>10} "
          f"{'max loop gap':>13} {'bare sqlite3':>13} {'rows':>7}")
    for name, action, sql in actions:
        watch.run(100)
        reads.take()
        blocked, painted, again = _painted(view, action)
        read = reads.take()
        gap = watch.run(SETTLE_MS)
        _loaded(model)
        plain = _blocking(lambda s=sql: bare.execute(s).fetchall())  # type: ignore[misc]
        print(f"{name:36} {blocked:10.1f} {painted:8.1f} {again:8.1f} {read:10.1f} {gap:13.1f} "
              f"{plain:13.1f} {model.rowCount():7d}")
        budget = verdicts.OPEN_LIST if name.startswith("open") else verdicts.FILTER_SORT_SEARCH
        verdicts.record("ui_lists", f"{name}, + paint", painted, "ms", plain, budget,
                        model.rowCount())
    for order, sort in (("as added", partial(model.sort, -1)),
                        ("登记日期 newest first",
                         partial(model.sort, received, Qt.SortOrder.DescendingOrder))):
        sort()
        _loaded(model)
        by = ("rowid" if order == "as added" else "received_on DESC, rowid DESC")
        offset = ("SELECT * FROM demand WHERE deleted = 0 ORDER BY " + by +
                  f" LIMIT {SHOWN} OFFSET {{}}")
        count = model.rowCount()
        deep = int(count * DEEP)
        for name, row in ((f"scroll to row {deep + 1:,}", deep), ("jump to last row", count - 1),
                          ("back to row 1", 0)):
            samples, read_ms, first = [], [], 0
            for _ in range(REPEAT):
                model.reload()  # the rows not read yet (the first block is read by a reload)
                _loaded(model)
                watch.run(50)
                reads.take()
                samples.append(_painted(view, partial(_scroll, view, model, row)))
                read_ms.append(reads.take())
                first = view.rowAt(0)
            gap = watch.run(300)
            sql = offset.format(max(min(row, count - SHOWN), 0))
            # once: by OFFSET under a sort, SQLite sorts the whole list again (tens of seconds)
            plain = _blocking(lambda s=sql: bare.execute(s).fetchall())  # type: ignore[misc]
            blocked, painted, again = (statistics.median(s[n] for s in samples) for n in range(3))
            label = f"{name} ({order})"
            read = statistics.median(read_ms)
            print(f"{label:36} {blocked:10.1f} {painted:8.1f} {again:8.1f} {read:10.1f} "
                  f"{gap:13.1f} {plain:13.1f} {first + 1:7d}")
            verdicts.record("ui_lists", f"{label}, + paint", painted, "ms", plain,
                            verdicts.SCROLL, count)
    ledger.close()
    bare.close()
    del qapp
