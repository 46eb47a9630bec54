"""The ledger's data key (AES-256) for personal fields: OS keyring if one answers, else a file.

The key is random, made once per ledger; the ledger keeps only its id (table `data_key`), never
the key. It is kept in the OS keyring (service "facility-ledger", name "data-key <id>") when a
keyring answers within a few seconds, else in `<db>.datakey` (user-only, written whole), which may
hold several keys by id (a backup of another ledger, imported with its recovery file). No keyring
call may block the app: each runs in a daemon thread and is given up after a short wait.

A recovery file holds the key sealed with a password (scrypt, AES-GCM), so that a new laptop can
read old backups: `keys export-data-key` / `keys import-data-key`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.errors import KeyFileProblem, UsageError
from app.store.whole import read_small_json, write_whole

SERVICE = "facility-ledger"
FORMAT = "cfl-datakey/1"
RECOVERY_FORMAT = "cfl-datakey-recovery/1"
KEY_BYTES = 32
MAX_FILE = 64 * 1024
"""A key file holds a few keys; anything much larger is not one."""
MAX_KEYS = 256
KEYRING_WAIT = 3.0
"""Seconds a keyring call may take before the file is used instead (a locked keyring may prompt)."""
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSWORD = 8

T = TypeVar("T")


@dataclass(frozen=True)
class DataKey:
    """A ledger's data key and its id (what the ledger names it by)."""

    key: bytes

    @property
    def key_id(self) -> str:
        """16 upper-case hex digits derived from the key (not the key: one-way)."""
        return hmac.new(self.key, b"cfl data key id", hashlib.sha256).hexdigest()[:16].upper()


def new_key() -> DataKey:
    """A fresh random 256-bit data key."""
    return DataKey(AESGCM.generate_key(bit_length=256))


def datakey_path(db_path: Path) -> Path:
    """The user-only file beside the database that holds data keys when no keyring answers."""
    return db_path.with_name(db_path.name + ".datakey")


def _name(key_id: str) -> str:
    return f"data-key {key_id}"


def _bounded(call: Callable[[], T]) -> T | None:
    """The call's result, or None if it failed or did not end in time (left running, a daemon).

    Waits in small sleeps, not on a timed Event: monotonic-clock waits may hang under libfaketime.
    """
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except Exception:  # no backend, a locked keyring, D-Bus gone: the file will do
            box["failed"] = True

    thread = threading.Thread(target=run, name="keyring", daemon=True)
    thread.start()
    for _ in range(int(KEYRING_WAIT / 0.01)):
        if not thread.is_alive():
            break
        time.sleep(0.01)
    if thread.is_alive() or "failed" in box:
        return None
    return box.get("value")


def _keyring() -> Any:
    try:
        import keyring
    except Exception:  # absent, or a broken backend configuration: the file will do
        return None
    return keyring


def _keyring_set(key: DataKey) -> bool:
    module = _keyring()
    if module is None:
        return False
    text = base64.b64encode(key.key).decode()

    def put() -> bool:
        module.set_password(SERVICE, _name(key.key_id), text)
        return bool(module.get_password(SERVICE, _name(key.key_id)) == text)

    return _bounded(put) is True


def _keyring_get(key_id: str) -> DataKey | None:
    module = _keyring()
    if module is None:
        return None
    found = _bounded(lambda: module.get_password(SERVICE, _name(key_id)))
    key = _decode(found) if isinstance(found, str) else None
    return key if key is not None and key.key_id == key_id else None


def _decode(text: str) -> DataKey | None:
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    return DataKey(raw) if len(raw) == KEY_BYTES else None


def _damaged(path: Path) -> KeyFileProblem:
    return KeyFileProblem(
        f"保存数据密钥的文件“{path}”内容不对，无法使用。没有数据密钥，联系人和电话无法解密。"
        "如果有这个文件的副本，请放回原处；或用 keys import-data-key 导入数据密钥恢复文件")


