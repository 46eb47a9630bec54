"""Opening a ledger: SQLite engine, pragmas, schema upgrade after a backup, identity and clock."""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import QueuePool

from app.errors import LedgerMissing, LedgerTooNew, UsageError
from app.store import backup, migrate
from app.store.clock import HybridClock
from app.store.identity import Identity, ensure_identity, new_identity

if TYPE_CHECKING:
    from sqlmodel import Session


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection with the ledger's pragmas (for any path, Chinese and spaces included)."""
    conn = sqlite3.connect(path, timeout=10, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


WRITE = "cfl_write"
"""Execution option that marks a connection as a writer: its transactions begin IMMEDIATE."""


def make_engine(path: Path) -> Engine:
    """A SQLAlchemy engine over `connect()`, with transactions begun by SQLAlchemy, not pysqlite.

    Reads begin DEFERRED, so in WAL mode they never wait for a writer; a writer (see `writer()`)
    begins IMMEDIATE, taking the write lock up front instead of failing to upgrade a read lock
    later.
    """
    engine = create_engine("sqlite://", creator=lambda: connect(path), poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy issue BEGIN itself (see sqlalchemy docs)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """Same engine, same pool, for writing: `writer(engine).begin()` opens a write transaction."""
    return engine.execution_options(**{WRITE: True})


@dataclass(frozen=True)
class Stamp:
    """Who and when for one record change: clock reading, device, user, wall time."""

    hlc: str
    device: str
    user: str
    at: str


class Ledger:
    """An open ledger database: engine, device identity and clock."""

    def __init__(self, path: Path, engine: Engine, identity: Identity, clock: HybridClock) -> None:
        self.path = path
        self.engine = engine
        self._writer = writer(engine)
        self.identity = identity
        self.clock = clock
        self.user = _user_name()

    @property
    def device(self) -> str:
        """This database's device fingerprint."""
        return self.identity.fingerprint

    def write(self) -> AbstractContextManager[Connection]:
        """A write transaction (BEGIN IMMEDIATE), committed when the block ends without an error."""
        return self._writer.begin()

    def session(self) -> Session:
        """A new sqlmodel session; services open their own transaction in it."""
        from sqlmodel import Session  # sqlmodel (and pydantic) load only when the ORM is used

        return Session(self.engine, expire_on_commit=False)

    def stamp(self) -> Stamp:
        """A fresh stamp for one record change."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        return Stamp(self.clock.tick(), self.device, self.user, now)

    def stamps(self, count: int) -> list[Stamp]:
        """Fresh stamps for many changes written together: each its own clock, one wall time."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        return [Stamp(self.clock.tick(), self.device, self.user, now) for _ in range(count)]

    def renew_identity(self) -> None:
        """Give the database a new device identity (after restoring a backup)."""
        with self.write() as conn:
            self.identity = new_identity(conn, self.path)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def open_ledger(path: Path | str, *, create: bool = False) -> Ledger:
    """Open (or with create=True make) a ledger, upgrading its schema after a backup."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise LedgerMissing(
                f"找不到数据库文件：{path}。请先运行 facility-ledger init 创建台账。"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    revision = _inspect(path)
    engine = make_engine(path)
    if revision != migrate.HEAD:
        if revision is not None:
            backup.create_backup(path, f"before-upgrade-{revision}")
        migrate.upgrade(engine)
    with writer(engine).begin() as conn:
        identity = ensure_identity(conn, path)
        last = conn.execute(text("SELECT max(hlc) FROM change_log")).scalar()
    clock = HybridClock(last)
    return Ledger(path, engine, identity, clock)


def _inspect(path: Path) -> str | None:
    """The file's schema revision; refuses files that are not ledgers or come from a newer app."""
    try:
        conn = sqlite3.connect(path)
        try:
            revision = migrate.current_revision(conn)
            tables = migrate.user_tables(conn) if revision is None else []
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"“{path}”不是台账数据库（{exc}）") from exc
    if revision is None and tables:
        raise UsageError(f"“{path}”是其他程序的数据库，不是台账数据库")
    if revision is not None and revision not in migrate.REVISIONS:
        raise LedgerTooNew(
            f"此数据库由更新版本的程序创建（结构版本 {revision}），请先升级本程序再打开。"
        )
    return revision
