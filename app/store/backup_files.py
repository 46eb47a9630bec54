"""Backup files beside a ledger: the folder they go to, how they are named, the list of them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

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


def backups_named(db_path: Path) -> list[re.Match[str]]:
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
    for m in backups_named(db_path):
        stamp = m["stamp"]
        taken = dt.datetime.strptime(stamp[:15], "%Y%m%d-%H%M%S")
        number = int(stamp[16:]) if len(stamp) > 15 else 1  # "-2" for the second in that second
        path = folder / m.string
        found.append((taken, number, BackupInfo(path, taken, m["reason"], path.stat().st_size)))
    found.sort(key=lambda f: (f[0], f[1], f[2].path.name), reverse=True)
    return [info for _, _, info in found]
