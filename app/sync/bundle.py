"""Signed bundles of this device's changes (DESIGN.md, Sync): made canonical, checked strictly.

A bundle is a canonical ZIP (app/sync/canonical.py): manifest.json, its minisign signature, then
the payload. Format 1 stores data/<table>.jsonl and files/<sha256> as they are; format 2
compresses each, and for a receiver that announced an encryption key puts them, compressed, in
one inner ZIP sealed to that key (`payload.enc`, app/sync/sealing.py). A sender makes format 2
only for a receiver that announced it; every format is read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import shutil
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, text

import app
from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.fields import EntitySpec
from app.store import files, migrate, writer
from app.store.areas import configured_scope
from app.store.db import Ledger
from app.store.enckey import EncryptionKeys, encryption_key_id
from app.store.settings import get_setting, store_settings
from app.store.whole import STALE, make_dirs, sweep_stale, written_whole
from app.sync import canonical, contacts, hostile, keys, minisign, sealing, withheld
from app.sync.canonical import BundleRefused, canonical_zip, write_zip
from app.sync.packing import Packed, pack_changes
from app.sync.payload import Part, Payload

FORMAT = "cfl-bundle/1"
FORMAT_2 = "cfl-bundle/2"
FORMATS = (FORMAT, FORMAT_2)
"""The bundle formats this app reads."""
REFERENCE_FORMAT = "cfl-reference/1"
"""Reference data sent down by the office above: areas, qualified operators, targets."""
SUFFIX = ".cfbundle"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
SEALED = "payload.enc"
INDEX = "files.json"
"""The first entry of a sealed payload's inner ZIP: its files, as format 2 lists them."""
MAX_BUNDLE = 512 * 1024 * 1024
MAX_MANIFEST = 1024 * 1024
MAX_ENTRIES = canonical.MAX_ENTRIES
MAX_INFLATED = 8 * 1024 * 1024 * 1024
"""What a bundle's payload files may declare in all, inflated (zlib's limit is about 1000:1)."""
BUNDLED_SEQ = "sync/bundled_seq"
PREV_MANIFEST = "sync/prev_manifest_sha256"
SEQ_BASE = "sync/seq_base"
ROTATION = "sync/rotation"
"""The rotation statement this device's new key carries in its bundles until the office above
acknowledges one: {"new": fingerprint, "fields": the manifest's "rotation"} (rotation.py)."""
OWN_ROTATION = "sync/own_rotation"
"""The statement of this device's last rotation, kept: its receipts and reference bundles carry it
for the offices below, which follow it to the new key (rotation.follow_upstream)."""

__all__ = ["BundleRefused", "canonical_zip"]


@dataclass(frozen=True)
class Made:
    """A bundle written to the outbox."""

    path: Path
    seq_from: int
    seq_to: int
    records: int
    withheld: int = 0
    """Records whose personal values this (unsealed) bundle held back, to go sealed later."""

    def withheld_note(self) -> str | None:
        """What the user is told of the values held back (None: none were)."""
        if not self.withheld:
            return None
        return (f"{self.withheld} 条记录的联系人和电话没有放进这个数据包：上级的加密公钥还不知道，"
                "数据包不能加密。收到上级的回执（或导入上级的公钥文件）后，会加密补发。")


@dataclass(frozen=True)
class Recipient:
    """What the office above reads: a format, and the key to seal to (None: not sealed)."""

    format: str
    encryption: bytes | None = None


def recipient(ledger: Ledger) -> Recipient:
    """The format this ledger's bundles take: format 2, sealed if it can be, once announced."""
    upstream = keys.upstream(ledger)
    if upstream is not None and FORMAT_2 in upstream.formats:
        return Recipient(FORMAT_2, upstream.encryption_key)
    return Recipient(FORMAT)


def sweep_leftovers(ledger: Ledger, now: float) -> None:
    """Remove what rounds killed mid-way left beside the ledger, untouched for an hour before
    `now` (a time stamp): scratch folders, and temporary files there, in the outbox and in the
    file store (an attachment being applied)."""
    folder, name = ledger.path.parent, ledger.path.name
    sweep_stale(folder, f"{name}.", now)
    sweep_stale(outbox(ledger), "", now)
    files.sweep_store(ledger, now)
    try:
        works = [p for p in folder.iterdir() if p.name.startswith(f"{name}.work-")]
    except OSError:
        return
    for work in works:
        with contextlib.suppress(OSError):
            if work.is_dir() and now - work.stat().st_mtime >= STALE:
                shutil.rmtree(work)


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


