"""Installation settings kept in the ledger: role, area, city, names printed on reports."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text

from app.store.db import Ledger


def get_setting(ledger: Ledger, key: str, default: Any = None) -> Any:
    """A setting's value, or the default."""
    with ledger.engine.connect() as conn:
        row = conn.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": key}).first()
    return json.loads(row[0]) if row and row[0] is not None else default


def set_settings(ledger: Ledger, **values: Any) -> None:
    """Store several settings in one transaction."""
    with ledger.write() as conn:
        for key, value in values.items():
            conn.execute(
                text(
                    "INSERT INTO setting (key, value) VALUES (:k, :v) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                ),
                {"k": key, "v": json.dumps(value, ensure_ascii=False)},
            )
