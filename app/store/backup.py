"""Backups through SQLite's online backup API (never a file copy), and restoring one."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from app.domain import china_time
from app.errors import KnownError, LedgerDamaged, LedgerTooNew, UsageError
from app.store import faults, migrate, thinning
from app.store.backup_files import BackupInfo as BackupInfo
from app.store.backup_files import backup_dir as backup_dir
from app.store.backup_files import backups_named
from app.store.backup_files import list_backups as list_backups
from app.store.faults import quick_check as quick_check
from app.store.whole import make_dirs, sweep_stale, written_whole


def create_backup(db_path: Path, reason: str = "manual") -> Path:
    """Check the database, then copy it page by page into a new file in the backup folder.

    A damaged database is not copied (LedgerDamaged, and it is marked read-only); a full disk or
    a read-only folder is explained in Chinese and leaves no partial file behind. Once the copy is
    whole, the ledger's backups are thinned (app.store.thinning): every caller, one rule.
    """
    if not db_path.exists():
        raise UsageError(f"找不到数据库文件：{db_path}")
    folder = backup_dir(db_path)
    make_dirs(folder, private=True)
    stamp = china_time.stamp()
    # Backups taken in the same second (whatever their reason) are numbered, so that they sort.
    used = {m["stamp"] for m in backups_named(db_path)}
    taken, n = stamp, 1
    while taken in used or (folder / f"{db_path.stem}.{taken}.{reason}.db").exists():
        n += 1
        taken = f"{stamp}-{n}"
    target = folder / f"{db_path.stem}.{taken}.{reason}.db"
    try:
        source = sqlite3.connect(db_path)
    except sqlite3.Error as exc:
        raise explained(exc, db_path) from exc
    try:
        try:
            problems = quick_check(source)
        except sqlite3.Error as exc:
            if not faults.is_damage(exc):
                raise explained(exc, db_path) from exc
            problems = [str(exc)]
        if problems:
            why = "；".join(problems[:5])
            faults.mark_damaged(db_path, why)
            raise LedgerDamaged(f"数据库完整性检查未通过，未做备份：{why}。"
                                + faults.way_out(db_path))
        with written_whole(target, private=True) as partial:
            _copy_into(source, partial, target)
    finally:
        source.close()
    thin_backups(db_path, china_time.now())
    return target


def thin_backups(db_path: Path, now: dt.datetime) -> list[Path]:
    """Delete the backups the thinning rule lets go at `now` (aware), and what copies killed
    mid-way left behind (their temporary files, an hour old); the paths deleted."""
    local = now.astimezone(china_time.CHINA).replace(tzinfo=None)  # as the file names carry it
    gone = sweep_stale(backup_dir(db_path), f"{db_path.stem}.", now.timestamp())
    for old in thinning.to_delete(list_backups(db_path), local):
        try:
            old.path.unlink()
        except FileNotFoundError:
            pass  # another window thinned it first
        except OSError:
            continue  # kept for the next thinning: a backup that stays is no harm
        gone.append(old.path)
    return gone


def _copy_into(source: sqlite3.Connection, partial: Path, target: Path) -> None:
    """SQLite's backup of `source` into the (empty) file `partial`, as one self-contained file."""
    try:
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            # The copy would keep the ledger's WAL mode: make it one file that reads without side
            # files (-wal, -shm), even from a read-only folder or stick.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    except sqlite3.Error as exc:
        raise explained(exc, target, writing=True) from exc
    finally:
        for side in ("-journal", "-wal", "-shm"):  # what a failed copy may leave beside it
            partial.with_name(partial.name + side).unlink(missing_ok=True)


def explained(exc: sqlite3.Error, path: Path, *, writing: bool = False) -> KnownError:
    """An SQLite failure met while backing up or restoring, in Chinese."""
    kind = faults.kind_of(exc)
    if writing and kind in (faults.FULL, faults.IOERR, faults.READONLY, faults.CANTOPEN):
        why = {faults.FULL: "磁盘空间不足。请删除不需要的文件腾出空间后重试",
               faults.IOERR: "读写出错（磁盘 I/O 错误），磁盘是否已满、U盘是否已拔出？",
               faults.READONLY: "没有写入权限（文件夹或U盘是只读的）",
               faults.CANTOPEN: f"无法在“{path.parent}”中创建文件（没有权限，或文件夹已不在）",
               }[kind]
        return KnownError(f"无法写入备份“{path}”：{why}")
    return faults.explain(exc, path) or KnownError(f"备份失败：{exc}")


def ensure_daily_backup(db_path: Path) -> Path | None:
    """The daily backup: one a day (thinned with the others); None if today's exists."""
    daily = [b for b in list_backups(db_path) if b.reason == "daily"]
    if daily and daily[0].taken_at.date() == china_time.today():
        return None
    return create_backup(db_path, "daily")


def set_aside(db_path: Path) -> Path:
    """Rename a damaged ledger (and its WAL side files) beside it, so that nothing of it is lost."""
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


def restore_backup(db_path: Path, backup: Path) -> Path:
    """Replace the database's content with a backup's; the current state is kept first.

    Returns where: a backup of the current state, or, when the ledger is damaged and cannot be
    backed up, the damaged file itself set aside beside the ledger. The caller must give the
    database a new device identity.
    """
    if not backup.exists():
        raise UsageError(f"找不到备份文件：{backup}")
    try:
        source = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UsageError(f"“{backup.name}”不是有效的台账备份：{exc}") from exc
    try:
        try:
            problems = quick_check(source)
            revision = migrate.current_revision(source)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise UsageError(f"“{backup.name}”不是有效的台账备份：{faults.describe(exc)}") from exc
        if problems:
            raise LedgerDamaged(f"备份文件已损坏，不能恢复：{backup.name}")
        if revision is None:
            raise UsageError(f"“{backup.name}”不是台账的备份，不能恢复")
        if revision not in migrate.REVISIONS:
            raise LedgerTooNew(
                f"备份“{backup.name}”由更新版本的程序创建（结构版本 {revision}），"
                "请先升级本程序再恢复。"
            )
        safety = backup
        if db_path.exists():
            try:
                safety = create_backup(db_path, "before-restore")
            except LedgerDamaged:
                safety = set_aside(db_path)  # a damaged ledger is kept as it is, not copied
        try:
            dest = sqlite3.connect(db_path)
            try:
                source.backup(dest)
            finally:
                dest.close()
        except sqlite3.Error as exc:
            raise explained(exc, db_path, writing=True) from exc
    finally:
        source.close()
    faults.clear_damage_mark(db_path)
    return safety
