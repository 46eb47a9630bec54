"""What arrives from outside, read as hostile: bounded JSON, typed manifests, strict clocks.

DESIGN.md (Sync): everything read from a bundle before its signature is checked is hostile, so
sizes and nesting are bounded and types checked; after the signature, sequence numbers are
integers with 1 ≤ seq_from ≤ seq_to ≤ seq_from + 10,000,000, clocks match `^\\d{16}-\\d{5}$`
exactly, and nothing is taken from a file name.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_SPAN = 10_000_000
"""The most sequence numbers one bundle may cover."""

HLC = re.compile(r"[0-9]{16}-[0-9]{5}")
FINGERPRINT = re.compile(r"[0-9A-F]{16}")
SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_TEXT = 1000
"""The longest text a manifest field may hold (names, ids, versions, paths)."""


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


def check_sequence(seq_from: object, seq_to: object) -> tuple[int, int]:
    """The sequence range of a signed manifest, or Malformed."""
    if type(seq_from) is not int or type(seq_to) is not int:
        raise Malformed("序号不是整数")
    if not 1 <= seq_from <= seq_to <= seq_from + MAX_SPAN:
        raise Malformed(f"序号范围 {seq_from}–{seq_to} 不合理")
    return seq_from, seq_to


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
    check_sequence(manifest.get("seq_from"), manifest.get("seq_to"))
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
