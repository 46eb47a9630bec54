"""Rotating a device's signing key (`keys rotate`), and following a rotated key at the receiver.

The device makes a new Ed25519 key and a rotation statement, the canonical JSON of
{format: "cfl-rotation/1", old: {fingerprint, public_key}, new: {fingerprint, public_key},
old_last_seq, old_last_manifest_sha256, made_at}, signed by the old key and by the new one (two
minisign signatures over the statement's bytes, so stock `minisign -V` checks each). The new key
numbers its bundles from 1, as after a restore, but its first bundle's prev_manifest_sha256 is
the old key's last manifest: the chain goes on. Every bundle of the new key carries the statement
(manifest field "rotation": {statement, old_signature, new_signature}) until a receipt from the
office above acknowledges one of them; the old private key is kept beside the ledger
(`<db>.key.retired-<stamp>`), and receipts for the old key's bundles are still accepted.

The receiver that enrolled the old key and has not revoked it at or before the rotation
(a revocation at R voids a rotation with old_last_seq + 1 >= R) checks the statement and both
signatures, and enrols the new key in the old one's place (scope and label, rotated_from and
rotated_after set): no new enrolment by a person. From then on the old key's bundles beyond
old_last_seq are refused (revocation.py); the new key's first bundle waits until the old key is
applied up to old_last_seq and must chain to that bundle's manifest (a fork otherwise).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, text

from app.domain import china_time
from app.errors import UsageError
from app.store import enckey
from app.store.db import Ledger
from app.store.identity import key_path, new_identity
from app.store.settings import get_setting, store_settings
from app.store.whole import copy_whole
from app.sync import bundle, hostile, keys, minisign
from app.sync.applied import applied_state, manifest_at, previous_manifest

FORMAT = "cfl-rotation/1"
RETIRED = "sync/retired_keys"
"""This device's keys retired by a rotation: {fingerprint: {"seq_base", "last_seq"}}."""
MAX_SEQ = 10 ** 15
MAX_CHAIN = 64
"""The most rotations followed back from one key (a guard: a chain never loops)."""


class RotationRefused(minisign.VerifyFailed):
    """A rotation statement that fails its checks; str() says why, in Chinese (exit code 3)."""


@dataclass(frozen=True)
class Rotation:
    """A rotation statement whose two signatures and fields checked out."""

    old: minisign.PublicKey
    new: minisign.PublicKey
    old_last_seq: int
    old_last_manifest_sha256: str | None
    made_at: str


# --- the statement -------------------------------------------------------------------------------


def _key_line(key: minisign.PublicKey) -> str:
    return key.text().split("\n")[1]


def make_statement(old: minisign.PublicKey, old_signer: Ed25519PrivateKey,
                   new: minisign.PublicKey, new_signer: Ed25519PrivateKey, old_last_seq: int,
                   old_last_manifest: str | None, made_at: dt.datetime) -> dict[str, str]:
    """The manifest's "rotation" field: the statement text and its two signatures (by the
    private keys of `old` and `new`)."""
    statement = bundle.canonical_json({
        "format": FORMAT,
        "old": {"fingerprint": old.fingerprint, "public_key": _key_line(old)},
        "new": {"fingerprint": new.fingerprint, "public_key": _key_line(new)},
        "old_last_seq": old_last_seq,
        "old_last_manifest_sha256": old_last_manifest,
        "made_at": made_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
    })
    comment = f"rotation:{old.fingerprint}->{new.fingerprint}\tlast:{old_last_seq}"
    return {"statement": statement.decode(),
            "old_signature": minisign.sign(statement, old.key_id, old_signer, comment),
            "new_signature": minisign.sign(statement, new.key_id, new_signer, comment)}


def _fields(value: object) -> dict[str, str]:
    """The "rotation" field's three texts, typed and bounded (RotationRefused)."""
    if not (isinstance(value, dict) and set(value) == set(hostile.ROTATION_FIELDS)):
        raise RotationRefused("轮换声明不完整：应含声明及新旧两把密钥的签名")
    for name, limit in hostile.ROTATION_FIELDS.items():  # a real statement: 400 characters
        if type(value[name]) is not str or not 0 < len(value[name]) <= limit:
            raise RotationRefused(f"轮换声明的“{name}”不对（应为不超过 {limit} 个字符的文本）")
    return dict(value)


