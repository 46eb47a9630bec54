"""Public key files (format 2) and the confirmation code people compare by phone.

A key file is a minisign public-key file (its first two lines are exactly what
minisign.PublicKey.text() writes, so stock `minisign -V -p FILE` reads it and ignores the rest),
followed by two lines that announce this office's X25519 encryption key and the bundle formats it
accepts, signed by the signing key:

    cfl-key: <base64 of canonical JSON {"format", "fingerprint", "encryption", "formats"}>
    cfl-key-signature: <base64 of the Ed25519 signature of b"cfl-key/2\\n" + those JSON bytes>

The signature ties the encryption key to the signing key, whose confirmation code people compare:
nobody can swap the encryption key (and read what is sealed to it) while keeping the code.
A file of two lines (format 1, as older versions wrote) is still read: no encryption key, format 1.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.errors import UsageError
from app.store import enckey
from app.sync import hostile, minisign

if TYPE_CHECKING:
    from app.store.db import Ledger
    from app.store.identity import Identity

FORMATS = ("cfl-bundle/1", "cfl-bundle/2")
"""The bundle formats this app accepts."""
FORMAT_1 = ("cfl-bundle/1",)
"""What a key file without a cfl-key part announces: format 1 only."""
KEY_FORMAT = "cfl-key/2"
SIGNED_PREFIX = KEY_FORMAT.encode() + b"\n"
"""What the cfl-key signature signs before the JSON (a signature of nothing else can match)."""
KEY_LINE = "cfl-key: "
SIGNATURE_LINE = "cfl-key-signature: "
MAX_KEY_FILE = 16 * 1024
"""The largest key file read (a format-2 file is about 400 bytes)."""
MAX_FORMATS = 16
FORMAT_NAME = re.compile(r"[a-z][a-z0-9-]{0,30}/[0-9]{1,4}")
CODE_DIGITS = 20
SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_.·]+")
"""What people put between the digits of a code: spaces, dashes, dots."""
_FIELDS = {"format", "fingerprint", "encryption", "formats"}
_WHAT = "公钥文件的 cfl-key 部分"
_ASK_AGAIN = "请向对方重新索取公钥文件"


@dataclass(frozen=True)
class KeyFile:
    """What a public key file says: the signing key, the encryption key, the formats accepted."""

    signing: minisign.PublicKey
    encryption: bytes | None
    """The raw X25519 public key bundles to this office are sealed to (None: a format-1 file)."""
    formats: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        """The signing key's minisign key id (a label, not proof)."""
        return self.signing.fingerprint

    @property
    def code(self) -> str:
        """The signing key's confirmation code (what people compare)."""
        return confirmation_code(self.signing.key)


def confirmation_code(public_key: bytes) -> str:
    """The code people compare by phone: the first 20 decimal digits of SHA-256 of the raw
    32-byte Ed25519 public signing key, in groups of four ("1234 5678 9012 3456 7890").

    "The first 20 decimal digits": the digest read as a big-endian integer, written in decimal
    (no leading zeros), its first 20 digits. (A digest below 10**19 would have fewer digits; it
    is then padded with leading zeros, which happens with a probability of about 2**-193.)
    """
    if len(public_key) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    digits = str(int.from_bytes(hashlib.sha256(public_key).digest(), "big"))
    return group(digits.zfill(CODE_DIGITS)[:CODE_DIGITS])


def group(digits: str) -> str:
    """Digits in groups of four, separated by spaces."""
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def normalise_code(text: str) -> str:
    """A code as a person typed it (spaces, dashes, full-width digits) as its 20 digits.

    UsageError (in Chinese) if it is not 20 digits.
    """
    digits = SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    if not re.fullmatch(r"[0-9]{20}", digits):
        shown = text.strip() if len(text.strip()) <= 60 else text.strip()[:60] + "…"
        raise UsageError(f"确认码应为 20 位数字（如 1234 5678 9012 3456 7890），"
                         f"输入的是“{shown}”")
    return digits


def check_code(typed: str, key: KeyFile) -> None:
    """UsageError naming both codes unless `typed` is the key's confirmation code."""
    if normalise_code(typed) != key.code.replace(" ", ""):
        raise UsageError(
            f"确认码不一致：输入的是 {group(normalise_code(typed))}，公钥文件（指纹 "
            f"{key.fingerprint}）的确认码是 {key.code}。这可能不是对方的公钥文件：请再与对方"
            "电话核对（对方用 keys show 或在“同步”页看本机的确认码）。没有做任何更改")