def _read_file(path: Path) -> dict[str, DataKey]:
    """The keys in the key file by id ({} when there is none)."""
    try:
        data = read_small_json(path, MAX_FILE)
    except OSError as exc:
        raise KeyFileProblem(f"无法读取数据密钥文件“{path}”（{exc.strerror or '读取失败'}）。"
                             "请检查文件权限后重试") from None
    except ValueError:
        raise _damaged(path) from None
    if data is None:
        return {}
    kept = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(kept, dict) \
            or len(kept) > MAX_KEYS:
        raise _damaged(path)
    keys = {str(key_id): _decode(text) if isinstance(text, str) else None
            for key_id, text in kept.items()}
    if any(key is None or key.key_id != key_id for key_id, key in keys.items()):
        raise _damaged(path)
    return {key_id: key for key_id, key in keys.items() if key is not None}


def _write_file(path: Path, keys: dict[str, DataKey]) -> None:
    text = json.dumps({"format": FORMAT, "keys": {
        key_id: base64.b64encode(key.key).decode() for key_id, key in sorted(keys.items())}})
    write_whole(path, text, private=True)


def keep(db_path: Path, key: DataKey) -> str:
    """Keep a data key (keyring, else the key file); returns where: "keyring" or the file path."""
    if _keyring_set(key):
        return "keyring"
    path = datakey_path(db_path)
    kept = _read_file(path)
    if kept.get(key.key_id) != key:
        kept[key.key_id] = key
        _write_file(path, kept)
    return str(path)


def find(db_path: Path, key_id: str) -> DataKey | None:
    """The data key with this id, from the key file or the keyring; None if neither has it.

    The file is read first: where it holds the key, no keyring is asked (one that does not
    answer would cost its whole wait at every start).
    """
    found = _read_file(datakey_path(db_path)).get(key_id)
    return found if found is not None else _keyring_get(key_id)


def create(db_path: Path) -> DataKey:
    """A new data key, kept before it is used (a key lost after data was sealed with it is
    data lost)."""
    key = new_key()
    keep(db_path, key)
    return key


# --- recovery file ---------------------------------------------------------------------------


def _kdf(salt: bytes, n: int, r: int, p: int) -> Scrypt:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p)


def recovery_bytes(key: DataKey, password: str) -> bytes:
    """The key sealed with a recovery password, as a small JSON file."""
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"恢复密码至少要 {MIN_PASSWORD} 个字符")
    salt, nonce = os.urandom(16), os.urandom(12)
    wrap = _kdf(salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).derive(password.encode())
    sealed = AESGCM(wrap).encrypt(nonce, key.key, key.key_id.encode())
    return json.dumps({
        "format": RECOVERY_FORMAT, "key_id": key.key_id,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": base64.b64encode(salt).decode()},
        "nonce": base64.b64encode(nonce).decode(),
        "sealed": base64.b64encode(sealed).decode(),
    }, indent=1).encode()


def open_recovery(raw: bytes, password: str, where: str) -> DataKey:
    """The data key in a recovery file; UsageError in Chinese for a wrong password or file."""
    wrong = UsageError(f"“{where}”不是数据密钥恢复文件，或已损坏")
    try:
        if len(raw) > MAX_FILE:
            raise ValueError("too large")
        data = json.loads(raw)
        kdf = data["kdf"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        if (data["format"] != RECOVERY_FORMAT or kdf["name"] != "scrypt"
                or not (2**10 <= n <= 2**20 and 1 <= r <= 32 and p == 1)):
            raise ValueError("not a recovery file")
        key_id = str(data["key_id"])
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(data["nonce"], validate=True)
        sealed = base64.b64decode(data["sealed"], validate=True)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise wrong from None
    try:
        wrap = _kdf(salt, n, r, p).derive(password.encode())
        key = DataKey(AESGCM(wrap).decrypt(nonce, sealed, key_id.encode()))
    except (InvalidTag, ValueError):
        raise UsageError(f"恢复密码不对，无法打开“{where}”。请核对密码后重试") from None
    if len(key.key) != KEY_BYTES or key.key_id != key_id:
        raise wrong
    return key
