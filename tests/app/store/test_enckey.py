"""The encryption key file (`<db>.enckey`): made on first use, the user's only, the same keys on
every reload, old private keys kept through rotations, a damaged file refused in Chinese and never
overwritten, and kept as it is when a backup is restored (while the signing key changes)."""

from __future__ import annotations

import base64
import json
import os
import re
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.errors import KeyFileProblem
from app.services import status
from app.store import backup, enckey
from app.store.db import Ledger, open_ledger
from app.store.enckey import EncryptionKeys, enckey_path, encryption_key_id
from app.store.identity import key_path
from tests.faults import as_ordinary_user, damage_bytes, last_json, python
from tests.helpers.cli import run

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes_raw()


def _all_private(keys: EncryptionKeys) -> list[bytes]:
    return [_private(key) for key in (keys.current, *keys.retired)]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def lax_umask() -> Iterator[None]:
    """A umask that takes nothing away: the file's mode is what the app asks for."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def test_the_key_is_made_on_first_use_and_the_users_only(tmp_path: Path,
                                                         lax_umask: None) -> None:
    db = tmp_path / "台账 目录" / "台账.db"
    db.parent.mkdir()
    path = enckey_path(db)
    assert path == db.with_name("台账.db.enckey") and not path.exists()
    keys = enckey.load_or_create(db)
    assert path.is_file() and _mode(path) == 0o600
    assert len(keys.public) == 32 and keys.retired == ()
    assert re.fullmatch(r"[0-9A-F]{16}", keys.key_id)
    assert keys.key_id == encryption_key_id(keys.public)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["format"] == "cfl-enckey/1"
    assert base64.b64decode(written["current"]) == _private(keys.current)
    assert sorted(p.name for p in db.parent.iterdir()) == ["台账.db.enckey"]  # no temporary file


def test_the_same_keys_on_reload_and_the_file_untouched(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    made = enckey.load_or_create(db)
    written = enckey_path(db).read_bytes()
    again = enckey.load_or_create(db)
    assert again.public == made.public and _all_private(again) == _all_private(made)
    assert enckey_path(db).read_bytes() == written


def test_rotation_keeps_the_old_private_keys_for_opening(tmp_path: Path, lax_umask: None) -> None:
    db = tmp_path / "台账.db"
    first = enckey.load_or_create(db)
    second = enckey.rotate(db)
    third = enckey.rotate(db)
    assert len({first.key_id, second.key_id, third.key_id}) == 3
    reloaded = enckey.load_or_create(db)
    assert _all_private(reloaded) == [_private(k.current) for k in (third, second, first)]
    assert reloaded.key_id == third.key_id  # what others seal to from now on
    for old in (first, second, third):
        found = reloaded.private_for(old.key_id)
        assert found is not None and _private(found) == _private(old.current)
    assert reloaded.private_for(encryption_key_id(bytes(32))) is None
    assert _mode(enckey_path(db)) == 0o600


def test_rotation_keeps_the_newest_retired_keys_only(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(enckey, "MAX_RETIRED", 2)
    db = tmp_path / "台账.db"
    made = [enckey.load_or_create(db), *(enckey.rotate(db) for _ in range(3))]
    reloaded = enckey.load_or_create(db)
    assert len(reloaded.retired) == 2
    assert reloaded.private_for(made[0].key_id) is None  # the oldest is gone
    assert all(reloaded.private_for(keys.key_id) is not None for keys in made[1:])


def _sound(db: Path) -> dict[str, object]:
    enckey.load_or_create(db)
    data: dict[str, object] = json.loads(enckey_path(db).read_text(encoding="utf-8"))
    return data


def _dumped(value: object) -> bytes:
    return json.dumps(value).encode()


DAMAGE = {
    "empty": lambda sound: b"",
    "not UTF-8": lambda sound: b"\xff\xfe\x00garbage\x80",
    "cut short": lambda sound: _dumped(sound)[:40],
    "a list": lambda sound: _dumped([sound]),
    "no current key": lambda sound: _dumped({k: v for k, v in sound.items() if k != "current"}),
    "a current key of 31 bytes": lambda sound: _dumped(
        {**sound, "current": base64.b64encode(bytes(31)).decode()}),
    "a current key not base64": lambda sound: _dumped({**sound, "current": "*" * 44}),
    "a current key that is a number": lambda sound: _dumped({**sound, "current": 7}),
    "retired keys that are no list": lambda sound: _dumped({**sound, "retired": "abc"}),
    "a retired key that is damaged": lambda sound: _dumped({**sound, "retired": ["AAAA"]}),
    "the signing key file's content": lambda sound: _dumped(
        {"key_id": "00" * 8, "private_key": sound["current"]}),
    "a newer format": lambda sound: _dumped({**sound, "format": "cfl-enckey/2"}),
    "nested too deep": lambda sound: b"[" * 200_000 + b"]" * 200_000,
    "far too large": lambda sound: _dumped({**sound, "note": "x" * 100_000}),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_key_file_is_refused_in_chinese_and_kept(tmp_path: Path, damage: str) -> None:
    db = tmp_path / "台账 目录" / "台账.db"
    db.parent.mkdir()
    path = enckey_path(db)
    damaged = DAMAGE[damage](_sound(db))
    path.write_bytes(damaged)
    for attempt in (enckey.load_or_create, enckey.rotate):
        with pytest.raises(KeyFileProblem) as refused:
            attempt(db)
        message = str(refused.value)
        assert CHINESE.search(message) and str(path) in message
        assert "内容不对" in message
        assert refused.value.exit_code == 4  # a person must look at it
        assert path.read_bytes() == damaged  # never replaced by a new key
    assert sorted(p.name for p in db.parent.iterdir()) == ["台账.db.enckey"]


def test_a_folder_in_the_key_files_place_is_explained(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    enckey_path(db).mkdir()
    with pytest.raises(KeyFileProblem, match="文件夹") as refused:
        enckey.load_or_create(db)
    assert str(enckey_path(db)) in str(refused.value)
    assert enckey_path(db).is_dir()


_LOAD = """
import json, sys
from pathlib import Path
from app.errors import KeyFileProblem
from app.store import enckey
try:
    enckey.load_or_create(Path(sys.argv[1]))
    print(json.dumps({"ok": True}))
