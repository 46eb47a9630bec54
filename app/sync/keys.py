"""Which keys this office accepts: devices enrolled for an area below, and its trusted upstream."""

from __future__ import annotations

import base64
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.domain import china_time
from app.domain.enums import Level, Role
from app.errors import KeyFileProblem, UsageError
from app.store.areas import CITY, Scope, configured_scope, receiving_street_ids_sql
from app.store.db import Ledger, open_ledger
from app.store.identity import key_id_of, key_path
from app.store.settings import get_setting
from app.sync import keyfile, minisign

ENROLLED = "enrolled"
UPSTREAM = "upstream"
RETIRED_UPSTREAM = "retired_upstream"


@dataclass(frozen=True)
class Device:
    """A key this ledger knows: whose it is and what it may send."""

    fingerprint: str
    key: minisign.PublicKey
    role: str
    scope_level: str | None
    scope_id: str | None
    label: str
    encryption_key: bytes | None = None
    """Its X25519 public key, if its key file announced one (bundles to it are sealed)."""
    formats: tuple[str, ...] = ("cfl-bundle/1",)
    """The bundle formats it said it accepts."""
    revoked_from: int | None = None
    rotated_from: str | None = None
    rotated_after: int | None = None
    last_contact: str | None = None

    @property
    def code(self) -> str:
        """Its signing key's confirmation code, which people compare by phone."""
        return keyfile.confirmation_code(self.key.key)

    @property
    def scope(self) -> Scope:
        """The area an enrolled device may send rows of."""
        return Scope(Level(self.scope_level), self.scope_id) if self.scope_level else CITY


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def enroll(ledger: Ledger, key_text: str, scope: Scope, label: str = "",
           confirm: str | None = None) -> Device:
    """Accept bundles signed by this key for rows inside this area (a street or a district).

    `key_text` is the device's public key file (keyfile.parse_key_file): its encryption key and
    formats are kept with it, and enrolling the same key again with a newer file updates them.
    `confirm`, if given, must be the key's confirmation code (UsageError naming both codes,
    nothing stored).
    """
    found = keyfile.parse_key_file(key_text)
    if confirm is not None:
        keyfile.check_code(confirm, found)
    key = found.signing
    if scope.level not in (Level.STREET, Level.DISTRICT, Level.ZONE) or scope.id is None:
        raise UsageError("只能为一个街道或区县（开发区）登记设备")
    if key.fingerprint == ledger.identity.fingerprint:
        raise UsageError("这是本机自己的密钥，不需要登记")
    _check_inside(ledger, scope)
    with ledger.write() as conn:
        known = conn.execute(text("SELECT role, public_key FROM device WHERE fingerprint = :f"),
                             {"f": key.fingerprint}).first()
        if known is not None and base64.b64decode(known[1]) != key.key:
            raise UsageError(f"指纹 {key.fingerprint} 已属于另一把密钥，不能登记")
        if known is not None and known[0] not in (ENROLLED,):
            raise UsageError(f"密钥 {key.fingerprint} 已作为“{known[0]}”登记，不能再作为下级设备")
        conn.execute(
            text("INSERT INTO device (fingerprint, public_key, role, scope_level, scope_id, "
                 "label, created_at, encryption_key, formats) "
                 "VALUES (:f, :k, :r, :l, :s, :label, :at, :enc, :formats) "
                 "ON CONFLICT (fingerprint) DO UPDATE SET scope_level = excluded.scope_level, "
                 f"scope_id = excluded.scope_id, label = excluded.label, {_ANNOUNCED}"),
            {"f": key.fingerprint, "k": base64.b64encode(key.key).decode(), "r": ENROLLED,
             "l": scope.level.value, "s": scope.id, "label": label or scope.name, "at": _now(),
             **_announced(found)},
        )
    return _stored(ledger, key.fingerprint)


_KEEP = "excluded.encryption_key IS NULL AND device.public_key = excluded.public_key"
_ANNOUNCED = (f"encryption_key = CASE WHEN {_KEEP} THEN device.encryption_key "
              "ELSE excluded.encryption_key END, "
              f"formats = CASE WHEN {_KEEP} THEN device.formats ELSE excluded.formats END")
"""A newer key file of the same key updates what it announced; an older one (no encryption key)
does not take it back: a downgrade to unsealed bundles is never made by a file that says less."""


def _announced(found: keyfile.KeyFile) -> dict[str, str | None]:
    """The encryption key and formats of a key file, as the device row keeps them."""
    if found.encryption is None:
        return {"enc": None, "formats": None}
    return {"enc": base64.b64encode(found.encryption).decode(),
            "formats": " ".join(found.formats)}


def _stored(ledger: Ledger, fingerprint: str) -> Device:
    with ledger.engine.connect() as conn:
        row = conn.execute(text(f"SELECT {_COLUMNS} FROM device WHERE fingerprint = :f"),
                           {"f": fingerprint}).one()
    return _device(row)


