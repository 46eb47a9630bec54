"""Signatures in minisign's format, so that anyone can check ours with the stock `minisign -V`.

A public key file holds "Ed" + key id (8 bytes) + the Ed25519 key; a signature file holds
"ED" + key id + the Ed25519 signature of the BLAKE2b-512 hash of the message (minisign's
"prehashed" mode), then a trusted comment and a second signature over signature + comment.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from app.errors import KnownError
from app.store.identity import fingerprint_of

PUBLIC_ALGORITHM = b"Ed"
PREHASHED = b"ED"
LEGACY = b"Ed"  # the whole message signed, as minisign before 0.11 did: accepted on verify
UNTRUSTED = "untrusted comment: "
TRUSTED = "trusted comment: "


class VerifyFailed(KnownError):
    """A signature or key that does not check out; str() says why, in Chinese."""

    exit_code = 3


@dataclass(frozen=True)
class PublicKey:
    """A minisign public key: its 8-byte key id and the raw Ed25519 key."""

    key_id: bytes
    key: bytes

    @property
    def fingerprint(self) -> str:
        """The key id as minisign prints it: 16 upper-case hex digits."""
        return fingerprint_of(self.key_id)

    def text(self) -> str:
        """The key as a minisign public-key file (`minisign -p FILE` reads it)."""
        blob = base64.b64encode(PUBLIC_ALGORITHM + self.key_id + self.key).decode()
        return f"{UNTRUSTED}minisign public key {self.fingerprint}\n{blob}\n"


def public_key(key_id: bytes, private_key: Ed25519PrivateKey) -> PublicKey:
    """The public half of a device key, with its key id."""
    return PublicKey(key_id, private_key.public_key().public_bytes_raw())


def parse_public_key(text: str) -> PublicKey:
    """A public key from a minisign .pub file's text (or just its base64 line)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    blob_lines = [line for line in lines if not line.startswith(UNTRUSTED)]
    try:
        blob = base64.b64decode(blob_lines[0], validate=True)
    except (IndexError, ValueError):  # binascii.Error, and text that is not even ASCII
        raise VerifyFailed("公钥文件格式不对：应为 minisign 公钥（.pub）") from None
    if len(blob) != 42 or blob[:2] != PUBLIC_ALGORITHM:
        raise VerifyFailed("公钥文件格式不对：不是 Ed25519 的 minisign 公钥")
    return PublicKey(blob[2:10], blob[10:])


def sign(
    message: bytes,
    key_id: bytes,
    private_key: Ed25519PrivateKey,
    trusted_comment: str,
    untrusted_comment: str = "signature from the community facility ledger",
) -> str:
    """A minisign signature file's text for `message` (prehashed, with a trusted comment)."""
    if any(c in comment for comment in (trusted_comment, untrusted_comment) for c in "\r\n"):
        raise ValueError("comments are one line each")
    signature = private_key.sign(hashlib.blake2b(message).digest())
    global_signature = private_key.sign(signature + trusted_comment.encode())
    return (
        f"{UNTRUSTED}{untrusted_comment}\n"
        f"{base64.b64encode(PREHASHED + key_id + signature).decode()}\n"
        f"{TRUSTED}{trusted_comment}\n"
        f"{base64.b64encode(global_signature).decode()}\n"
    )


def verify(message: bytes, signature_text: str, key: PublicKey) -> str:
    """Check a minisign signature of `message` by `key`; returns the trusted comment.

    Raises VerifyFailed (in Chinese) for a malformed signature, another key, or a message or
    trusted comment that was changed.
    """
    lines = [line.removesuffix("\r") for line in signature_text.split("\n")]  # only \n ends one
    try:
        untrusted, blob, trusted, global_blob = lines[:4]
        raw = base64.b64decode(blob, validate=True)
        global_signature = base64.b64decode(global_blob, validate=True)
    except ValueError:  # too few lines, not base64, not ASCII
        raise VerifyFailed("签名文件格式不对：不是 minisign 签名") from None
    if not untrusted.startswith(UNTRUSTED) or not trusted.startswith(TRUSTED):
        raise VerifyFailed("签名文件格式不对：缺少注释行")
    if len(raw) != 74 or raw[:2] not in (PREHASHED, LEGACY) or len(global_signature) != 64:
        raise VerifyFailed("签名文件格式不对：不是 Ed25519 签名")
    if raw[2:10] != key.key_id:
        other = fingerprint_of(raw[2:10])
        raise VerifyFailed(f"签名来自另一把密钥（{other}），不是 {key.fingerprint}")
    signed = hashlib.blake2b(message).digest() if raw[:2] == PREHASHED else message
    comment = trusted[len(TRUSTED):]
    verifier = Ed25519PublicKey.from_public_bytes(key.key)
    try:
        verifier.verify(raw[10:], signed)
    except InvalidSignature:
        raise VerifyFailed("签名不符：内容在签名后被改动过，或签名不是这把密钥做的") from None
    try:
        verifier.verify(global_signature, raw[10:] + comment.encode())
    except InvalidSignature:
        raise VerifyFailed("签名的可信注释被改动过") from None
    return comment
