"""Personal fields at rest (个人信息保护法): sealed field by field, found by an HMAC index.

A personal value (a demand's reporter and phone, an operator's contact and phone) is stored as
"enc1:" + base64(nonce + AES-GCM ciphertext), with the record's id and the field's name as
associated data, so that a value moved to another row or field no longer opens. Its history
values are sealed the same way. An exact search uses `personal_index` (an HMAC-SHA256 of the
normalized value, with a key derived from the data key); personal fields have no full-text
entry and no sort key.

The ledger's Vault rides on each of its connections (`vault_of(conn)`), so that the one write
path and the one row reader seal and open without every caller passing a key. A ledger whose key
cannot be found opens all the same: its personal values read as MISSING_TEXT, and writing one is
refused with the way out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection

from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.fields import EntitySpec, FieldSpec, Kind
from app.errors import UsageError
from app.store.datakey import DataKey

PREFIX = "enc1:"
VAULT = "cfl_vault"
"""The key, in a connection's info, of the ledger's Vault."""
MISSING_TEXT = "〔无法解密：缺少数据密钥〕"
BROKEN_TEXT = "〔无法解密：数据已损坏〕"
NOT_OPENED = (MISSING_TEXT, BROKEN_TEXT)
"""What a personal value that could not be opened reads as."""
WAY_OUT = ("本机找不到这个台账的数据密钥（系统钥匙串和数据库旁的 .datakey 文件中都没有），"
           "联系人和电话无法解密，显示为“〔无法解密：缺少数据密钥〕”，也不能修改或发送。"
           "请用 facility-ledger keys import-data-key 恢复文件 导入导出过的数据密钥恢复文件")

PERSONAL: dict[str, tuple[FieldSpec, ...]] = {
    spec.name: personal for spec in (*ENTITIES.values(), ATTACHMENT)
    if (personal := tuple(f for f in spec.fields if f.personal))
}
"""The personal fields of each entity that has any."""


class Vault:
    """A ledger's sealing and index keys (or the knowledge that its key is missing)."""

    def __init__(self, key: DataKey | None = None, key_id: str | None = None) -> None:
        self.key_id: str | None = None
        self._aead: AESGCM | None = None
        self._mac: bytes | None = None
        self.use(key, key_id)

    def use(self, key: DataKey | None, key_id: str | None = None) -> None:
        """Seal and open with this key from now on (None: the key with `key_id` is missing)."""
        self.key_id = key.key_id if key is not None else key_id
        self._aead = AESGCM(key.key) if key is not None else None
        self._mac = (hmac.new(key.key, b"cfl personal index", hashlib.sha256).digest()
                     if key is not None else None)

    @property
    def missing(self) -> bool:
        """True when the ledger's data key was not found: values cannot be opened or sealed."""
        return self._aead is None

    def require(self) -> None:
        """UsageError with the way out when the key is missing."""
        if self._aead is None:
            raise UsageError(WAY_OUT)

    def seal(self, record_id: str, field: str, value: Any) -> Any:
        """A value as it rests: a token (None stays None: absence is not secret)."""
        if value is None:
            return None
        if self._aead is None:
            raise UsageError(WAY_OUT)
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, str(value).encode(), _bound(record_id, field))
        return PREFIX + base64.b64encode(nonce + sealed).decode()

    def open(self, record_id: str, field: str, value: Any) -> Any:
        """A resting value as the user typed it; a plain value (not yet sealed) as it is."""
        if not isinstance(value, str) or not value.startswith(PREFIX):
            return value
        if self._aead is None:
            return MISSING_TEXT
        try:
            raw = base64.b64decode(value[len(PREFIX):], validate=True)
            return self._aead.decrypt(raw[:12], raw[12:], _bound(record_id, field)).decode()
        except (ValueError, InvalidTag):  # UnicodeDecodeError is a ValueError
            return BROKEN_TEXT

    def digest(self, spec: FieldSpec, value: Any) -> str:
        """The index entry of a value: HMAC-SHA256 of its normalized form (128 bits, hex)."""
        if self._mac is None:
            raise UsageError(WAY_OUT)
        message = normalized(spec, value).encode()
        return hmac.digest(self._mac, message, "sha256").hex()[:32]  # hmac.new's, one call


def _bound(record_id: str, field: str) -> bytes:
    return f"{record_id}\x1f{field}".encode()


_SPACE = re.compile(r"\s+")


def normalized(spec: FieldSpec, value: Any) -> str:
    """What the index compares: a phone's digits; a name in NFKC, lower case, without spaces."""
    text = unicodedata.normalize("NFKC", str(value))
    if spec.kind is Kind.PHONE:
        return text if text.isdigit() else "".join(ch for ch in text if ch.isdigit())
    return _SPACE.sub("", text).lower()


NO_VAULT = Vault()
"""What a connection without a ledger's vault has: nothing opens, nothing can be sealed."""

_BY_PATH: dict[Path, Vault] = {}