def _key(part: object, which: str) -> minisign.PublicKey:
    if not (isinstance(part, dict) and set(part) == {"fingerprint", "public_key"}
            and hostile.is_fingerprint(part["fingerprint"])
            and type(part["public_key"]) is str and len(part["public_key"]) <= 100):
        raise RotationRefused(f"轮换声明中的{which}密钥不对")
    try:
        key = minisign.parse_public_key(part["public_key"])
    except minisign.VerifyFailed:
        raise RotationRefused(f"轮换声明中的{which}公钥无法解析") from None
    if key.fingerprint != part["fingerprint"]:
        raise RotationRefused(f"轮换声明中的{which}指纹与其公钥不符")
    return key


def _statement(fields: dict[str, str]) -> dict[str, Any]:
    """The statement's content, typed (read before its signatures are checked: hostile)."""
    try:
        content = hostile.load_json(fields["statement"], "轮换声明")
    except hostile.Malformed as exc:
        raise RotationRefused(str(exc)) from None
    keys_ = {"format", "old", "new", "old_last_seq", "old_last_manifest_sha256", "made_at"}
    if not isinstance(content, dict) or set(content) != keys_:
        raise RotationRefused("轮换声明的字段不对")
    if content["format"] != FORMAT:
        raise RotationRefused(f"轮换声明的格式不是 {FORMAT}")
    last, sha = content["old_last_seq"], content["old_last_manifest_sha256"]
    if type(last) is not int or not 0 <= last <= MAX_SEQ:
        raise RotationRefused("轮换声明中旧密钥的最后序号不对")
    if sha is not None and not (type(sha) is str and hostile.SHA256.fullmatch(sha)):
        raise RotationRefused("轮换声明中旧密钥最后数据包的摘要不对")
    if (sha is None) != (last == 0):
        raise RotationRefused("轮换声明中旧密钥的最后序号与最后数据包的摘要不一致")
    if not (type(content["made_at"]) is str and len(content["made_at"]) <= 40):
        raise RotationRefused("轮换声明的时间不对")
    return content


def claimed_old(value: object) -> str:
    """The fingerprint of the old key a "rotation" field names, read unverified (RotationRefused
    if it is not a statement at all): which enrolled key to check it with."""
    return _key(_statement(_fields(value))["old"], "旧").fingerprint


def check_rotation(value: object, trusted_old: minisign.PublicKey) -> Rotation:
    """A "rotation" field checked whole against the old key as this ledger trusts it.

    Typed and bounded first, then: the old key it names is `trusted_old`, the old signature is
    that key's, the new signature is the new key's, both over the same statement bytes.
    RotationRefused (exit 3) says what failed.
    """
    fields = _fields(value)
    content = _statement(fields)
    old, new = _key(content["old"], "旧"), _key(content["new"], "新")
    if old.key != trusted_old.key or old.key_id != trusted_old.key_id:
        raise RotationRefused(f"轮换声明中的旧密钥 {old.fingerprint} 不是本机登记的 "
                              f"{trusted_old.fingerprint}")
    if new.key == old.key or new.key_id == old.key_id:
        raise RotationRefused("轮换声明中的新密钥与旧密钥相同")
    data = fields["statement"].encode()
    for signature, key, which in ((fields["old_signature"], old, "旧"),
                                  (fields["new_signature"], new, "新")):
        try:
            minisign.verify(data, signature, key)
        except minisign.VerifyFailed as exc:
            raise RotationRefused(f"轮换声明的{which}密钥签名验证失败：{exc}") from None
    return Rotation(old, new, content["old_last_seq"], content["old_last_manifest_sha256"],
                    content["made_at"])


def verify_rotation(value: object, trusted_old: minisign.PublicKey) -> minisign.PublicKey:
    """The new key a rotation statement hands over to, once checked against the trusted old key
    (RotationRefused otherwise). For anyone who trusts a key that may rotate: devices below, and
    receipts from an office above that rotated."""
    return check_rotation(value, trusted_old).new


