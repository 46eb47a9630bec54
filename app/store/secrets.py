"""Relay passwords: in the OS keyring where one answers, else in a user-only file beside the db.

A password is never kept in the ledger, a bundle, a log or an exception message. The keyring
(service "facility-ledger") is tried first; when there is none (a server without a backend) or it
fails (a locked keyring), the password goes to `<db>.relay-secrets` (mode 0600, written whole)
without an error. The name a password is kept under is derived from the device fingerprint and
the relay URL when it is stored; the caller keeps that name (a rotated key must still find it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from app.errors import UsageError
from app.store.whole import read_small_json, write_whole

SERVICE = "facility-ledger"
FORMAT = "cfl-relay-secrets/1"
MAX_FILE = 256 * 1024
"""A secrets file holds a few passwords; anything much larger is not one."""
MAX_PASSWORD = 1024
KEYRING = "keyring"
"""Where a password is kept: the OS keyring (else the path of the secrets file)."""


def secrets_path(db_path: Path) -> Path:
    """The user-only file that holds relay passwords when no keyring answers."""
    return db_path.with_name(db_path.name + ".relay-secrets")


def secret_name(fingerprint: str, url: str) -> str:
    """The name a relay's password is kept under: this device and that relay."""
    return f"relay {fingerprint} {hashlib.sha256(url.encode()).hexdigest()[:16]}"


def _keyring() -> Any:
    """The keyring module, or None when it is not installed (or fails to load)."""
    try:
        import keyring
    except Exception:  # absent, or a broken backend configuration: fall back to the file
        return None
    return keyring


def _keyring_set(name: str, password: str) -> bool:
    module = _keyring()
    if module is None:
        return False
    try:
        module.set_password(SERVICE, name, password)
        return bool(module.get_password(SERVICE, name) == password)
    except Exception:  # no backend, a locked keyring, D-Bus gone: the file will do
        return False


def _keyring_get(name: str) -> str | None:
    module = _keyring()
    if module is None:
        return None
    try:
        found = module.get_password(SERVICE, name)
    except Exception:
        return None
    return found if isinstance(found, str) else None


def _keyring_delete(name: str) -> None:
    module = _keyring()
    if module is None:
        return
    with contextlib.suppress(Exception):  # nothing there, or no keyring: nothing to delete
        module.delete_password(SERVICE, name)


def _damaged(path: Path) -> UsageError:
    return UsageError(f"保存中继密码的文件“{path}”内容不对，无法读取。请删除它，再用 relay set "
                      "--password-file 或 connect import 重新保存密码")


def _read_file(path: Path) -> dict[str, str]:
    """The passwords in the secrets file ({} when there is none)."""
    try:
        data = read_small_json(path, MAX_FILE)
    except OSError as exc:
        raise UsageError(f"无法读取保存中继密码的文件“{path}”：{exc.strerror or '读取失败'}。"
                         "请检查文件权限") from None
    except ValueError:
        raise _damaged(path) from None
    if data is None:
        return {}
    found = data.get("secrets") if isinstance(data, dict) else None
    if (not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(found, dict)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in found.items())):
        raise _damaged(path)
    return dict(found)


def _write_file(path: Path, secrets: dict[str, str]) -> None:
    if not secrets and not path.exists():
        return
    text = json.dumps({"format": FORMAT, "secrets": dict(sorted(secrets.items()))},
                      ensure_ascii=False, indent=1)
    write_whole(path, text, private=True)


def keep(db_path: Path, name: str, password: str) -> str:
    """Keep a password under `name`; returns where: KEYRING or the secrets file's path."""
    if not password or len(password) > MAX_PASSWORD:
        raise UsageError(f"中继密码应为 1 到 {MAX_PASSWORD} 个字符")
    path = secrets_path(db_path)
    if _keyring_set(name, password):
        stored = _read_file(path)
        if stored.pop(name, None) is not None:  # an older copy in the file goes
            _write_file(path, stored)
        return KEYRING
    stored = _read_file(path)
    stored[name] = password
    _write_file(path, stored)
    _keyring_delete(name)  # an older copy in a keyring that answers again must not win
    return str(path)


def find(db_path: Path, name: str) -> tuple[str, str] | None:
    """The password kept under `name` and where (KEYRING or the file's path); None if none."""
    found = _keyring_get(name)
    if found is not None:
        return found, KEYRING
    path = secrets_path(db_path)
    found = _read_file(path).get(name)
    return (found, str(path)) if found is not None else None


def read(db_path: Path, name: str, what: str) -> str:
    """The password kept under `name`; UsageError saying what to do if there is none.

    `what` names the relay in the message (e.g. "上级中继 https://…").
    """
    found = find(db_path, name)
    if found is None:
        raise UsageError(
            f"本机没有保存{what} 的密码（系统钥匙串和“{secrets_path(db_path)}”中都没有）。"
            "收集用的中继请重新运行 relay set --password-file 密码文件；上级中继请重新导入"
            "上级给的连接文件（connect import 文件 --confirm 确认码）")
    return found[0]


def forget(db_path: Path, name: str) -> None:
    """Remove the password kept under `name`, wherever it is."""
    _keyring_delete(name)
    path = secrets_path(db_path)
    stored = _read_file(path)
    if stored.pop(name, None) is not None:
        _write_file(path, stored)
