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
from app.store.whole import write_whole

MAX_RETIRED = 64
"""Old private keys kept for opening bundles sealed before a rotation."""


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


def _write(path: Path, keys: EncryptionKeys) -> None:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    payload = {"format": "cfl-enckey/1", "current": _raw(keys.current),
               "retired": [_raw(key) for key in keys.retired], "written_at": now}
    write_whole(path, json.dumps(payload), private=True)


def _read(path: Path) -> EncryptionKeys:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = [X25519PrivateKey.from_private_bytes(base64.b64decode(value, validate=True))
                for value in (data["current"], *data["retired"])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "内容不对"
        raise KeyFileProblem(
            f"无法读取本机的加密密钥文件“{path}”（{why}）。没有它，发给本机的加密数据包无法打开。"
            "如果有这个文件的副本，请放回原处后重试") from None
    return EncryptionKeys(keys[0], tuple(keys[1:]))


def load_or_create(db_path: Path) -> EncryptionKeys:
    """The database's encryption keys, made on first use; KeyFileProblem if the file is damaged."""
    path = enckey_path(db_path)
    if not path.exists():
        keys = EncryptionKeys(X25519PrivateKey.generate())
        _write(path, keys)
        return keys
    return _read(path)


def rotate(db_path: Path) -> EncryptionKeys:
    """A new current key; the old one is kept for opening only."""
    old = load_or_create(db_path)
    keys = EncryptionKeys(X25519PrivateKey.generate(),
                          (old.current, *old.retired)[:MAX_RETIRED])
    _write(enckey_path(db_path), keys)
    return keys
