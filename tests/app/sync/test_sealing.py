"""The sealed payload of bundle format 2: it opens for its receiver only, byte for byte, and any
change to it (a byte, a chunk's place, its end, its key, what it is bound to) is refused in
Chinese before anything is parsed; sealing and opening stream in bounded memory."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import os
import random
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.store import enckey
from app.store.enckey import EncryptionKeys
from app.sync import hostile, minisign
from app.sync.sealing import CHUNK, SCHEME, SealBroken, check_encryption, open_sealed, seal
from tests.faults import REPO, last_json, python

CJK = re.compile(r"[\u4e00-\u9fff]")
TAG = 16
SEALED_CHUNK = CHUNK + TAG
ASSOCIATED = json.dumps(
    {"bundle_id": "0b0f6a52-5d7e-4d8e-9a51-3f0c2a9b7c11", "device": "8F3A2C1B0D9E7F65",
     "format": "cfl-bundle/2", "recipient": "0123456789ABCDEF", "seq_from": 1, "seq_to": 40},
    ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _plain(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def _new_keys() -> EncryptionKeys:
    return EncryptionKeys(X25519PrivateKey.generate())


def _seal(plain: bytes, keys: EncryptionKeys, associated: bytes = ASSOCIATED
          ) -> tuple[bytes, dict[str, Any]]:
    out = io.BytesIO()
    encryption = seal(io.BytesIO(plain), out, keys.public, associated)
    return out.getvalue(), encryption


def _open(data: bytes, encryption: dict[str, Any], keys: EncryptionKeys,
          associated: bytes = ASSOCIATED) -> bytes:
    out = io.BytesIO()
    open_sealed(io.BytesIO(data), out, encryption, keys, associated)
    return out.getvalue()


def _chinese(exc: pytest.ExceptionInfo[Exception]) -> str:
    message = str(exc.value)
    assert CJK.search(message), f"not a Chinese message: {message!r}"
    return message


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "chunks"), [
    (0, 1), (1, 1), (CHUNK, 1), (CHUNK + 1, 2), (CHUNK * 7 // 2, 4),
], ids=["0 bytes", "1 byte", "exactly 1 MiB", "1 MiB + 1", "3.5 MiB"])
def test_a_payload_opens_as_it_was_sealed(size: int, chunks: int) -> None:
    keys = _new_keys()
    plain = _plain(size)
    data, encryption = _seal(plain, keys)
    assert encryption == {
        "scheme": SCHEME, "recipient": keys.key_id, "ephemeral": encryption["ephemeral"],
        "chunk_size": CHUNK, "chunks": chunks, "size": size, "stored_size": size + TAG * chunks}
    assert len(data) == encryption["stored_size"]
    assert check_encryption(encryption, max_size=size) == encryption
    assert _open(data, encryption, keys) == plain
    if size >= 64:
        assert plain[:64] not in data  # sealed, not merely framed


def test_each_bundle_has_its_own_ephemeral_key() -> None:
    keys = _new_keys()
    plain = _plain(1000)
    first, first_encryption = _seal(plain, keys)
    second, second_encryption = _seal(plain, keys)
    assert first_encryption["ephemeral"] != second_encryption["ephemeral"]
    assert first != second


class Trickle(io.RawIOBase):
    """A source that hands out at most a few bytes a read, as a pipe or a socket may."""

    def __init__(self, data: bytes, most: int) -> None:
        self.data, self.most, self.at = data, most, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = self.most if size < 0 else min(size, self.most)
        part = self.data[self.at:self.at + size]
        self.at += len(part)
        return part


def test_short_reads_neither_seal_nor_open_a_different_payload() -> None:
    keys = _new_keys()
    plain = _plain(CHUNK * 2 + 5)
    out = io.BytesIO()
    encryption = seal(Trickle(plain, 65_521), out, keys.public, ASSOCIATED)
    assert encryption["chunks"] == 3
    opened = io.BytesIO()
    open_sealed(Trickle(out.getvalue(), 65_521), opened, encryption, keys, ASSOCIATED)
    assert opened.getvalue() == plain


# --- tampering -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Sealed:
    """A 3.5 MiB payload sealed in four chunks, the keys it was sealed to, and a second payload
    sealed to the same keys with the same associated data (another bundle's chunks)."""

    plain: bytes
    data: bytes
    encryption: dict[str, Any]
    keys: EncryptionKeys
    other_data: bytes


@pytest.fixture(scope="module")
def sealed() -> Sealed:
    keys = _new_keys()
    plain = _plain(CHUNK * 7 // 2)
    data, encryption = _seal(plain, keys)
    other, _ = _seal(plain, keys)
    return Sealed(plain, data, encryption, keys, other)


def _chunks(data: bytes) -> list[bytes]:
    return [data[at:at + SEALED_CHUNK] for at in range(0, len(data), SEALED_CHUNK)]


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _edited(encryption: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**encryption, **fields}


def _matching(encryption: dict[str, Any], chunks: int, size: int) -> dict[str, Any]:
    """The encryption object edited to describe `chunks` chunks of `size` bytes, consistently."""
    return _edited(encryption, chunks=chunks, size=size, stored_size=size + TAG * chunks)


Tamper = Callable[[Sealed], tuple[bytes, dict[str, Any], bytes]]
FAILS = "校验失败"
SHORT = "不完整"


def _other_ephemeral(s: Sealed) -> tuple[bytes, dict[str, Any], bytes]:
    public = X25519PrivateKey.generate().public_key().public_bytes_raw()
    return s.data, _edited(s.encryption, ephemeral=base64.b64encode(public).decode()), ASSOCIATED


TAMPERING: dict[str, tuple[Tamper, str]] = {
    "a flipped byte in the first chunk": (
        lambda s: (_flip(s.data, 10), s.encryption, ASSOCIATED), FAILS),
    "a flipped byte in a middle chunk": (
        lambda s: (_flip(s.data, 2 * SEALED_CHUNK + 500), s.encryption, ASSOCIATED), FAILS),
    "a flipped byte of the last tag": (
        lambda s: (_flip(s.data, len(s.data) - 1), s.encryption, ASSOCIATED), FAILS),
    "two chunks swapped": (
        lambda s: (b"".join([(c := _chunks(s.data))[1], c[0], *c[2:]]), s.encryption,
                   ASSOCIATED), FAILS),
    "chunks reordered": (
        lambda s: (b"".join([(c := _chunks(s.data))[1], c[2], c[0], c[3]]), s.encryption,
                   ASSOCIATED), FAILS),
    "the last chunk dropped": (
        lambda s: (b"".join(_chunks(s.data)[:-1]), s.encryption, ASSOCIATED), SHORT),
    "the last chunk dropped, the object edited to match": (
        lambda s: (b"".join(_chunks(s.data)[:-1]), _matching(s.encryption, 3, 3 * CHUNK),
                   ASSOCIATED), FAILS),
    "cut mid-chunk": (
        lambda s: (s.data[:SEALED_CHUNK + SEALED_CHUNK // 2], s.encryption, ASSOCIATED), SHORT),
    "cut by one byte": (lambda s: (s.data[:-1], s.encryption, ASSOCIATED), SHORT),
    "a chunk appended": (
        lambda s: (s.data + _chunks(s.data)[1], s.encryption, ASSOCIATED), "多余"),
    "a byte appended": (lambda s: (s.data + b"\x00", s.encryption, ASSOCIATED), "多余"),
    "a chunk appended, the object edited to match": (
        lambda s: (s.data + _chunks(s.data)[3], _matching(s.encryption, 5, 4 * CHUNK + CHUNK // 2),
                   ASSOCIATED), FAILS),
    "a chunk of another bundle sealed to the same office": (
        lambda s: (b"".join([(c := _chunks(s.data))[0], _chunks(s.other_data)[1], *c[2:]]),
                   s.encryption, ASSOCIATED), FAILS),
    "other associated data": (
        lambda s: (s.data, s.encryption, ASSOCIATED.replace(b'"seq_to":40', b'"seq_to":41')),
        FAILS),
    "the chunk count edited": (
        lambda s: (s.data, _edited(s.encryption, chunks=5), ASSOCIATED), "块数"),
    "the size edited": (
        lambda s: (s.data, _edited(s.encryption, size=s.encryption["size"] - 1,
                                   stored_size=s.encryption["stored_size"] - 1), ASSOCIATED),
        FAILS),
    "the size edited alone": (
        lambda s: (s.data, _edited(s.encryption, size=s.encryption["size"] + 1), ASSOCIATED),
        "不符"),
    "another ephemeral key": (_other_ephemeral, FAILS),
    "an all-zero ephemeral key": (
        lambda s: (s.data, _edited(s.encryption, ephemeral=base64.b64encode(bytes(32)).decode()),
                   ASSOCIATED), "无效"),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_a_tampered_payload_is_refused_in_chinese(sealed: Sealed, how: str) -> None:
    tamper, said = TAMPERING[how]
    data, encryption, associated = tamper(sealed)
    with pytest.raises(SealBroken) as refused:
        _open(data, encryption, sealed.keys, associated)
    assert said in _chinese(refused)
    assert isinstance(refused.value, minisign.VerifyFailed) and refused.value.exit_code == 3


def test_an_encryption_object_that_is_none_is_refused(sealed: Sealed) -> None:
    """open_sealed reads the object as hostile too, even though its caller checked it."""
    with pytest.raises(SealBroken) as refused:
        open_sealed(io.BytesIO(sealed.data), io.BytesIO(), [], sealed.keys,  # type: ignore[arg-type]
                    ASSOCIATED)
    assert "不是一个对象" in _chinese(refused)


def test_the_untouched_payload_opens(sealed: Sealed) -> None:
    """The tampering tests above refuse a change, not the payload itself."""
    assert _open(sealed.data, sealed.encryption, sealed.keys) == sealed.plain


def test_a_payload_sealed_for_another_office_says_so(sealed: Sealed) -> None:
    ours = _new_keys()
    with pytest.raises(SealBroken) as refused:
        _open(sealed.data, sealed.encryption, ours)
    message = _chinese(refused)
    assert "另一个单位" in message
    assert sealed.keys.key_id in message and ours.key_id in message


def test_naming_our_key_does_not_open_what_was_sealed_to_another(sealed: Sealed) -> None:
    ours = _new_keys()
    forged = _edited(sealed.encryption, recipient=ours.key_id)
    with pytest.raises(SealBroken) as refused:
        _open(sealed.data, forged, ours)
    assert FAILS in _chinese(refused)


def test_a_retired_key_still_opens_and_the_new_one_is_sealed_to(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    before = enckey.load_or_create(db)
    plain = _plain(CHUNK + 100)
    data, encryption = _seal(plain, before)
    rotated = enckey.rotate(db)
    assert rotated.key_id != before.key_id
    reloaded = enckey.load_or_create(db)
    assert _open(data, encryption, reloaded) == plain
    newer, newer_encryption = _seal(plain, reloaded)
    assert newer_encryption["recipient"] == rotated.key_id
    assert _open(newer, newer_encryption, reloaded) == plain


def test_sealing_to_a_key_that_is_none_is_refused() -> None:
    for public in (bytes(32), b"\x01" + bytes(31), b"short"):
        with pytest.raises(SealBroken) as refused:
            seal(io.BytesIO(b"x"), io.BytesIO(), public, ASSOCIATED)
        assert "无效" in _chinese(refused)


# --- the encryption object, read as hostile --------------------------------------------------


def _not_canonical(ephemeral: str) -> str:
    """The same 32 bytes in base64 whose unused low bits of the last digit are not zero."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet[alphabet.index(ephemeral[42]) ^ 0b1]
    return ephemeral[:42] + last + "="


MALFORMED: dict[str, Callable[[dict[str, Any]], object]] = {
    "not an object": lambda e: [e],
    "null": lambda e: None,
    "a key missing": lambda e: {k: v for k, v in e.items() if k != "ephemeral"},
    "a key more": lambda e: {**e, "mode": "fast"},
    "another scheme": lambda e: {**e, "scheme": "x25519-hkdf-sha256-chacha20-1"},
    "a scheme that is no text": lambda e: {**e, "scheme": [SCHEME]},
    "a recipient in lower case": lambda e: {**e, "recipient": e["recipient"].lower()},
    "a recipient too short": lambda e: {**e, "recipient": e["recipient"][:15]},
    "a recipient that is a number": lambda e: {**e, "recipient": 1234567890123456},
    "an ephemeral key not base64": lambda e: {**e, "ephemeral": "!" * 44},
    "an ephemeral key of 31 bytes": lambda e: {
        **e, "ephemeral": base64.b64encode(bytes(range(1, 32))).decode()},
    "an ephemeral key of 33 bytes": lambda e: {
        **e, "ephemeral": base64.b64encode(bytes(range(1, 34))).decode()},
    "an ephemeral key with a line break": lambda e: {
        **e, "ephemeral": e["ephemeral"][:20] + "\n" + e["ephemeral"][20:]},
    "an ephemeral key written another way": lambda e: {
        **e, "ephemeral": _not_canonical(e["ephemeral"])},
    "an ephemeral key that is bytes' list": lambda e: {**e, "ephemeral": list(range(32))},
    "another chunk size": lambda e: {**e, "chunk_size": CHUNK // 2},
    "a chunk size in text": lambda e: {**e, "chunk_size": str(CHUNK)},
    "a chunk size that is a float": lambda e: {**e, "chunk_size": float(CHUNK)},
    "no chunks": lambda e: {**e, "chunks": 0},
    "one chunk too many": lambda e: {**e, "chunks": e["chunks"] + 1,
                                     "stored_size": e["stored_size"] + TAG},
    "chunks that are true": lambda e: {**e, "chunks": True},
    "a negative size": lambda e: {**e, "size": -1},
    "a size that is a float": lambda e: {**e, "size": float(e["size"])},
    "a size that is null": lambda e: {**e, "size": None},
    "a size over the limit": lambda e: {**e, "size": 8 * CHUNK, "chunks": 8,
                                        "stored_size": 8 * SEALED_CHUNK},
    "a stored size without the tags": lambda e: {**e, "stored_size": e["size"]},
    "a stored size in text": lambda e: {**e, "stored_size": str(e["stored_size"])},
}


@pytest.mark.parametrize("how", list(MALFORMED))
def test_a_malformed_encryption_object_is_refused_in_chinese(sealed: Sealed, how: str) -> None:
    value = MALFORMED[how](dict(sealed.encryption))
    with pytest.raises(hostile.Malformed) as refused:
        check_encryption(value, max_size=4 * CHUNK)
    assert "加密信息" in _chinese(refused)


def test_the_well_formed_object_passes_its_check(sealed: Sealed) -> None:
    assert check_encryption(dict(sealed.encryption), max_size=4 * CHUNK) == sealed.encryption
    with pytest.raises(hostile.Malformed, match="过大"):
        check_encryption(dict(sealed.encryption), max_size=sealed.encryption["size"] - 1)


# --- memory ----------------------------------------------------------------------------------

MEGABYTE = 1 << 20
STREAM = 300 * 1000 * 1000
PEAK = 120 * MEGABYTE

_STREAM_CHILD = """
import json, os, random, sys, zlib
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from app.store.enckey import EncryptionKeys
from app.sync.sealing import open_sealed, seal

total, sealed_path = int(sys.argv[1]), Path(sys.argv[2])
base = random.Random(7).randbytes(1_000_003)  # not a multiple of a chunk: chunks differ
twice = base + base

class Generated:
    def __init__(self):
        self.at, self.crc = 0, 0
    def read(self, size=-1):
        size = min(size, total - self.at, len(base))
        start = self.at % len(base)
        part = twice[start:start + size]
        self.at += len(part)
        self.crc = zlib.crc32(part, self.crc)
        return part

class Discarding:
    def __init__(self):
        self.size, self.crc = 0, 0
    def write(self, data):
        self.size += len(data)
        self.crc = zlib.crc32(data, self.crc)
        return len(data)

keys = EncryptionKeys(X25519PrivateKey.generate())
source = Generated()
try:
    with sealed_path.open("wb") as out:
        encryption = seal(source, out, keys.public, b"bundle")
    target = Discarding()
    with sealed_path.open("rb") as sealed:
        open_sealed(sealed, target, encryption, keys, b"bundle")
finally:
    sealed_path.unlink(missing_ok=True)
# VmHWM, not getrusage's ru_maxrss: Linux carries the launching process's peak (pytest's,
# through vfork) across exec into ru_maxrss, while VmHWM is this program's own.
status = Path("/proc/self/status").read_text()
peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
peak *= 1024  # kB
print(json.dumps({"peak": peak, "size": target.size, "same": target.crc == source.crc,
                  "encryption": encryption}))
"""


def test_sealing_and_opening_300_mb_stays_in_bounded_memory(tmp_path: Path) -> None:
    done = subprocess.run([*python(_STREAM_CHILD), str(STREAM), str(tmp_path / "payload.enc")],
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    said = last_json(done)
    assert said["size"] == STREAM and said["same"]
    assert said["encryption"]["chunks"] == -(-STREAM // CHUNK)
    assert said["peak"] < PEAK, f"peak RSS {said['peak'] / MEGABYTE:.0f} MB"
