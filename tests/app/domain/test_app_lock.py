"""The app lock's password hash: scrypt, checked in constant time; a stored lock read back as
hostile, so that a forged setting can neither open it nor make scrypt take gigabytes."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from app.domain import app_lock
from app.domain.app_lock import LockError, make_lock, opens, read_lock, with_idle

SALT = bytes(range(16))


def test_a_password_opens_its_lock_and_no_other_does() -> None:
    lock = make_lock("街道办公室2026", 10, salt=SALT)
    assert lock.digest == hashlib.scrypt("街道办公室2026".encode(), salt=SALT, n=2**15, r=8, p=1,
                                         maxmem=2**26, dklen=32)
    assert opens(lock, "街道办公室2026")
    for wrong in ("街道办公室2027", "", " 街道办公室2026", "x" * 10_000):
        assert not opens(lock, wrong)
    assert make_lock("街道办公室2026").salt != make_lock("街道办公室2026").salt


def test_what_is_stored_reads_back_the_same() -> None:
    lock = make_lock("abcdef", 0)
    stored = lock.to_json()
    assert "abcdef" not in repr(stored)
    assert read_lock(stored) == lock
    assert read_lock(with_idle(lock, 30).to_json()).idle_minutes == 30


@pytest.mark.parametrize(("password", "idle", "words"), [
    ("12345", 10, "至少要 6 个字符"),
    ("x" * 129, 10, "不能超过 128 个字符"),
    ("abcdef", 7, "0、5、10、15、30、60 之一"),
    ("abcdef", True, "之一"),
])
def test_passwords_and_minutes_that_cannot_be_used(password: str, idle: Any, words: str) -> None:
    with pytest.raises(LockError, match=words):
        make_lock(password, idle)


def _stored(**changes: Any) -> dict[str, Any]:
    return {**make_lock("abcdef", 5, salt=SALT).to_json(), **changes}


@pytest.mark.parametrize("data", [
    None, [], "app_lock", {"version": 2},
    _stored(salt="不是base64"), _stored(hash=3), _stored(hash="AAAA"),
    _stored(n=2**20), _stored(n=1000), _stored(r=0), _stored(p=True), _stored(n="32768"),
    _stored(n=2**17, r=16),  # 256 MB
    _stored(idle_minutes=-1), _stored(idle_minutes="10"),
], ids=repr)
def test_a_damaged_or_forged_lock_is_refused_with_a_reason(data: Any) -> None:
    with pytest.raises(LockError, match=r"应用锁设置已损坏|分钟数"):
        read_lock(data)


def test_the_cost_is_bounded() -> None:
    assert 128 * app_lock.SCRYPT_N * app_lock.SCRYPT_R <= app_lock.MAX_MEMORY