def _check_inside(ledger: Ledger, scope: Scope) -> None:
    """Refuse to enrol a device for an area outside this office's own (UsageError).

    A street office enrols the devices of its own street; a district (or zone) those of its own
    streets (a district's street that a zone manages is the zone's), or its own; the city any.
    """
    own = configured_scope(ledger)
    if own is None:
        if get_setting(ledger, "role") == Role.CITY.value:
            return
        raise UsageError("本机还没有设置角色和辖区，不能登记下级设备。请先运行 facility-ledger "
                         "init --role street|district|city --area 辖区 设置")
    if scope.level is Level.STREET and own.level in (Level.DISTRICT, Level.ZONE):
        with ledger.engine.connect() as conn:  # the streets whose bundles this office receives
            inside = conn.execute(
                text(f"SELECT 1 WHERE :street IN ({receiving_street_ids_sql(own)})"),
                {"street": scope.id, "scope": own.id}).first() is not None
    else:
        inside = (scope.level, scope.id) == (own.level, own.id)
    if not inside:
        raise UsageError(f"{scope}不在本机辖区（{own}）之内，不能为它登记设备。"
                         "请由它所属的区县（或开发区）登记")


def replace_lost_key(db_path: Path) -> tuple[Ledger, Path | None]:
    """A new device identity for a ledger whose key file is lost, unreadable or another's.

    What `keys new --confirm` does. UsageError if the key file is sound (nothing to replace); a
    broken key file is kept beside the ledger (`<name>.key.broken-<stamp>`), whose path is
    returned with the opened ledger. The office above must enrol the new public key.
    """
    try:
        sound = open_ledger(db_path)
    except KeyFileProblem:
        pass
    else:
        fingerprint = sound.identity.fingerprint
        sound.close()
        raise UsageError(f"本机密钥完好（指纹 {fingerprint}），不需要生成新的设备标识")
    old = key_path(db_path)
    kept = None
    if old.exists():
        kept = old.with_name(f"{old.name}.broken-{china_time.stamp()}")
        os.replace(old, kept)
    return open_ledger(db_path, renew_identity=True), kept


def trust_upstream(ledger: Ledger, key_text: str, label: str = "",
                   confirm: str | None = None) -> Device:
    """Accept receipts and reference data signed by this key (the office above); one at a time.

    `key_text` is the office's public key file: its encryption key and formats are kept (bundles
    to it are made in a format it accepts, sealed to it). `confirm`, if given, must be the key's
    confirmation code (UsageError naming both codes, nothing stored).
    """
    found = keyfile.parse_key_file(key_text)
    if confirm is not None:
        keyfile.check_code(confirm, found)
    key = found.signing
    if key.fingerprint == ledger.identity.fingerprint:
        raise UsageError("这是本机自己的密钥，不能作为上级")
    with ledger.write() as conn:
        conn.execute(text("UPDATE device SET role = :old WHERE role = :up AND fingerprint != :f"),
                     {"old": RETIRED_UPSTREAM, "up": UPSTREAM, "f": key.fingerprint})
        conn.execute(
            text("INSERT INTO device (fingerprint, public_key, role, label, created_at, "
                 "encryption_key, formats) VALUES (:f, :k, :r, :label, :at, :enc, :formats) "
                 "ON CONFLICT (fingerprint) DO UPDATE SET role = excluded.role, "
                 f"public_key = excluded.public_key, label = excluded.label, {_ANNOUNCED}"),
            {"f": key.fingerprint, "k": base64.b64encode(key.key).decode(), "r": UPSTREAM,
             "label": label, "at": _now(), **_announced(found)},
        )
    return _stored(ledger, key.fingerprint)


def announce(ledger: Ledger, fingerprint: str, encryption: bytes | None,
             formats: Sequence[str]) -> None:
    """Record what a key's owner said it reads: its encryption key and bundle formats (from its
    key file, or a receipt it signed)."""
    with ledger.write() as conn:
        conn.execute(
            text("UPDATE device SET encryption_key = :e, formats = :f WHERE fingerprint = :fp"),
            {"e": base64.b64encode(encryption).decode() if encryption else None,
             "f": " ".join(formats), "fp": fingerprint})


_COLUMNS = ("fingerprint, public_key, role, scope_level, scope_id, label, encryption_key, formats, "
            "revoked_from, rotated_from, rotated_after, last_contact")


def _device(row: Sequence[Any]) -> Device:
    fingerprint, public, role, level, scope_id, label, encryption, formats, *rest = row
    key = minisign.PublicKey(key_id_of(fingerprint), base64.b64decode(public))
    return Device(fingerprint, key, role, level, scope_id, label,
                  base64.b64decode(encryption) if encryption else None,
                  tuple(formats.split()) if formats else ("cfl-bundle/1",), *rest)


def devices(ledger: Ledger) -> list[Device]:
    """Every key this ledger knows, its own included."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT {_COLUMNS} FROM device ORDER BY role, created_at")
        ).all()
    return [_device(row) for row in rows]


def enrolled(ledger: Ledger, fingerprint: str) -> Device | None:
    """The device enrolled under this fingerprint, if there is one."""
    with ledger.engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT {_COLUMNS} FROM device WHERE fingerprint = :f AND role = :r"),
            {"f": fingerprint, "r": ENROLLED},
        ).first()
    return _device(row) if row is not None else None


def upstream(ledger: Ledger) -> Device | None:
    """The office above whose receipts and reference data this ledger accepts, if trusted."""
    with ledger.engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT {_COLUMNS} FROM device WHERE role = :r"), {"r": UPSTREAM}
        ).first()
    return _device(row) if row is not None else None
