"""The sealed payload of bundle format 2: 1 MiB AES-256-GCM chunks, keyed to the receiver.

DESIGN.md (Bundle format 2): an ephemeral X25519 key per bundle meets the receiver's encryption
key; HKDF-SHA256 (salt: both public keys) turns the shared secret into an AES-256-GCM key. Chunk
i's nonce is i in 11 bytes and a last-chunk flag, so a swapped, reordered, dropped or appended
chunk fails its tag; every chunk's associated data names the bundle. Sealing and opening stream:
about two chunks in memory whatever the size.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.store.enckey import EncryptionKeys, encryption_key_id
from app.sync import hostile, minisign

CHUNK = 1 << 20
"""Plaintext bytes per chunk (the last may be shorter; an empty payload is one empty chunk)."""
SCHEME = "x25519-hkdf-sha256-aes256gcm-1"
TAG = 16
"""AES-GCM's tag, appended to every chunk."""
INFO = b"cfl-bundle/2 payload"
KEY_BYTES = 32
FIELDS = frozenset({"scheme", "recipient", "ephemeral", "chunk_size", "chunks", "size",
                    "stored_size"})
WHAT = "清单中的加密信息"


class SealBroken(minisign.VerifyFailed):
    """A sealed payload that does not open; str() says why, in Chinese (exit code 3)."""


def _payload_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    if not any(shared):  # a low-order public key: the "secret" would be known to everyone
        raise SealBroken("加密公钥无效（协商出的密钥全为零），不能使用")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES,
                salt=ephemeral_public + recipient_public, info=INFO).derive(shared)


