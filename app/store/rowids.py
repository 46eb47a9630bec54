"""A list's records as ordered rowids: one compact array per query, rows read back by rowid."""

from __future__ import annotations

import json
from array import array
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from app.domain.fields import EntitySpec
from app.store import personal
from app.store.rows import columns, row_to_record

BATCH = 500
"""Rowids bound in one `IN (…)` (well under SQLite's 999-parameter limit of old builds)."""
SLICE = 1 << 16
"""Characters of the rowids' JSON text parsed at once (some 9,000 rowids, ~1 ms)."""


def read(conn: Connection, select: str, params: Mapping[str, Any]) -> array[int]:
    """The rowids a `SELECT <table>.rowid AS rid … ORDER BY …` returns, in its order, as one
    array of 64-bit integers (8 bytes a row, never the records' UUID text).

    They come back as one JSON text: fetching 500,000 one-column rows one by one costs three
    times as much in Python. SQLite keeps a FROM subquery's ORDER BY when the outer query is an
    aggregate other than count/min/max (its query flattener's rule for group_concat, which the
    omit-useless-ORDER-BY optimisation of 3.41 keeps too); tests/app/store/test_rowids.py checks
    the order against the paged query for every kind of sort.
    """
    found = str(conn.exec_driver_sql(
        f"SELECT json_group_array(rid) FROM ({select})", dict(params)
    ).scalar() or "[]")
    # parsed a slice at a time: one json.loads of 500,000 rowids holds the GIL for ~50 ms, which
    # the window (reading in the background) would feel as a stall
    rowids: array[int] = array("q")
    start, end = 1, len(found) - 1
    while start < end:
        stop = found.find(",", start + SLICE)
        stop = end if stop < 0 else stop
        rowids.extend(json.loads(f"[{found[start:stop]}]"))
        start = stop + 1
    return rowids


def rowid_of(conn: Connection, spec: EntitySpec, record_id: str) -> int | None:
    """The rowid of a record (deleted or not); None if there is none."""
    found = conn.exec_driver_sql(
        f"SELECT rowid FROM {spec.name} WHERE id = ?", (record_id,)
    ).scalar()
    return None if found is None else int(found)


def fetch_rowids(
    conn: Connection, spec: EntitySpec, rowids: Sequence[int], *, clocks: bool = True
) -> list[dict[str, Any] | None]:
    """The records of these rowids in that order, personal values opened as every reader opens
    them; None in the place of a rowid that no longer holds a record. `clocks=False` leaves the
    per-field clocks unread (a list shows values only)."""
    vault = personal.vault_of(conn)
    found: dict[int, dict[str, Any]] = {}
    wanted = list(dict.fromkeys(int(r) for r in rowids))
    select = ", ".join(columns(spec))
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start:start + BATCH]
        marks = ", ".join("?" * len(batch))
        rows = conn.exec_driver_sql(
            f"SELECT rowid, {select} FROM {spec.name} WHERE rowid IN ({marks})", tuple(batch)
        )
        for row in rows:
            found[int(row[0])] = row_to_record(spec, row[1:], clocks, vault)
    return [found.get(int(r)) for r in rowids]
