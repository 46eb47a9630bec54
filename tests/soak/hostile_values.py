"""Hostile JSON values for the fuzz tests: anything small, and what no honest file holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=10)
"""Any JSON value, small."""

ABSURD = st.sampled_from([
    10**30, -1, 0, 2**63, 1.5, "9" * 5000, "长" * 100_000, "", [], {}, [{}] * 500, True,
    "2026-02-30", "9999-12-31T23:59:59+00:00", "0000-00-00", "2026-13-01T00:00:00Z",
    "0001796384656100-00000", "999999999999999999", "ＡＢＣ", "\x00", "../../etc/passwd",
    "610102005001", "6101020050019999", "解放门街道", "已受理", "紧急"])
"""Values no honest bundle holds: huge, negative, of another type, bad dates and codes."""

HOSTILE = JSON | ABSURD


Draw = Callable[[st.SearchStrategy[Any]], Any]


def replaced(value: Any, draw: Draw) -> Any:
    """`value` with one of its members (at any depth) replaced by a hostile value."""
    if isinstance(value, dict) and value and draw(st.integers(0, 3)):
        key = draw(st.sampled_from(sorted(value)))
        return {**value, key: replaced(value[key], draw)}
    if isinstance(value, list) and value and draw(st.integers(0, 3)):
        at = draw(st.integers(0, len(value) - 1))
        return [*value[:at], replaced(value[at], draw), *value[at + 1:]]
    return draw(HOSTILE)
