"""One sync round at a time per ledger: an OS file lock beside the database (DESIGN.md, Sync).

The window's rounds, `sync`, `bundle create` and `bundle import` all take it, so that two of them
never bundle the same changes twice or apply one bundle twice. The holder writes who it is beside
the lock, so that the one who waits in vain is told whom it waited for.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from app.domain import china_time
from app.errors import KnownError
from app.store.whole import write_whole

WAIT = 30.0
"""Seconds a round waits for the one before it (a bundle is applied in one bounded transaction)."""


class RoundBusy(KnownError):
    """Another round held the ledger's sync lock for longer than the wait (exit 1)."""


def lock_path(db_path: Path) -> Path:
    """The lock file that belongs to a database file."""
    return db_path.with_name(db_path.name + ".sync.lock")


def _holder_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".sync.holder")


def holder(db_path: Path) -> str:
    """Who holds (or last held) the lock, in Chinese words (empty: unknown)."""
    try:
        data = json.loads(_holder_path(db_path).read_text(encoding="utf-8"))
        started = dt.datetime.fromisoformat(str(data["started"]))
        return (f"{data['what']}（进程 {int(data['pid'])}，{data['host']}，"
                f"开始于 {china_time.local(started):%Y-%m-%d %H:%M:%S}）")
    except (OSError, ValueError, KeyError, TypeError):
        return ""


@contextmanager
def sync_round(db_path: Path, what: str, *, wait: float | None = None) -> Iterator[None]:
    """Hold the ledger's sync lock for one round; `what` says who, as people read it.

    RoundBusy after `wait` seconds (WAIT unless given), naming the holder; the lock is released
    whatever happens, and a process that dies releases it with its file handle.
    """
    wait = WAIT if wait is None else wait
    lock = FileLock(str(lock_path(db_path)))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        who = holder(db_path) or "另一个程序"
        raise RoundBusy(f"台账“{db_path.name}”正在由{who}同步，等了 {wait:.0f} 秒仍未结束。"
                        "修改仍在待发送队列中，稍后会再试；也可等它结束后重试") from None
    try:
        write_whole(_holder_path(db_path), json.dumps({
            "what": what, "pid": os.getpid(), "host": socket.gethostname(),
            "started": china_time.utc_now().isoformat(timespec="seconds")},
            ensure_ascii=False), private=True)
        yield
    finally:
        lock.release()
