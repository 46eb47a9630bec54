"""Sorting the demands and spaces lists by any column: the values' own order (ties by the order
added, empty values first), the first page read by walking the column's index (migration 0006)."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

import pytest
from sqlalchemy import event

from app.domain.fields import FieldSpec, Kind
from app.errors import UsageError
from app.services import demo, records
from app.services.areas import resolve_scope
from app.services.demo.planning import Scale
from app.store.db import Ledger

SIZE = Scale("sorts", communities=(4, 4), spaces=(12, 12), demands=(40, 40), projects=0.0,
             operators=2, evaluation_rate=0.0)
LISTS = {"demands": "demand", "spaces": "space"}


def sortable(entity: str) -> list[FieldSpec]:
    """The columns a click sorts by their own values (not a reference's name, not a name's
    pinyin key, not a sealed personal field)."""
    return [f for f in records.spec_of(entity).fields
            if not f.personal and not f.pinyin and f.kind is not Kind.REF]


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    """160 demands and 48 spaces in one street, with ties, empty values and a few deleted."""
    demo.generate(ledger, resolve_scope(ledger, "street:解放门街道"), scale=SIZE)
    for entity in LISTS:
        for record in records.list_records(ledger, entity)[3::17]:
            with contextlib.suppress(UsageError):  # a space a function is in stays
                records.delete(ledger, entity, record["id"])
    raw = sqlite3.connect(ledger.path)
    with raw:  # ties and NULLs in every kind of column (written behind the writer's back)
        raw.execute("UPDATE demand SET residents = NULL, reply = NULL, source = NULL "
                    "WHERE rowid % 7 = 0")
        raw.execute("UPDATE demand SET content = '同一条需求', residents = 3 WHERE rowid % 5 = 0")
        raw.execute("UPDATE demand SET resolved_on = '2025-03-01' WHERE rowid % 9 = 0")
        raw.execute("UPDATE space SET floor_area = NULL, usage = NULL, notes = NULL, "
                    "intended_functions = NULL WHERE rowid % 4 = 0")
        raw.execute("UPDATE space SET floor_area = 120.5, address = '长乐东路1号' "
                    "WHERE rowid % 3 = 0")
    raw.close()
    return ledger


def expected(path: Any, table: str, column: str, descending: bool) -> list[int]:
    """The live records' rowids in the order of their values, as SQLite compares them (NULL
    first, numbers, then text by code point), ties by rowid; descending: all of it reversed."""
    raw = sqlite3.connect(path)
    try:
        rows = raw.execute(f"SELECT rowid, {column} FROM {table} WHERE deleted = 0").fetchall()
    finally:
        raw.close()
    ordered = [rowid for rowid, _value in
               sorted(rows, key=lambda r: (r[1] is not None, r[1], r[0]))]
    return ordered[::-1] if descending else ordered


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("entity", list(LISTS))
def test_every_column_sorts_by_its_values_ties_in_the_order_added(
        filled: Ledger, entity: str, descending: bool) -> None:
    table = LISTS[entity]
    raw = sqlite3.connect(filled.path)
    rowid_of = dict(raw.execute(f"SELECT id, rowid FROM {table}").fetchall())
    nulls = 0
    for field in sortable(entity):
        wanted = expected(filled.path, table, field.column, descending)
        values = [v for (v,) in raw.execute(f"SELECT {field.column} FROM {table}")]
        nulls += None in values
        query = records.Query(sort=field.name, descending=descending)
        assert list(records.list_rowids(filled, entity, query)) == wanted, field.name
        page = records.list_records(filled, entity, records.Query(
            sort=field.name, descending=descending, limit=9))
        assert [rowid_of[r["id"]] for r in page] == wanted[:9], field.name
    deleted = raw.execute(f"SELECT count(*) FROM {table} WHERE deleted").fetchone()[0]
    raw.close()
    assert nulls >= 5 and deleted > 0  # empty values in several columns; deleted ones left out


@pytest.mark.parametrize("entity", list(LISTS))
def test_the_first_page_walks_the_columns_index_never_sorting_the_list(
        filled: Ledger, entity: str) -> None:
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, sql: str, params: Any, *_rest: Any) -> None:
        statements.append((sql, params))

    event.listen(filled.engine, "before_cursor_execute", seen)
    raw = sqlite3.connect(filled.path)
    try:
        for field in sortable(entity):
            for descending in (False, True):
                statements.clear()
                records.list_records(filled, entity, records.Query(
                    sort=field.name, descending=descending, limit=50))
                sql, params = next((s, p) for s, p in statements if "ORDER BY" in s)
                plan = " / ".join(r[3] for r in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                assert f"ix_{LISTS[entity]}_{field.column}" in plan, (field.name, plan)
                assert "TEMP B-TREE" not in plan, (field.name, plan)
    finally:
        event.remove(filled.engine, "before_cursor_execute", seen)
        raw.close()


@pytest.mark.parametrize("narrowed", [
    {"scope": "street:解放门街道"}, {"search": "养老"},
    {"dates": {"received_on": ("2024-01-01", "2024-03-31")}},
], ids=["area", "search", "dates"])
def test_a_filter_on_a_sorted_column_never_drives_a_narrower_query(
        filled: Ledger, narrowed: dict[str, Any]) -> None:
    """办理状态 = 已解决 matches half the city's demands: an area, a search or a date range finds
    far fewer, and keeps driving (without statistics, SQLite would walk the status's index)."""
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, sql: str, params: Any, *_rest: Any) -> None:
        statements.append((sql, params))

    if "scope" in narrowed:
        narrowed = {"scope": resolve_scope(filled, narrowed["scope"])}
    query = records.Query(filters={"status": "已解决", "urgency": "一般"}, limit=50, **narrowed)
    event.listen(filled.engine, "before_cursor_execute", seen)
    try:
        found = records.list_records(filled, "demands", query)
    finally:
        event.remove(filled.engine, "before_cursor_execute", seen)
    sql, params = next((s, p) for s, p in statements if "ORDER BY" in s)
    raw = sqlite3.connect(filled.path)
    try:
        plan = " / ".join(r[3] for r in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    finally:
        raw.close()
    assert "ix_demand_status" not in plan and "ix_demand_urgency" not in plan, plan
    assert all(r["status"] == "resolved" and r["urgency"] == "normal" for r in found)
    alone = records.list_records(filled, "demands", records.Query(filters={"status": "已解决"}))
    assert alone and all(r["status"] == "resolved" for r in alone)
