"""This database's encryption key: X25519, in its own file beside the database (`<db>.enckey`).

Bundles for this office are sealed to its public half. Unlike the signing key, a restore does
not replace it (bundles already sealed to it must still open), and a rotated key keeps its old
private halves, for opening only.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.errors import KeyFileProblem
from app.store.whole import create_whole, make_private, write_whole

FORMAT = "cfl-enckey/1"
MAX_RETIRED = 64
"""Old private keys kept for opening bundles sealed before a rotation."""
MAX_FILE = 64 * 1024
"""A key file is a few kilobytes; anything much larger is not one."""


@dataclass(frozen=True)
class EncryptionKeys:
    """The current key pair and the retired private keys that may still open bundles."""

    current: X25519PrivateKey
    retired: tuple[X25519PrivateKey, ...] = ()

    @property
    def public(self) -> bytes:
        """The raw 32-byte public key others seal to."""
        return self.current.public_key().public_bytes_raw()

    @property
    def key_id(self) -> str:
        """The current public key's id (what a sealed bundle names as its recipient)."""
        return encryption_key_id(self.public)

    def private_for(self, key_id: str) -> X25519PrivateKey | None:
        """The private key (current or retired) whose public half has this id."""
        return next((key for key in (self.current, *self.retired)
                     if encryption_key_id(key.public_key().public_bytes_raw()) == key_id), None)


def encryption_key_id(public: bytes) -> str:
    """An encryption public key's id: the first 8 bytes of its SHA-256, in upper-case hex."""
    return hashlib.sha256(public).digest()[:8].hex().upper()


def enckey_path(db_path: Path) -> Path:
    """The encryption-key file that belongs to a database file."""
    return db_path.with_name(db_path.name + ".enckey")


def _raw(key: X25519PrivateKey) -> str:
    return base64.b64encode(key.private_bytes_raw()).decode()


def _text(keys: EncryptionKeys) -> str:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return json.dumps({"format": FORMAT, "current": _raw(keys.current),
                       "retired": [_raw(key) for key in keys.retired], "written_at": now})


_WHY_IT_MATTERS = "没有它，发给本机的加密数据包无法打开。"


def _unreadable(path: Path, exc: OSError) -> KeyFileProblem:
    if isinstance(exc, IsADirectoryError):
        why = "同名的是一个文件夹"
    elif isinstance(exc, PermissionError):
        why = "没有读取权限"
    else:
        why = exc.strerror or str(exc)
    return KeyFileProblem(f"无法读取本机的加密密钥文件“{path}”（{why}）。{_WHY_IT_MATTERS}"
                          "请检查文件和文件夹的权限后重试")


def _read(path: Path) -> EncryptionKeys:
    """The keys in the file; KeyFileProblem (naming the file) if it cannot be read or is damaged."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        if len(raw) > MAX_FILE:
            raise ValueError("too large")
        data = json.loads(raw)
        if not (isinstance(data, dict) and data.get("format") == FORMAT
                and isinstance(data.get("retired"), list)):
            raise ValueError("not a key file")
        keys = [X25519PrivateKey.from_private_bytes(base64.b64decode(value, validate=True))
                for value in (data["current"], *data["retired"])]
    except (ValueError, KeyError, TypeError, RecursionError):  # UnicodeDecodeError: a ValueError
        raise KeyFileProblem(
            f"本机的加密密钥文件“{path}”内容不对，无法使用。{_WHY_IT_MATTERS}"
            "如果有这个文件的副本，请放回原处后重试") from None
    return EncryptionKeys(keys[0], tuple(keys[1:]))


def load_or_create(db_path: Path) -> EncryptionKeys:
    """The database's encryption keys, made on first use; KeyFileProblem if the file is damaged
    (it is then left as it is)."""
    path = enckey_path(db_path)
    if not path.exists():
        keys = EncryptionKeys(X25519PrivateKey.generate())
        if create_whole(path, _text(keys), private=True):
            return keys
        # made meanwhile by another thread or process: that one is the key, not ours
    return _read(path)


def private_notice(db_path: Path) -> str | None:
    """Make a key file others may read the user's only; the warning to show, if it was not."""
    path = enckey_path(db_path)
    try:
        if not path.is_file() or not make_private(path):
            return None
    except OSError as exc:
        return (f"注意：加密密钥文件“{path}”其他用户也能读取，且无法改为仅本人可读"
                f"（{exc.strerror}）。")
    return f"注意：加密密钥文件“{path}”曾经其他用户也能读取，现已改为仅本人可读。"


def rotate(db_path: Path) -> EncryptionKeys:
    """A new current key; the old one is kept for opening only."""
    old = load_or_create(db_path)
    keys = EncryptionKeys(X25519PrivateKey.generate(),
                          (old.current, *old.retired)[:MAX_RETIRED])
    write_whole(enckey_path(db_path), _text(keys), private=True)
    return keys
