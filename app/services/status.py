"""What the window's start-up check needs: clean shutdown, integrity, and the way out when
the database is damaged (restore a backup or read only)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.domain import china_time
from app.errors import KnownError, LedgerDamaged, NeedsPerson, UsageError
from app.store import backup, faults
from app.store.backup import BackupInfo
from app.store.db import Ledger, is_sqlite_file, open_ledger
from app.store.whole import write_whole
from app.task import QUIET, TaskState

CHECK_STEPS = 1_000
"""SQLite virtual-machine steps between two looks at the cancel flag during a check."""


# --- clean shutdown ------------------------------------------------------------------------


def marker_path(db_path: Path) -> Path:
    """The file that exists beside the database while a window has it open."""
    return db_path.with_name(db_path.name + ".open")


def mark_open(db_path: Path) -> None:
    """Note that the database is open (best effort: a read-only folder just skips it)."""
    stamp = china_time.now().isoformat(timespec="seconds")
    with contextlib.suppress(KnownError, OSError):
        write_whole(marker_path(db_path), f"{os.getpid()} {stamp}\n")


def mark_closed(db_path: Path) -> None:
    """Note that the database was closed cleanly."""
    with contextlib.suppress(OSError):
        marker_path(db_path).unlink(missing_ok=True)


def was_unclean(db_path: Path) -> bool:
    """True if the last session with this database ended without closing it (a crash, power)."""
    return marker_path(db_path).exists()


def _running(pid: int) -> bool:
    """Whether a process of this id runs now (on Windows: assumed, so a live window is never
    taken for a crashed one)."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it runs
        return True
    return True


def check_after_unclean(db_path: Path) -> list[str] | None:
    """After a window ended without closing the ledger (its mark stays, its process is gone):
    `quick_check` now, the result remembered (damage keeps it read-only), the mark cleared.

    None when there is nothing to check: no mark, or the window that made it is still open.
    """
    marker = marker_path(db_path)
    try:
        words = marker.read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return None
    except OSError:
        words = []
    if words and words[0].isdigit() and int(words[0]) != os.getpid() and _running(int(words[0])):
        return None
    problems = check_integrity(db_path) or []
    record_check(db_path, problems)
    mark_closed(db_path)
    return problems


# --- integrity -----------------------------------------------------------------------------


def check_integrity(db_path: Path, task: TaskState = QUIET) -> list[str] | None:
    """The problems `PRAGMA quick_check` and the foreign-key check find ([] when sound).

    A file that SQLite cannot read at all is one problem; a file that is no SQLite database is
    none (opening it says what it is). None if the task was cancelled before the check ended.
    """
    if task.cancelled:
        return None
    if not is_sqlite_file(db_path):
        return []
    conn = sqlite3.connect(db_path, timeout=10, check_same_thread=False)
    try:
        conn.set_progress_handler(lambda: 1 if task.cancelled else 0, CHECK_STEPS)
        return backup.quick_check(conn)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if task.cancelled:
            return None
        return [faults.describe(exc)]
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


def restore_latest_backup(db_path: Path) -> Restored:
    """Replace a damaged database by its newest sound backup; the damaged file is kept beside it.

    The database must be closed. The restored ledger gets a new device identity, as after every
    restore. NeedsPerson when no backup can be restored.
    """
    for info in backup.list_backups(db_path):
        if check_integrity(info.path):
            continue  # a damaged backup: try the one before it
        kept = backup.set_aside(db_path) if db_path.exists() else db_path
        try:
            backup.restore_backup(db_path, info.path)
        except (UsageError, LedgerDamaged):
            db_path.unlink(missing_ok=True)
            if kept != db_path:
                os.replace(kept, db_path)
            raise
        # what the old identity sent may not be sent again: the restored ledger gets a new one
        open_ledger(db_path, renew_identity=True).close()
        return Restored(info, kept)
    raise NeedsPerson(
        f"没有可以恢复的备份（备份目录：{backup.backup_dir(db_path)}）。请联系技术支持。"
    )


@dataclass(frozen=True)
class BackupRestored:
    """A backup chosen and restored: which, where the state before it went, the new identity."""

    backup: BackupInfo
    kept: Path
    """The ledger as it was before the restore: its backup (or, if damaged, the file itself)."""
    device: str
    """The fingerprint of the device identity the restored ledger was given."""


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of a ledger, newest first (daily, before an import, an upgrade, a restore …)."""
    return backup.list_backups(db_path)


def backup_now(db_path: Path) -> Path:
    """A backup of the ledger as it is now (reason "manual")."""
    return backup.create_backup(db_path, "manual")


def restore_chosen_backup(db_path: Path, chosen: Path) -> BackupRestored:
    """Put a backup in the ledger's place, the current state backed up first; new identity.

    The ledger must be closed. A backup that is damaged, not a ledger's or from a newer program
    is refused before anything changes. The restored ledger gets a new device identity, as
    after every restore: what the old one sent may not be sent again (DESIGN.md).
    """
    info = next((b for b in backup.list_backups(db_path) if b.path == chosen), None)
    if info is None:
        raise UsageError(f"找不到备份文件：{chosen}")
    kept = backup.restore_backup(db_path, chosen)
    ledger = open_ledger(db_path, renew_identity=True)
    try:
        return BackupRestored(info, kept, ledger.device)
    finally:
        ledger.close()


def record_check(db_path: Path, problems: list[str]) -> None:
    """Remember what a check found: damage keeps the ledger read-only; a sound file is freed."""
    if problems:
        faults.mark_damaged(db_path, "；".join(problems[:3]))
    else:
        faults.clear_damage_mark(db_path)


def make_read_only(ledger: Ledger, why: str = "完整性检查发现损坏") -> None:
    """From now on the ledger refuses every write with the way out (LedgerReadOnly)."""
    ledger.make_read_only(why)
