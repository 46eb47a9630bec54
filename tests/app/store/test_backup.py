"""Backups with SQLite's backup API: a sound copy, newest first, daily, and restored with care."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from app.errors import KnownError, LedgerTooNew
from app.services import records
from app.store import backup
from app.store.db import Ledger, open_ledger
from tests.app.store.util import STREET, counts, file_counts, read_only, rows

TABLES = ("district", "street", "community", "space", "demand", "history", "change_log", "device")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def fill(ledger: Ledger, community: str) -> None:
    """A few records of a street office's own data."""
    records.create(
        ledger, "spaces", {"community": community, "name": "老年食堂", "kind": "社区用房"}
    )
    records.create(ledger, "demands", {"community": community, "content": "希望增加托育服务"})


def names(ledger: Ledger) -> list[str]:
    return sorted(r["name"] for r in records.list_records(ledger, "communities"))


def test_backup_is_a_sound_copy_with_the_same_rows(ledger: Ledger, community: str) -> None:
    fill(ledger, community)
    made = backup.create_backup(ledger.path)

    assert made.parent == backup.backup_dir(ledger.path)
    assert made.name.startswith("t.") and made.name.endswith(".manual.db")
    assert not list(made.parent.glob("*.partial"))
    assert file_counts(made, *TABLES) == counts(ledger, *TABLES)
    conn = read_only(made)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert backup.quick_check(conn) == []
        demand = conn.execute("SELECT content FROM demand").fetchone()
        assert demand == ("希望增加托育服务",)
    finally:
        conn.close()


def test_backup_is_one_self_contained_file(ledger: Ledger, community: str) -> None:
    """A backup can be copied alone, and read (even from read-only media) without side files."""
    made = backup.create_backup(ledger.path)
    conn = read_only(made)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("SELECT count(*) FROM community").fetchone() == (1,)
    finally:
        conn.close()
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]


def test_quick_check_of_a_healthy_ledger_is_empty(ledger: Ledger, community: str) -> None:
    fill(ledger, community)
    conn = sqlite3.connect(ledger.path)
    try:
        assert backup.quick_check(conn) == []
    finally:
        conn.close()


def test_list_backups_newest_first(ledger: Ledger, community: str) -> None:
    made = [backup.create_backup(ledger.path, reason) for reason in ("manual", "daily", "manual")]
    made.append(backup.create_backup(ledger.path, "before-restore"))
    listed = backup.list_backups(ledger.path)
    assert [b.path for b in listed] == made[::-1]
    assert [b.reason for b in listed] == ["before-restore", "manual", "daily", "manual"]
    assert all(b.size == b.path.stat().st_size > 0 for b in listed)


def test_list_backups_orders_by_time_taken_and_ignores_other_files(
    ledger: Ledger, community: str
) -> None:
    made = backup.create_backup(ledger.path)
    folder = made.parent
    stamps = ["20240305-080000", "20231231-235959", "20240305-075959", "20240101-000000"]
    for stamp in stamps:
        shutil.copy(made, folder / f"t.{stamp}.manual.db")
    made.unlink()
    shutil.copy(folder / f"t.{stamps[0]}.manual.db", folder / "other.20250101-000000.manual.db")
    (folder / "t.说明.txt").write_text("不是备份", encoding="utf-8")
    (folder / "t.20240101-000000.manual.db.partial").write_bytes(b"")

    listed = backup.list_backups(ledger.path)
    assert [b.taken_at for b in listed] == sorted(
        (dt.datetime.strptime(s, "%Y%m%d-%H%M%S") for s in stamps), reverse=True
    )


def test_backups_of_a_ledger_whose_name_looks_like_a_pattern(tmp_path: Path) -> None:
    from app.services.setup import init_ledger

    path = tmp_path / "台账[2024] *旧*.db"
    ledger = init_ledger(path)
    try:
        made = backup.create_backup(path)
        assert [b.path for b in backup.list_backups(path)] == [made]
        assert backup.ensure_daily_backup(path) is not None
        assert backup.ensure_daily_backup(path) is None
    finally:
        ledger.close()


