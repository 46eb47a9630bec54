"""Open, filter, sort and search the demands list at city scale: services beside bare sqlite3."""

from __future__ import annotations

import dataclasses
import sqlite3
import statistics
import time
from collections.abc import Callable

from app.services import records
from app.services.areas import resolve_scope
from app.store.db import Ledger, open_ledger
from bench import scale, verdicts
from bench.citydb import city_db

PAGE = 200


def _time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of fn in milliseconds (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    """Print one line per case: service time, bare sqlite3 time, ratio."""
    path = city_db()
    ledger = open_ledger(path)
    bare = sqlite3.connect(path)
    street = resolve_scope(ledger, "street:解放门街道")
    first = f"SELECT * FROM demand WHERE deleted = 0 {{}} LIMIT {PAGE}"
    cases: list[tuple[str, records.Query, str, tuple]] = [
        ("open list (first page)", records.Query(limit=PAGE), first.format("ORDER BY rowid"), ()),
        (
            "filter status=已解决",
            records.Query(filters={"status": "已解决"}, limit=PAGE),
            first.format("AND status = ? ORDER BY rowid"),
            ("resolved",),
        ),
        (
            "sort by 登记日期 desc",
            records.Query(sort="received_on", descending=True, limit=PAGE),
            first.format("ORDER BY received_on DESC"),
            (),
        ),
        *(
            (f"sort by {label}{' desc' if descending else ''}",
             records.Query(sort=name, descending=descending, limit=PAGE),
             first.format(f"ORDER BY {name}{' DESC' if descending else ''}"), ())
            for name, label, descending in (
                ("content", "需求内容", False), ("status", "办理状态", False),
                ("status", "办理状态", True), ("residents", "涉及人数", True),
                ("function", "功能类别", False), ("resolved_on", "办结日期", True))
        ),
        (
            "scope street:解放门街道",
            records.Query(scope=street, limit=PAGE),
            first.format(
                "AND community_id IN (SELECT id FROM community WHERE street_id = ?) ORDER BY rowid"
            ),
            (street.id if street else "",),
        ),
        (
            "登记日期 one day",
            records.Query(dates={"received_on": ("2025-06-03", "2025-06-03")}, limit=PAGE),
            first.format("AND received_on BETWEEN '2025-06-03' AND '2025-06-03' ORDER BY rowid"),
            (),
        ),
        (
            "登记日期 one month",
            records.Query(dates={"received_on": ("2025-06-01", "2025-06-30")}, limit=PAGE),
            first.format("AND received_on BETWEEN '2025-06-01' AND '2025-06-30' ORDER BY rowid"),
            (),
        ),
        (
            "登记日期 from 2025 on",
            records.Query(dates={"received_on": ("2025-01-01", None)}, limit=PAGE),
            first.format("AND received_on >= '2025-01-01' ORDER BY rowid"),
            (),
        ),
        (
            "登记日期 a year, street",
            records.Query(scope=street, dates={"received_on": ("2025-01-01", "2025-12-31")},
                          limit=PAGE),
            first.format(
                "AND community_id IN (SELECT id FROM community WHERE street_id = ?) "
                "AND received_on BETWEEN '2025-01-01' AND '2025-12-31' ORDER BY rowid"
            ),
            (street.id if street else "",),
        ),
        (
            "search 老年助餐 (trigram)",
            records.Query(search="老年助餐", limit=PAGE),
            first.format("AND content LIKE '%老年助餐%' ORDER BY rowid"),
            (),
        ),
        (
            "search 养老 (2 chars)",
            records.Query(search="养老", limit=PAGE),
            first.format("AND content LIKE '%养老%' ORDER BY rowid"),
            (),
        ),
        (
            "search 托育 (2 chars)",
            records.Query(search="托育", limit=PAGE),
            first.format("AND content LIKE '%托育%' ORDER BY rowid"),
            (),
        ),
        (
            "search 梯 (1 char)",
            records.Query(search="梯", limit=PAGE),
            first.format("AND content LIKE '%梯%' ORDER BY rowid"),
            (),
        ),
    ]
    total = records.count(ledger, "demands")
    print(f"lists: demands at {scale.chosen()} scale ({total:,} rows), first page of {PAGE}, "
          "median of 5")
    print(f"{'case':28} {'service ms':>11} {'bare ms':>9} {'ratio':>7}")
    for name, query, sql, params in cases:
        service = _time(lambda q=query: records.list_records(ledger, "demands", q))  # type: ignore[misc]
        plain = _time(lambda s=sql, p=params: bare.execute(s, p).fetchall())  # type: ignore[misc]
        print(f"{name:28} {service:11.1f} {plain:9.1f} {service / plain:7.2f}")
        budget = verdicts.OPEN_LIST if name.startswith("open") else verdicts.FILTER_SORT_SEARCH
        verdicts.record("lists", f"demands: {name.removesuffix(' (first page)')}, first page",
                        service, "ms", plain, budget, total)
    counted = _time(
        lambda: records.count(ledger, "demands", records.Query(search="养老")), repeat=3
    )
    print(f"{'count search 养老':28} {counted:11.1f}")
    print("\nthe whole list's ordered rowids (what the list model keeps; read in the background "
          "for a table above RecordTableModel.SYNC_ROWS), median of 3")
    print(f"{'case':28} {'service ms':>11} {'bare ms':>9} {'ratio':>7} {'rows':>8}")
    for name, query, sql, params in cases:
        whole = dataclasses.replace(query, limit=None)
        listed = sql.replace("SELECT *", "SELECT rowid").replace(f" LIMIT {PAGE}", "")
        rowids = records.list_rowids(ledger, "demands", whole)
        service = _time(lambda q=whole: records.list_rowids(ledger, "demands", q),  # type: ignore[misc]
                        repeat=3)
        plain = _time(lambda s=listed, p=params: bare.execute(s, p).fetchall(),  # type: ignore[misc]
                      repeat=3)
        print(f"{name:28} {service:11.1f} {plain:9.1f} {service / plain:7.2f} {len(rowids):8,}")
    shown = records.list_rowids(ledger, "demands")
    deep = shown[int(len(shown) * 0.8):int(len(shown) * 0.8) + 50]
    by_rowid = _time(lambda: records.records_by_rowid(ledger, "demands", deep, clocks=False))
    offset = _time(lambda: bare.execute(
        f"SELECT * FROM demand WHERE deleted = 0 ORDER BY rowid LIMIT 50 OFFSET "
        f"{int(len(shown) * 0.8)}").fetchall())
    print(f"{'50 rows at 80% by rowid':28} {by_rowid:11.1f} {offset:9.1f} (bare: LIMIT/OFFSET)")
    _name_sorts(ledger, bare)
    ledger.close()
    bare.close()


def _name_sorts(ledger: Ledger, bare: sqlite3.Connection) -> None:
    """Sorting by a name (pinyin order, DESIGN.md) beside bare sqlite3 walking the name's own
    index in code-point order (a reference: the referenced names' index, then each one's
    records): the first page, forwards and backwards."""
    cases = [
        ("spaces by 资源名称", "spaces", records.Query(sort="name", limit=PAGE),
         f"SELECT * FROM space WHERE +deleted = 0 ORDER BY name LIMIT {PAGE}"),
        ("spaces by 资源名称 desc", "spaces",
         records.Query(sort="name", descending=True, limit=PAGE),
         f"SELECT * FROM space WHERE +deleted = 0 ORDER BY name DESC LIMIT {PAGE}"),
        ("communities by 社区名称", "communities", records.Query(sort="name", limit=PAGE),
         f"SELECT * FROM community WHERE +deleted = 0 ORDER BY name LIMIT {PAGE}"),
        ("projects by 项目名称", "projects", records.Query(sort="name", limit=PAGE),
         f"SELECT * FROM project WHERE +deleted = 0 ORDER BY name LIMIT {PAGE}"),
        ("demands by 所属社区", "demands", records.Query(sort="community", limit=PAGE),
         "SELECT demand.* FROM community c CROSS JOIN demand ON demand.community_id = c.id "
         f"WHERE +demand.deleted = 0 ORDER BY c.name, c.rowid, demand.rowid LIMIT {PAGE}"),
    ]
    print(f"{'sort by name (pinyin)':28} {'service ms':>11} {'bare ms':>9} {'ratio':>7}")
    for name, entity, query, sql in cases:
        service = _time(
            lambda e=entity, q=query: records.list_records(ledger, e, q))  # type: ignore[misc]
        plain = _time(lambda s=sql: bare.execute(s).fetchall())  # type: ignore[misc]
        print(f"{name:28} {service:11.1f} {plain:9.1f} {service / plain:7.2f}")
        verdicts.record("lists", f"{name} (pinyin), first page", service, "ms", plain,
                        verdicts.FILTER_SORT_SEARCH, records.count(ledger, entity))