@contextlib.contextmanager
def workdir(ledger: Ledger) -> Iterator[Path]:
    """A private scratch folder beside the ledger (same disk), removed afterwards."""
    with tempfile.TemporaryDirectory(dir=ledger.path.parent,
                                     prefix=f"{ledger.path.name}.work-") as folder:
        yield Path(folder)


def make_bundle(ledger: Ledger, *, now: dt.datetime | None = None) -> Made | None:
    """The changes since the last bundle, as a new signed bundle in the outbox (None: nothing).

    A damaged ledger is never bundled: `quick_check` first (LedgerDamaged, then read-only).
    """
    ledger.ensure_sound()
    sweep_leftovers(ledger, time.time())
    after = int(get_setting(ledger, BUNDLED_SEQ, 0))
    to = recipient(ledger)
    with ledger.write() as conn:
        if to.encryption is not None:  # personal values held back from unsealed ones go now
            withheld.send_again(conn, after)
        changed, last, made = _changes(conn, after)
        if last == after:
            return None
        held = 0 if to.encryption is not None else withheld.hold_back(changed)
        if held:
            withheld.remember(conn, last)
        base = seq_base(ledger)  # the log's numbers go on; this key's start at 1
        first, final = after + 1 - base, last - base
        with workdir(ledger) as work:
            packed, count = pack_changes(
                ledger, conn, changed, lambda spec, record, fields: canonical_json(
                    row_line(spec, record, fields, made[spec.name])),
                work, compress=to.format == FORMAT_2)
            manifest = manifest_for(ledger, first, final, [], now, kind=to.format)
            entries = _payload(manifest, packed, to, work)
            scope_code = manifest["scope"]["code"] or "xian"
            name = f"{scope_code}-{ledger.identity.fingerprint}-{first}-{final}{SUFFIX}"
            data = write_signed(ledger, manifest, entries, outbox(ledger) / name)
        store_settings(conn, {BUNDLED_SEQ: last, PREV_MANIFEST: hashlib.sha256(data).hexdigest()})
    return Made(outbox(ledger) / name, first, final, count, held)


def associated_data(manifest: dict[str, Any], recipient_id: str) -> bytes:
    """What every sealed chunk is bound to: this bundle, this device, this range, this receiver."""
    return canonical_json({"format": manifest["format"], "bundle_id": manifest["bundle_id"],
                           "device": manifest["device"]["fingerprint"],
                           "seq_from": manifest["seq_from"], "seq_to": manifest["seq_to"],
                           "recipient": recipient_id})


def _payload(manifest: dict[str, Any], packed: list[Packed], to: Recipient,
             work: Path) -> list[tuple[str, canonical.Source]]:
    """Fill in the manifest's files (and encryption); the entries that follow the signature."""
    listing = [p.listing(to.format == FORMAT_2) for p in packed]
    entries: list[tuple[str, canonical.Source]] = [(p.name, p.source) for p in packed]
    if to.encryption is None:
        manifest["files"] = listing
        return entries
    inner, sealed = work / "inner.zip", work / SEALED
    with inner.open("w+b") as out:
        write_zip(out, [(INDEX, canonical_json(listing)), *entries])
    associated = associated_data(manifest, encryption_key_id(to.encryption))
    with inner.open("rb") as source, sealed.open("wb") as target:
        manifest["encryption"] = sealing.seal(source, target, to.encryption, associated)
    inner.unlink()
    sha, size = files.hash_file(sealed)
    manifest["files"] = [{"path": SEALED, "size": size, "stored_size": size, "rows": 0,
                          "sha256": sha}]
    return [(SEALED, sealed)]


def seq_base(ledger: Ledger) -> int:
    """Change-log number after which this device's own sequence starts (0 until a restore)."""
    return int(get_setting(ledger, SEQ_BASE, 0) or 0)


def write_signed(ledger: Ledger, manifest: dict[str, Any],
                 entries: list[tuple[str, canonical.Source]], path: Path) -> bytes:
    """Sign a manifest and write it with its payload entries as a canonical bundle, whole;
    returns the manifest bytes."""
    data = canonical_json(manifest)
    identity = ledger.identity
    comment = (f"bundle:{manifest['bundle_id']}\tdevice:{identity.fingerprint}\t"
               f"seq:{manifest['seq_from']}-{manifest['seq_to']}")
    signature = minisign.sign(data, identity.key_id, identity.private_key, comment)
    make_dirs(path.parent, private=True)
    with written_whole(path, private=True) as temp, temp.open("wb") as out:
        write_zip(out, [(MANIFEST, data), (SIGNATURE, signature.encode()), *entries])
    return data


def seal(ledger: Ledger, manifest: dict[str, Any], payload: list[tuple[str, bytes, int]],
         path: Path) -> bytes:
    """Sign a manifest and write it with its (small, stored) payload; the manifest bytes."""
    return write_signed(ledger, manifest, [(name, body) for name, body, _rows in payload], path)