# --- at the device -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rotated:
    """A rotation made: the two keys, the old key's last sequence, where its private key is."""

    old: minisign.PublicKey
    new: minisign.PublicKey
    old_last_seq: int
    kept: Path
    encryption_key_id: str
    """The new encryption key's id (the encryption key is rotated with the signing key)."""


def _retired_path(db_path: Path) -> Path:
    current = key_path(db_path)
    stamp = china_time.stamp()
    path = current.with_name(f"{current.name}.retired-{stamp}")
    number = 1
    while path.exists():  # two rotations within one second
        number += 1
        path = current.with_name(f"{current.name}.retired-{stamp}-{number}")
    return path


def rotate(ledger: Ledger, *, now: dt.datetime | None = None) -> Rotated:
    """Give this device a new signing key that continues the old one's chain (see above).

    The old private key is copied to `<db>.key.retired-<stamp>` (the user's only) before the new
    key file is written, in the transaction that records the rotation. UsageError while the last
    rotation's new key has sent nothing yet (the office above could not follow a second one).
    """
    pending = get_setting(ledger, bundle.ROTATION)
    base = bundle.seq_base(ledger)
    bundled = int(get_setting(ledger, bundle.BUNDLED_SEQ, 0) or 0)
    if pending and pending.get("new") == ledger.identity.fingerprint and bundled <= base:
        raise UsageError(
            f"本机密钥刚轮换过（现在的指纹 {ledger.identity.fingerprint}），新密钥还没有打包发出"
            "任何数据，上级无法接续再一次轮换。请先打包并送达上级一次，再轮换")
    old_identity = ledger.identity
    old = minisign.public_key(old_identity.key_id, old_identity.private_key)
    last_seq = max(0, bundled - base)
    last_manifest = get_setting(ledger, bundle.PREV_MANIFEST) if last_seq else None
    retired = dict(get_setting(ledger, RETIRED) or {})
    kept = _retired_path(ledger.path)
    copy_whole(key_path(ledger.path), kept, private=True)
    moment = now or china_time.utc_now()
    with ledger.write() as conn:
        identity = new_identity(conn, ledger.path)  # the new key file; numbers from 1 again
        new = minisign.public_key(identity.key_id, identity.private_key)
        fields = make_statement(old, old_identity.private_key, new, identity.private_key,
                                last_seq, last_manifest, moment)
        retired[old.fingerprint] = {"seq_base": base, "last_seq": last_seq}
        store_settings(conn, {bundle.ROTATION: {"new": new.fingerprint, "fields": fields},
                              bundle.OWN_ROTATION: {"new": new.fingerprint, "fields": fields},
                              RETIRED: retired,
                              bundle.PREV_MANIFEST: last_manifest})  # the chain goes on
    ledger.identity = identity
    # a key that may have leaked leaks both: the encryption key goes too, its old private half
    # kept to open what was sealed to it; receipts announce the new one to the devices below
    encryption = enckey.rotate(ledger.path)
    return Rotated(old, new, last_seq, kept, encryption.key_id)


def receipt_numbers(ledger: Ledger, fingerprint: object) -> tuple[int, int] | None:
    """For a receipt naming one of this device's keys: the change-log number after which that
    key's sequence starts, and the last log number it bundled (None: not a key of this device
    that may be acknowledged: another device's, or one retired by a restore)."""
    if fingerprint == ledger.identity.fingerprint:
        return bundle.seq_base(ledger), int(get_setting(ledger, bundle.BUNDLED_SEQ, 0) or 0)
    retired = (get_setting(ledger, RETIRED) or {}).get(fingerprint)
    if not isinstance(retired, dict):
        return None
    return int(retired["seq_base"]), int(retired["seq_base"]) + int(retired["last_seq"])


def retired_fingerprints(ledger: Ledger) -> list[str]:
    """This device's keys retired by rotations, whose receipts it still accepts."""
    return sorted(get_setting(ledger, RETIRED) or {})


