"""Signed bundles of this device's changes (DESIGN.md, Sync): made canonical, checked strictly.

A bundle is a ZIP: manifest.json, its minisign signature, data/<table>.jsonl, files/<sha256>,
in that order, with fixed timestamps and nothing else, so that no byte can change unnoticed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
import uuid
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

import app
from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.fields import EntitySpec
from app.store import files, migrate, writer
from app.store.areas import configured_scope
from app.store.db import Ledger
from app.store.rows import fetch_many
from app.store.settings import get_setting, store_settings
from app.store.whole import make_dirs, write_whole
from app.sync import hostile, minisign

FORMAT = "cfl-bundle/1"
REFERENCE_FORMAT = "cfl-reference/1"
"""Reference data sent down by the office above: areas, qualified operators, targets."""
SUFFIX = ".cfbundle"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
MAX_BUNDLE = 512 * 1024 * 1024
MAX_MANIFEST = 1024 * 1024
MAX_ENTRIES = 100_000
BUNDLED_SEQ = "sync/bundled_seq"
PREV_MANIFEST = "sync/prev_manifest_sha256"
SEQ_BASE = "sync/seq_base"
ROTATION = "sync/rotation"
"""The rotation statement this device's new key carries in its bundles until the office above
acknowledges one: {"new": fingerprint, "fields": the manifest's "rotation"} (rotation.py)."""


class BundleRefused(minisign.VerifyFailed):
    """A bundle that fails verification; str() says why, in Chinese (exit code 3)."""


@dataclass(frozen=True)
class Made:
    """A bundle written to the outbox."""

    path: Path
    seq_from: int
    seq_to: int
    records: int


def outbox(ledger: Ledger) -> Path:
    """Bundles made and not yet acknowledged, kept to be sent again as the same bytes."""
    return ledger.path.with_name(ledger.path.name + ".outbox")


def canonical_json(value: Any) -> bytes:
    """JSON as bundles write it: keys sorted, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _spec(entity: str) -> EntitySpec:
    return ATTACHMENT if entity == ATTACHMENT.name else ENTITIES[entity]


MadeAt = dict[tuple[str, str, str], str]
"""When each change (by record, hlc and device) was made on its device (`made_at`)."""


def _changes(conn: Connection, after: int
             ) -> tuple[dict[str, dict[str, set[str]]], int, dict[str, MadeAt]]:
    """Fields changed per record since a sequence number, by entity; the last number; and when
    each change was made, by entity."""
    changed: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    made: dict[str, MadeAt] = defaultdict(dict)
    last = after
    rows = conn.execute(
        text("SELECT seq, entity, record_id, fields, hlc, device, coalesce(made_at, at) "
             "FROM change_log WHERE seq > :s ORDER BY seq"),
        {"s": after},
    )
    for seq, entity, record_id, fields, hlc, device, made_at in rows:
        changed[entity][record_id].update(json.loads(fields) if isinstance(fields, str) else fields)
        made[entity][record_id, hlc, device] = made_at
        last = seq
    return changed, last, made


def row_line(spec: EntitySpec, record: dict[str, Any], fields: set[str],
             made: MadeAt | None = None) -> dict[str, Any]:
    """A record's line: id, natural key, and each changed field with its value and clock (and
    when it was made, where known)."""
    clocks = record.get("clocks") or {}
    values: dict[str, Any] = {}
    for name in sorted(fields):
        hlc, device = clocks.get(name, [None, None])
        value = record.get(name) if name != "deleted" else bool(record.get("deleted"))
        values[name] = {"value": writer.to_json(value), "hlc": hlc, "device": device}
        made_at = (made or {}).get((record["id"], hlc, device))
        if made_at:
            values[name]["made_at"] = made_at
    key = next(
        ({n: writer.to_json(record.get(n)) for n in names} for names in spec.natural_keys
         if any(record.get(n) is not None for n in names)),
        None,
    )
    return {"id": record["id"], "key": key, "fields": values}


def make_bundle(ledger: Ledger, *, now: dt.datetime | None = None) -> Made | None:
    """The changes since the last bundle, as a new signed bundle in the outbox (None: nothing).

    A damaged ledger is never bundled: `quick_check` first (LedgerDamaged, then read-only).
    """
    ledger.ensure_sound()
    after = int(get_setting(ledger, BUNDLED_SEQ, 0))
    with ledger.write() as conn:
        changed, last, made = _changes(conn, after)
        if last == after:
            return None
        payload: list[tuple[str, bytes, int]] = []
        hashes: set[str] = set()
        count = 0
        for entity in sorted(changed):
            spec = _spec(entity)
            found = fetch_many(conn, spec, changed[entity])
            lines = [canonical_json(row_line(spec, found[i], changed[entity][i], made[entity]))
                     for i in sorted(changed[entity]) if i in found]
            count += len(lines)
            if entity == ATTACHMENT.name:
                hashes.update(found[i]["sha256"] for i in found)
            payload.append((f"data/{entity}.jsonl", b"".join(line + b"\n" for line in lines),
                            len(lines)))
        for sha in sorted(hashes):
            source = files.file_path(ledger, sha)
            if source.exists():
                payload.append((f"files/{sha}", source.read_bytes(), 1))
        base = seq_base(ledger)  # the log's numbers go on; this key's start at 1
        first, final = after + 1 - base, last - base
        manifest = manifest_for(ledger, first, final, payload, now)
        scope_code = manifest["scope"]["code"] or "xian"
        name = f"{scope_code}-{ledger.identity.fingerprint}-{first}-{final}{SUFFIX}"
        data = seal(ledger, manifest, payload, outbox(ledger) / name)
        store_settings(conn, {BUNDLED_SEQ: last, PREV_MANIFEST: hashlib.sha256(data).hexdigest()})
    return Made(outbox(ledger) / name, first, final, count)


def seq_base(ledger: Ledger) -> int:
    """Change-log number after which this device's own sequence starts (0 until a restore)."""
    return int(get_setting(ledger, SEQ_BASE, 0) or 0)