def _exchange(private: X25519PrivateKey, public: bytes, whose: str) -> bytes:
    """The X25519 shared secret; SealBroken for a public key that is not one (`whose`: which)."""
    try:
        return private.exchange(X25519PublicKey.from_public_bytes(public))
    except ValueError:  # wrong length, or a low-order point (an all-zero shared secret)
        raise SealBroken(f"{whose}无效，不能用于加密数据包") from None


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _read_full(source: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes: fewer only at the end of the stream (a pipe may return less)."""
    first = source.read(size)
    if len(first) == size or not first:
        return first
    parts = [first]
    got = len(first)
    while got < size:
        more = source.read(size - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def chunk_count(size: int) -> int:
    """How many chunks a plaintext of `size` bytes is sealed in (an empty one is one chunk)."""
    return max(1, -(-size // CHUNK))


def seal(source: BinaryIO, target: BinaryIO, recipient_public: bytes,
         associated: bytes) -> dict[str, Any]:
    """Seal `source` (read to its end) to the recipient's X25519 key, chunk by chunk, into
    `target`; returns the manifest's "encryption" object."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = _exchange(ephemeral, recipient_public, "收件方的加密公钥")
    cipher = AESGCM(_payload_key(shared, ephemeral_public, recipient_public))
    size = stored = index = 0
    current = _read_full(source, CHUNK)
    while True:
        # one chunk read ahead: the last chunk is the one after which nothing follows
        following = _read_full(source, CHUNK) if len(current) == CHUNK else b""
        last = not following
        sealed = cipher.encrypt(_nonce(index, last), current, associated)
        target.write(sealed)
        size += len(current)
        stored += len(sealed)
        index += 1
        if last:
            break
        current = following
    return {"scheme": SCHEME, "recipient": encryption_key_id(recipient_public),
            "ephemeral": base64.b64encode(ephemeral_public).decode("ascii"),
            "chunk_size": CHUNK, "chunks": index, "size": size, "stored_size": stored}


def _whole_number(value: object) -> bool:
    return type(value) is int and value >= 0  # not bool, float or text


def check_encryption(value: object, max_size: int) -> dict[str, Any]:
    """A manifest's "encryption" object, read as hostile; hostile.Malformed (Chinese) if any
    field is missing, extra, of another type, disagrees with the others, or declares more than
    `max_size` bytes."""
    encryption = _consistent(value)
    if encryption["size"] > max_size:
        raise hostile.Malformed(f"{WHAT}声明的内容过大（{encryption['size']} 字节，"
                                f"上限 {max_size} 字节）")
    return encryption



def _consistent(value: object) -> dict[str, Any]:
    """The encryption object if its fields are exactly those, typed and agreeing (Malformed)."""
    if not isinstance(value, dict):
        raise hostile.Malformed(f"{WHAT}不是一个对象")
    if set(value) != FIELDS:
        odd = sorted(str(key)[:40] for key in set(value) ^ FIELDS)[:5]
        raise hostile.Malformed(f"{WHAT}的项目不对（{'、'.join(odd)}）")
    if type(value["scheme"]) is not str or value["scheme"] != SCHEME:
        raise hostile.Malformed(f"{WHAT}中的加密方式不认识（本版本只能打开 {SCHEME}）")
    if not hostile.is_fingerprint(value["recipient"]):
        raise hostile.Malformed(f"{WHAT}中的收件密钥编号不对（应为 16 位大写十六进制数）")
    if _ephemeral(value["ephemeral"]) is None:
        raise hostile.Malformed(f"{WHAT}中的临时公钥不对（应为 32 字节的 base64）")
    if type(value["chunk_size"]) is not int or value["chunk_size"] != CHUNK:
        raise hostile.Malformed(f"{WHAT}中的分块大小不对（应为 {CHUNK}）")
    size, chunks, stored = value["size"], value["chunks"], value["stored_size"]
    if not (_whole_number(size) and _whole_number(chunks) and _whole_number(stored)):
        raise hostile.Malformed(f"{WHAT}中的大小或块数不是非负整数")
    if chunks != chunk_count(size):
        raise hostile.Malformed(f"{WHAT}中的块数 {chunks} 与大小 {size} 字节不符")
    if stored != size + TAG * chunks:
        raise hostile.Malformed(f"{WHAT}中的加密后大小 {stored} 与大小、块数不符")
    return dict(value)


def _ephemeral(value: object) -> bytes | None:
    """The raw ephemeral public key from its base64, if it is exactly that (canonical)."""
    if type(value) is not str or len(value) != 44:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != KEY_BYTES or base64.b64encode(raw).decode("ascii") != value:
        return None
    return raw


def open_sealed(source: BinaryIO, target: BinaryIO, encryption: dict[str, Any],
                keys: EncryptionKeys, associated: bytes) -> None:
    """Read exactly the sealed payload from `source`, writing the plaintext to `target` chunk by
    chunk; SealBroken if it is not for us, any tag fails, or it is cut short or has more."""
    try:
        encryption = _consistent(encryption)  # the caller checked it; a slip must not crash
    except hostile.Malformed as exc:
        raise SealBroken(f"数据包无法解密：{exc}") from None
    recipient = encryption["recipient"]
    private = keys.private_for(recipient)
    if private is None:
        raise SealBroken(
            f"这个数据包是加密发给另一个单位的（收件密钥 {recipient}），本机的加密密钥"
            f"（{keys.key_id}）打不开它。请确认数据包是发给本单位的，或请对方用本单位"
            "最新导出的公钥文件重新发送")
    ephemeral_public = _ephemeral(encryption["ephemeral"])
    assert ephemeral_public is not None  # checked above
    recipient_public = private.public_key().public_bytes_raw()
    shared = _exchange(private, ephemeral_public, "数据包中的临时公钥")
    cipher = AESGCM(_payload_key(shared, ephemeral_public, recipient_public))
    chunks, stored = encryption["chunks"], encryption["stored_size"]
    for index in range(chunks):
        last = index == chunks - 1
        want = stored - index * (CHUNK + TAG) if last else CHUNK + TAG
        sealed = _read_full(source, want)
        if len(sealed) != want:
            raise SealBroken(
                f"数据包的加密内容不完整：第 {index + 1} 块（共 {chunks} 块）处提前结束，"
                "文件可能没有复制完整，请重新复制或让对方重新发送")
        try:
            plain = cipher.decrypt(_nonce(index, last), sealed, associated)
        except InvalidTag:
            raise SealBroken(
                f"数据包的加密内容校验失败（第 {index + 1} 块，共 {chunks} 块）：内容在加密后"
                "被改动、损坏或顺序被打乱，或它与清单不符。此数据包不能导入") from None
        target.write(plain)
    if source.read(1):
        raise SealBroken("数据包的加密内容在最后一块之后还有多余的数据，此数据包不能导入")
