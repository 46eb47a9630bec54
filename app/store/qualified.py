"""The qualified-operator list kept in the ledger: the thresholds and every published version.

One whole JSON value in settings, like the programme directory (app/store/programme.py): the
city sets the thresholds and publishes versions; a reference bundle carries the value down as
qualified.json, and an office below keeps the one it last received. Not logged, never sent up.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, text

from app.domain.operators import Published, QualifiedList, Thresholds, parse_published
from app.store.db import Ledger
from app.store.settings import get_setting, store_settings

QUALIFIED = "reference/qualified_operators"
"""The setting that holds the thresholds and the published versions."""


def published(ledger: Ledger) -> Published:
    """The thresholds in force and the versions this ledger holds (defaults and none at first)."""
    return parse_published(get_setting(ledger, QUALIFIED))


def published_in(conn: Connection) -> Published:
    """published() inside a write the caller holds (a new version's number taken once)."""
    row = conn.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": QUALIFIED}).first()
    if row is None or row[0] is None:
        return Published()
    return parse_published(json.loads(row[0]) if isinstance(row[0], str) else row[0])


def set_thresholds(ledger: Ledger, thresholds: Thresholds) -> None:
    """Keep new thresholds; the published versions stay as they are."""
    with ledger.write() as conn:
        current = published_in(conn)
        store_settings(conn, {QUALIFIED: Published(thresholds, current.versions).to_json()})


def store_version(conn: Connection, current: Published, version: QualifiedList) -> None:
    """Add a published version, inside the caller's write (with the operators' marks).

    Checked as a receiver checks it first (ListError): what is kept is always readable again.
    """
    value = Published(current.thresholds, (*current.versions, version)).to_json()
    parse_published(value)
    store_settings(conn, {QUALIFIED: value})


def store_received(conn: Connection, data: object) -> Published:
    """Keep what a reference bundle carried (ListError if not a list) in the caller's write."""
    received = parse_published(data)
    store_settings(conn, {QUALIFIED: received.to_json()})
    return received
