"""Record ids: UUIDs from a record's natural key, if any, so offices agree without talking."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

# Fixed namespace for this application's version-5 ids:
# never change it, ids in the field depend on it.
NAMESPACE = uuid.UUID("6f1e3c52-8a0d-5b8e-9c61-cf1ed6e2a7b4")
_NAMESPACE_BYTES = NAMESPACE.bytes


def natural_id(entity: str, parts: Iterable[object]) -> str:
    """The deterministic id of the record of `entity` whose natural key is `parts`."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    # uuid.uuid5, without making a UUID object (an import names one per row)
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{entity}\x1e{key}".encode(),
                                    usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def random_id() -> str:
    """An id for a record without a natural key."""
    return str(uuid.uuid4())
