"""Which of a ledger's backups to keep as they pile up: one rule for every reason they were made.

The rule, applied after every backup (app.store.backup.create_backup), to all of a ledger's
backups whatever their reason (daily, manual, import, bundle, before-upgrade-…, before-restore):

- every backup of the last 24 hours is kept (and any dated after now: a clock set back);
- older ones: the newest of each calendar day for 7 days, of each ISO week for 5 weeks and of
  each month for 12 months (China time, as the file names carry it);
- the newest backup of each reason is never deleted, however old;
- nor is any backup made before a schema upgrade in the last 12 months.

So a district whose relay round applies bundles every 5 minutes keeps a day of them, then about
7 + 4 + 11 more, instead of a few hundred new files a day forever.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

from app.store.backup_files import BackupInfo

RECENT = dt.timedelta(hours=24)
"""Everything this young is kept."""

YEAR = dt.timedelta(days=365)

Bucket = Callable[[dt.datetime], Hashable]

TIERS: tuple[tuple[dt.timedelta, Bucket], ...] = (
    (dt.timedelta(days=7), lambda t: t.date()),
    (dt.timedelta(weeks=5), lambda t: t.isocalendar()[:2]),
    (YEAR, lambda t: (t.year, t.month)),
)
"""(how far back, which bucket a time falls in): the newest backup of each bucket is kept."""


def to_keep(backups: Iterable[BackupInfo], now: dt.datetime) -> set[Path]:
    """The backups the rule keeps at `now` (a naive China time, as BackupInfo.taken_at is)."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep: set[Path] = set()
    reasons: set[str] = set()
    for b in newest_first:
        age = now - b.taken_at
        if b.reason not in reasons:
            reasons.add(b.reason)
            keep.add(b.path)
        if age < RECENT or (b.reason.startswith("before-upgrade") and age < YEAR):
            keep.add(b.path)
    for span, bucket in TIERS:
        seen: set[Hashable] = set()
        for b in newest_first:
            if now - b.taken_at >= span:
                break
            key = bucket(b.taken_at)
            if key not in seen:
                seen.add(key)
                keep.add(b.path)
    return keep


def to_delete(backups: list[BackupInfo], now: dt.datetime) -> list[BackupInfo]:
    """The backups the rule lets go at `now`, newest first as given."""
    keep = to_keep(backups, now)
    return [b for b in backups if b.path not in keep]
