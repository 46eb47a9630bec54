"""Opening a ledger: SQLite engine, pragmas, schema upgrade after a backup, identity and clock."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import QueuePool

from app.errors import LedgerDamaged, LedgerMissing, LedgerTooNew, UsageError
from app.store import backup, backup_sealing, datakey, enckey, faults, migrate, personal, recording
from app.store.clock import HybridClock, wall_time
from app.store.drive_kind import drive_warning
from app.store.identity import Identity, load_identity, new_identity, private_key_notice
from app.store.whole import PRIVATE, make_dirs, storage_error

BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another program's write to end before "database is locked"."""
SQLITE_HEADER = b"SQLite format 3\x00"


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection with the ledger's pragmas (for any path, Chinese and spaces included)."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        # for the merge's SQL (app.store.merging): made with the connection, because SQLite
        # refuses to define a function while a statement is still reading on it
        conn.create_function("cfl_wall_time", 1, wall_time, deterministic=True)
    except BaseException:
        conn.close()
        raise
    return conn


WRITE = "cfl_write"
"""Execution option that marks a connection as a writer: its transactions begin IMMEDIATE."""


@dataclass
class ErrorHook:
    """What the ledger on an engine does first with an SQLite error (turn read-only on damage)."""

    call: Callable[[BaseException], None] | None = None


def make_engine(path: Path, hook: ErrorHook | None = None,
                vault: personal.Vault | None = None) -> Engine:
    """A SQLAlchemy engine over `connect()`, with transactions begun by SQLAlchemy, not pysqlite.

    Reads begin DEFERRED, so in WAL mode they never wait for a writer; a writer (see `writer()`)
    begins IMMEDIATE, taking the write lock up front instead of failing to upgrade a read lock
    later.
    """
    # hide_parameters: an error's text (a log, a traceback) never shows the values written,
    # such as a reporter's phone
    engine = create_engine("sqlite://", creator=lambda: connect(path), poolclass=QueuePool,
                           hide_parameters=True)

    @event.listens_for(engine, "handle_error")
    def _explain(context: Any) -> None:
        if hook is not None and hook.call is not None:
            hook.call(context.original_exception)
        # locked, full, I/O error, read-only, malformed: a Chinese message, never a traceback
        problem = faults.explain(context.original_exception, path)
        if problem is not None:
            raise problem from context.original_exception

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy issue BEGIN itself (see sqlalchemy docs)
        if vault is not None:  # the ledger's keys for personal fields (app.store.personal)
            _record.info[personal.VAULT] = vault

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        recording.statement_seen(conn, statement)  # what a write changes (see app.store.recording)

    return engine


def writer(engine: Engine) -> Engine:
    """Same engine, same pool, for writing: `writer(engine).begin()` opens a write transaction."""
    return engine.execution_options(**{WRITE: True})


@dataclass(frozen=True)
class Stamp:
    """Who and when for one record change: clock reading, device, user, wall time here.

    `made`: when the change was made on the device that made it, if not here and now (a
    merged change); calendar figures count by it.
    """

    hlc: str
    device: str
    user: str
    at: str
    made: str = ""

    @property
    def made_at(self) -> str:
        """The origin device's wall-clock time of the change (UTC, ISO, milliseconds)."""
        return self.made or self.at


