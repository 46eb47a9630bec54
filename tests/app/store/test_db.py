"""Opening a ledger: pragmas in force, Chinese paths, the device identity and its key file."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from app.errors import LedgerMissing
from app.services import records
from app.services.setup import init_ledger
from app.store import backup
from app.store.db import Ledger, open_ledger
from app.store.identity import key_path
from tests.app.store.conftest import STREET
from tests.app.store.util import rows, scalar

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


def test_lost_key_file_gives_a_new_identity_and_retires_the_old(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    first = init_ledger(path)
    old = first.device
    first.close()
    key_path(path).unlink()

    again = open_ledger(path)
    try:
        new = again.device
        assert FINGERPRINT.fullmatch(new)
        assert new != old
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

    again = open_ledger(tmp_path / "two.db")
    try:
        assert again.device not in (one_device, two_device)
        roles = dict(rows(again, "SELECT fingerprint, role FROM device"))
        assert roles == {two_device: "retired", again.device: "self"}
    finally:
        again.close()


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
