"""What of this ledger's changes still waits to be delivered to the office above (the status
bar's count), read without loading receipts, bundles or the rest of app.services.sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.sync import delivered_at

if TYPE_CHECKING:
    from app.store.db import Ledger


def undelivered_changes(ledger: Ledger) -> int:
    """How many changes this ledger has not yet delivered to the level above.

    Delivered: acknowledged by a receipt of the office above (delivered_at.DELIVERED_SEQ).
    """
    return delivered_at.undelivered(ledger)