def test_daily_backup_once_a_day(instant: dt.datetime, ledger: Ledger, community: str) -> None:
    made = backup.ensure_daily_backup(ledger.path)
    assert made is not None and made.is_file()
    assert backup.ensure_daily_backup(ledger.path) is None
    daily = [b for b in backup.list_backups(ledger.path) if b.reason == "daily"]
    assert [b.path for b in daily] == [made]
    assert daily[0].taken_at.date() == instant.date()


def test_daily_backups_are_thinned_to_one_a_day(instant: dt.datetime, ledger: Ledger,
                                               community: str) -> None:
    made = backup.create_backup(ledger.path, "manual")
    today = instant.date()
    old_days = [today - dt.timedelta(days=n) for n in range(1, 11)]
    for day in old_days:
        for hour in (9, 12):  # a second daily backup the same day (two windows opened at once)
            shutil.copy(made, made.parent / f"t.{day:%Y%m%d}-{hour:02d}0000.daily.db")

    new = backup.ensure_daily_backup(ledger.path)

    daily = [b for b in backup.list_backups(ledger.path) if b.reason == "daily"]
    assert daily[0].path == new
    kept = [b.taken_at for b in daily[1:] if instant.replace(tzinfo=None) - b.taken_at
            >= dt.timedelta(hours=24)]
    assert len(kept) == len({t.date() for t in kept}) and all(t.hour == 12 for t in kept)
    assert {b.taken_at.date() for b in daily} >= set(old_days[:6])  # every day of the last week
    assert made.is_file()  # the newest backup of its reason is never thinned


def test_restore_brings_back_the_old_rows_and_renews_identity(
    ledger: Ledger, community: str
) -> None:
    fill(ledger, community)
    saved = backup.create_backup(ledger.path)
    records.create(ledger, "communities", {"name": "西新社区", "street": STREET})
    records.update(ledger, "communities", community, {"population": 8650})
    old_device = ledger.device
    assert names(ledger) == ["东新社区", "西新社区"]

    safety = backup.restore_backup(ledger.path, saved)

    assert names(ledger) == ["东新社区"]
    assert records.get(ledger, "communities", community)["population"] is None
    assert safety != saved and safety.is_file()
    assert backup.list_backups(ledger.path)[0].reason == "before-restore"
    assert file_counts(safety, "community")["community"] == 2  # what was there before the restore
    with ledger.engine.connect() as conn:  # the live ledger stays in WAL mode
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"

    ledger.renew_identity()
    assert ledger.device != old_device
    assert dict(rows(ledger, "SELECT fingerprint, role FROM device")) == {
        old_device: "retired",
        ledger.device: "self",
    }
    records.create(ledger, "communities", {"name": "西新社区", "street": STREET})
    assert names(ledger) == ["东新社区", "西新社区"]

    again = open_ledger(ledger.path)
    try:
        assert again.device == ledger.device
    finally:
        again.close()
    conn = sqlite3.connect(ledger.path)
    try:
        assert backup.quick_check(conn) == []
    finally:
        conn.close()


def _state(ledger: Ledger) -> tuple[object, ...]:
    return (
        counts(ledger, *TABLES),
        [r["id"] for r in records.list_records(ledger, "communities")],
        [b.path for b in backup.list_backups(ledger.path)],
    )


def test_damaged_backup_is_refused_and_the_ledger_untouched(ledger: Ledger, community: str) -> None:
    fill(ledger, community)
    saved = backup.create_backup(ledger.path)
    records.create(ledger, "communities", {"name": "西新社区", "street": STREET})
    data = bytearray(saved.read_bytes())
    third = len(data) // 3
    data[third : 2 * third] = bytes((n * 37 + 11) % 256 for n in range(third))
    saved.write_bytes(bytes(data))
    before = _state(ledger)

    with pytest.raises(KnownError) as caught:
        backup.restore_backup(ledger.path, saved)

    message = str(caught.value)
    assert CHINESE.search(message) and saved.name in message
    assert "损坏" in message or "不是有效的台账备份" in message
    assert _state(ledger) == before  # no rows lost, no safety backup needed


