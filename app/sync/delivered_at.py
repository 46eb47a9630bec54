"""The delivered mark: how far the office above has acknowledged this office's changes, and when
a relay round last saw it acknowledge more (kept in the ledger's settings so that a window shows
最后送达 after a restart).

Light on purpose: a start reads the count still to deliver without loading receipts and bundles.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from app.domain import china_time
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings

DELIVERED_SEQ = "sync/delivered_seq"
"""The setting that holds the last change-log number the office above acknowledged (written by
app.sync.receipts when it accepts a receipt)."""
LAST_DELIVERY = "sync/last_delivery"
"""ISO 8601 (UTC) of the last round whose receipts advanced the delivered mark."""


def delivered_seq(ledger: Ledger) -> int:
    """The last sequence number the upstream office acknowledged."""
    return int(get_setting(ledger, DELIVERED_SEQ, 0))


def undelivered(ledger: Ledger) -> int:
    """How many changes of this ledger the office above has not acknowledged yet."""
    with ledger.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM change_log WHERE seq > :s"),
                                {"s": delivered_seq(ledger)}).scalar() or 0)


def note_delivery(ledger: Ledger, before: int, *, now: dt.datetime | None = None) -> bool:
    """Record the moment when the delivered mark went past `before` (the mark at the round's
    start); whether it did."""
    if delivered_seq(ledger) <= before:
        return False
    moment = (now or china_time.utc_now()).astimezone(dt.UTC)
    set_settings(ledger, **{LAST_DELIVERY: moment.isoformat(timespec="seconds")})
    return True


def last_delivery(ledger: Ledger) -> dt.datetime | None:
    """When the office above last acknowledged more (None: never, or unreadable)."""
    value = get_setting(ledger, LAST_DELIVERY)
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