def manifest_for(ledger: Ledger, seq_from: int, seq_to: int,
                 payload: list[tuple[str, bytes, int]], now: dt.datetime | None,
                 kind: str = FORMAT) -> dict[str, Any]:
    """The manifest of a bundle of this ledger, its files listed as format 1 stores them."""
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
    rotated = get_setting(ledger, ROTATION if kind != REFERENCE_FORMAT else OWN_ROTATION)
    if rotated and rotated.get("new") == key.fingerprint:  # until acknowledged (rotation.py)
        manifest["rotation"] = rotated["fields"]
    if kind != REFERENCE_FORMAT:  # upward: the offices below, when each was last heard of
        manifest.update(contacts.carried(ledger))
    return manifest


# --- verifying ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    """A bundle that passed: its manifest (as parsed), the manifest's hash, and its payload.

    `payload` is None for a sealed bundle: `opened` decrypts it for its receiver.
    """

    manifest: dict[str, Any]
    manifest_sha256: str
    payload: Payload | None
    path: Path
    sealed: Part | None = None


def verify_bundle(path: Path, key: minisign.PublicKey | None = None) -> Verified:
    """Check a bundle before anything is read into a ledger: sizes, layout, signature, hashes.

    `key`: the sender's key as enrolled (None: the key the manifest carries, which proves only
    that the bundle is whole). BundleRefused says what failed; a damaged file is one of those.
    Reads the file in blocks: memory stays small whatever its size.
    """
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BundleRefused(f"无法读取“{name}”：{exc.strerror or exc}") from None
    if size > MAX_BUNDLE:
        raise BundleRefused(f"“{name}”过大（{size} 字节，上限 {MAX_BUNDLE}）")
    entries = canonical.scan_file(path)
    if len(entries) < 2 or entries[0].name != MANIFEST or entries[1].name != SIGNATURE:
        raise BundleRefused(f"“{name}”不是数据包：开头应为 manifest.json 及其签名")
    if entries[0].size > MAX_MANIFEST or entries[1].size > MAX_MANIFEST:
        raise BundleRefused(f"“{name}”的清单过大")
    with path.open("rb") as handle:
        data = canonical.read_entry(handle, entries[0])
        signature = canonical.read_entry(handle, entries[1]).decode("utf-8", "replace")
    manifest = _signed_manifest(name, data, signature, key)
    payload = entries[2:]
    declared = manifest["files"]
    if [f["path"] for f in declared] != [e.name for e in payload]:
        raise BundleRefused(f"“{name}”的内容与清单不符（文件列表不同）")
    parts = _parts(name, declared, payload, manifest["format"] == FORMAT_2)
    checked = Verified(manifest, hashlib.sha256(data).hexdigest(), Payload(path, parts, name),
                       path)
    if manifest["encryption"] is None:
        return checked
    if [f["path"] for f in declared] != [SEALED]:
        raise BundleRefused(f"“{name}”是加密数据包，但内容不只是 {SEALED}")
    try:
        encryption = sealing.check_encryption(manifest["encryption"], MAX_BUNDLE)
    except hostile.Malformed as exc:
        raise BundleRefused(f"“{name}”的加密说明不合规：{exc}") from None
    if encryption["stored_size"] != payload[0].size:
        raise BundleRefused(f"“{name}”的加密内容大小与清单不符")
    return Verified(manifest, checked.manifest_sha256, None, path, parts[SEALED])


def _signed_manifest(name: str, data: bytes, signature: str,
                     key: minisign.PublicKey | None) -> dict[str, Any]:
    """The manifest once its signature is checked, by `key` or by the key it carries."""
    try:  # nothing of it is trusted yet: bounded, typed, only what the signature check needs
        manifest = hostile.load_json(data, "清单")
        kind, public = hostile.manifest_head(manifest)
        embedded = minisign.parse_public_key(public)
    except (hostile.Malformed, minisign.VerifyFailed):
        raise BundleRefused(f"“{name}”的清单无法解析") from None
    if kind not in (*FORMATS, REFERENCE_FORMAT):
        raise BundleRefused(f"“{name}”的格式“{kind}”不是 {FORMAT} 或 {FORMAT_2}")
    if key is not None and key.key != embedded.key:
        raise BundleRefused(f"“{name}”不是登记的设备（{key.fingerprint}）签发的")
    try:
        minisign.verify(data, signature, key or embedded)
    except minisign.VerifyFailed as exc:
        raise BundleRefused(f"“{name}”签名验证失败：{exc}") from None
    try:  # signed, and still checked: a signer's bug or malice must not crash the receiver
        hostile.check_manifest(manifest, MAX_ENTRIES)
    except hostile.Malformed as exc:
        raise BundleRefused(f"“{name}”的清单不合规：{exc}") from None
    if manifest["device"]["fingerprint"] != embedded.fingerprint:
        raise BundleRefused(f"“{name}”的设备指纹与其公钥不符")
    checked: dict[str, Any] = manifest
    return checked


def _parts(name: str, declared: list[dict[str, Any]], entries: list[canonical.Entry],
           compressed: bool) -> dict[str, Part]:
    """Each declared file's place, once its stored bytes are the ones the manifest hashed."""
    parts: dict[str, Part] = {}
    for item, entry in zip(declared, entries, strict=True):
        stored = item["stored_size"] if compressed else item["size"]
        if stored != entry.size or item["sha256"] != entry.sha256:
            raise BundleRefused(f"“{name}”中的“{entry.name}”与清单不符（大小或摘要不同）")
        parts[entry.name] = Part(entry.offset, entry.size, item["size"], compressed)
    if sum(p.size for p in parts.values()) > MAX_INFLATED:
        raise BundleRefused(f"“{name}”声明的解压后大小过大")
    return parts


