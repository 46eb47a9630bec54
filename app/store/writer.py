"""The one write path of synced records: row, field clocks, history, change log and search index together.

Every caller (a service, the demo generator, later the importer and the merge) writes through here,
inside the caller's transaction, so a record never exists without its history.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from app.domain.fields import EntitySpec, Kind
from app.store import search
from app.store.db import Stamp

BASE_COLUMNS = ("id", "created_at", "updated_at", "deleted", "clocks")


def to_db(value: Any) -> Any:
    """A Python value as SQLite stores it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def to_json(value: Any) -> Any:
    """A Python value as history and bundles write it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def from_db(kind: Kind, value: Any) -> Any:
    """A stored value back in Python (raw sqlite rows)."""
    if value is None:
        return None
    if kind is Kind.DATE:
        return dt.date.fromisoformat(value)
    if kind is Kind.BOOL:
        return bool(value)
    if kind is Kind.ENUMS:
        return json.loads(value) if isinstance(value, str) else value
    return value


def insert_records(
    conn: Connection,
    spec: EntitySpec,
    records: Sequence[dict[str, Any]],
    stamps: Sequence[Stamp],
    *,
    reference: bool = False,
) -> None:
    """Insert new records (field name -> value, with "id"), one stamp each.

    Reference data (the area list shipped with the app) is neither logged nor sent upward.
    """
    if not records:
        return
    columns = [*BASE_COLUMNS, *(f.column for f in spec.fields)]
    rows, history, changes = [], [], []
    for record, stamp in zip(records, stamps, strict=True):
        present = [f for f in spec.fields if record.get(f.name) is not None]
        clocks = {f.name: [stamp.hlc, stamp.device] for f in present}
        row = {"id": record["id"], "created_at": stamp.at, "updated_at": stamp.at, "deleted": 0,
               "clocks": json.dumps(clocks)}
        row.update({f.column: to_db(record.get(f.name)) for f in spec.fields})
        rows.append(row)
        diff = {f.name: [None, to_json(record[f.name])] for f in present}
        history.append(_history_row(spec, record["id"], "create", diff, stamp))
        changes.append(_change_row(spec, record["id"], list(diff), stamp))
    placeholders = ", ".join(f":{c}" for c in columns)
    conn.execute(text(f"INSERT INTO {spec.name} ({', '.join(columns)}) VALUES ({placeholders})"), rows)
    if not reference:
        _log(conn, history, changes)
    _reindex(conn, spec, [r["id"] for r in records])


def update_record(
    conn: Connection,
    spec: EntitySpec,
    record_id: str,
    old: dict[str, Any],
    new: dict[str, Any],
    stamp: Stamp,
    action: str = "update",
) -> bool:
    """Write the fields of `new` (field name -> value, "deleted" allowed) that differ from `old`.

    Returns False (and writes nothing) when nothing changed.
    """
    diff = {
        name: [to_json(old.get(name)), to_json(value)]
        for name, value in new.items()
        if to_json(old.get(name)) != to_json(value)
    }
    if not diff:
        return False
    clocks = dict(old.get("clocks") or {})
    params: dict[str, Any] = {"id": record_id, "updated_at": stamp.at}
    sets = ["updated_at = :updated_at", "clocks = :clocks"]
    for name in diff:
        column = "deleted" if name == "deleted" else spec.field(name).column
        sets.append(f"{column} = :{column}")
        params[column] = to_db(new[name])
        clocks[name] = [stamp.hlc, stamp.device]
    params["clocks"] = json.dumps(clocks)
    conn.execute(text(f"UPDATE {spec.name} SET {', '.join(sets)} WHERE id = :id"), params)
    _log(
        conn,
        [_history_row(spec, record_id, action, diff, stamp)],
        [_change_row(spec, record_id, list(diff), stamp)],
    )
    if any(n != "deleted" and spec.field(n).searchable for n in diff):
        _reindex(conn, spec, [record_id])
    return True


def _history_row(spec: EntitySpec, record_id: str, action: str, diff: dict, stamp: Stamp) -> dict:
    return {"entity": spec.name, "record_id": record_id, "action": action,
            "changes": json.dumps(diff, ensure_ascii=False), "hlc": stamp.hlc,
            "device": stamp.device, "user": stamp.user, "at": stamp.at}


def _change_row(spec: EntitySpec, record_id: str, fields: list[str], stamp: Stamp) -> dict:
    return {"entity": spec.name, "record_id": record_id, "fields": json.dumps(fields),
            "hlc": stamp.hlc, "device": stamp.device, "at": stamp.at}


def _log(conn: Connection, history: list[dict], changes: list[dict]) -> None:
    conn.execute(
        text(
            "INSERT INTO history (entity, record_id, action, changes, hlc, device, user, at) "
            "VALUES (:entity, :record_id, :action, :changes, :hlc, :device, :user, :at)"
        ),
        history,
    )
    conn.execute(
        text(
            "INSERT INTO change_log (entity, record_id, fields, hlc, device, at) "
            "VALUES (:entity, :record_id, :fields, :hlc, :device, :at)"
        ),
        changes,
    )


def _reindex(conn: Connection, spec: EntitySpec, ids: list[str]) -> None:
    if not spec.searchable:
        return
    columns = ", ".join(f.column for f in spec.searchable)
    entries = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        result = conn.execute(
            text(f"SELECT rowid, {columns} FROM {spec.name} WHERE id IN ({marks})"),
            {f"i{n}": v for n, v in enumerate(chunk)},
        )
        for row in result:
            values = {f.column: row[n + 1] for n, f in enumerate(spec.searchable)}
            entries.append((row[0], search.record_text(spec, values)))
    search.reindex(conn, spec, entries)
