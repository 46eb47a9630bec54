"""What each committed write transaction changed, gathered where it is written (the one write path).

`Ledger.write()` opens a `Pending` on its connection; every statement it runs names the table it
writes (seen by the engine, so no write goes unseen), and the record writers add the ids. When
the transaction commits, its Changes go to the recordings open on that thread: an operation run
inside `recording()` (the window's writer) learns everything it changed without any service
having to say so. A transaction rolled back changes nothing and is not told.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Connection

from app.domain.changes import Changes
from app.domain.entities import ATTACHMENT, ENTITIES

MAX_IDS = 1000
"""Past this many records in one operation the ids are dropped: it "changed everything"."""

_PENDING = "cfl_pending_changes"
"""The key, in a connection's info, of the Pending of the write transaction it runs."""

_WRITTEN_TABLE = re.compile(
    r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
    r"\s+[\"`\[]?(\w+)",
    re.IGNORECASE,
)
_ENTITY_TABLES = frozenset({*ENTITIES, ATTACHMENT.name})
_local = threading.local()


class Pending:
    """What one write transaction has changed so far."""

    def __init__(self) -> None:
        self.entities: set[str] = set()
        self.records: set[tuple[str, str]] = set()
        self.settings = False
        self.keys = False

    def table(self, name: str) -> None:
        """A statement wrote to this table."""
        if name in _ENTITY_TABLES:
            self.entities.add(name)
        elif name == "setting":
            self.settings = True
        elif name == "device":
            self.keys = True

    def changes(self) -> Changes:
        """What the transaction changed."""
        return Changes(frozenset(self.records), frozenset(self.entities), self.settings,
                       self.keys)


class Recorder:
    """The changes committed on one thread while a recording() is open."""

    def __init__(self) -> None:
        self.changes = Changes()

    def add(self, changes: Changes) -> None:
        """Some more changes were committed."""
        merged = self.changes | changes
        if len(merged.records) > MAX_IDS:
            merged = Changes(frozenset(), merged.entities, merged.settings, merged.keys, True)
        self.changes = merged


@contextmanager
def recording() -> Iterator[Recorder]:
    """Gather what the write transactions committed on this thread change, until the block ends."""
    stack: list[Recorder] = _local.__dict__.setdefault("recorders", [])
    recorder = Recorder()
    stack.append(recorder)
    try:
        yield recorder
    finally:
        stack.remove(recorder)


def announce(changes: Changes) -> None:
    """Tell the recordings open on this thread (a transaction committed, a file was replaced)."""
    for recorder in _local.__dict__.get("recorders", ()):
        recorder.add(changes)


@contextmanager
def transaction(begun: AbstractContextManager[Connection]) -> Iterator[Connection]:
    """A write transaction whose changes are told to the recordings once it has committed."""
    pending = Pending()
    with begun as conn:
        conn.info[_PENDING] = pending
        try:
            yield conn
        finally:
            conn.info.pop(_PENDING, None)
    if pending.entities or pending.settings or pending.keys:
        announce(pending.changes())


def wrote(conn: Connection, entity: str, record_ids: Iterable[str]) -> None:
    """The record writers' note: these records of an entity were written in this transaction."""
    pending = conn.info.get(_PENDING)
    if pending is not None:
        pending.entities.add(entity)
        if len(pending.records) <= MAX_IDS:
            pending.records.update((entity, record_id) for record_id in record_ids)


def statement_seen(conn: Connection, statement: str) -> None:
    """The engine's note of every statement: a write names the table it changes."""
    pending: Pending | None = conn.info.get(_PENDING)
    if pending is None:
        return
    found = _WRITTEN_TABLE.match(statement)
    if found is not None:
        pending.table(found.group(1).lower())