@contextlib.contextmanager
def opened(checked: Verified, keys: EncryptionKeys | None, work: Path) -> Iterator[Payload]:
    """A verified bundle's payload; a sealed one decrypted for its receiver into a private
    temporary file in `work`, parsed only once every chunk's tag has checked."""
    if checked.payload is not None:
        yield checked.payload
        return
    assert checked.sealed is not None
    name, manifest = checked.path.name, checked.manifest
    encryption = manifest["encryption"]
    if keys is None:
        raise BundleRefused(f"“{name}”是加密的，本机没有加密密钥，无法打开")
    associated = associated_data(manifest, encryption["recipient"])
    make_dirs(work, private=True)
    with tempfile.TemporaryFile(dir=work) as plain, checked.path.open("rb") as handle:
        window = io.BufferedReader(_Window(handle, checked.sealed.offset,
                                           checked.sealed.stored_size))
        try:
            sealing.open_sealed(window, plain, encryption, keys, associated)
        except sealing.SealBroken as exc:
            raise sealing.SealBroken(f"“{name}”：{exc}") from None
        plain.flush()
        yield Payload(plain, _inner_parts(name, plain, encryption["size"]), name)


def _inner_parts(name: str, plain: BinaryIO, size: int) -> dict[str, Part]:
    """The files of a decrypted inner ZIP, checked against its index as a manifest's are."""
    entries = canonical.scan(plain, size, f"{name} 的加密内容")
    if not entries or entries[0].name != INDEX or entries[0].size > MAX_MANIFEST:
        raise BundleRefused(f"“{name}”的加密内容不是数据包的文件")
    try:
        listing = hostile.load_json(canonical.read_entry(plain, entries[0]), "文件清单")
        hostile.check_files(listing, MAX_ENTRIES, compressed=True)
    except hostile.Malformed as exc:
        raise BundleRefused(f"“{name}”的加密内容不合规：{exc}") from None
    if [f["path"] for f in listing] != [e.name for e in entries[1:]]:
        raise BundleRefused(f"“{name}”的加密内容与其文件清单不符")
    return _parts(name, listing, entries[1:], True)


class _Window(io.RawIOBase):
    """A range of an open file, read as a file of its own (the sealed entry of a bundle)."""

    def __init__(self, handle: BinaryIO, offset: int, size: int) -> None:
        super().__init__()
        self._handle, self._position, self._left = handle, offset, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._left:
            return 0
        self._handle.seek(self._position)
        data = self._handle.read(min(len(buffer), self._left))
        buffer[: len(data)] = data
        self._position += len(data)
        self._left -= len(data)
        return len(data)


def embedded_key(manifest: dict[str, Any]) -> bytes:
    """The raw public key a (verified) manifest carries."""
    return minisign.parse_public_key(manifest["device"]["public_key"]).key


def manifest_hash(path: Path) -> str | None:
    """The SHA-256 of a bundle's manifest bytes (None: not a readable canonical bundle)."""
    data = manifest_bytes(path)
    return hashlib.sha256(data).hexdigest() if data is not None else None


def manifest_bytes(path: Path) -> bytes | None:
    """A bundle's manifest bytes, read without checking the rest (None: not readable)."""
    first = canonical.peek(path, MAX_MANIFEST)
    return first[1] if first is not None and first[0] == MANIFEST else None


def read_canonical(raw: bytes, name: str) -> list[tuple[str, bytes]]:
    """The entries of a canonical ZIP held in memory (see canonical.read_canonical)."""
    return canonical.read_canonical(raw, name)