def test_file_that_is_no_database_is_refused(ledger: Ledger, community: str) -> None:
    bogus = ledger.path.parent / "t.20240101-000000.manual.db"
    bogus.write_text("这不是备份文件", encoding="utf-8")
    before = _state(ledger)
    with pytest.raises(KnownError, match="不是有效的台账备份"):
        backup.restore_backup(ledger.path, bogus)
    assert _state(ledger) == before


def test_database_that_is_not_a_ledger_is_refused(ledger: Ledger, community: str) -> None:
    other = ledger.path.parent / "通讯录.db"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.close()
    before = _state(ledger)
    with pytest.raises(KnownError, match="不是台账"):
        backup.restore_backup(ledger.path, other)
    assert _state(ledger) == before


def test_backup_from_a_newer_app_is_refused(ledger: Ledger, community: str) -> None:
    saved = backup.create_backup(ledger.path)
    conn = sqlite3.connect(saved)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = _state(ledger)
    with pytest.raises(LedgerTooNew):
        backup.restore_backup(ledger.path, saved)
    assert _state(ledger) == before


def test_missing_backup_file(ledger: Ledger) -> None:
    with pytest.raises(KnownError, match="找不到备份文件"):
        backup.restore_backup(ledger.path, ledger.path.parent / "没有.db")


def _writes_until(path: Path, community: str, stop: threading.Event, done: list[int],
                  failed: list[BaseException]) -> None:
    """Another window's saves: a demand made, then changed twice, each save its own commit."""
    other = open_ledger(path)
    try:
        while not stop.is_set():
            i = len(done)
            made = records.create(other, "demands", {"community": community,
                                                     "content": f"{i}:v1"})
            for n in (2, 3):
                records.update(other, "demands", made, {"content": f"{i}:v{n}"})
            done.append(3)
    except BaseException as exc:  # the test's thread reports, it does not print and vanish
        failed.append(exc)
    finally:
        other.close()


def _consistent(path: Path) -> int:
    """The number of saves in a copy, after checking that it holds whole saves only: each demand
    has a history row and a change-log row per save, and the content its last save gave it."""
    conn = read_only(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        saves = 0
        for record_id, content in conn.execute("SELECT id, content FROM demand"):
            (history,) = conn.execute("SELECT count(*) FROM history WHERE record_id = ?",
                                      (record_id,)).fetchone()
            (logged,) = conn.execute("SELECT count(*) FROM change_log WHERE record_id = ?",
                                     (record_id,)).fetchone()
            saved = int(content.split(":v")[1])
            assert history == logged == saved, (record_id, content, history, logged)
            saves += history
        return saves
    finally:
        conn.close()


def test_backup_while_another_thread_writes_is_a_consistent_copy(
    ledger: Ledger, community: str
) -> None:
    stop, done, failed = threading.Event(), [], []
    writer = threading.Thread(target=_writes_until,
                              args=(ledger.path, community, stop, done, failed))
    writer.start()
    seen = []
    try:
        while sum(done) < 3 and not failed:
            time.sleep(0.01)
        for _ in range(8):
            made = backup.create_backup(ledger.path, "bundle")
            seen.append(_consistent(made))
            time.sleep(0.02)
    finally:
        stop.set()
        writer.join(timeout=60)
    assert not failed and not writer.is_alive()
    assert seen == sorted(seen) and seen[0] >= 3 and seen[-1] > seen[0]  # taken while it wrote
    assert _consistent(ledger.path) == sum(done) >= seen[-1]
