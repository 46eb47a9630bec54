"""Installation settings kept in the ledger: role, area, city, names printed on reports."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, text

from app.store.db import Ledger


def get_setting(ledger: Ledger, key: str, default: Any = None) -> Any:
    """A setting's value, or the default."""
    with ledger.engine.connect() as conn:
        row = conn.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": key}).first()
    if not row or row[0] is None:
        return default
    # the column's JSON type gives SQLite numeric affinity: a number comes back as a number
    return json.loads(row[0]) if isinstance(row[0], str) else row[0]


def set_settings(ledger: Ledger, **values: Any) -> None:
    """Store several settings in one transaction."""
    with ledger.write() as conn:
        store_settings(conn, values)


def store_settings(conn: Connection, values: dict[str, Any]) -> None:
    """Store settings inside a write the caller holds (with the changes they belong to)."""
    for key, value in values.items():
        conn.execute(
            text(
                "INSERT INTO setting (key, value) VALUES (:k, :v) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            {"k": key, "v": json.dumps(value, ensure_ascii=False)},
        )
