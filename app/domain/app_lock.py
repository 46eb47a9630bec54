"""The optional app lock of a shared office PC: a password kept as an scrypt hash, asked at start
and after the idle minutes; what is stored is checked like anything read back from a file."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from app.errors import UsageError

SCRYPT_N = 2**15
"""scrypt's cost: about 0.1 s on an office laptop, 32 MB, so that guessing is slow."""
SCRYPT_R = 8
SCRYPT_P = 1
MIN_LENGTH = 6
MAX_LENGTH = 128
IDLE_CHOICES = (0, 5, 10, 15, 30, 60)
"""Minutes without a key press or a click before the window locks (0: only at start)."""
DEFAULT_IDLE = 10
MAX_MEMORY = 64 * 1024 * 1024
"""The most memory a stored lock's parameters may ask scrypt for."""


class LockError(UsageError):
    """A password or a setting that cannot be used; the message is Chinese."""


@dataclass(frozen=True)
class AppLock:
    """A set lock: the password's hash and salt, the scrypt parameters, the idle minutes."""

    salt: bytes
    digest: bytes
    idle_minutes: int = DEFAULT_IDLE
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def to_json(self) -> dict[str, Any]:
        return {"version": 1, "salt": _b64(self.salt), "hash": _b64(self.digest),
                "n": self.n, "r": self.r, "p": self.p, "idle_minutes": self.idle_minutes}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=128 * r * n * 2, dklen=32)


def check_password(password: str) -> None:
    """Refuse a password too short or too long to be a lock's (LockError)."""
    if len(password) < MIN_LENGTH:
        raise LockError(f"密码至少要 {MIN_LENGTH} 个字符")
    if len(password) > MAX_LENGTH:
        raise LockError(f"密码不能超过 {MAX_LENGTH} 个字符")


def check_idle(minutes: object) -> int:
    """The idle minutes, one of IDLE_CHOICES (LockError otherwise)."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes not in IDLE_CHOICES:
        choices = "、".join(str(m) for m in IDLE_CHOICES)
        raise LockError(f"无操作自动锁定的分钟数应为 {choices} 之一，不是“{minutes}”")
    return minutes


def make_lock(password: str, idle_minutes: int = DEFAULT_IDLE, *,
              salt: bytes | None = None) -> AppLock:
    """A lock for this password (LockError if the password or the minutes cannot be used)."""
    check_password(password)
    idle = check_idle(idle_minutes)
    salt = os.urandom(16) if salt is None else salt
    return AppLock(salt, _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P), idle)


def opens(lock: AppLock, password: str) -> bool:
    """Whether the password opens the lock (compared in constant time)."""
    if not password or len(password) > MAX_LENGTH:
        return False
    return hmac.compare_digest(_scrypt(password, lock.salt, lock.n, lock.r, lock.p), lock.digest)


def with_idle(lock: AppLock, idle_minutes: int) -> AppLock:
    """The same password with other idle minutes."""
    return AppLock(lock.salt, lock.digest, check_idle(idle_minutes), lock.n, lock.r, lock.p)


def read_lock(data: object) -> AppLock:
    """A stored lock read back, every part checked (LockError says what is wrong)."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise LockError("应用锁设置已损坏（格式不对）")
    try:
        salt = base64.b64decode(str(data["salt"]), validate=True)
        digest = base64.b64decode(str(data["hash"]), validate=True)
    except (KeyError, ValueError) as exc:
        raise LockError("应用锁设置已损坏（密码摘要不对）") from exc
    params = [data.get(k) for k in ("n", "r", "p")]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in params):
        raise LockError("应用锁设置已损坏（参数不对）")
    n, r, p = params
    assert isinstance(n, int) and isinstance(r, int) and isinstance(p, int)
    # bounded, so that a forged setting cannot make the window spend minutes or gigabytes
    if not (2**10 <= n <= 2**17 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4
            and 128 * n * r <= MAX_MEMORY and 8 <= len(salt) <= 64 and len(digest) == 32):
        raise LockError("应用锁设置已损坏（参数超出范围）")
    return AppLock(salt, digest, check_idle(data.get("idle_minutes")), n, r, p)
