"""What this ledger took in from each sending device: ranges applied, bundles held, and a log.

Kept apart from apply.py so that the modules apply.py consults (rotation, revocation) can read
the same state without importing the applier.

The log of applied bundles says, per bundle, when it was applied and which history rows its
transaction wrote, as the first and last history id. That is exact and cheap: a bundle is merged
in one write transaction (BEGIN IMMEDIATE: no other writer in between), SQLite gives each new
history row the next id (max + 1; history rows are never deleted), so the rows one bundle wrote
are one unbroken run of ids, whatever devices and clocks they carry. A device's clock span or
the history's device column would not do: a street's upward bundle carries its laptops' writes
under their own devices and clocks, and a bundle may lose every field (conflict rows only).
Two integers per bundle, listed back with one range scan of the history's primary key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from app.store.db import Ledger
from app.store.settings import get_setting, store_settings
from app.sync import bundle

WAITING, QUARANTINE = "waiting", "quarantine"
"""The folders of held/: bundles that wait (a gap, a clock ahead) and those for a person."""

_HELD_NAME = re.compile(r"([0-9A-F]{16})-([0-9]{1,12})-([0-9]{1,12})-[0-9a-f]{16}"
                        + re.escape(bundle.SUFFIX))
_LOG = "sync/applied_log/"


def held_dir(ledger: Ledger) -> Path:
    """Bundles waiting for the ones before them, and quarantined forks (beside the ledger)."""
    return ledger.path.with_name(ledger.path.name + ".held")


def held_device(name: str) -> str | None:
    """The device a held file's name says (None: not a name this ledger gave)."""
    found = _HELD_NAME.fullmatch(name)
    return found.group(1) if found else None


def held_range(name: str) -> tuple[str, int, int] | None:
    """The device and sequence range a held file's name says (None: not a name this ledger
    gave)."""
    found = _HELD_NAME.fullmatch(name)
    return (found.group(1), int(found.group(2)), int(found.group(3))) if found else None


def _state_key(fingerprint: str) -> str:
    return f"sync/applied/{fingerprint}"


def applied_state(ledger: Ledger, fingerprint: str) -> dict[str, Any]:
    """What this ledger applied of a device: {"seq": highest contiguous, "ranges": {span: sha}}."""
    state: dict[str, Any] = get_setting(ledger, _state_key(fingerprint)) or {
        "seq": 0, "ranges": {}}
    return state


def store_applied(conn: Connection, fingerprint: str, state: dict[str, Any]) -> None:
    """Keep a device's applied state, inside the transaction that applied its bundle."""
    store_settings(conn, {_state_key(fingerprint): state})


def manifest_at(state: dict[str, Any], seq: int) -> str | None:
    """The manifest hash of the applied bundle that ends at `seq` (None: there is none)."""
    return next((sha for span, sha in state["ranges"].items()
                 if span.rpartition("-")[2] == str(seq)), None)


def previous_manifest(state: dict[str, Any]) -> str | None:
    """The manifest hash of the last bundle applied (the one ending at the applied sequence)."""
    return manifest_at(state, int(state["seq"]))


# --- the log of applied bundles -----------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """One bundle applied: its range, when, and the history rows it wrote (None: none or
    unknown, for a bundle applied before the log was kept)."""

    seq_from: int
    seq_to: int
    manifest_sha256: str
    applied_at: str | None
    history: tuple[int, int] | None


def history_mark(conn: Connection) -> int:
    """The last history id, read inside the write transaction before a bundle is merged."""
    return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM history")).scalar() or 0)


def note_applied(conn: Connection, fingerprint: str, span: str, mark: int,
                 moment: dt.datetime) -> None:
    """Log a bundle applied in this transaction: when, and the history ids it wrote after
    `mark` (see the module docstring)."""
    last = history_mark(conn)
    store_settings(conn, {f"{_LOG}{fingerprint}/{span}": {
        "at": moment.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "history": [mark + 1, last] if last > mark else None}})


def applied_bundles(ledger: Ledger, fingerprint: str) -> list[Applied]:
    """Every bundle of a device this ledger applied, in sequence order, with its log entry."""
    state = applied_state(ledger, fingerprint)
    prefix = f"{_LOG}{fingerprint}/"
    with ledger.engine.connect() as conn:
        rows = conn.execute(text("SELECT key, value FROM setting WHERE substr(key, 1, :n) = :p"),
                            {"n": len(prefix), "p": prefix}).all()
    logged: dict[str, dict[str, Any]] = {}
    for key, value in rows:
        entry = json.loads(value) if isinstance(value, str) else value
        if isinstance(entry, dict):
            logged[key[len(prefix):]] = entry
    found = []
    for span, sha in state["ranges"].items():
        first, _dash, last = span.partition("-")
        entry = logged.get(span, {})
        history = entry.get("history")
        found.append(Applied(int(first), int(last), sha, entry.get("at"),
                             (int(history[0]), int(history[1])) if history else None))
    return sorted(found, key=lambda a: a.seq_from)


def touched(ledger: Ledger, applied: Applied) -> list[dict[str, Any]]:
    """The history rows a logged bundle wrote: entity, record id, action, fields, device."""
    if applied.history is None:
        return []
    with ledger.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, entity, record_id, action, changes, device FROM history "
                 "WHERE id BETWEEN :a AND :b ORDER BY id"),
            {"a": applied.history[0], "b": applied.history[1]}).all()
    return [{"id": row[0], "entity": row[1], "record_id": row[2], "action": row[3],
             "changes": row[4], "device": row[5]} for row in rows]
