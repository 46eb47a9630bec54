"""Helpers of the store tests: raw reads of a ledger file, to check what was really written."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.store.db import Ledger

STREET = "解放门街道"
COMMUNITY_CODE = "610102005001"
"""The street, and the code of the community, of the store tests' `community` fixture."""


def scalar(ledger: Ledger, sql: str, **params: Any) -> Any:
    """The first column of the first row of a query on the ledger."""
    with ledger.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def rows(ledger: Ledger, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Every row of a query on the ledger."""
    with ledger.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def counts(ledger: Ledger, *tables: str) -> dict[str, int]:
    """Row counts of some tables."""
    return {t: int(scalar(ledger, f"SELECT count(*) FROM {t}")) for t in tables}


def read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to a database file."""
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def file_counts(path: Path, *tables: str) -> dict[str, int]:
    """Row counts of some tables of a database file, read without writing anything."""
    conn = read_only(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in a folder (recursively) with its hash: to show that nothing was touched."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def plain_bytes_in(path: Path, values: tuple[str, ...]) -> list[str]:
    """Where any of the values lies in plain form: a table's text (every table, FTS shadow tables
    included, read through SQLite), or the raw bytes of the database file, its WAL or journal
    (free pages and old frames included). [] when nowhere."""
    found: list[str] = []
    conn = read_only(path)
    try:
        tables = [r[0] for r in conn.execute(  # FTS shadow tables, not the virtual ones
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]
        for name in tables:
            for row in conn.execute(f'SELECT * FROM "{name}"'):
                text_of = " ".join(str(v) for v in row if isinstance(v, str | bytes))
                found += [f"{name}: {v}" for v in values if v in text_of]
    finally:
        conn.close()
    for suffix in ("", "-wal", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            raw = side.read_bytes()
            found += [f"{side.name} bytes: {v}" for v in values if v.encode() in raw]
    return found


def add_plain_demands(path: Path, first: int, count: int) -> None:
    """Add demands with reporters and phones to a revision-0003 file (and a history row each),
    as that revision kept them: plain. Demand n is 需求 n, reported by 王秀英n, phone 139…n."""
    conn = sqlite3.connect(path)
    with conn:
        template = conn.execute("SELECT * FROM demand").fetchone()
        columns = [c[1] for c in conn.execute("PRAGMA table_info(demand)")]
        rows = []
        for n in range(first, first + count):
            row = dict(zip(columns, template, strict=True))
            row.update(id=f"00000000-0000-4000-8000-{n:012d}", content=f"需求 {n}",
                       reporter=f"王秀英{n}", phone=f"139{n:08d}")
            rows.append(tuple(row.values()))
        conn.executemany(f"INSERT INTO demand VALUES ({', '.join('?' * len(columns))})", rows)
        conn.executemany(
            "INSERT INTO history (entity, record_id, action, changes, hlc, device, user, at) "
            "VALUES ('demand', ?, 'update', ?, '0001709607600000-00000', 'X', '', 'now')",
            [(r[0], json.dumps({"phone": [None, f"139{n:08d}"], "reporter": [None, "王秀英"]}))
             for n, r in zip(range(first, first + count), rows, strict=True)])
    conn.close()
