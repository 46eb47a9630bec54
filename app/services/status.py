"""What the window's status bar and start-up check need: changes not yet sent, clean shutdown,
integrity, and the way out when the database is damaged (restore a backup or read only)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from app.domain import china_time
from app.errors import KnownError, LedgerDamaged, NeedsPerson, UsageError
from app.services.settings import get_setting
from app.store import backup
from app.store.backup import BackupInfo
from app.store.db import Ledger, open_ledger

SQLITE_HEADER = b"SQLite format 3\x00"
CHECK_STEPS = 1_000
"""SQLite virtual-machine steps between two looks at the cancel flag during a check."""


class ReadOnlyLedger(KnownError):
    """A write was refused: the ledger was opened read-only because it is damaged."""


# --- changes not yet delivered upward ------------------------------------------------------


DELIVERED_SEQ = "sync/delivered_seq"
"""The setting that holds the last change-log number the office above acknowledged."""


def undelivered_changes(ledger: Ledger) -> int:
    """How many changes this ledger has not yet delivered to the level above.

    Delivered: acknowledged by a receipt of the office above (DELIVERED_SEQ).
    """
    delivered = int(get_setting(ledger, DELIVERED_SEQ, 0))
    with ledger.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM change_log WHERE seq > :s"),
                                {"s": delivered}).scalar() or 0)


# --- clean shutdown ------------------------------------------------------------------------


def marker_path(db_path: Path) -> Path:
    """The file that exists beside the database while a window has it open."""
    return db_path.with_name(db_path.name + ".open")


def mark_open(db_path: Path) -> None:
    """Note that the database is open (best effort: a read-only folder just skips it)."""
    stamp = china_time.now().isoformat(timespec="seconds")
    with contextlib.suppress(OSError):
        marker_path(db_path).write_text(f"{os.getpid()} {stamp}\n", encoding="utf-8")


def mark_closed(db_path: Path) -> None:
    """Note that the database was closed cleanly."""
    with contextlib.suppress(OSError):
        marker_path(db_path).unlink(missing_ok=True)


def was_unclean(db_path: Path) -> bool:
    """True if the last session with this database ended without closing it (a crash, power)."""
    return marker_path(db_path).exists()


# --- integrity -----------------------------------------------------------------------------


def is_sqlite_file(db_path: Path) -> bool:
    """True if the file starts as every SQLite database does (a damaged one usually still does)."""
    try:
        with db_path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_integrity(db_path: Path, cancelled: Callable[[], bool] | None = None) -> list[str] | None:
    """The problems `PRAGMA quick_check` and the foreign-key check find ([] when sound).

    A file that SQLite cannot read at all is one problem; a file that is no SQLite database is
    none (opening it says what it is). None if `cancelled` returned True before the check ended.
    """
    if cancelled is not None and cancelled():
        return None
    if not is_sqlite_file(db_path):
        return []
    conn = sqlite3.connect(db_path, timeout=10, check_same_thread=False)
    try:
        if cancelled is not None:
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, CHECK_STEPS)
        return backup.quick_check(conn)
    except sqlite3.DatabaseError as exc:
        if cancelled is not None and cancelled():
            return None
        return [f"数据库无法读取：{exc}"]
    finally:
        conn.close()


# --- the way out ---------------------------------------------------------------------------


def latest_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup of the database, if any."""
    found = backup.list_backups(db_path)
    return found[0] if found else None


@dataclass(frozen=True)
class Restored:
    """A restore from backup: the backup used, and where the damaged file was kept."""

    backup: BackupInfo
    damaged_copy: Path


def _set_aside(db_path: Path) -> Path:
    """Rename the damaged file (and its WAL side files) so that nothing of it is lost."""
    stamp = china_time.stamp()
    kept = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    n = 1
    while kept.exists():
        n += 1
        kept = db_path.with_name(f"{db_path.stem}.damaged-{stamp}-{n}{db_path.suffix}")
    for side in ("-wal", "-shm"):
        part = db_path.with_name(db_path.name + side)
        if part.exists():
            os.replace(part, kept.with_name(kept.name + side))
    os.replace(db_path, kept)
    return kept


def restore_latest_backup(db_path: Path) -> Restored:
    """Replace a damaged database by its newest sound backup; the damaged file is kept beside it.

    The database must be closed. The restored ledger gets a new device identity, as after every
    restore. NeedsPerson when no backup can be restored.
    """
    for info in backup.list_backups(db_path):
        if check_integrity(info.path):
            continue  # a damaged backup: try the one before it
        kept = _set_aside(db_path) if db_path.exists() else db_path
        try:
            backup.restore_backup(db_path, info.path)
        except (UsageError, LedgerDamaged):
            db_path.unlink(missing_ok=True)
            if kept != db_path:
                os.replace(kept, db_path)
            raise
        ledger = open_ledger(db_path)
        try:
            ledger.renew_identity()  # what the old identity sent may not be sent again
        finally:
            ledger.close()
        return Restored(info, kept)
    raise NeedsPerson(
        f"没有可以恢复的备份（备份目录：{backup.backup_dir(db_path)}）。请联系技术支持。"
    )


def make_read_only(ledger: Ledger) -> None:
    """From now on the ledger refuses every write with a clear message (ReadOnlyLedger)."""
    ledger.engine.dispose()  # connections opened from now on get the pragma

    @event.listens_for(ledger.engine, "connect")
    def _query_only(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA query_only = ON")

    @event.listens_for(ledger.engine, "handle_error")
    def _refuse(context: Any) -> None:
        if "readonly" in str(context.original_exception):
            raise ReadOnlyLedger(
                "数据库已损坏，本次以只读方式打开，不能保存修改。请从备份恢复后再修改。"
            )
