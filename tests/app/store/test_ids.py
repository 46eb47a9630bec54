"""Natural ids: the fast derivation gives exactly uuid5's ids, which offices already hold."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from app.store import ids

_PART = st.none() | st.integers() | st.text(st.characters(codec="utf-8"))


def _uuid5(entity: str, parts: list[object]) -> str:
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return str(uuid.uuid5(ids.NAMESPACE, f"{entity}\x1e{key}"))


@given(st.sampled_from(["community", "demand", "space"]), st.lists(_PART, max_size=4))
def test_a_natural_id_is_uuid5_of_its_key(entity: str, parts: list[object]) -> None:
    assert ids.natural_id(entity, parts) == _uuid5(entity, parts)


def test_a_known_natural_id_never_changes() -> None:
    # an id offices hold in their ledgers: the namespace and the key's spelling are fixed
    assert ids.natural_id("community", ["610102005001"]) == "d1995786-4821-5168-89bc-f6b1eb725a5e"
    assert uuid.UUID(ids.natural_id("demand", ["c", "养老", "2024-03-05"])).version == 5