except KeyFileProblem as exc:
    print(json.dumps({"ok": False, "message": str(exc)}, ensure_ascii=False))
"""


def test_a_key_file_one_may_not_read_is_explained(tmp_path: Path) -> None:
    db = tmp_path / "台账 目录" / "台账.db"
    db.parent.mkdir()
    enckey.load_or_create(db)
    written = enckey_path(db).read_bytes()
    enckey_path(db).chmod(0o000)
    try:
        done = as_ordinary_user(*python(_LOAD), db)
    finally:
        enckey_path(db).chmod(0o600)
    said = last_json(done)
    assert said["ok"] is False, done.stderr
    assert "没有读取权限" in said["message"] and str(enckey_path(db)) in said["message"]
    assert enckey_path(db).read_bytes() == written


def test_two_first_uses_at_once_make_one_key(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Another thread or process makes the file between our look and our write: theirs stays
    and is the key we get, so no bundle is ever sealed to a key that was then replaced."""
    db = tmp_path / "台账.db"
    theirs = X25519PrivateKey.generate()
    generate = X25519PrivateKey.generate

    def meanwhile() -> X25519PrivateKey:
        enckey_path(db).write_text(json.dumps({
            "format": "cfl-enckey/1", "current": base64.b64encode(_private(theirs)).decode(),
            "retired": []}), encoding="utf-8")
        return generate()

    monkeypatch.setattr(enckey.X25519PrivateKey, "generate", meanwhile)
    keys = enckey.load_or_create(db)
    assert _private(keys.current) == _private(theirs)
    assert _private(enckey.load_or_create(db).current) == _private(theirs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.db.enckey"]


def test_many_threads_at_first_use_get_the_same_key(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    got: list[bytes] = []
    start = threading.Barrier(8)

    def first_use() -> None:
        start.wait()
        got.append(enckey.load_or_create(db).public)

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and set(got) == {enckey.load_or_create(db).public}


def test_a_key_file_others_may_read_is_made_the_users_own(ledger: Ledger) -> None:
    enckey.load_or_create(ledger.path)
    enckey_path(ledger.path).chmod(0o644)
    again = open_ledger(ledger.path)
    try:
        assert any("加密密钥文件" in notice and "现已改为仅本人可读" in notice
                   for notice in again.notices)
    finally:
        again.close()
    assert _mode(enckey_path(ledger.path)) == 0o600
    assert enckey.private_notice(ledger.path) is None  # once fixed, nothing more to say


def test_a_ledger_without_an_encryption_key_yet_has_nothing_to_say(ledger: Ledger) -> None:
    assert not enckey_path(ledger.path).exists()
    assert enckey.private_notice(ledger.path) is None


# --- restoring a backup ----------------------------------------------------------------------


def _restore_state(db: Path) -> tuple[bytes, bytes]:
    return enckey_path(db).read_bytes(), key_path(db).read_bytes()


def test_restoring_a_backup_keeps_the_encryption_key_and_renews_the_signing_key(
        ledger: Ledger) -> None:
    db = ledger.path
    keys = enckey.load_or_create(db)
    rotated = enckey.rotate(db)  # a retired key too: bundles sealed before still open
    device = ledger.device
    ledger.close()
    made = run("--db", db, "backup", "create")
    assert made.returncode == 0, made.stderr
    [saved] = backup.list_backups(db)
    enc_before, key_before = _restore_state(db)

    done = run("--db", db, "backup", "restore", saved.path)

    assert done.returncode == 0, done.stderr
    enc_after, key_after = _restore_state(db)
    assert enc_after == enc_before
    assert key_after != key_before
    restored = open_ledger(db)
    try:
        assert restored.device != device
    finally:
        restored.close()
    reloaded = enckey.load_or_create(db)
    assert reloaded.key_id == rotated.key_id
    assert reloaded.private_for(keys.key_id) is not None


def test_restoring_the_latest_backup_of_a_damaged_ledger_keeps_the_encryption_key(
        ledger: Ledger) -> None:
    """The way out the window offers when the ledger is found damaged."""
    db = ledger.path
    enckey.load_or_create(db)
    device = ledger.device
    ledger.close()
    backup.create_backup(db, "daily")
    enc_before, key_before = _restore_state(db)
    damage_bytes(db)

    restored = status.restore_latest_backup(db)

    assert restored.damaged_copy.exists()
    enc_after, key_after = _restore_state(db)
    assert enc_after == enc_before and key_after != key_before
    again = open_ledger(db)
    try:
        assert again.device != device
    finally:
        again.close()
    assert sorted(p.name for p in db.parent.iterdir() if ".enckey" in p.name) == ["t.db.enckey"]


def test_a_new_signing_key_keeps_the_encryption_key(ledger: Ledger) -> None:
    """`keys new --confirm` after the signing key file is lost replaces that key only."""
    db = ledger.path
    enckey.load_or_create(db)
    ledger.close()
    enc_before = enckey_path(db).read_bytes()
    key_path(db).unlink()
    done = run("--db", db, "keys", "new", "--confirm")
    assert done.returncode == 0, done.stderr
    assert enckey_path(db).read_bytes() == enc_before
    assert key_path(db).is_file()
