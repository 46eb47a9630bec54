"""This database's device identity: an Ed25519 key pair.

Its private half is kept in a file beside the database.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import Connection, text


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


def _read_key(path: Path) -> Identity | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        raw = base64.b64decode(data["private_key"])
        return Identity(bytes.fromhex(data["key_id"]), Ed25519PrivateKey.from_private_bytes(raw))
    except (OSError, ValueError, KeyError):
        return None


def _write_key(path: Path, identity: Identity) -> None:
    raw = identity.private_key.private_bytes_raw()
    payload = json.dumps(
        {"key_id": identity.key_id.hex(), "private_key": base64.b64encode(raw).decode()}
    )
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    # Readable by the user only (on Windows the data directory's ACL already restricts it).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(payload)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def ensure_identity(conn: Connection, db_path: Path) -> Identity:
    """The identity of this database; a new one if the key file is missing or belongs elsewhere."""
    identity = _read_key(key_path(db_path))
    if identity is not None:
        row = conn.execute(
            text("SELECT public_key FROM device WHERE fingerprint = :f AND role = 'self'"),
            {"f": identity.fingerprint},
        ).first()
        if row is not None and base64.b64decode(row[0]) == identity.public_key:
            return identity
    return new_identity(conn, db_path)


def new_identity(conn: Connection, db_path: Path) -> Identity:
    """Give this database a fresh key pair and retire the old one (after a restore, or a copy)."""
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