def _canonical(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def key_file_text(identity: Identity, encryption_public: bytes,
                  formats: tuple[str, ...] = FORMATS) -> str:
    """This office's public key file: the minisign key, then its encryption key and formats,
    signed by the signing key."""
    if len(encryption_public) != 32:
        raise ValueError("an X25519 public key is 32 bytes")
    if not formats or any(not FORMAT_NAME.fullmatch(name) for name in formats):
        raise ValueError(f"bad formats {formats!r}")
    signing = minisign.public_key(identity.key_id, identity.private_key)
    payload = _canonical({"format": KEY_FORMAT, "fingerprint": signing.fingerprint,
                          "encryption": _b64(encryption_public), "formats": list(formats)})
    signature = identity.private_key.sign(SIGNED_PREFIX + payload)
    return f"{signing.text()}{KEY_LINE}{_b64(payload)}\n{SIGNATURE_LINE}{_b64(signature)}\n"


def own_key_file_text(ledger: Ledger) -> str:
    """This ledger's public key file as keys export writes it (format 2; the encryption key is
    made on first use)."""
    return key_file_text(ledger.identity, enckey.load_or_create(ledger.path).public)


def read_key_text(path: Path) -> str:
    """A key file's text, read no further than MAX_KEY_FILE bytes.

    UsageError if it cannot be read; minisign.VerifyFailed if it is too large or not text.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        raise UsageError(f"无法读取公钥文件“{path}”：{exc.strerror or exc}") from None
    if len(data) > MAX_KEY_FILE:
        raise minisign.VerifyFailed(
            f"“{path}”不是公钥文件：超过 {MAX_KEY_FILE // 1024} KiB（公钥文件不到 1 KiB）")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise minisign.VerifyFailed(f"“{path}”不是公钥文件：不是文本") from None


def parse_key_file(text: str) -> KeyFile:
    """What a public key file says; minisign.VerifyFailed (in Chinese) if it is not sound.

    A file without a cfl-key part is an older one: encryption None, format 1. A cfl-key part
    that is malformed, oversized, of another format, for another fingerprint or whose signature
    fails is refused: nothing of it is parsed before its signature has checked.
    """
    if len(text) > MAX_KEY_FILE:
        raise minisign.VerifyFailed(
            f"公钥文件格式不对：超过 {MAX_KEY_FILE // 1024} KiB（公钥文件不到 1 KiB）")
    lines = [line.strip() for line in text.removeprefix("\ufeff").split("\n")]
    lines = [line for line in lines if line]
    if not any(line.startswith("cfl-key") for line in lines):
        return KeyFile(minisign.parse_public_key(text.removeprefix("\ufeff")), None, FORMAT_1)
    if (len(lines) != 4 or not lines[0].startswith(minisign.UNTRUSTED)
            or not lines[2].startswith(KEY_LINE) or not lines[3].startswith(SIGNATURE_LINE)):
        raise minisign.VerifyFailed(
            "公钥文件格式不对：应为两行 minisign 公钥，后面紧跟 cfl-key 和 cfl-key-signature "
            f"两行，没有别的内容。{_ASK_AGAIN}")
    signing = minisign.parse_public_key(lines[1])
    payload = _base64(lines[2].removeprefix(KEY_LINE), "cfl-key 一行")
    signature = _base64(lines[3].removeprefix(SIGNATURE_LINE), "cfl-key-signature 一行")
    _verify(signing, payload, signature)
    return _announced(signing, _json(payload))


def _base64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):  # also text that is not ASCII
        raise minisign.VerifyFailed(
            f"公钥文件格式不对：{what}不是 base64。{_ASK_AGAIN}") from None


def _verify(signing: minisign.PublicKey, payload: bytes, signature: bytes) -> None:
    try:
        if len(signature) != 64:
            raise InvalidSignature
        Ed25519PublicKey.from_public_bytes(signing.key).verify(signature,
                                                               SIGNED_PREFIX + payload)
    except (InvalidSignature, ValueError):
        raise minisign.VerifyFailed(
            f"{_WHAT}签名不符：加密公钥或格式在导出后被改动过，或不是这把签名密钥"
            f"（指纹 {signing.fingerprint}）导出的。{_ASK_AGAIN}") from None


def _json(payload: bytes) -> object:
    """The cfl-key JSON, parsed whatever it holds (VerifyFailed, never a crash)."""
    try:
        return hostile.load_json(payload, _WHAT)
    except hostile.Malformed as exc:
        raise minisign.VerifyFailed(f"{exc}。{_ASK_AGAIN}") from None


def _announced(signing: minisign.PublicKey, data: object) -> KeyFile:
    """The encryption key and formats of a signed cfl-key JSON, checked field by field."""
    if not isinstance(data, dict):
        raise minisign.VerifyFailed(f"{_WHAT}格式不对：应为一个 JSON 对象。{_ASK_AGAIN}")
    found = data.get("format")
    if found != KEY_FORMAT:
        shown = found if isinstance(found, str) and len(found) <= 40 else "？"
        raise minisign.VerifyFailed(
            f"{_WHAT}是本程序不认识的格式（{shown}，应为 {KEY_FORMAT}）："
            "它可能来自更新版本的台账程序，请先升级本程序")
    if set(data) != _FIELDS:
        raise minisign.VerifyFailed(
            f"{_WHAT}格式不对：应恰好有 {', '.join(sorted(_FIELDS))} 四项。{_ASK_AGAIN}")
    if data["fingerprint"] != signing.fingerprint:
        shown = data["fingerprint"] if hostile.is_fingerprint(data["fingerprint"]) else "？"
        raise minisign.VerifyFailed(
            f"{_WHAT}属于另一把密钥（指纹 {shown}），不是这个文件的公钥 {signing.fingerprint}："
            f"文件被拼接或改动过。{_ASK_AGAIN}")
    encryption = data["encryption"]
    raw = _base64(encryption, "cfl-key 的 encryption ") if isinstance(encryption, str) else b""
    if len(raw) != 32:
        raise minisign.VerifyFailed(
            f"{_WHAT}格式不对：encryption 应为 32 字节的 X25519 公钥。{_ASK_AGAIN}")
    formats = data["formats"]
    if (not isinstance(formats, list) or not 1 <= len(formats) <= MAX_FORMATS
            or not all(isinstance(name, str) and FORMAT_NAME.fullmatch(name) for name in formats)
            or len(set(formats)) != len(formats)):
        raise minisign.VerifyFailed(
            f"{_WHAT}格式不对：formats 应为 1 到 {MAX_FORMATS} 个不重复的格式名"
            f"（如 cfl-bundle/2）。{_ASK_AGAIN}")
    return KeyFile(signing, raw, tuple(formats))