def seal(ledger: Ledger, manifest: dict[str, Any], payload: list[tuple[str, bytes, int]],
         path: Path) -> bytes:
    """Sign a manifest and write it with its payload as a canonical bundle; the manifest bytes."""
    data = canonical_json(manifest)
    identity = ledger.identity
    comment = (f"bundle:{manifest['bundle_id']}\tdevice:{identity.fingerprint}\t"
               f"seq:{manifest['seq_from']}-{manifest['seq_to']}")
    signature = minisign.sign(data, identity.key_id, identity.private_key, comment)
    make_dirs(path.parent, private=True)
    write_whole(path, canonical_zip([(MANIFEST, data), (SIGNATURE, signature.encode()),
                                     *((name, body) for name, body, _rows in payload)]),
                private=True)
    return data


def manifest_for(ledger: Ledger, seq_from: int, seq_to: int,
              payload: list[tuple[str, bytes, int]], now: dt.datetime | None,
              kind: str = FORMAT) -> dict[str, Any]:
    scope = configured_scope(ledger)
    identity = ledger.identity
    key = minisign.public_key(identity.key_id, identity.private_key)
    manifest: dict[str, Any] = {
        "format": kind,
        "bundle_id": str(uuid.uuid4()),
        "created_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "device": {"fingerprint": key.fingerprint, "public_key": key.text().split("\n")[1]},
        "scope": {"level": scope.level.value if scope else "city",
                  "code": scope.code if scope else None, "name": scope.name if scope else ""},
        "seq_from": seq_from,
        "seq_to": seq_to,
        "prev_manifest_sha256": get_setting(ledger, PREV_MANIFEST),
        "schema_revision": migrate.HEAD,
        "app_version": app.__version__,
        "encryption": None,
        "files": [{"path": name, "size": len(body), "rows": rows,
                   "sha256": hashlib.sha256(body).hexdigest()} for name, body, rows in payload],
    }
    rotated = get_setting(ledger, ROTATION) if kind != REFERENCE_FORMAT else None
    if rotated and rotated.get("new") == key.fingerprint:  # until acknowledged (rotation.py)
        manifest["rotation"] = rotated["fields"]
    return manifest