def acknowledged(ledger: Ledger, fingerprint: str) -> None:
    """A receipt for the current key's bundles came from upstream: its bundles stop carrying
    the rotation statement (the office above follows the new key now)."""
    pending = get_setting(ledger, bundle.ROTATION)
    if pending and fingerprint == ledger.identity.fingerprint == pending.get("new"):
        with ledger.write() as conn:
            store_settings(conn, {bundle.ROTATION: None})


def pending_statement(ledger: Ledger) -> dict[str, str] | None:
    """The rotation statement the current key's bundles carry, until acknowledged."""
    pending = get_setting(ledger, bundle.ROTATION)
    if pending and pending.get("new") == ledger.identity.fingerprint:
        return dict(pending["fields"])
    return None


def own_statement(ledger: Ledger) -> dict[str, str] | None:
    """The statement of the rotation that made this device's current key, kept for the offices
    below (None: the key was not made by a rotation, e.g. after a restore)."""
    own = get_setting(ledger, bundle.OWN_ROTATION)
    if own and own.get("new") == ledger.identity.fingerprint:
        return dict(own["fields"])
    return None


# --- below a rotated office ----------------------------------------------------------------------


def follow_upstream(ledger: Ledger, value: object, signer: minisign.PublicKey) -> bool:
    """Trust the office above's new key when `signer` is the new key of a rotation statement
    (`value`) made by the key this ledger trusts; whether it did. RotationRefused if the
    statement names the trusted key and fails."""
    upstream = keys.upstream(ledger)
    if upstream is None or value is None or claimed_old(value) != upstream.fingerprint:
        return False
    new = verify_rotation(value, upstream.key)
    if new != signer:
        raise RotationRefused(f"轮换声明交接给 {new.fingerprint}，不是签名的 {signer.fingerprint}")
    keys.trust_upstream(ledger, new.text(), label=upstream.label)
    # the office's encryption key and formats do not change with its signing key
    keys.announce(ledger, new.fingerprint, upstream.encryption_key, upstream.formats)
    return True


# --- at the receiver -----------------------------------------------------------------------------


def successor(ledger: Ledger, fingerprint: str) -> keys.Device | None:
    """The enrolled key that a rotation statement of this key handed over to, if any."""
    return next((d for d in keys.devices(ledger)
                 if d.role == keys.ENROLLED and d.rotated_from == fingerprint), None)


def voids(revoked_from: int | None, old_last_seq: int) -> bool:
    """Whether a revocation from `revoked_from` voids a rotation after `old_last_seq` (it does
    at or after the revocation: the thief of a revoked key may not hand it over)."""
    return revoked_from is not None and old_last_seq + 1 >= revoked_from


def follow(ledger: Ledger, manifest: dict[str, Any]) -> keys.Device | None:
    """The new key of the rotation statement a verified manifest carries, enrolled in the old
    key's place (None: the manifest carries none).

    RotationRefused: the old key is not enrolled here, the statement or a signature fails, its
    new key is not the bundle's signer, a revocation voids it, the old key already rotated to
    another key, or the old key was applied past (or, at, differently from) what it states.
    """
    value = manifest.get("rotation")
    if value is None:
        return None
    signer = str(manifest["device"]["fingerprint"])
    old = keys.enrolled(ledger, claimed_old(value))
    if old is None:
        raise RotationRefused(f"设备 {signer} 未登记；它附带的轮换声明来自本机未登记的密钥，"
                              "数据包不予接收，已隔离")
    rotation = check_rotation(value, old.key)
    if rotation.new.key != bundle.embedded_key(manifest) or rotation.new.fingerprint != signer:
        raise RotationRefused("轮换声明中的新密钥不是签发此数据包的密钥，数据包不予接收，已隔离")
    _check_applicable(ledger, old, rotation)
    with ledger.write() as conn:
        _enrol(conn, old, rotation)
    return keys.enrolled(ledger, signer)