def register(db_path: Path, vault: Vault) -> None:
    """The vault of the ledger at this path, for what is kept beside it (form drafts)."""
    _BY_PATH[db_path.resolve()] = vault


def vault_for(db_path: Path) -> Vault:
    """The vault of the ledger opened at this path in this process (NO_VAULT if none was)."""
    return _BY_PATH.get(db_path.resolve(), NO_VAULT)


def vault_of(conn: Connection) -> Vault:
    """The Vault of the ledger this connection belongs to."""
    found = conn.info.get(VAULT)
    return found if isinstance(found, Vault) else NO_VAULT


def personal_of(spec: EntitySpec) -> tuple[FieldSpec, ...]:
    """The entity's personal fields."""
    return PERSONAL.get(spec.name, ())


def seal_record(vault: Vault, spec: EntitySpec, record_id: str,
                values: Mapping[str, Any]) -> dict[str, Any]:
    """The values (field name -> value) with the personal ones sealed."""
    sealed = dict(values)
    for field in personal_of(spec):
        if sealed.get(field.name) is not None:
            sealed[field.name] = vault.seal(record_id, field.name, sealed[field.name])
    return sealed


def seal_diff(vault: Vault, spec: EntitySpec, record_id: str,
              diff: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    """A history diff (field -> [old, new]) with the personal values sealed."""
    names = {f.name for f in personal_of(spec)}
    if not names.intersection(diff):
        return dict(diff)
    return {name: ([vault.seal(record_id, name, v) for v in pair] if name in names else pair)
            for name, pair in diff.items()}


def open_diff(vault: Vault, entity: str, record_id: str, diff: Any) -> Any:
    """A history diff as stored (JSON text or parsed), with its personal values opened."""
    parsed = json.loads(diff) if isinstance(diff, str) else diff
    names = PERSONAL.get(entity, ())
    if not isinstance(parsed, dict) or not names:
        return parsed
    for field in names:
        pair = parsed.get(field.name)
        if isinstance(pair, list):
            parsed[field.name] = [vault.open(record_id, field.name, v) for v in pair]
    return parsed


def index_rows(vault: Vault, spec: EntitySpec, record_id: str,
               values: Mapping[str, Any]) -> tuple[list[tuple], list[tuple]]:
    """The index entries to write and to remove for the personal fields among `values`."""
    put: list[tuple] = []
    drop: list[tuple] = []
    for field in personal_of(spec):
        if field.name not in values:
            continue
        value = values[field.name]
        if value is None or normalized(field, value) == "":
            drop.append((spec.name, record_id, field.name))
        else:
            put.append((spec.name, record_id, field.name, vault.digest(field, value)))
    return put, drop


def write_index(conn: Connection, put: Iterable[tuple], drop: Iterable[tuple]) -> None:
    """Write index entries (entity, record, field, digest) and remove (entity, record, field)."""
    drop, put = list(drop), list(put)
    if drop:
        conn.exec_driver_sql(
            "DELETE FROM personal_index WHERE entity = ? AND record_id = ? AND field = ?", drop)
    if put:
        conn.exec_driver_sql(
            "INSERT INTO personal_index (entity, record_id, field, digest) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (entity, record_id, field) DO UPDATE SET digest = excluded.digest", put)


def match_clause(conn: Connection, spec: EntitySpec, field: FieldSpec, value: Any,
                 key: str) -> tuple[str, dict[str, str]]:
    """An SQL condition selecting records whose personal field equals the value exactly."""
    digest = vault_of(conn).digest(field, value)
    return _rowids(spec, f"p.field = '{field.name}' AND p.digest = :{key}"), {key: digest}


def _rowids(spec: EntitySpec, condition: str) -> str:
    """Records whose index entries meet the condition, by rowid: the few matches then drive the
    query (an `id IN` would have SQLite walk the whole table in rowid order, probing each)."""
    return f"{spec.name}.rowid IN ({_rowid_select(spec, condition)})"


def _rowid_select(spec: EntitySpec, condition: str) -> str:
    return (f"SELECT r.rowid FROM personal_index p JOIN {spec.name} r "
            f"ON r.id = p.record_id WHERE p.entity = '{spec.name}' AND ({condition})")


def search_select(conn: Connection, spec: EntitySpec, query: str,
                  key: str) -> tuple[str, dict[str, str]] | None:
    """A SELECT of the rowids of records whose reporter or phone is exactly the search text
    (None: no personal field, no key, or nothing to compare)."""
    vault = vault_of(conn)
    fields = personal_of(spec)
    if not fields or vault.missing or not query.strip():
        return None
    params: dict[str, str] = {}
    wanted: list[str] = []
    for n, field in enumerate(fields):
        if normalized(field, query):
            params[f"{key}{n}"] = vault.digest(field, query)
            wanted.append(f"(p.field = '{field.name}' AND p.digest = :{key}{n})")
    if not wanted:
        return None
    return _rowid_select(spec, " OR ".join(wanted)), params
