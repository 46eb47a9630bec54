"""Backups through SQLite's online backup API (never a file copy), and restoring one."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.domain import china_time
from app.errors import LedgerDamaged, LedgerTooNew, UsageError
from app.store import migrate

_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6}(?:-\d+)?)\.(?P<reason>[\w-]+)\.db$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file."""

    path: Path
    taken_at: dt.datetime
    reason: str
    size: int


def backup_dir(db_path: Path) -> Path:
    """Where a database's backups go: a `backups` folder beside it."""
    return db_path.parent / "backups"


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Problems `PRAGMA quick_check` and `foreign_key_check` find; empty when the file is sound."""
    problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"{table} 第 {rowid} 行引用的 {parent} 记录不存在")
    return problems


def create_backup(db_path: Path, reason: str = "manual") -> Path:
    """Check the database, then copy it page by page into a new file in the backup folder."""
    if not db_path.exists():
        raise UsageError(f"找不到数据库文件：{db_path}")
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = china_time.stamp()
    # Backups taken in the same second (whatever their reason) are numbered, so that they sort.
    used = {m["stamp"] for m in _backups(db_path)}
    taken, n = stamp, 1
    while taken in used or (folder / f"{db_path.stem}.{taken}.{reason}.db").exists():
        n += 1
        taken = f"{stamp}-{n}"
    target = folder / f"{db_path.stem}.{taken}.{reason}.db"
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(db_path)
    try:
        problems = quick_check(source)
        if problems:
            raise LedgerDamaged(
                "数据库完整性检查未通过，未做备份："
                + "；".join(problems[:5])
                + "。请从已有备份恢复（backup restore），或联系技术支持。"
            )
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            # The copy would keep the ledger's WAL mode: make it one file that reads without side
            # files (-wal, -shm), even from a read-only folder or stick.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        source.close()
    os.replace(partial, target)
    return target


def _backups(db_path: Path) -> list[re.Match[str]]:
    """The parsed names of this database's backup files."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():  # not glob(): a file name may hold [ ] * ?
        m = _NAME.match(path.name)
        if m and m["stem"] == db_path.stem and path.is_file():
            found.append(m)
    return found


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    folder = backup_dir(db_path)
    found = []
    for m in _backups(db_path):
        stamp = m["stamp"]
        taken = dt.datetime.strptime(stamp[:15], "%Y%m%d-%H%M%S")
        number = int(stamp[16:]) if len(stamp) > 15 else 1  # "-2" for the second in that second
        path = folder / m.string
        found.append((taken, number, BackupInfo(path, taken, m["reason"], path.stat().st_size)))
    found.sort(key=lambda f: (f[0], f[1], f[2].path.name), reverse=True)
    return [info for _, _, info in found]


def ensure_daily_backup(db_path: Path, keep: int = 7) -> Path | None:
    """The rolling daily backup: one a day, the last `keep` days kept; None if today's exists."""
    daily = [b for b in list_backups(db_path) if b.reason == "daily"]
    if daily and daily[0].taken_at.date() == china_time.today():
        return None
    made = create_backup(db_path, "daily")
    for old in daily[keep - 1 :]:
        old.path.unlink(missing_ok=True)
    return made


def restore_backup(db_path: Path, backup: Path) -> Path:
    """Replace the database's content with a backup's; the current state is backed up first.

    Returns the safety backup. The caller must give the database a new device identity.
    """
    if not backup.exists():
        raise UsageError(f"找不到备份文件：{backup}")
    source = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        problems = quick_check(source)
        if problems:
            raise LedgerDamaged(f"备份文件已损坏，不能恢复：{backup.name}")
        revision = migrate.current_revision(source)
        if revision is None:
            raise UsageError(f"“{backup.name}”不是台账的备份，不能恢复")
        if revision not in migrate.REVISIONS:
            raise LedgerTooNew(
                f"备份“{backup.name}”由更新版本的程序创建（结构版本 {revision}），"
                "请先升级本程序再恢复。"
            )
        safety = create_backup(db_path, "before-restore") if db_path.exists() else backup
        dest = sqlite3.connect(db_path)
        try:
            source.backup(dest)
        finally:
            dest.close()
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"“{backup.name}”不是有效的台账备份：{exc}") from exc
    finally:
        source.close()
    return safety