def _check_applicable(ledger: Ledger, old: keys.Device, rotation: Rotation) -> None:
    """Refuse a well-signed statement this ledger must not follow (RotationRefused)."""
    new, last = rotation.new.fingerprint, rotation.old_last_seq
    if voids(old.revoked_from, last):
        raise RotationRefused(
            f"设备 {old.fingerprint} 已从序号 {old.revoked_from} 起吊销，它在序号 {last} 之后"
            f"轮换为 {new} 的声明作废，数据包不予接收，已隔离，请人工核查")
    other = successor(ledger, old.fingerprint)
    if other is not None:
        raise RotationRefused(
            f"设备 {old.fingerprint} 已轮换为 {other.fingerprint}，不能再轮换为 {new}"
            "（旧密钥可能被他人持有），数据包不予接收，已隔离，请人工核查")
    state = applied_state(ledger, old.fingerprint)
    if state["seq"] > last or (last and state["seq"] == last and manifest_at(
            state, last) != rotation.old_last_manifest_sha256):
        raise RotationRefused(
            f"设备 {old.fingerprint} 的轮换声明称旧密钥最后序号为 {last}，与本机已导入的"
            f"（到序号 {state['seq']}）不符，数据包不予接收，已隔离，请人工核查")


def _enrol(conn: Connection, old: keys.Device, rotation: Rotation) -> None:
    new = rotation.new
    taken = conn.execute(text("SELECT role FROM device WHERE fingerprint = :f"),
                         {"f": new.fingerprint}).first()
    if taken is not None:
        raise RotationRefused(f"指纹 {new.fingerprint} 在本机已属于另一把密钥（{taken[0]}），"
                              "数据包不予接收，已隔离")
    conn.execute(
        text("INSERT INTO device (fingerprint, public_key, role, scope_level, scope_id, label, "
             "created_at, encryption_key, formats, rotated_from, rotated_after) "
             "SELECT :f, :k, role, scope_level, scope_id, label, :at, encryption_key, formats, "
             ":old, :after FROM device WHERE fingerprint = :old"),
        {"f": new.fingerprint, "k": base64.b64encode(new.key).decode(), "old": old.fingerprint,
         "after": rotation.old_last_seq,
         "at": china_time.utc_now().isoformat(timespec="seconds")})


def _predecessor(ledger: Ledger, device: keys.Device) -> keys.Device | None:
    return keys.enrolled(ledger, device.rotated_from) if device.rotated_from else None


def old_key_missing(ledger: Ledger, device: keys.Device, state: dict[str, Any]) -> str | None:
    """Why a rotated key's first bundle must wait (None: it need not): the old key is not yet
    applied up to the last sequence its statement named."""
    for _hop in range(MAX_CHAIN):
        old = _predecessor(ledger, device) if not state["seq"] else None
        if old is None:
            return None
        after = int(device.rotated_after or 0)
        applied = int(applied_state(ledger, old.fingerprint)["seq"])
        if applied < after:
            return (f"设备已把密钥 {old.fingerprint} 轮换为 {device.fingerprint}：新密钥的数据包"
                    f"要等旧密钥序号 {applied + 1}–{after} 的数据包导入后才能导入，已暂存，"
                    "收到后自动导入")
        if after:
            return None
        device, state = old, {"seq": 0, "ranges": {}}  # the old key sent nothing: its own start
    return None


def chain_previous(ledger: Ledger, device: keys.Device, state: dict[str, Any]) -> str | None:
    """The manifest hash a device's next bundle must name as its previous one: the last one
    applied, or for a rotated key's first bundle the old key's bundle at its last sequence."""
    for _hop in range(MAX_CHAIN):
        old = _predecessor(ledger, device) if not state["seq"] else None
        if old is None:
            return previous_manifest(state)
        after = int(device.rotated_after or 0)
        if after:
            return manifest_at(applied_state(ledger, old.fingerprint), after)
        device, state = old, {"seq": 0, "ranges": {}}
    return None


def announced_old(manifest: object) -> str | None:
    """The old key an unverified manifest's rotation statement names (None: it has none that
    reads as one); to decide which bundles of a folder to try, apply checks everything."""
    try:
        value = manifest.get("rotation") if isinstance(manifest, dict) else None
        return claimed_old(value) if value is not None else None
    except RotationRefused:
        return None