# The ZIP is written by hand so that every byte is ours, whatever the Python version: names in
# ASCII, entries stored (not deflated), 1980-01-01 00:00, no extra fields, attributes or comments.
# Stored, because a deflate stream has slack (the unused bits of its last byte, and other
# encodings of the same content) that would let bytes change without any check failing, and
# re-deflating to compare would tie the check to one zlib build.
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = 0x04034B50, 0x02014B50, 0x06054B50
_VERSION, _STORED, _DOS_DATE = 10, 0, (0 << 9) | (1 << 5) | 1


def _local(name: bytes, crc: int, packed: int, size: int) -> bytes:
    return _LOCAL.pack(_LOCAL_SIG, _VERSION, 0, _STORED, 0, _DOS_DATE, crc, packed, size,
                       len(name), 0) + name


def _central(name: bytes, crc: int, packed: int, size: int, offset: int) -> bytes:
    return _CENTRAL.pack(_CENTRAL_SIG, _VERSION, _VERSION, 0, _STORED, 0, _DOS_DATE, crc,
                         packed, size, len(name), 0, 0, 0, 0, 0, offset) + name


def _end(count: int, directory: int, offset: int) -> bytes:
    return _END.pack(_END_SIG, 0, 0, count, count, directory, offset, 0)


def canonical_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """The canonical ZIP of these entries, in this order."""
    out, directory = bytearray(), bytearray()
    for name, body in entries:
        encoded, packed = name.encode("ascii"), body
        crc = zlib.crc32(body)
        directory += _central(encoded, crc, len(packed), len(body), len(out))
        out += _local(encoded, crc, len(packed), len(body)) + packed
    return bytes(out + directory + _end(len(entries), len(directory), len(out)))


# --- verifying ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    """A bundle that passed: its manifest (as parsed), the manifest's hash, and its payload."""

    manifest: dict[str, Any]
    manifest_sha256: str
    payload: dict[str, bytes]


def verify_bundle(path: Path, key: minisign.PublicKey | None = None) -> Verified:
    """Check a bundle before anything is read into a ledger: sizes, layout, signature, hashes.

    `key`: the sender's key as enrolled (None: the key the manifest carries, which proves only
    that the bundle is whole). BundleRefused says what failed; a damaged file is one of those.
    """
    name = path.name
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_BUNDLE else b""
    except OSError as exc:
        raise BundleRefused(f"无法读取“{name}”：{exc.strerror or exc}") from None
    if size > MAX_BUNDLE:
        raise BundleRefused(f"“{name}”过大（{size} 字节，上限 {MAX_BUNDLE}）")
    entries = read_canonical(raw, name)
    if len(entries) < 2 or entries[0][0] != MANIFEST or entries[1][0] != SIGNATURE:
        raise BundleRefused(f"“{name}”不是数据包：开头应为 manifest.json 及其签名")
    data, signature = entries[0][1], entries[1][1].decode("utf-8", "replace")
    if len(data) > MAX_MANIFEST:
        raise BundleRefused(f"“{name}”的清单过大")
    try:  # nothing of it is trusted yet: bounded, typed, only what the signature check needs
        manifest = hostile.load_json(data, "清单")
        kind, public = hostile.manifest_head(manifest)
        embedded = minisign.parse_public_key(public)
    except (hostile.Malformed, minisign.VerifyFailed):
        raise BundleRefused(f"“{name}”的清单无法解析") from None
    if kind not in (FORMAT, REFERENCE_FORMAT):
        raise BundleRefused(f"“{name}”的格式“{kind}”不是 {FORMAT}")
    trusted = key or embedded
    if key is not None and key.key != embedded.key:
        raise BundleRefused(f"“{name}”不是登记的设备（{key.fingerprint}）签发的")
    try:
        minisign.verify(data, signature, trusted)
    except minisign.VerifyFailed as exc:
        raise BundleRefused(f"“{name}”签名验证失败：{exc}") from None
    try:  # signed, and still checked: a signer's bug or malice must not crash the receiver
        hostile.check_manifest(manifest, MAX_ENTRIES)
    except hostile.Malformed as exc:
        raise BundleRefused(f"“{name}”的清单不合规：{exc}") from None
    if manifest["device"]["fingerprint"] != embedded.fingerprint:
        raise BundleRefused(f"“{name}”的设备指纹与其公钥不符")
    declared = manifest["files"]
    payload = entries[2:]
    if [f["path"] for f in declared] != [n for n, _b in payload]:
        raise BundleRefused(f"“{name}”的内容与清单不符（文件列表不同）")
    for item, (entry, body) in zip(declared, payload, strict=True):
        if item["size"] != len(body) or item["sha256"] != hashlib.sha256(body).hexdigest():
            raise BundleRefused(f"“{name}”中的“{entry}”与清单不符（大小或摘要不同）")
    return Verified(manifest, hashlib.sha256(data).hexdigest(), dict(payload))


