"""Personal values never travel unsealed: held back from a bundle the office above could not be
sealed to, and sent in the first sealed one.

A bundle is sealed to the office above once that office's encryption key is known (from its key
file, or the first receipt it sends back). Until then (the first stick, an office above on an
older version) a bundle goes unencrypted, and a lost stick must not give away residents' names
and phones: such a bundle carries every change but the personal fields (a demand's reporter and
phone, an operator's contact and phone). The last change-log number they were held back from is
kept; the first sealed bundle after it logs those fields' changes again (the same clocks, so the
office above merges them as the values they always were) and so carries them, sealed.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, text

from app.store.personal import PERSONAL
from app.store.settings import store_settings

WITHHELD_SEQ = "sync/withheld_seq"
"""The last change-log number of an unsealed bundle that held personal values back (0: none)."""

Changed = dict[str, dict[str, set[str]]]
"""Fields changed per record, by entity (as bundle._changes gives them)."""


def hold_back(changed: Changed) -> int:
    """Take the personal fields out of what an unsealed bundle will carry (a record left with
    nothing to carry is left out); the number of records whose values were held back."""
    held = 0
    for entity, fields in PERSONAL.items():
        names = {f.name for f in fields}
        records = changed.get(entity, {})
        for record_id in list(records):
            if names & records[record_id]:
                held += 1
                records[record_id] -= names
                if not records[record_id]:
                    del records[record_id]
    return held


def remember(conn: Connection, last: int) -> None:
    """Note, in the write that makes an unsealed bundle up to `last`, that it held values back."""
    store_settings(conn, {WITHHELD_SEQ: last})


def send_again(conn: Connection, after: int) -> int:
    """Before a sealed bundle of the changes after `after`: log again the personal fields' changes
    held back up to then (those after it the bundle carries anyway); the changes logged."""
    found = conn.execute(text("SELECT value FROM setting WHERE key = :k"),
                         {"k": WITHHELD_SEQ}).scalar()
    upto = json.loads(found) if isinstance(found, str) else found
    if not isinstance(upto, int) or upto <= 0:
        return 0
    upto = min(upto, after)
    entities = {e: {f.name for f in fields} for e, fields in PERSONAL.items()}
    marks = ", ".join(f"'{e}'" for e in entities)
    again = []
    rows = conn.execute(text(
        f"SELECT entity, record_id, fields, hlc, device, at, made_at FROM change_log "
        f"WHERE seq <= :upto AND entity IN ({marks}) ORDER BY seq"), {"upto": upto})
    for entity, record_id, fields, hlc, device, at, made_at in rows:
        names = json.loads(fields) if isinstance(fields, str) else fields
        personal = sorted(entities[entity].intersection(names))
        if personal:
            again.append({"e": entity, "r": record_id, "f": json.dumps(personal), "h": hlc,
                          "d": device, "a": at, "m": made_at})
    if again:
        conn.execute(text(
            "INSERT INTO change_log (entity, record_id, fields, hlc, device, at, made_at) "
            "VALUES (:e, :r, :f, :h, :d, :a, :m)"), again)
    store_settings(conn, {WITHHELD_SEQ: 0})
    return len(again)
