"""Record ids: UUIDs from a record's natural key, if any, so offices agree without talking."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

# Fixed namespace for this application's version-5 ids:
# never change it, ids in the field depend on it.
NAMESPACE = uuid.UUID("6f1e3c52-8a0d-5b8e-9c61-cf1ed6e2a7b4")


def natural_id(entity: str, parts: Iterable[object]) -> str:
    """The deterministic id of the record of `entity` whose natural key is `parts`."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return str(uuid.uuid5(NAMESPACE, f"{entity}\x1e{key}"))


def random_id() -> str:
    """An id for a record without a natural key."""
    return str(uuid.uuid4())