def embedded_key(manifest: dict[str, Any]) -> bytes:
    """The raw public key a (verified) manifest carries."""
    return minisign.parse_public_key(manifest["device"]["public_key"]).key


def manifest_hash(path: Path) -> str | None:
    """The SHA-256 of a bundle's manifest bytes (None: not a readable canonical bundle)."""
    try:
        entries = read_canonical(path.read_bytes(), path.name)
    except (OSError, BundleRefused):
        return None
    return hashlib.sha256(entries[0][1]).hexdigest() if entries else None


def read_canonical(raw: bytes, name: str) -> list[tuple[str, bytes]]:
    """The entries of a ZIP laid out exactly as canonical_zip writes them; BundleRefused else.

    Every header byte must be the one canonical_zip writes for these entries; the stored data
    must have the declared size and checksum. So no byte of the file can change unseen.
    """
    def refuse(why: str) -> BundleRefused:
        return BundleRefused(f"“{name}”已损坏或被改动（{why}）")

    if len(raw) < _END.size:
        raise refuse("不是完整的 ZIP 文件")
    fields = _END.unpack_from(raw, len(raw) - _END.size)
    count, size, start = fields[3], fields[5], fields[6]
    if fields[0] != _END_SIG or count > MAX_ENTRIES or start + size + _END.size != len(raw):
        raise refuse("不是完整的 ZIP 文件")
    if raw[len(raw) - _END.size:] != _end(count, size, start):
        raise refuse("结尾不规范")
    entries: list[tuple[str, bytes]] = []
    directory, offset = bytearray(), 0
    try:
        for _n in range(count):
            head = _LOCAL.unpack_from(raw, offset)
            crc, packed, length, name_length = head[6], head[7], head[8], head[9]
            entry = raw[offset + _LOCAL.size: offset + _LOCAL.size + name_length]
            if raw[offset: offset + _LOCAL.size + name_length] != _local(entry, crc, packed,
                                                                           length):
                raise refuse("条目头不规范")
            data_start = offset + _LOCAL.size + name_length
            if length > MAX_BUNDLE or data_start + packed > start:
                raise refuse("条目大小不对")
            body = raw[data_start: data_start + packed]
            if packed != length or zlib.crc32(body) != crc:
                raise refuse("内容与校验值不符")
            directory += _central(entry, crc, packed, length, offset)
            entries.append((entry.decode("ascii"), body))
            offset = data_start + packed
    except (struct.error, UnicodeDecodeError):
        raise refuse("不是完整的 ZIP 文件") from None
    if offset != start or raw[start: start + size] != directory:
        raise refuse("目录与条目不符")
    return entries
