"""Revoking an enrolled device's key from a sequence number on, and which keys may send what.

`keys revoke FINGERPRINT --from R` at the receiver (a stolen laptop): from then on every bundle
of that key whose range reaches R (seq_to >= R; one straddling R is refused whole) is refused and
kept in held/quarantine for a person, as an unknown key's bundle is. The bundles already applied
whose range reaches R are listed for review with the records they touched (applied.py logs, per
bundle, the history rows it wrote). A revocation may be moved earlier, never later (that would
quietly accept again what was refused). It voids any rotation at or after R (rotation.py): a new
key the old one handed over to after R - 1 is revoked wholly, from its sequence 1.

`admit` is the gate apply.py asks before anything else about a bundle's sender: enrolled (or
taking over an enrolled key by a rotation statement), not revoked for that range, and not an
old key's bundle beyond the last sequence its rotation statement named.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from app.errors import UsageError
from app.store.db import Ledger
from app.store.whole import make_dirs
from app.sync import applied, hostile, keys, minisign, rotation


@dataclass(frozen=True)
class Revoked:
    """What a revocation did: the device and from where, the keys it revoked along (new keys of
    rotations it voided, wholly), the waiting bundles it moved to quarantine, and a later key
    that it left alone (a rotation before the revocation point)."""

    device: keys.Device
    from_seq: int
    also: list[keys.Device] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    successor: keys.Device | None = None


def _parse_fingerprint(given: str) -> str:
    fingerprint = given.strip().upper()
    if not hostile.is_fingerprint(fingerprint):
        raise UsageError(f"“{given}”不是设备指纹：指纹是 16 位十六进制数字（keys list 列出"
                         "本机登记的设备）")
    return fingerprint


def _enrolled_device(ledger: Ledger, fingerprint: str) -> keys.Device:
    device = keys.enrolled(ledger, fingerprint)
    if device is not None:
        return device
    known = next((d for d in keys.devices(ledger) if d.fingerprint == fingerprint), None)
    if known is None:
        raise UsageError(f"本机没有登记指纹为 {fingerprint} 的设备（keys list 列出已登记的设备）")
    raise UsageError(f"{fingerprint} 不是本机登记的下级设备（它是“{known.role}”密钥），"
                     "只能吊销下级设备的密钥")


def revoke(ledger: Ledger, fingerprint: str, from_seq: int) -> Revoked:
    """Refuse an enrolled device's bundles from `from_seq` on (see the module docstring).

    UsageError (nothing changed): not a fingerprint, no device enrolled under it, a sequence
    below 1, or a later sequence than the one it is already revoked from.
    """
    fingerprint = _parse_fingerprint(fingerprint)
    if type(from_seq) is not int or from_seq < 1:
        raise UsageError(f"吊销的起始序号应为正整数，不是“{from_seq}”")
    device = _enrolled_device(ledger, fingerprint)
    if device.revoked_from is not None and from_seq > device.revoked_from:
        raise UsageError(
            f"设备 {fingerprint} 已从序号 {device.revoked_from} 起吊销；改为从序号 {from_seq} "
            f"起会重新接受序号 {device.revoked_from}–{from_seq - 1} 的数据包，不予更改。"
            "吊销只能提前，不能推后")
    revoked = [(device, from_seq)]
    successor = rotation.successor(ledger, fingerprint)
    kept = None
    while successor is not None and len(revoked) < rotation.MAX_CHAIN:
        if not rotation.voids(revoked[-1][1], int(successor.rotated_after or 0)):
            kept = successor  # handed over before the revocation point: not touched
            break
        revoked.append((successor, 1))
        successor = rotation.successor(ledger, successor.fingerprint)
    with ledger.write() as conn:
        for each, start in revoked:
            _set_revoked(conn, each, start)
    moved = [name for each, start in revoked for name in _quarantine_waiting(ledger, each, start)]
    return Revoked(device, from_seq, [d for d, _s in revoked[1:]], moved, kept)


def _set_revoked(conn: Connection, device: keys.Device, start: int) -> None:
    conn.execute(text("UPDATE device SET revoked_from = min(coalesce(revoked_from, :r), :r) "
                      "WHERE fingerprint = :f"), {"r": start, "f": device.fingerprint})


def _quarantine_waiting(ledger: Ledger, device: keys.Device, start: int) -> list[str]:
    """Move a revoked key's waiting bundles that reach `start` to quarantine (they would wait
    for ever otherwise: the gap before them is refused too)."""
    held = applied.held_dir(ledger)
    waiting = held / applied.WAITING
    moved = []
    for path in sorted(waiting.glob("*")) if waiting.is_dir() else []:
        found = applied.held_range(path.name)
        if found is None or found[0] != device.fingerprint or found[2] < start:
            continue
        make_dirs(held / applied.QUARANTINE, private=True)
        os.replace(path, held / applied.QUARANTINE / path.name)
        moved.append(path.name)
    return moved


def refusal(ledger: Ledger, device: keys.Device, seq_from: int, seq_to: int) -> str | None:
    """Why this enrolled key may not send this range (None: it may): revoked at or before its
    end, or an old key's bundle beyond the last sequence of its rotation."""
    span = f"{seq_from}–{seq_to}"
    if device.revoked_from is not None and seq_to >= device.revoked_from:
        return (f"设备 {device.fingerprint} 已从序号 {device.revoked_from} 起吊销，序号 {span} "
                "的数据包不予接收，已隔离，请人工核查")
    successor = rotation.successor(ledger, device.fingerprint)
    if successor is not None and seq_to > int(successor.rotated_after or 0):
        return (f"设备 {device.fingerprint} 的密钥已在序号 {successor.rotated_after} 之后轮换为 "
                f"{successor.fingerprint}，旧密钥序号 {span} 的数据包不予接收，已隔离，请人工核查")
    return None


def admit(ledger: Ledger, manifest: dict[str, Any]) -> keys.Device | str:
    """The enrolled device a verified bundle comes from, or why it is refused (then it goes to
    quarantine for a person): unknown key, a rotation statement refused, revoked, or beyond a
    rotation. A new key taking over an enrolled one by its statement is enrolled here."""
    fingerprint = str(manifest["device"]["fingerprint"])
    device = keys.enrolled(ledger, fingerprint)
    if device is None:
        try:
            device = rotation.follow(ledger, manifest)
        except rotation.RotationRefused as exc:
            return str(exc)
    carried = minisign.parse_public_key(manifest["device"]["public_key"])
    if device is None or device.key != carried:
        return f"设备 {fingerprint} 未登记，数据包不予接收，已隔离；登记该设备后可再次导入"
    return refusal(ledger, device, manifest["seq_from"], manifest["seq_to"]) or device


def for_review(ledger: Ledger, fingerprint: str) -> list[applied.Applied]:
    """The bundles of a revoked key already applied whose range reaches its revocation point
    (none for a key not revoked), in sequence order."""
    device = keys.enrolled(ledger, fingerprint)
    if device is None or device.revoked_from is None:
        return []
    start = device.revoked_from
    return [a for a in applied.applied_bundles(ledger, fingerprint) if a.seq_to >= start]
