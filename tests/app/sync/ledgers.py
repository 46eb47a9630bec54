"""Ledgers for the sync tests: enrolled with each other, made quickly, dumped for comparison."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.services.areas import resolve_scope
from app.services.setup import init_ledger
from app.store import datakey, enckey, personal
from app.store.db import Ledger, open_ledger
from app.sync import bundle, keys, minisign

STREET = "解放门街道"
OTHER_STREET = "南院门街道"  # in another district: its rows are outside 解放门街道's scope
NEIGHBOUR = "西一路街道"  # another street of 新城区, 解放门街道's district

RECORD_TABLES = ("community", "space", "function_status", "demand", "project", "operator",
                 "evaluation", "attachment")
"""Every table of synced records."""

LOCAL_COLUMNS = ("created_at", "updated_at")
"""Columns each ledger fills in itself (when it received a record), not part of its state."""


def public_key_text(ledger: Ledger) -> str:
    """The ledger's public key as a minisign .pub file's text."""
    return minisign.public_key(ledger.identity.key_id, ledger.identity.private_key).text()


def enroll(receiver: Ledger, senders: Iterable[Ledger], street: str = STREET) -> None:
    """The receiver accepts the senders' bundles for rows of this street."""
    scope = resolve_scope(receiver, f"street:{street}")
    assert scope is not None
    for sender in senders:
        if sender is not receiver:
            keys.enroll(receiver, public_key_text(sender), scope)


def announce_upstream(sender: Ledger, receiver: Ledger) -> None:
    """Make `receiver` the office above `sender`, announcing format 2 and its encryption key as
    its exported key file does: `sender`'s bundles are sealed to it from then on."""
    keys.trust_upstream(sender, public_key_text(receiver))
    keys.announce(sender, receiver.identity.fingerprint,
                  enckey.load_or_create(receiver.path).public, bundle.FORMATS)


def make_template(folder: Path, area: str = STREET) -> Path:
    """An initialised street ledger, closed, to copy new ledgers from (init takes a while)."""
    ledger = init_ledger(folder / "模板" / "台账.db", role="street", area=area)
    path = ledger.path
    ledger.close()
    return path


def copy_of_template(template: Path, path: Path) -> Ledger:
    """A new ledger from the template: its own file, and its own key (made on purpose)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)  # closed: the whole database is in its file
    # and its data key (personal fields), kept beside it here (tests have no keyring)
    shutil.copyfile(datakey.datakey_path(template), datakey.datakey_path(path))
    ledger = open_ledger(path, renew_identity=True)  # a copy is another device: its own key
    assert ledger.identity.fingerprint != _template_fingerprint(template)
    return ledger


def _template_fingerprint(template: Path) -> str:
    key = json.loads(template.with_name(template.name + ".key").read_text(encoding="utf-8"))
    return bytes.fromhex(key["key_id"])[::-1].hex().upper()


def dump(ledger: Ledger, tables: Iterable[str], *, skip: Iterable[str] = ()) -> dict[str, list]:
    """Every row of these tables, in rowid order, without the columns named in `skip`."""
    skipped = set(skip)
    out: dict[str, list] = {}
    with ledger.engine.connect() as conn:
        for table in tables:
            columns = [row[1] for row in conn.execute(text(f"PRAGMA table_info({table})"))
                       if row[1] not in skipped]
            rows = conn.execute(
                text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")).all()
            out[table] = [dict(zip(columns, row, strict=True)) for row in rows]
    return out


def full_dump(ledger: Ledger) -> dict[str, list]:
    """The record tables, history, change log and settings (sync state included), as stored."""
    return dump(ledger, (*RECORD_TABLES, "history", "change_log", "setting"))


def record_state(ledger: Ledger, *, with_personal: bool = True
                 ) -> dict[str, dict[str, dict[str, Any]]]:
    """The synced records as values and field clocks, by table and id, whoever received them.

    The columns a ledger fills in itself (created_at, updated_at) and its rowids are left out;
    the clocks are compared as data, not as text (their key order is the writer's). Without
    personal fields (`with_personal=False`): what an unsealed bundle carries (app.sync.withheld).
    """
    state: dict[str, dict[str, dict[str, Any]]] = {}
    for table, rows in dump(ledger, RECORD_TABLES, skip=LOCAL_COLUMNS).items():
        fields = personal.PERSONAL.get(table, ())
        state[table] = {
            row["id"]: {**row, "clocks": json.loads(row["clocks"] or "{}"),
                        # sealed with each ledger's own key: compared as typed
                        **{f.column: ledger.vault.open(row["id"], f.name, row[f.column])
                           for f in fields}}
            for row in rows
        }
        if not with_personal:
            for record in state[table].values():
                for f in fields:
                    record.pop(f.column)
                    record["clocks"].pop(f.name, None)
    return state
