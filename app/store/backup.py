"""Backups through SQLite's online backup API (never a file copy), and restoring one."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.errors import LedgerDamaged, UsageError

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
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}.{stamp}.{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db_path.stem}.{stamp}-{n}.{reason}.db"
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(db_path)
    try:
        problems = quick_check(source)
        if problems:
            raise LedgerDamaged(
                "数据库完整性检查未通过，未做备份：" + "；".join(problems[:5])
                + "。请从已有备份恢复（backup restore），或联系技术支持。"
            )
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    os.replace(partial, target)
    return target


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    found = []
    folder = backup_dir(db_path)
    if folder.is_dir():
        for path in folder.glob(f"{db_path.stem}.*.db"):
            m = _NAME.match(path.name)
            if not m or m["stem"] != db_path.stem:
                continue
            taken = dt.datetime.strptime(m["stamp"][:15], "%Y%m%d-%H%M%S")
            found.append(BackupInfo(path, taken, m["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def ensure_daily_backup(db_path: Path, keep: int = 7) -> Path | None:
    """The rolling daily backup: one a day, the last `keep` days kept; None if today's exists."""
    daily = [b for b in list_backups(db_path) if b.reason == "daily"]
    if daily and daily[0].taken_at.date() == dt.date.today():
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
