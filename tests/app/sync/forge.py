"""Bundles written by hand for the attack tests: any rows, any manifest, signed by a real key."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from app.domain import china_time
from app.store.clock import format_hlc
from app.store.db import Ledger
from app.sync import bundle, minisign


def hlc(ledger: Ledger, ahead_ms: int = 0) -> str:
    """A clock reading of the sender, now (plus `ahead_ms`)."""
    return format_hlc(int(china_time.utc_now().timestamp() * 1000) + ahead_ms, 0)


def row(record_id: str, device: str, clock: str, /, **values: Any) -> dict[str, Any]:
    """A payload line: these fields, each written at one clock by one device."""
    return {"id": record_id, "key": None, "fields": {
        name: {"value": value, "hlc": clock, "device": device} for name, value in values.items()}}


def lines(*rows: dict[str, Any]) -> bytes:
    """Rows as a .jsonl payload file."""
    return b"".join(bundle.canonical_json(r) + b"\n" for r in rows)


def signed(sender: Ledger, folder: Path, payload: dict[str, bytes], *, seq: tuple[Any, Any],
           prev: str | None = None, name: str = "", **changes: Any) -> Path:
    """A canonical bundle of this payload signed by the sender's key, its manifest edited.

    `changes` replace manifest fields after it is made (a wrong type, a bad range...); the
    signature is over the edited manifest, so only the receiver's own checks can refuse it.
    """
    items = [(path, body, body.count(b"\n")) for path, body in payload.items()]
    manifest = bundle.manifest_for(sender, 1, 1, items, None)
    manifest.update(seq_from=seq[0], seq_to=seq[1], prev_manifest_sha256=prev, **changes)
    data = bundle.canonical_json(manifest)
    identity = sender.identity
    signature = minisign.sign(data, identity.key_id, identity.private_key, "forged")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"forged-{hashlib.sha256(data).hexdigest()[:8]}{bundle.SUFFIX}")
    path.write_bytes(bundle.canonical_zip([
        (bundle.MANIFEST, data), (bundle.SIGNATURE, signature.encode()),
        *((p, body) for p, body, _rows in items)]))
    return path


def raw_manifest(folder: Path, manifest: bytes, name: str = "raw.cfbundle") -> Path:
    """A canonical bundle whose manifest is exactly these bytes, with a meaningless signature."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(bundle.canonical_zip([(bundle.MANIFEST, manifest),
                                           (bundle.SIGNATURE, b"untrusted comment: x\n")]))
    return path


def manifest_sha(path: Path) -> str:
    """The hash receivers chain bundles by."""
    sha = bundle.manifest_hash(path)
    assert sha is not None
    return sha


def manifest_of(path: Path) -> dict[str, Any]:
    """A bundle's manifest, as written."""
    data: dict[str, Any] = json.loads(bundle.read_canonical(path.read_bytes(), path.name)[0][1])
    return data
