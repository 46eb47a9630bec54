"""One write path for synced records: row, field clocks, history, change log, search index together.

Every caller (a service, the demo generator, later the importer and the merge) writes through here,
inside the caller's transaction, so a record never exists without its history.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Connection, text

from app.domain.fields import EntitySpec, Kind
from app.store import personal, recording, search, sort_keys
from app.store.db import Stamp

BASE_COLUMNS = ("id", "created_at", "updated_at", "deleted", "clocks")
_encode = json.JSONEncoder().encode
"""json.dumps(value), without making an encoder at each call."""
_encode_text = json.JSONEncoder(ensure_ascii=False).encode
"""json.dumps(value, ensure_ascii=False), without making an encoder at each call."""
_encode_str = json.encoder.encode_basestring
"""A str as json.dumps(…, ensure_ascii=False) writes it (the same function it calls)."""


def to_db(value: Any) -> Any:
    """A Python value as SQLite stores it."""
    if value is None or type(value) is str:  # most of a ledger: nothing to convert
        return value
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
    if value is None or type(value) is str or type(value) is int:
        return value
    if type(value) is dt.date:
        return value.isoformat()
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
    Rowids are assigned here (the caller holds the write lock), so the search index is written
    from the records themselves without reading the rows back.
    """
    if not records:
        return
    columns = ["rowid", *BASE_COLUMNS, *(f.column for f in spec.fields), *sort_keys.columns(spec)]
    first = (
        int(conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {spec.name}").scalar() or 0)
        + 1
    )
    rows, history, changes, index = [], [], [], []
    vault = personal.vault_of(conn)
    sealing = bool(personal.personal_of(spec))
    found: list[tuple] = []
    names = [f.name for f in spec.fields]
    quoted = {name: f'"{name}"' for name in names}  # field names need no escaping
    keyed = bool(spec.pinyin_sorted)
    for rowid, (plain, stamp) in enumerate(zip(records, stamps, strict=True), start=first):
        # personal values rest sealed in the row and its history (app.store.personal)
        record = personal.seal_record(vault, spec, plain["id"], plain) if sealing else plain
        if sealing:
            found += personal.index_rows(vault, spec, plain["id"], plain)[0]
        values = list(map(record.get, names))
        present = [quoted[name] for name, value in zip(names, values, strict=True)
                   if value is not None]
        # the JSON json.dumps would write, put together directly: every field has this clock
        # (a bulk import writes one per record, and this is a third of its Python time)
        clock = f"[{_encode(stamp.hlc)}, {_encode(stamp.device)}]"
        clocks = "{" + f": {clock}, ".join(present) + f": {clock}}}" if present else "{}"
        rows.append(
            (
                rowid,
                record["id"],
                stamp.at,
                stamp.at,
                0,
                clocks,
                # to_db, inlined for the values that need nothing (most of a ledger)
                *[v if v is None or type(v) is str or type(v) is int else to_db(v)
                  for v in values],
                *(sort_keys.keys(spec, plain) if keyed else ()),
            )
        )
        if not reference:
            # {name: [None, value]} as json.dumps(…, ensure_ascii=False) writes it, put together
            # from each value's JSON (one dict fewer a record)
            diff = ", ".join(
                f"{quoted[name]}: [null, "
                f"{_encode_str(value) if type(value) is str else _encode_text(to_json(value))}]"
                for name, value in zip(names, values, strict=True) if value is not None)
            history.append(history_row_text(spec, record["id"], "create", f"{{{diff}}}", stamp))
            changes.append((spec.name, record["id"], "[" + ", ".join(present) + "]",
                            stamp.hlc, stamp.device, stamp.at, stamp.made_at))  # change_row
        if spec.searchable:
            index.append((rowid, search.record_text(spec, record)))
    marks = ", ".join("?" * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {spec.name} ({', '.join(columns)}) VALUES ({marks})", rows)
    log(conn, history, changes)
    search.index_new(conn, spec, index)
    personal.write_index(conn, found, ())
    recording.wrote(conn, spec.name, (record["id"] for record in records))


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
    return update_records(conn, spec, [Update(record_id, old, new, stamp, action)]) == 1


class Update(NamedTuple):
    """One record's update: its values before, the fields to write, the stamp, the action."""

    record_id: str
    old: dict[str, Any]
    new: dict[str, Any]
    stamp: Stamp
    action: str = "update"


def update_records(conn: Connection, spec: EntitySpec, updates: Sequence[Update]) -> int:
    """Write many records' updates as update_record writes one, each record at most once:
    one statement per set of changed columns, one for history, change log, personal index
    and search index each. Returns how many records changed."""
    vault = personal.vault_of(conn)
    statements: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    history, changes, put, drop, written = [], [], [], [], []
    searched: list[Update] = []
    for update in updates:
        record_id, old, new, stamp, action = update
        diff = {
            name: [to_json(old.get(name)), to_json(value)]
            for name, value in new.items()
            if to_json(old.get(name)) != to_json(value)
        }
        if not diff:
            continue
        clocks = dict(old.get("clocks") or {})
        params: dict[str, Any] = {"id": record_id, "updated_at": stamp.at}
        changed = {n: new[n] for n in diff}
        sealed = personal.seal_record(vault, spec, record_id, changed)
        for name in diff:
            column = "deleted" if name == "deleted" else spec.field(name).column
            params[column] = to_db(sealed[name])
            clocks[name] = [stamp.hlc, stamp.device]
        params["clocks"] = json.dumps(clocks)
        params.update(sort_keys.changed_keys(spec, changed))
        statements.setdefault(tuple(params), []).append(params)
        history.append(history_row(spec, record_id, action,
                                   personal.seal_diff(vault, spec, record_id, diff), stamp))
        changes.append(change_row(spec, record_id, list(diff), stamp))
        found = personal.index_rows(vault, spec, record_id, changed)
        put += found[0]
        drop += found[1]
        if any(n != "deleted" and spec.field(n).searchable for n in diff):
            searched.append(update)
        written.append(record_id)
    if not written:
        return 0
    for columns, rows in statements.items():
        sets = ", ".join(f"{c} = :{c}" for c in columns if c != "id")
        conn.execute(text(f"UPDATE {spec.name} SET {sets} WHERE id = :id"), rows)
    log(conn, history, changes)
    personal.write_index(conn, put, drop)
    if searched:
        _reindex(conn, spec, searched)
    recording.wrote(conn, spec.name, written)
    return len(written)


def history_row(spec: EntitySpec, record_id: str, action: str, diff: dict, stamp: Stamp) -> tuple:
    return history_row_text(spec, record_id, action, _encode_text(diff), stamp)


def history_row_text(spec: EntitySpec, record_id: str, action: str, diff: str,
                     stamp: Stamp) -> tuple:
    """A history row whose diff is JSON text already."""
    return (
        spec.name,
        record_id,
        action,
        diff,
        stamp.hlc,
        stamp.device,
        stamp.user,
        stamp.at,
        stamp.made_at,
    )


def change_row(spec: EntitySpec, record_id: str, fields: list[str], stamp: Stamp) -> tuple:
    names = "[" + ", ".join(f'"{name}"' for name in fields) + "]"  # field names need no escaping
    return (spec.name, record_id, names, stamp.hlc, stamp.device, stamp.at, stamp.made_at)


def log(conn: Connection, history: list[tuple], changes: list[tuple]) -> None:
    if history:
        conn.exec_driver_sql(
            "INSERT INTO history (entity, record_id, action, changes, hlc, device, user, at, "
            "made_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            history,
        )
    if changes:
        conn.exec_driver_sql(
            "INSERT INTO change_log (entity, record_id, fields, hlc, device, at, made_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            changes,
        )


def _reindex(conn: Connection, spec: EntitySpec, updates: Sequence[Update]) -> None:
    """Index updated records again: each record's text before (to remove) and after."""
    rowids: dict[str, int] = dict(conn.exec_driver_sql(
        f"SELECT id, rowid FROM {spec.name} WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps([u.record_id for u in updates]),)).all())
    before = [(int(rowids[u.record_id]), search.record_text(spec, u.old)) for u in updates]
    after = [(int(rowids[u.record_id]), search.record_text(spec, {**u.old, **u.new}))
             for u in updates]
    search.reindex(conn, spec, after, before)
