"""The content-addressed file store beside a ledger: `<db>.files/<first two hex digits>/<sha256>`.

Files are written whole and never removed: another record, or a bundle not yet sent, may still
need one. What a writer killed mid-copy left (a temporary file) goes an hour later (sweep_store).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from app.store.db import Ledger
from app.store.whole import copy_whole, make_dirs, sweep_stale, write_whole, written_whole


def store_dir(ledger: Ledger) -> Path:
    """The folder that holds a ledger's attached files."""
    return ledger.path.with_name(ledger.path.name + ".files")


def file_path(ledger: Ledger, sha256: str) -> Path:
    """Where the content with this hash is kept."""
    return store_dir(ledger) / sha256[:2] / sha256


def sweep_store(ledger: Ledger, now: float) -> list[Path]:
    """Delete the temporary files that copies killed mid-write (an import or a round applying
    attachments) left in the store, untouched for an hour before `now` (a time stamp)."""
    try:
        folders = [p for p in store_dir(ledger).iterdir() if p.is_dir()]
    except OSError:
        return []
    return [gone for folder in sorted(folders) for gone in sweep_stale(folder, "", now)]


def hash_file(source: Path) -> tuple[str, int]:
    """The sha256 (hex) and size of a file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def keep_file(ledger: Ledger, source: Path, sha256: str) -> None:
    """Copy a file into the store under its hash (if not there yet)."""
    target = file_path(ledger, sha256)
    if target.exists():
        return
    make_dirs(target.parent, private=True)
    copy_whole(source, target, private=True)


class ContentMismatch(ValueError):
    """Content that does not hash to the name it arrived under; nothing was kept."""


def keep_blocks(ledger: Ledger, blocks: Iterable[bytes], sha256: str) -> None:
    """Store content that arrives in blocks under its hash, checked as it is written.

    Nothing is read when the store has it already (content-addressed: same name, same bytes);
    ContentMismatch, and nothing kept, when the content hashes to another name.
    """
    target = file_path(ledger, sha256)
    if target.exists():
        return
    make_dirs(target.parent, private=True)
    digest = hashlib.sha256()
    with written_whole(target, private=True) as temp, temp.open("wb") as out:
        for block in blocks:
            digest.update(block)
            out.write(block)
        if digest.hexdigest() != sha256:
            raise ContentMismatch(sha256)


def keep_bytes(ledger: Ledger, content: bytes) -> str:
    """Store content that arrived in a bundle (if not there yet); returns its hash."""
    sha256 = hashlib.sha256(content).hexdigest()
    target = file_path(ledger, sha256)
    if not target.exists():
        make_dirs(target.parent, private=True)
        write_whole(target, content, private=True)
    return sha256
