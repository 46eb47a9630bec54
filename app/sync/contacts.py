"""Last contact: when each office below was last heard of, as its own clock said.

A receiver records, for each enrolled device, the origin time (`created_at`) of the newest bundle
or checkpoint it took from it (device.last_contact), and never moves it back. An office's upward
bundles and checkpoints carry its own devices' last contacts ("contacts" in the manifest), so the
office above learns of the offices below its senders (the city of the streets, which it does not
enrol).

What a sender relays is kept in settings, one entry per relaying device
(`sync/relayed_contacts/<fingerprint>`), not in a table: it is a small map (a district has a few
dozen streets) read and written whole, like the applied state of each device, it is never synced
or queried by SQL, and a settings entry needs no migration beside the other parts of the same
change that add theirs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from app.domain.enums import Level
from app.store.db import Ledger
from app.store.settings import store_settings
from app.sync import hostile

MAX_AHEAD = dt.timedelta(hours=24)
"""A contact further ahead of this ledger's clock than this is not recorded (a wrong clock would
otherwise stay 'latest' for ever)."""

RELAYED = "sync/relayed_contacts/"
"""Settings key prefix of the contacts a device relayed, by its fingerprint."""

_CODE_TABLES = {Level.STREET.value: "street", Level.DISTRICT.value: "district"}


def iso(moment: dt.datetime) -> str:
    """A time as last contacts are stored: UTC, to the second (text that sorts as time does)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def origin_time(manifest: dict[str, Any], now: dt.datetime) -> dt.datetime | None:
    """When a verified manifest says it was made, if that is a time not too far ahead of now."""
    made = hostile.moment(manifest.get("created_at"))
    if made is None or made > now + MAX_AHEAD:
        return None
    return made


def record_contact(conn: Connection, fingerprint: str, manifest: dict[str, Any],
                   now: dt.datetime) -> bool:
    """Move a device's last contact to its manifest's origin time when that is later, and keep
    what it relays; inside the caller's write. True if the device's own contact moved."""
    made = origin_time(manifest, now)
    moved = False
    if made is not None:
        moved = bool(conn.execute(
            text("UPDATE device SET last_contact = :t WHERE fingerprint = :f "
                 "AND (last_contact IS NULL OR last_contact < :t)"),
            {"t": iso(made), "f": fingerprint}).rowcount)
    relayed = manifest.get("contacts")
    if isinstance(relayed, dict) and relayed:
        _record_relayed(conn, fingerprint, relayed, now)
    return moved


def _record_relayed(conn: Connection, relayer: str, contacts: dict[str, Any],
                    now: dt.datetime) -> None:
    row = conn.execute(text("SELECT value FROM setting WHERE key = :k"),
                       {"k": RELAYED + relayer}).first()
    known: dict[str, dict[str, Any]] = {}
    if row is not None and row[0] is not None:
        stored = hostile.load_json(row[0], "联系记录") if isinstance(row[0], str) else row[0]
        known = stored if isinstance(stored, dict) else {}
    for fingerprint, item in contacts.items():
        made = hostile.moment(item["last_contact"])
        if made is None or made > now + MAX_AHEAD:
            continue
        had = known.get(fingerprint, {})
        if not had or str(had.get("last_contact", "")) < iso(made):
            known[fingerprint] = {"last_contact": iso(made), "scope": item["scope"],
                                  "label": item["label"]}
    store_settings(conn, {RELAYED + relayer: known})


def carried(ledger: Ledger) -> dict[str, Any]:
    """The manifest field an upward bundle or checkpoint carries: the last contact of every
    device this ledger enrolled and has heard from ({} when none)."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT fingerprint, scope_level, scope_id, label, last_contact FROM device "
            "WHERE role = 'enrolled' AND last_contact IS NOT NULL ORDER BY fingerprint")).all()
        contacts = {}
        for fingerprint, level, scope_id, label, last in rows[:hostile.MAX_CONTACTS]:
            table = _CODE_TABLES.get(level or "")
            code = conn.execute(text(f"SELECT code FROM {table} WHERE id = :i"),
                                {"i": scope_id}).scalar() if table else None
            contacts[fingerprint] = {"last_contact": last, "scope": code,
                                     "label": (label or "")[:hostile.MAX_TEXT]}
    return {"contacts": contacts} if contacts else {}


@dataclass(frozen=True)
class Relayed:
    """An office below an enrolled device, as that device last said it heard from it."""

    fingerprint: str
    label: str
    scope_code: str | None
    last_contact: str
    via: str
    """The fingerprint of the enrolled device that relayed it."""


def relayed(ledger: Ledger) -> list[Relayed]:
    """Every office the enrolled devices relayed a last contact for, newest first."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(text("SELECT key, value FROM setting WHERE key LIKE :p"),
                            {"p": RELAYED + "%"}).all()
    found = []
    for key, value in rows:
        stored = hostile.load_json(value, "联系记录") if isinstance(value, str) else value
        for fingerprint, item in (stored or {}).items():
            found.append(Relayed(fingerprint, str(item.get("label", "")), item.get("scope"),
                                 str(item.get("last_contact", "")), key[len(RELAYED):]))
    return sorted(found, key=lambda r: r.last_contact, reverse=True)

