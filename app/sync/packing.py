"""A bundle's payload files, written in blocks to a scratch folder: raw (format 1) or zlib.

Records are read a chunk at a time and written a line at a time, attachments copied in blocks,
so that making a bundle of any size holds little in memory.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.fields import EntitySpec
from app.store import files, personal
from app.store.db import Ledger
from app.store.rows import fetch_many
from app.sync.canonical import BLOCK

LEVEL = 6
"""zlib level of data files (DESIGN.md)."""
INCOMPRESSIBLE = 0.95
"""An attachment whose first block shrinks less than this is stored (zlib level 0): photos are
compressed already, and deflating them again costs time for nothing."""
CHUNK = 2000
"""Records read together."""

LineOf = Callable[[EntitySpec, dict[str, Any], set[str]], bytes]


@dataclass(frozen=True)
class Packed:
    """One payload file in the scratch folder: its entry name and sizes, its rows and hash."""

    name: str
    source: Path
    size: int
    stored_size: int
    rows: int
    sha256: str

    def listing(self, compressed: bool) -> dict[str, Any]:
        """Its entry in a manifest's `files` (format 2 adds the stored size)."""
        item: dict[str, Any] = {"path": self.name, "size": self.size, "rows": self.rows,
                                "sha256": self.sha256}
        if compressed:
            item["stored_size"] = self.stored_size
        return item


def pack(name: str, blocks: Iterable[bytes], rows: int, target: Path,
         level: int | None) -> Packed:
    """Write blocks to `target`, zlib-compressed at `level` (None: as they are)."""
    digest, size, stored = hashlib.sha256(), 0, 0
    deflater = zlib.compressobj(level) if level is not None else None
    with target.open("wb") as out:
        def put(data: bytes) -> None:
            nonlocal stored
            if data:
                digest.update(data)
                out.write(data)
                stored += len(data)
        for block in blocks:
            size += len(block)
            put(deflater.compress(block) if deflater else block)
        if deflater:
            put(deflater.flush())
    return Packed(name, target, size, stored, rows, digest.hexdigest())


def _spec(entity: str) -> EntitySpec:
    return ATTACHMENT if entity == ATTACHMENT.name else ENTITIES[entity]


def _file_blocks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(BLOCK), b"")


def _level_for(path: Path) -> int:
    with path.open("rb") as handle:
        head = handle.read(256 * 1024)
    worth = head and len(zlib.compress(head, 1)) < len(head) * INCOMPRESSIBLE
    return LEVEL if worth else 0


def pack_file(ledger: Ledger, sha256: str, work: Path, compress: bool) -> Packed | None:
    """An attachment from the file store as a payload file (None: not in the store)."""
    source = files.file_path(ledger, sha256)
    if not source.exists():
        return None
    level = _level_for(source) if compress else None
    return pack(f"files/{sha256}", _file_blocks(source), 1, work / f"file-{sha256}", level)


def pack_changes(ledger: Ledger, conn: Connection, changed: dict[str, dict[str, set[str]]],
                 line_of: LineOf, work: Path, *, compress: bool
                 ) -> tuple[list[Packed], int]:
    """Every changed record as data/<entity>.jsonl, then the attachments they name; the count.

    Personal values go in as they were typed (the bundle's own encryption covers them): never
    sealed with this ledger's key, which the receiver has not, and never without it.
    """
    if any(personal.PERSONAL.get(entity) for entity in changed):
        personal.vault_of(conn).require()
    packed: list[Packed] = []
    hashes: set[str] = set()
    count = 0
    for entity in sorted(changed):
        spec = _spec(entity)
        rows = 0

        def lines(spec: EntitySpec = spec, fields: dict[str, set[str]] = changed[entity]
                  ) -> Iterator[bytes]:
            nonlocal rows
            ids = sorted(fields)
            for start in range(0, len(ids), CHUNK):
                found = fetch_many(conn, spec, ids[start:start + CHUNK])
                for record_id in ids[start:start + CHUNK]:
                    if record_id in found:
                        rows += 1
                        if spec is ATTACHMENT:
                            hashes.add(found[record_id]["sha256"])
                        yield line_of(spec, found[record_id], fields[record_id]) + b"\n"

        done = pack(f"data/{entity}.jsonl", lines(), 0, work / f"data-{entity}",
                    LEVEL if compress else None)
        packed.append(Packed(done.name, done.source, done.size, done.stored_size, rows,
                             done.sha256))
        count += rows
    for sha in sorted(hashes):
        file = pack_file(ledger, sha, work, compress)
        if file is not None:
            packed.append(file)
    return packed, count
