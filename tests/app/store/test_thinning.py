"""Rolling thinning of a ledger's backups: a day of everything, then daily, weekly, monthly."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from app.domain.china_time import CHINA
from app.store import backup, thinning, whole
from app.store.backup_files import BackupInfo
from app.store.db import Ledger

NOW = dt.datetime(2027, 1, 1, 0, 0, 30)
"""A naive China time, as BackupInfo.taken_at: a new year, a Friday."""


def info(taken: dt.datetime, reason: str) -> BackupInfo:
    return BackupInfo(Path(f"t.{taken:%Y%m%d-%H%M%S}.{reason}.db"), taken, reason, 1)


def district_year(days: int) -> list[BackupInfo]:
    """A district's backups: a bundle batch every hour, a daily one at 08:00, an import now and
    then, upgrades 400, 300 and 200 days ago (the two older from the same revision)."""
    made = []
    start = NOW - dt.timedelta(days=days)
    for hour in range(days * 24):
        taken = start + dt.timedelta(hours=hour)
        made.append(info(taken, "bundle"))
        if taken.hour == 8:
            made.append(info(taken + dt.timedelta(seconds=5), "daily"))
        if hour % (24 * 45) == 100:
            made.append(info(taken + dt.timedelta(seconds=9), "import"))
    for days_ago, reason in ((400, "before-upgrade-0002"), (390, "before-upgrade-0002"),
                             (300, "before-upgrade-0003"), (250, "before-upgrade-0003"),
                             (200, "before-upgrade-0004")):
        made.append(info(NOW - dt.timedelta(days=days_ago, seconds=1), reason))
    return sorted(made, key=lambda b: b.taken_at, reverse=True)


def test_the_rule_keeps_a_day_then_days_weeks_months() -> None:
    made = district_year(420)
    kept = thinning.to_keep(made, NOW)

    assert {b.path for b in made if NOW - b.taken_at < thinning.RECENT} <= kept
    week = [b for b in made if NOW - b.taken_at < dt.timedelta(days=7)]
    day_kept = {b.taken_at.date() for b in week if b.path in kept}
    assert day_kept == {b.taken_at.date() for b in week} and len(day_kept) == 7
    for span, bucket in ((dt.timedelta(weeks=5), lambda t: t.isocalendar()[:2]),
                         (thinning.YEAR, lambda t: (t.year, t.month))):
        within = [b for b in made if NOW - b.taken_at < span]
        for key in {bucket(b.taken_at) for b in within}:  # the newest of each week, each month
            newest = max((b for b in within if bucket(b.taken_at) == key),
                         key=lambda b: b.taken_at)
            assert newest.path in kept, (span, key)
    # the newest of each bucket is the one kept: the 23:00 bundle batch of each day
    for day in day_kept - {NOW.date()}:
        newest = max(b.taken_at for b in made if b.taken_at.date() == day)
        assert info(newest, "bundle").path in kept
    # a month that ended a year ago is gone but for what another promise keeps
    long_ago = [b for b in made if b.path in kept and NOW - b.taken_at >= thinning.YEAR]
    assert sorted(b.reason for b in long_ago) == ["before-upgrade-0002"]  # the newest of its reason
    assert NOW - long_ago[0].taken_at == dt.timedelta(days=390, seconds=1)
    upgrades = {b.reason: b.path in kept for b in made if b.reason.startswith("before-upgrade")
                and NOW - b.taken_at < thinning.YEAR}
    assert upgrades == {"before-upgrade-0003": True, "before-upgrade-0004": True}
    assert len([b for b in made if b.reason == "before-upgrade-0003" and b.path in kept]) == 2
    newest_import = max((b for b in made if b.reason == "import"), key=lambda b: b.taken_at)
    assert newest_import.path in kept
    assert 24 + 1 + 6 + 4 + 11 <= len(kept) <= 24 + 1 + 6 + 5 + 13 + 4  # not 10,000 files


def test_thinning_after_each_backup_ends_where_thinning_once_does() -> None:
    """Applied after every backup for 80 days, the rule keeps what it keeps when applied once at
    the end: nothing it would still want was let go on the way."""
    made = sorted(district_year(80), key=lambda b: b.taken_at)
    folder: list[BackupInfo] = []
    for b in made:
        folder.append(b)
        gone = {d.path for d in thinning.to_delete(folder, b.taken_at)}
        folder = [f for f in folder if f.path not in gone]
    last = made[-1].taken_at
    assert {f.path for f in folder} == thinning.to_keep(made, last)


def test_a_backup_dated_after_now_is_kept() -> None:
    """A clock set back a day must not cost the backups made before it was."""
    made = [info(NOW + dt.timedelta(days=1, hours=h), "bundle") for h in range(3)]
    assert thinning.to_keep(made, NOW) == {b.path for b in made}


def test_thinning_deletes_the_files_the_rule_lets_go(ledger: Ledger) -> None:
    made = backup.create_backup(ledger.path, "bundle")
    folder = made.parent
    made.unlink()
    stamps = {
        "20261231-230000": "bundle",  # an hour ago: kept
        "20261231-120000": "bundle",  # today too
        "20261230-230000": "bundle",  # the newest of 30 December
        "20261230-220000": "bundle",  # not the newest of its day: deleted
        "20261230-210000": "import",  # the only import: kept
        "20260601-120000": "bundle",  # months ago, the newest of June
        "20260602-120000": "daily",   # newer in June, so the June bundle batch goes…
        "20260115-120000": "before-upgrade-0003",  # …an upgrade within the year stays
        "20251215-120000": "before-upgrade-0003",  # too old
        "20251214-120000": "daily",   # too old
    }
    for stamp, reason in stamps.items():
        shutil.copy(ledger.path, folder / f"t.{stamp}.{reason}.db")
    (folder / "t.20200101-000000.manual.db.partial").write_bytes(b"")  # not a backup's name
    (folder / "说明.txt").write_text("不是备份", encoding="utf-8")

    gone = backup.thin_backups(ledger.path, dt.datetime(2027, 1, 1, 0, 0, 30, tzinfo=CHINA))

    left = sorted(p.name for p in folder.iterdir())
    assert sorted(p.name for p in gone) == [
        "t.20251214-120000.daily.db",
        "t.20251215-120000.before-upgrade-0003.db",
        "t.20260601-120000.bundle.db",
        "t.20261230-220000.bundle.db",
    ]
    assert left == sorted(
        ["t.20200101-000000.manual.db.partial", "说明.txt"]
        + [f"t.{s}.{r}.db" for s, r in stamps.items() if folder / f"t.{s}.{r}.db" not in gone]
    )


def test_every_backup_is_followed_by_thinning(instant: dt.datetime, ledger: Ledger) -> None:
    """Whoever makes a backup (here a bundle batch), the old ones are thinned in the same step."""
    first = backup.create_backup(ledger.path, "bundle")
    local = instant.replace(tzinfo=None)
    for hours in range(30, 30 + 24 * 20, 6):  # every six hours, for twenty days before
        taken = local - dt.timedelta(hours=hours)
        shutil.copy(first, first.parent / f"t.{taken:%Y%m%d-%H%M%S}.bundle.db")
    daily = backup.ensure_daily_backup(ledger.path)
    assert daily is not None

    left = backup.list_backups(ledger.path)
    assert {b.path for b in left} == thinning.to_keep(left, local)
    assert first in {b.path for b in left} and daily in {b.path for b in left}
    old_days = [b.taken_at.date() for b in left if local - b.taken_at >= thinning.RECENT]
    assert len(old_days) == len(set(old_days)) < 20  # one a day at most, and fewer than there were


def test_what_a_killed_copy_left_goes_an_hour_later(ledger: Ledger) -> None:
    """A backup killed mid-copy leaves its temporary file; the next backup deletes it once it is
    an hour old (a younger one may be another window's copy under way) and keeps others' files."""
    made = backup.create_backup(ledger.path, "manual")
    folder = made.parent
    now = made.stat().st_mtime
    names = {
        f"t.20261231-230000.manual.db.{'a1b2c3d4'}.partial": True,
        f"t.20261231-230000.manual.db.{'a1b2c3d4'}.partial-journal": True,
        f"t.20261231-235959.bundle.db.{'0f0f0f0f'}.partial": False,  # ten minutes old: live
        "t.说明.partial": False,  # not a temporary name of ours
        "别的.20261231-230000.manual.db.a1b2c3d4.partial.txt": False,
    }
    for name, stale in names.items():
        (folder / name).write_bytes(b"half a copy")
        age = whole.STALE + 1 if stale else 600
        os.utime(folder / name, (now - age, now - age))

    gone = backup.thin_backups(ledger.path, dt.datetime.fromtimestamp(now, CHINA))

    assert sorted(p.name for p in gone) == sorted(n for n, stale in names.items() if stale)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [made.name] + [n for n, stale in names.items() if not stale])
