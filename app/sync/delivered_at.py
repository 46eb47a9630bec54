"""When a relay round last saw the office above acknowledge more of this office's changes, kept
in the ledger's settings so that a window shows 最后送达 after a restart."""

from __future__ import annotations

import datetime as dt

from app.domain import china_time
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings
from app.sync import receipts

LAST_DELIVERY = "sync/last_delivery"
"""ISO 8601 (UTC) of the last round whose receipts advanced the delivered mark."""


def note_delivery(ledger: Ledger, before: int, *, now: dt.datetime | None = None) -> bool:
    """Record the moment when the delivered mark went past `before` (the mark at the round's
    start); whether it did."""
    if receipts.delivered_seq(ledger) <= before:
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
