"""A verified bundle's payload files, read in blocks: raw (format 1) or zlib, never past their size.

Format 1 stores each file as it is; format 2 stores it zlib-compressed and declares its size, and
a reader stops at the declared size: a file that inflates to more (or less) is refused. Whatever
the size of a bundle, what is held in memory is a block and a line.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.sync.canonical import BLOCK, BundleRefused

MAX_LINE = 16 * 1024 * 1024
"""The longest JSON line a data file may hold (a record with every text field full is far less)."""


class PayloadBroken(BundleRefused):
    """A payload file that does not inflate to what the signed manifest declares."""


@dataclass(frozen=True)
class Part:
    """Where one payload file lies in its container, and what it inflates to."""

    offset: int
    stored_size: int
    size: int
    compressed: bool


class Payload(Mapping[str, bytes]):
    """The payload files of one bundle, by name; `lines` and `blocks` stream a file.

    Reading a name as a mapping inflates the whole file: for small files (targets, tests).
    """

    def __init__(self, source: Path | BinaryIO, parts: dict[str, Part], name: str) -> None:
        self._source = source
        self._parts = parts
        self._name = name

    def __getitem__(self, name: str) -> bytes:
        return b"".join(self.blocks(name))

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    @classmethod
    def of(cls, files: dict[str, bytes], name: str = "") -> Payload:
        """A payload held in memory (what a reference bundle passes on, tests)."""
        parts, offset = {}, 0
        for path, body in files.items():
            parts[path] = Part(offset, len(body), len(body), False)
            offset += len(body)
        return cls(io.BytesIO(b"".join(files.values())), parts, name)

    def size(self, name: str) -> int:
        """The declared (inflated) size of a file."""
        return self._parts[name].size

    def _raw(self, part: Part) -> Iterator[bytes]:
        if isinstance(self._source, Path):
            with self._source.open("rb") as handle:
                yield from _range(handle, part)
        else:
            yield from _range(self._source, part)

    def blocks(self, name: str) -> Iterator[bytes]:
        """A file's content in blocks; PayloadBroken if it is not exactly its declared size."""
        part = self._parts[name]
        if not part.compressed:
            yield from self._raw(part)
            return
        inflater, made = zlib.decompressobj(), 0
        try:
            for block in self._raw(part):
                data = block
                while data:
                    out = inflater.decompress(data, BLOCK)
                    made += len(out)
                    if made > part.size:
                        raise self._broken(name, "解压后超出清单声明的大小")
                    if out:
                        yield out
                    data = inflater.unconsumed_tail
            out = inflater.flush()
            made += len(out)
            if made > part.size:
                raise self._broken(name, "解压后超出清单声明的大小")
            if out:
                yield out
        except zlib.error:
            raise self._broken(name, "压缩数据已损坏") from None
        if made != part.size or not inflater.eof or inflater.unused_data:
            raise self._broken(name, "解压后的大小与清单不符")

    def lines(self, name: str) -> Iterator[bytes]:
        """A data file's lines (without their line breaks), each at most MAX_LINE bytes."""
        pending = b""
        for block in self.blocks(name):
            pending += block
            *complete, pending = pending.split(b"\n")
            yield from (line for line in complete if line)
            if len(pending) > MAX_LINE:
                raise self._broken(name, "有一行过长")
        if pending:
            yield pending

    def _broken(self, name: str, why: str) -> PayloadBroken:
        return PayloadBroken(f"“{self._name}”中的“{name}”{why}")


def _range(handle: BinaryIO, part: Part) -> Iterator[bytes]:
    position, left = part.offset, part.stored_size
    while left:
        handle.seek(position)  # the handle may be shared by two readers at once
        block = handle.read(min(BLOCK, left))
        position += len(block)
        if not block:
            raise BundleRefused("数据包在读取时被截断")
        left -= len(block)
        yield block
