"""This database's device identity: an Ed25519 key pair.

Its private half is kept in a file beside the database.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import Connection, text

from app.errors import KeyFileProblem
from app.store.whole import make_private, write_whole


@dataclass(frozen=True)
class Identity:
    """A device: minisign key id (8 bytes), fingerprint as people see it, and the key pair."""

    key_id: bytes
    private_key: Ed25519PrivateKey

    @property
    def fingerprint(self) -> str:
        """The key id as minisign prints it: 16 upper-case hex digits."""
        return fingerprint_of(self.key_id)

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte public key."""
        return self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint_of(key_id: bytes) -> str:
    """A minisign key id as people see it: the 8 bytes read little-endian, in upper-case hex."""
    return key_id[::-1].hex().upper()


def key_id_of(fingerprint: str) -> bytes:
    """The key id a fingerprint shows."""
    return bytes.fromhex(fingerprint)[::-1]


def key_path(db_path: Path) -> Path:
    """The private-key file that belongs to a database file."""
    return db_path.with_name(db_path.name + ".key")


def _read_key(path: Path) -> Identity:
    """The identity in a key file; KeyFileProblem (in Chinese) if it cannot be read."""
    try:
        text_ = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyFileProblem(
            f"找不到本机的密钥文件“{path}”。{_WHY_IT_MATTERS}如果密钥文件被移走或改了名，请放回"
            f"原处；如果确实丢失，{_WAY_OUT}") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise KeyFileProblem(
            f"无法读取本机的密钥文件“{path}”（{why}）。{_WHY_IT_MATTERS}请检查文件的权限后重试；"
            f"如果它已损坏，{_WAY_OUT}") from None
    try:
        data = json.loads(text_)
        raw = base64.b64decode(data["private_key"], validate=True)
        return Identity(bytes.fromhex(data["key_id"]), Ed25519PrivateKey.from_private_bytes(raw))
    except (ValueError, KeyError, TypeError):
        raise KeyFileProblem(
            f"本机的密钥文件“{path}”内容不对，无法使用。{_WHY_IT_MATTERS}如果有这个文件的副本，"
            f"请放回原处；否则{_WAY_OUT}") from None


_WHY_IT_MATTERS = "没有它，本台账不能签名数据包，上级也认不出本机。"
_WAY_OUT = ("运行 facility-ledger keys new --confirm 生成新的设备标识"
            "（之后请把新的公钥交给上级重新登记，旧密钥签名的数据包不再被接受）。")


def _write_key(path: Path, identity: Identity) -> None:
    raw = identity.private_key.private_bytes_raw()
    payload = json.dumps(
        {"key_id": identity.key_id.hex(), "private_key": base64.b64encode(raw).decode()}
    )
    # Readable by the user only (on Windows the data directory's ACL already restricts it).
    write_whole(path, payload, private=True)


def _self_row(conn: Connection) -> tuple[str, str] | None:
    row = conn.execute(
        text("SELECT fingerprint, public_key FROM device WHERE role = 'self'")).first()
    return (str(row[0]), str(row[1])) if row is not None else None


def load_identity(conn: Connection, db_path: Path) -> Identity | None:
    """The identity of this database from its key file; None for a database that has none yet.

    A key file that is missing, unreadable or another database's is never silently replaced:
    KeyFileProblem says what happened and how to make a new identity on purpose (`keys new`).
    """
    own = _self_row(conn)
    if own is None:
        return None
    path = key_path(db_path)
    identity = _read_key(path)
    if identity.fingerprint != own[0] or base64.b64decode(own[1]) != identity.public_key:
        raise KeyFileProblem(
            f"密钥文件“{path}”不属于这个台账（文件中的指纹 {identity.fingerprint}，台账的设备是 "
            f"{own[0]}），可能是从别的台账复制来的。请放回这个台账自己的密钥文件；"
            f"如果它已丢失，{_WAY_OUT}")
    return identity


def private_key_notice(db_path: Path) -> str | None:
    """Make a key file others may read the user's only; the warning to show, if it was not."""
    path = key_path(db_path)
    try:
        fixed = make_private(path)
    except OSError as exc:
        return f"注意：密钥文件“{path}”其他用户也能读取，且无法改为仅本人可读（{exc.strerror}）。"
    if fixed:
        return f"注意：密钥文件“{path}”曾经其他用户也能读取，现已改为仅本人可读。"
    return None


def new_identity(conn: Connection, db_path: Path) -> Identity:
    """Give this database a fresh key pair and retire the old one.

    Only on purpose: for a new database, after restoring a backup, or by `keys new --confirm`.
    """
    identity = Identity(secrets.token_bytes(8), Ed25519PrivateKey.generate())
    conn.execute(text("UPDATE device SET role = 'retired' WHERE role = 'self'"))
    conn.execute(
        text(
            "INSERT INTO device (fingerprint, public_key, role, label, created_at) "
            "VALUES (:f, :k, 'self', '', :at)"
        ),
        {
            "f": identity.fingerprint,
            "k": base64.b64encode(identity.public_key).decode(),
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        },
    )
    # The new key numbers its changes from 1: those after the last bundle the old key made.
    bundled = conn.execute(
        text("SELECT value FROM setting WHERE key = 'sync/bundled_seq'")).scalar()
    if bundled is not None:
        for key, value in (("sync/seq_base", int(json.loads(bundled) if isinstance(bundled, str)
                                                 else bundled)),
                           ("sync/prev_manifest_sha256", None)):
            conn.execute(text("INSERT INTO setting (key, value) VALUES (:k, :v) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                         {"k": key, "v": json.dumps(value)})
    _write_key(key_path(db_path), identity)
    return identity
