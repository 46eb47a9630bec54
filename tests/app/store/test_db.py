"""Opening a ledger: pragmas in force, Chinese paths, the device identity and its key file."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from app.errors import KeyFileProblem, LedgerMissing
from app.services import records
from app.services.setup import init_ledger
from app.store import backup
from app.store.db import Ledger, open_ledger
from app.store.identity import key_path
from tests.app.store.util import STREET, read_only, rows, scalar


def file_rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of a query on a database file, read without opening it as a ledger."""
    conn = read_only(path)
    try:
        return [tuple(r) for r in conn.execute(sql)]
    finally:
        conn.close()

FINGERPRINT = re.compile(r"[0-9A-F]{16}")


def test_pragmas_in_force_on_engine_connections(ledger: Ledger) -> None:
    with ledger.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma["journal_mode"] == "wal"
    assert pragma["synchronous"] == 2  # FULL
    assert pragma["foreign_keys"] == 1
    assert pragma["busy_timeout"] > 0


def test_pragmas_in_force_inside_a_transaction(ledger: Ledger) -> None:
    with ledger.engine.begin() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_foreign_keys_are_enforced(ledger: Ledger) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), ledger.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO community (id, created_at, updated_at, deleted, clocks, name, street_id) "
            "VALUES ('x', '', '', 0, '{}', '孤儿社区', 'no-such-street')"
        )
    assert scalar(ledger, "SELECT count(*) FROM community") == 0


def test_path_with_chinese_characters_and_spaces(tmp_path: Path) -> None:
    path = tmp_path / "台账 目录" / "我的 台账.db"
    ledger = init_ledger(path)
    try:
        community = records.create(
            ledger, "communities", {"name": "东新社区", "street": STREET, "code": "610102005001"}
        )
        made = backup.create_backup(path)
    finally:
        ledger.close()
    assert path.is_file()
    assert key_path(path) == path.parent / "我的 台账.db.key"
    assert key_path(path).is_file()
    assert made.parent == path.parent / "backups"
    assert [b.path for b in backup.list_backups(path)] == [made]

    again = open_ledger(path)
    try:
        assert records.get(again, "communities", community)["name"] == "东新社区"
    finally:
        again.close()


def test_missing_file_is_not_created_without_create(tmp_path: Path) -> None:
    with pytest.raises(LedgerMissing, match="找不到数据库文件"):
        open_ledger(tmp_path / "没有.db")
    assert list(tmp_path.iterdir()) == []


def test_key_file_is_private_and_fingerprint_stable(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    first = init_ledger(path)
    fingerprint = first.device
    first.close()

    key = key_path(path)
    assert key.is_file()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert FINGERPRINT.fullmatch(fingerprint)

    again = open_ledger(path)
    try:
        assert again.device == fingerprint
        assert again.identity.public_key == first.identity.public_key
        assert rows(again, "SELECT fingerprint, role FROM device") == [(fingerprint, "self")]
    finally:
        again.close()


def test_lost_key_file_stops_and_a_new_identity_comes_only_on_purpose(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    first = init_ledger(path)
    old = first.device
    first.close()
    key_path(path).unlink()

    for attempt in (lambda: open_ledger(path), lambda: init_ledger(path)):
        with pytest.raises(KeyFileProblem, match="找不到本机的密钥文件") as told:
            attempt()
        assert "keys new --confirm" in str(told.value) and "重新登记" in str(told.value)
        assert not key_path(path).exists()  # nothing made behind the user's back
        assert file_rows(path, "SELECT fingerprint, role FROM device") == [(old, "self")]

    again = open_ledger(path, renew_identity=True)  # what `keys new --confirm` does
    try:
        new = again.device
        assert FINGERPRINT.fullmatch(new) and new != old
        assert dict(rows(again, "SELECT fingerprint, role FROM device")) == {
            old: "retired",
            new: "self",
        }
    finally:
        again.close()
    assert stat.S_IMODE(key_path(path).stat().st_mode) == 0o600


def test_key_file_of_another_database_is_not_taken_over(tmp_path: Path) -> None:
    one, two = init_ledger(tmp_path / "one.db"), init_ledger(tmp_path / "two.db")
    one_device, two_device = one.device, two.device
    one.close()
    two.close()
    key_path(tmp_path / "two.db").write_bytes(key_path(tmp_path / "one.db").read_bytes())

    with pytest.raises(KeyFileProblem, match="不属于这个台账") as told:
        open_ledger(tmp_path / "two.db")
    assert one_device in str(told.value) and two_device in str(told.value)
    assert file_rows(tmp_path / "two.db", "SELECT fingerprint, role FROM device") == [
        (two_device, "self")]
    assert key_path(tmp_path / "two.db").read_bytes() == key_path(tmp_path / "one.db").read_bytes()


def test_renew_identity(ledger: Ledger) -> None:
    old = ledger.device
    ledger.renew_identity()
    assert ledger.device != old
    assert dict(rows(ledger, "SELECT fingerprint, role FROM device")) == {
        old: "retired",
        ledger.device: "self",
    }
    again = open_ledger(ledger.path)  # the key file now holds the new identity
    try:
        assert again.device == ledger.device
    finally:
        again.close()
