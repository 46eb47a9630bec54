"""Whether to remind the clerk to export the data key's recovery file, and 以后再说 for a week.

The reminder is due while the ledger holds personal values sealed with a data key this laptop
has, and no recovery file of that key was ever made: the first lost laptop would lose every name
and phone number, backups included. 以后再说 puts it off for SNOOZE, for this key only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from app.services.data_keys import recovery_file
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings

SNOOZED = "data_key/reminder_snoozed"
"""Setting: {"key_id", "until" (UTC, ISO)}: 以后再说 was chosen for that key."""
SNOOZE = dt.timedelta(days=7)


@dataclass(frozen=True)
class Reminder:
    """What the reminder check found."""

    due: bool
    """Show the reminder now."""
    holds_personal: bool
    """The ledger holds at least one personal value (else a save may make it due)."""


def holds_personal(ledger: Ledger) -> bool:
    """Whether any record holds a personal value (each has an entry in the personal index)."""
    with ledger.engine.connect() as conn:
        return conn.execute(text("SELECT 1 FROM personal_index LIMIT 1")).first() is not None


def snoozed_until(ledger: Ledger) -> dt.datetime | None:
    """Until when 以后再说 puts the reminder off for the ledger's current key (None: not)."""
    found = get_setting(ledger, SNOOZED)
    if not isinstance(found, dict) or found.get("key_id") != ledger.vault.key_id:
        return None
    try:
        until = dt.datetime.fromisoformat(str(found.get("until")))
    except ValueError:
        return None
    return until if until.tzinfo is not None else None


def check(ledger: Ledger, now: dt.datetime) -> Reminder:
    """Whether the reminder is due at `now` (never on a read-only ledger, nor without the key:
    there is nothing to export then)."""
    vault = ledger.vault
    if ledger.read_only or vault.missing or vault.key_id is None:
        return Reminder(due=False, holds_personal=False)
    personal = holds_personal(ledger)
    if not personal or recovery_file(ledger) is not None:
        return Reminder(due=False, holds_personal=personal)
    until = snoozed_until(ledger)
    return Reminder(due=until is None or now >= until, holds_personal=True)


def snooze(ledger: Ledger, now: dt.datetime) -> dt.datetime:
    """以后再说: no reminder for SNOOZE from `now` (for the current key); until when."""
    until = (now + SNOOZE).astimezone(dt.UTC)
    set_settings(ledger, **{SNOOZED: {"key_id": ledger.vault.key_id,
                                      "until": until.isoformat()}})
    return until
