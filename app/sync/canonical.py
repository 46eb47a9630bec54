"""Canonical ZIP files: written so that every byte is ours, read so that no byte can change unseen.

Bundles, their sealed inner payload and receipts are all such ZIPs: names in ASCII, entries
stored (not deflated), 1980-01-01 00:00, no extra fields, attributes or comments, nothing before,
between or after the entries. Stored, because a deflate stream has slack (the unused bits of its
last byte, and other encodings of the same content) that would let bytes change without any check
failing. The reader walks a file of any size in blocks: memory stays bounded.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.sync import minisign

BLOCK = 1 << 20
MAX_ENTRIES = 100_000
MAX_NAME = 200
"""Longest entry name: `files/` and a SHA-256 is the longest the app writes."""

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = 0x04034B50, 0x02014B50, 0x06054B50
_VERSION, _STORED, _DOS_DATE = 10, 0, (0 << 9) | (1 << 5) | 1
_MAX_SIZE = 0xFFFFFFFF  # no ZIP64: an entry or a file of 4 GiB or more is not canonical


class BundleRefused(minisign.VerifyFailed):
    """A bundle (or receipt) that fails verification; str() says why, in Chinese (exit 3)."""


def _local(name: bytes, crc: int, size: int) -> bytes:
    return _LOCAL.pack(_LOCAL_SIG, _VERSION, 0, _STORED, 0, _DOS_DATE, crc, size, size,
                       len(name), 0) + name


def _central(name: bytes, crc: int, size: int, offset: int) -> bytes:
    return _CENTRAL.pack(_CENTRAL_SIG, _VERSION, _VERSION, 0, _STORED, 0, _DOS_DATE, crc,
                         size, size, len(name), 0, 0, 0, 0, 0, offset) + name


def _end(count: int, directory: int, offset: int) -> bytes:
    return _END.pack(_END_SIG, 0, 0, count, count, directory, offset, 0)


Source = bytes | Path
"""What an entry holds: bytes, or a file whose content is copied in blocks."""


def _blocks(source: Source) -> Iterator[bytes]:
    if isinstance(source, bytes):
        yield source
        return
    with source.open("rb") as handle:
        yield from iter(lambda: handle.read(BLOCK), b"")


def write_zip(target: BinaryIO, entries: Iterable[tuple[str, Source]]) -> None:
    """Write the canonical ZIP of these entries, in this order, to a seekable file."""
    directory = bytearray()
    count = 0
    for name, source in entries:
        encoded = name.encode("ascii")
        start = target.tell()
        target.write(_local(encoded, 0, 0))  # crc and size patched once the data is written
        crc = size = 0
        for block in _blocks(source):
            crc = zlib.crc32(block, crc)
            size += len(block)
            target.write(block)
        end = target.tell()
        target.seek(start)
        target.write(_local(encoded, crc, size))
        target.seek(end)
        directory += _central(encoded, crc, size, start)
        count += 1
    offset = target.tell()
    target.write(bytes(directory) + _end(count, len(directory), offset))


def canonical_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """The canonical ZIP of these entries, in this order."""
    out = io.BytesIO()
    write_zip(out, entries)
    return out.getvalue()


@dataclass(frozen=True)
class Entry:
    """One entry of a checked canonical ZIP: where its bytes lie and what they hash to."""

    name: str
    offset: int
    size: int
    sha256: str


def scan(source: BinaryIO, size: int, name: str) -> list[Entry]:
    """The entries of a file laid out exactly as write_zip writes them; BundleRefused else.

    Every header byte must be the one write_zip writes for these entries; the stored data must
    have the declared size and checksum. Reads the file once, in blocks.
    """
    def refuse(why: str) -> BundleRefused:
        return BundleRefused(f"“{name}”已损坏或被改动（{why}）")

    if size < _END.size or size > _MAX_SIZE:
        raise refuse("不是完整的 ZIP 文件")
    source.seek(size - _END.size)
    tail = source.read(_END.size)
    fields = _END.unpack(tail)
    count, length, start = fields[3], fields[5], fields[6]
    if fields[0] != _END_SIG or count > MAX_ENTRIES or start + length + _END.size != size:
        raise refuse("不是完整的 ZIP 文件")
    if tail != _end(count, length, start) or length > count * (_CENTRAL.size + MAX_NAME):
        raise refuse("结尾不规范")
    entries: list[Entry] = []
    directory, offset = bytearray(), 0
    for _n in range(count):
        source.seek(offset)
        head = source.read(_LOCAL.size)
        if len(head) != _LOCAL.size:
            raise refuse("不是完整的 ZIP 文件")
        fields = _LOCAL.unpack(head)
        crc, stored, plain, name_length = fields[6], fields[7], fields[8], fields[9]
        encoded = source.read(min(name_length, MAX_NAME))
        try:
            entry = encoded.decode("ascii")
        except UnicodeDecodeError:
            raise refuse("条目名不规范") from None
        if name_length > MAX_NAME or head + encoded != _local(encoded, crc, stored) \
                or plain != stored:
            raise refuse("条目头不规范")
        data_start = offset + _LOCAL.size + name_length
        if data_start + stored > start:
            raise refuse("条目大小不对")
        digest, check, left = hashlib.sha256(), 0, stored
        while left:
            block = source.read(min(BLOCK, left))
            if not block:
                raise refuse("不是完整的 ZIP 文件")
            digest.update(block)
            check = zlib.crc32(block, check)
            left -= len(block)
        if check != crc:
            raise refuse("内容与校验值不符")
        directory += _central(encoded, crc, stored, offset)
        entries.append(Entry(entry, data_start, stored, digest.hexdigest()))
        offset = data_start + stored
    source.seek(start)
    if offset != start or source.read(length) != directory:
        raise refuse("目录与条目不符")
    return entries


def read_entry(source: BinaryIO, entry: Entry) -> bytes:
    """The bytes of one (small) entry."""
    source.seek(entry.offset)
    return source.read(entry.size)


def read_canonical(raw: bytes, name: str) -> list[tuple[str, bytes]]:
    """The entries of a canonical ZIP held in memory (receipts, small files); BundleRefused else."""
    entries = scan(io.BytesIO(raw), len(raw), name)
    return [(e.name, raw[e.offset: e.offset + e.size]) for e in entries]


def scan_file(path: Path) -> list[Entry]:
    """The entries of a canonical ZIP file; BundleRefused if unreadable or not canonical."""
    try:
        with path.open("rb") as handle:
            return scan(handle, path.stat().st_size, path.name)
    except OSError as exc:
        raise BundleRefused(f"无法读取“{path.name}”：{exc.strerror or exc}") from None


def peek(path: Path, limit: int) -> tuple[str, bytes] | None:
    """The first entry of a ZIP, read without checking the rest: for sorting and skipping only
    (None: unreadable, not such a ZIP, or the entry is over `limit` bytes)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_LOCAL.size)
            fields = _LOCAL.unpack(head)
            if fields[0] != _LOCAL_SIG or fields[9] > MAX_NAME or fields[7] > limit:
                return None
            name = handle.read(fields[9]).decode("ascii")
            body = handle.read(fields[7])
    except (OSError, struct.error, UnicodeDecodeError):
        return None
    return (name, body) if len(body) == fields[7] else None