class Ledger:
    """An open ledger database: engine, device identity and clock.

    A ledger found damaged (by a check, or by a corruption error met while working) turns
    read-only: reads go on, every write is refused with the way out (restore a backup).
    """

    def __init__(self, path: Path, engine: Engine, identity: Identity, clock: HybridClock,
                 *, damage: str | None = None, hook: ErrorHook | None = None,
                 vault: personal.Vault | None = None) -> None:
        self.path = path
        self.vault = vault if vault is not None else personal.Vault()
        """The data key of personal fields (`vault.missing` when it was not found)."""
        self.engine = engine
        self._writer = writer(engine)
        self.identity = identity
        self.clock = clock
        self.user = _user_name()
        self.damage: str | None = None
        """Why the ledger is read-only (damage found), or None while it may be written."""
        self.notices: list[str] = []
        """Warnings met while opening (a key file others could read), for the user to see."""
        self.damage_listeners: list[Callable[[str], None]] = []
        """Called (in the thread that met it) when damage turns the ledger read-only."""
        if hook is not None:  # the engine's own handler asks us first, then explains
            hook.call = self._on_error
        else:
            event.listen(engine, "handle_error",
                         lambda context: self._on_error(context.original_exception))
        if damage is not None:
            self.make_read_only(damage, remember=False)

    @property
    def read_only(self) -> bool:
        """True once damage was found: writes are refused."""
        return self.damage is not None

    def _on_error(self, error: BaseException) -> None:
        if self.damage is not None and faults.kind_of(error) == faults.READONLY:
            raise faults.read_only_refusal(self.path, self.damage) from error
        if faults.is_damage(error):
            self.make_read_only(str(error))  # the engine's own handler then explains it

    def make_read_only(self, why: str, *, remember: bool = True) -> None:
        """Refuse every write from now on (and, remembered, at every later open until restored)."""
        first = self.damage is None
        if first:
            self.damage = why
            event.listen(self.engine, "checkout", _query_only)
        if remember:
            faults.mark_damaged(self.path, why)
        if first:
            for listener in list(self.damage_listeners):
                listener(why)

    def ensure_sound(self) -> None:
        """`PRAGMA quick_check` now (before a backup or a bundle); damage turns it read-only."""
        if self.damage is not None:
            raise faults.damaged(self.path, self.damage)
        try:
            with self.engine.connect() as conn:
                raw = conn.connection.driver_connection
                assert isinstance(raw, sqlite3.Connection)
                problems = backup.quick_check(raw)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            problem = faults.explain(exc, self.path)
            if problem is None:
                raise
            if not isinstance(problem, LedgerDamaged):
                raise problem from exc
            problems = [faults.describe(exc)]
        if problems:
            why = "；".join(problems[:3])
            self.make_read_only(why)
            raise faults.damaged(self.path, why)

    @property
    def device(self) -> str:
        """This database's device fingerprint."""
        return self.identity.fingerprint

    def write(self) -> AbstractContextManager[Connection]:
        """A write transaction (BEGIN IMMEDIATE), committed when the block ends without an error.

        What it changed is told to the recordings open on this thread once it has committed
        (app.store.recording). LedgerReadOnly (with the way out) when the ledger was found
        damaged.
        """
        if self.damage is not None:
            raise faults.read_only_refusal(self.path, self.damage)
        return recording.transaction(self._writer.begin())

    def stamp(self) -> Stamp:
        """A fresh stamp for one record change."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        return Stamp(self.clock.tick(), self.device, self.user, now)

    def stamps(self, count: int) -> list[Stamp]:
        """Fresh stamps for many changes written together: each its own clock, one wall time."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        return [Stamp(self.clock.tick(), self.device, self.user, now) for _ in range(count)]

    def renew_identity(self) -> None:
        """Give the database a new device identity (after restoring a backup, or `keys new`)."""
        with self.write() as conn:
            self.identity = new_identity(conn, self.path)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _query_only(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    dbapi_conn.execute("PRAGMA query_only = ON")


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def open_ledger(path: Path | str, *, create: bool = False,
                renew_identity: bool = False) -> Ledger:
    """Open (or with create=True make) a ledger, upgrading its schema after a backup.

    A new database gets its device identity; an existing one reads it from its key file and
    stops (KeyFileProblem) if that is missing or not its own. `renew_identity` gives it a new one
    on purpose (after a restore, or `keys new --confirm`). A ledger marked damaged opens
    read-only.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise LedgerMissing(
                f"找不到数据库文件：{path}。请先运行 facility-ledger init 创建台账。"
            )
        make_dirs(path.parent, private=True)
        _create_private(path)
    damage = faults.damage_mark(path)
    vault = personal.Vault()
    try:
        revision = _inspect(path)
        hook = ErrorHook()
        engine = make_engine(path, hook, vault)
    except LedgerDamaged as exc:
        faults.mark_damaged(path, str(exc))
        raise
    try:
        if revision != migrate.HEAD:
            if damage is not None:
                raise faults.damaged(path, damage)  # an upgrade would write to it
            if revision is not None:
                backup.create_backup(path, f"before-upgrade-{revision}")
            if migrate.before_data_key(revision):  # kept before anything is sealed with it
                vault.use(datakey.create(path))
            migrate.upgrade(engine)
            _forget_plain_pages(engine)
        with engine.connect() as conn:
            identity = None if renew_identity else load_identity(conn, path)
            last = conn.execute(text("SELECT max(hlc) FROM change_log")).scalar()
        key_id = _data_key(engine, path, vault, writable=damage is None)
        if identity is None:
            if damage is not None:
                raise faults.read_only_refusal(path, damage)
            with writer(engine).begin() as conn:
                identity = new_identity(conn, path)
    except LedgerDamaged as exc:
        engine.dispose()
        faults.mark_damaged(path, str(exc))
        raise
    except BaseException:
        engine.dispose()
        raise
    ledger = Ledger(path, engine, identity, HybridClock(last), damage=damage, hook=hook,
                    vault=vault)
    personal.register(path, vault)
    missing_key = personal.WAY_OUT if vault.missing and key_id is not None else None
    # backups from before the upgrade that sealed personal fields: sealed in their turn
    plain = (backup_sealing.seal_plain_backups(
        path, vault, lambda copy: make_engine(copy, vault=vault)).notice()
        if damage is None else None)
    for notice in (private_key_notice(path), enckey.private_notice(path), missing_key, plain):
        if notice is not None:
            ledger.notices.append(notice)
    # SQLite's locking is unreliable on a network share, and a stick may be pulled out mid-write
    warning = drive_warning(path)
    if warning is not None:
        ledger.notices.append(warning)
    return ledger


def _data_key(engine: Engine, path: Path, vault: personal.Vault, *, writable: bool) -> str | None:
    """Put the ledger's data key into its vault (made if the ledger has none yet); the key's id.

    A key that cannot be found leaves the vault `missing`: the ledger opens all the same.
    """
    with engine.connect() as conn:
        key_id = conn.execute(text("SELECT id FROM data_key")).scalar()
    if key_id is None and writable:  # a ledger made without one (it has no personal values)
        if vault.missing:
            vault.use(datakey.create(path))
        with writer(engine).begin() as conn:
            conn.execute(text("INSERT INTO data_key (id, created_at) VALUES (:i, :t)"),
                         {"i": vault.key_id, "t": dt.datetime.now(dt.UTC).isoformat()})
        return vault.key_id
    if key_id is not None and vault.key_id != key_id:
        vault.use(datakey.find(path, str(key_id)), str(key_id))
    return None if key_id is None else str(key_id)


def _forget_plain_pages(engine: Engine) -> None:
    """After an upgrade that sealed values: move the WAL into the file and empty it, so that
    no older frame keeps a plain copy (the upgrade zeroed what it deleted: secure_delete)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _create_private(path: Path) -> None:
    """An empty database file only the user may read (SQLite gives its side files the same)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))
    except FileExistsError:
        pass
    except OSError as exc:
        raise storage_error(exc, path) from None


def is_sqlite_file(path: Path) -> bool:
    """True if the file starts as every SQLite database does (a damaged one usually still does)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _inspect(path: Path) -> str | None:
    """The file's schema revision; refuses files that are not ledgers or come from a newer app."""
    try:
        conn = sqlite3.connect(path)
        try:
            revision = migrate.current_revision(conn)
            tables = migrate.user_tables(conn) if revision is None else []
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        problem = faults.explain(exc, path)
        if problem is not None and (not isinstance(problem, LedgerDamaged) or is_sqlite_file(path)):
            raise problem from exc  # a damaged ledger, or the disk's fault: not "no ledger"
        raise UsageError(f"“{path}”不是台账数据库（{exc}）") from exc
    if revision is None and tables:
        raise UsageError(f"“{path}”是其他程序的数据库，不是台账数据库")
    if revision is not None and revision not in migrate.REVISIONS:
        raise LedgerTooNew(
            f"此数据库由更新版本的程序创建（结构版本 {revision}），请先升级本程序再打开。"
        )
    return revision
