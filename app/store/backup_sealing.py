"""Backups made before a ledger sealed its personal fields, sealed in their turn after the upgrade.

A ledger upgraded to revision 0004 seals its reporters' and contacts' names and phones, but the
backups made before (kept up to a year by the thinning rule) still hold them plain: a lost laptop
would give them away. Each such backup is sealed in place with the ledger's own data key: copied
page by page into a temporary file beside it, upgraded there exactly as the ledger was, checked
against the original (every table's rows, every personal value and history diff opening back to
what it was, integrity_check), and only then put over the original under the same name. So a
backup stays restorable at every instant, and one that cannot be sealed (a full disk, a read-only
folder, a damaged file) stays as it was, to be tried again at the next opening.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from app.errors import KnownError
from app.store import faults, migrate, personal
from app.store.backup import explained
from app.store.backup_files import BackupInfo, list_backups
from app.store.whole import written_whole

log = logging.getLogger(__name__)


@dataclass
class Sealing:
    """What one pass over a ledger's backups did."""

    sealed: list[Path] = field(default_factory=list)
    failed: dict[Path, str] = field(default_factory=dict)

    def notice(self) -> str | None:
        """A Chinese line for the user when some backups are still plain (None: nothing to say)."""
        if not self.failed:
            return None
        why = next(iter(self.failed.values())).rstrip("。")
        return (f"有 {len(self.failed)} 个升级前的备份仍含未加密的联系人和电话，本次未能加密"
                f"（{why}）。下次打开台账时会再试。")


def revision_of(path: Path) -> str | None:
    """The schema revision of a backup file (None: unreadable, or not a ledger)."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return migrate.current_revision(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def plain_backups(db_path: Path) -> list[BackupInfo]:
    """The ledger's backups at a revision from before personal fields were sealed."""
    found = []
    for info in list_backups(db_path):
        revision = revision_of(info.path)
        if revision in migrate.REVISIONS and migrate.before_data_key(revision):
            found.append(info)
    return found


EngineFor = Callable[[Path], Engine]
"""An engine over a database file that carries the ledger's vault (app.store.db.make_engine)."""


def seal_plain_backups(db_path: Path, vault: personal.Vault, engine_for: EngineFor) -> Sealing:
    """Seal every plain backup of the ledger with its data key, one file at a time."""
    done = Sealing()
    if vault.missing:
        return done
    for info in plain_backups(db_path):
        try:
            seal_backup(info.path, vault, engine_for)
        except (KnownError, OSError, sqlite3.Error, ValueError) as exc:
            log.warning("backup %s left plain: %s", info.path.name, type(exc).__name__)
            done.failed[info.path] = str(explained(exc, info.path, writing=True) if isinstance(
                exc, sqlite3.Error) else exc)
        else:
            done.sealed.append(info.path)
    return done


def seal_backup(path: Path, vault: personal.Vault, engine_for: EngineFor) -> None:
    """Seal one backup in place: a checked, sealed copy replaces it whole, or nothing changes."""
    source = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        with written_whole(path, private=True) as partial:
            try:
                _sealed_copy(source, partial, engine_for)
                check_sealed(source, partial, vault)
            finally:
                for side in ("-journal", "-wal", "-shm"):
                    partial.with_name(partial.name + side).unlink(missing_ok=True)
    finally:
        source.close()


def _sealed_copy(source: sqlite3.Connection, partial: Path, engine_for: EngineFor) -> None:
    """Copy the backup into `partial` and upgrade it there, as the ledger was upgraded."""
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
    finally:
        dest.close()
    engine = engine_for(partial)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    _as_one_file(partial)


def _as_one_file(path: Path) -> None:
    """A backup reads without side files (as app.store.backup makes them), and keeps no free
    page that held a plain value."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
    finally:
        conn.close()


def check_sealed(plain: sqlite3.Connection, path: Path, vault: personal.Vault) -> None:
    """ValueError unless the sealed copy holds what the plain backup held, sealed."""
    sealed = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        problems = faults.quick_check(sealed)
        if problems:
            raise ValueError("加密后的副本未通过完整性检查：" + "；".join(problems[:3]))
        for table in migrate.user_tables(plain):
            if table == "alembic_version" or "_fts" in table:  # full text: rebuilt
                continue
            before = plain.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            after = sealed.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if before != after:
                raise ValueError(f"加密后的副本中“{table}”的行数不符（{before} → {after}）")
        for entity, fields in personal.PERSONAL.items():
            names = [f.column for f in fields if f.column in _columns(plain, entity)]
            if not names:
                continue
            if dict(_personal_rows(plain, entity, names, None)) != dict(
                    _personal_rows(sealed, entity, names, vault)):
                raise ValueError(f"加密后的副本中“{entity}”的个人信息与原备份不符")
            if _diffs(plain, entity, None) != _diffs(sealed, entity, vault):
                raise ValueError(f"加密后的副本中“{entity}”的修改记录与原备份不符")
    finally:
        sealed.close()


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}


def _personal_rows(conn: sqlite3.Connection, entity: str, columns: list[str],
                   vault: personal.Vault | None) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Each record's personal values, opened with `vault` (None: as stored, i.e. plain)."""
    rows = conn.execute(f"SELECT id, {', '.join(columns)} FROM {entity}")
    for record_id, *values in rows:
        if vault is None:
            yield record_id, tuple(values)
        else:
            if any(v is not None and not str(v).startswith(personal.PREFIX) for v in values):
                raise ValueError(f"加密后的副本中“{entity}”仍有未加密的个人信息")
            yield record_id, tuple(vault.open(record_id, c, v) for c, v in zip(
                _names(entity, columns), values, strict=True))


def _names(entity: str, columns: list[str]) -> list[str]:
    by_column = {f.column: f.name for f in personal.PERSONAL[entity]}
    return [by_column[c] for c in columns]


def _diffs(conn: sqlite3.Connection, entity: str,
           vault: personal.Vault | None) -> dict[int, Any]:
    """The history diffs of an entity by history id, opened with `vault` (None: as stored)."""
    found = {}
    for history_id, record_id, changes in conn.execute(
            "SELECT id, record_id, changes FROM history WHERE entity = ?", (entity,)):
        found[history_id] = (json.loads(changes) if vault is None
                             else personal.open_diff(vault, entity, record_id, changes))
    return found
