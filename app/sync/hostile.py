"""What arrives from outside, read as hostile: bounded JSON, typed manifests, strict clocks.

DESIGN.md (Sync): everything read from a bundle before its signature is checked is hostile, so
sizes and nesting are bounded and types checked; after the signature, sequence numbers are
integers with 1 ≤ seq_from ≤ seq_to ≤ seq_from + 10,000,000, clocks match `^\\d{16}-\\d{5}$`
exactly, and nothing is taken from a file name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

MAX_SPAN = 10_000_000
MAX_SEQ = 2**53
"""No device sends this many bundles; beyond it a number is forged (and past what SQLite and
JSON hold exactly)."""
"""The most sequence numbers one bundle may cover."""

HLC = re.compile(r"[0-9]{16}-[0-9]{5}")
FINGERPRINT = re.compile(r"[0-9A-F]{16}")
SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_TEXT = 1000
"""The longest text a manifest field may hold (names, ids, versions, paths)."""
MAX_CONTACTS = 10_000
"""The most offices whose last contact one manifest may carry (a city's streets are 172)."""
MAX_MOMENT = 40
"""The longest time stamp a manifest may hold ("2026-12-31T15:59:30+00:00" is 25)."""


class Malformed(ValueError):
    """Content that is not what it claims to be; str() says what, in Chinese."""


def load_json(data: bytes | str, what: str) -> Any:
    """Parse JSON whatever it holds: too deep, not UTF-8 or not JSON is Malformed, never a crash."""
    try:
        return json.loads(data)
    except RecursionError:  # the C parser refuses nesting deeper than the recursion limit
        raise Malformed(f"{what}嵌套过深") from None
    except (ValueError, UnicodeDecodeError):
        raise Malformed(f"{what}不是有效的 JSON") from None


def is_hlc(value: object) -> bool:
    """Whether a value is a clock reading exactly as bundles write it."""
    return type(value) is str and HLC.fullmatch(value) is not None


def is_fingerprint(value: object) -> bool:
    """Whether a value is a device fingerprint: 16 upper-case hex digits."""
    return type(value) is str and FINGERPRINT.fullmatch(value) is not None


def _int(value: object) -> bool:
    return type(value) is int  # not bool, float or text


def _text(value: object, *, optional: bool = False) -> bool:
    return (optional and value is None) or (type(value) is str and len(value) <= MAX_TEXT)


def check_sequence(seq_from: object, seq_to: object, *,
                   checkpoint: bool = False) -> tuple[int, int]:
    """The sequence range of a signed manifest, or Malformed.

    A checkpoint's range is empty: seq_to is the last sequence its device sent (0: none yet)
    and seq_from the one after it, so that it names where the device stands and covers nothing.
    """
    if type(seq_from) is not int or type(seq_to) is not int:
        raise Malformed("序号不是整数")
    if not 0 <= seq_to <= MAX_SEQ or not 0 <= seq_from <= MAX_SEQ + 1:
        raise Malformed(f"序号 {str(seq_from)[:20]}–{str(seq_to)[:20]} 超出范围")
    if checkpoint:
        if not 0 <= seq_to < seq_from == seq_to + 1:
            raise Malformed(f"检查点的序号 {seq_from}–{seq_to} 不合理")
    elif not 1 <= seq_from <= seq_to <= seq_from + MAX_SPAN:
        raise Malformed(f"序号范围 {seq_from}–{seq_to} 不合理")
    return seq_from, seq_to


def moment(value: object) -> dt.datetime | None:
    """A time stamp as manifests write it (ISO 8601 with its offset), in UTC; None if it is not
    one (text too long, no offset, not a date)."""
    if type(value) is not str or len(value) > MAX_MOMENT:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(dt.UTC) if parsed.tzinfo is not None else None


def check_contacts(value: object) -> dict[str, dict[str, Any]]:
    """The offices' last contacts a manifest carries: {fingerprint: {"last_contact": time,
    "scope": area code or null, "label": text}}, bounded and typed, or Malformed."""
    if not isinstance(value, dict) or len(value) > MAX_CONTACTS:
        raise Malformed("清单中的联系记录不对")
    for fingerprint, item in value.items():
        if not (is_fingerprint(fingerprint) and isinstance(item, dict)
                and set(item) == {"last_contact", "scope", "label"}
                and moment(item["last_contact"]) is not None
                and _text(item["scope"], optional=True) and _text(item["label"])):
            raise Malformed("清单中的联系记录不对")
    return value


def manifest_head(manifest: object) -> tuple[str, str]:
    """The format and public key a manifest names, read before its signature is checked."""
    if not isinstance(manifest, dict):
        raise Malformed("清单不是一个对象")
    device = manifest.get("device")
    kind = manifest.get("format")
    if not isinstance(device, dict) or not _text(kind) or not _text(device.get("public_key")):
        raise Malformed("清单缺少格式或设备公钥")
    return str(kind), str(device["public_key"])


def check_manifest(manifest: dict[str, Any], max_files: int) -> None:
    """Every field of a signed manifest has the type and range DESIGN.md gives it (Malformed)."""
    device, scope, files = manifest.get("device"), manifest.get("scope"), manifest.get("files")
    if not (isinstance(device, dict) and is_fingerprint(device.get("fingerprint"))):
        raise Malformed("清单中的设备指纹不对")
    if not (isinstance(scope, dict) and _text(scope.get("level"))
            and _text(scope.get("code"), optional=True) and _text(scope.get("name"))):
        raise Malformed("清单中的区域不对")
    for name in ("bundle_id", "created_at", "schema_revision", "app_version"):
        if not _text(manifest.get(name), optional=name != "bundle_id"):
            raise Malformed(f"清单中的“{name}”不对")
    checkpoint = manifest.get("checkpoint", False)
    if type(checkpoint) is not bool:
        raise Malformed("清单中的“checkpoint”不对")
    check_sequence(manifest.get("seq_from"), manifest.get("seq_to"), checkpoint=checkpoint)
    if checkpoint and (files != [] or manifest.get("encryption") is not None
                       or moment(manifest.get("created_at")) is None):
        raise Malformed("检查点不应带有数据，且须注明签发时间")
    if "contacts" in manifest:
        check_contacts(manifest["contacts"])
    previous = manifest.get("prev_manifest_sha256")
    if previous is not None and not (type(previous) is str and SHA256.fullmatch(previous)):
        raise Malformed("清单中的前一数据包摘要不对")
    encryption = manifest.get("encryption")
    compressed = manifest.get("format") == "cfl-bundle/2"
    if encryption is not None and not (compressed and isinstance(encryption, dict)):
        raise Malformed("清单中的加密说明不对")
    check_rotation_field(manifest.get("rotation"))
    check_files(files, max_files, compressed=compressed)


def check_files(files: object, max_files: int, *, compressed: bool) -> None:
    """A manifest's file list: path, size, rows and SHA-256 of each (and its stored size, when
    the files are compressed), typed and bounded (Malformed)."""
    if not isinstance(files, list) or len(files) > max_files:
        raise Malformed("清单中的文件列表不对")
    for item in files:
        if not (isinstance(item, dict) and _text(item.get("path"))
                and _int(item.get("size")) and item["size"] >= 0
                and _int(item.get("rows")) and item["rows"] >= 0
                and type(item.get("sha256")) is str and SHA256.fullmatch(item["sha256"])
                and (not compressed
                     or (_int(item.get("stored_size")) and item["stored_size"] >= 0))):
            raise Malformed("清单中的文件列表不对")


ROTATION_FIELDS = {"statement": 4096, "old_signature": 1024, "new_signature": 1024}
"""A manifest's optional "rotation" field: its three texts and their longest lengths."""


def check_rotation_field(value: object) -> None:
    """A manifest's "rotation" (a new key's statement, app/sync/rotation.py), if it has one, is
    an object of three bounded texts (Malformed); rotation.py checks what they say."""
    if value is None:
        return
    if not (isinstance(value, dict) and set(value) == set(ROTATION_FIELDS)
            and all(type(value[n]) is str and 0 < len(value[n]) <= limit
                    for n, limit in ROTATION_FIELDS.items())):
        raise Malformed("清单中的密钥轮换声明不对")
