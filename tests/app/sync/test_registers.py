"""The merge rule: last writer wins per field, whatever order and however often writes arrive."""

from __future__ import annotations

import itertools

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.registers import DELETED, Lost, Write, merge

FIELDS = ("name", "status", DELETED)
writes = st.builds(
    Write,
    value=st.one_of(st.none(), st.booleans(), st.integers(0, 3), st.sampled_from(["甲", "乙"])),
    hlc=st.sampled_from([f"{t:016d}-{c:05d}" for t in (1, 2, 3) for c in (0, 1)]),
    device=st.sampled_from(["A1", "B2", "C3"]),
)
records = st.dictionaries(st.sampled_from(FIELDS), writes, max_size=3)


def _apply(batches: list[dict[str, Write]]) -> dict[str, Write]:
    state: dict[str, Write] = {}
    for batch in batches:
        state, _changed, _lost = merge(state, batch)
    return state


@settings(max_examples=300)
@given(st.lists(records, min_size=1, max_size=5), st.randoms())
def test_any_order_and_duplicates_give_the_same_result(batches: list[dict[str, Write]],
                                                        rng: object) -> None:
    expected = _apply(batches)
    shuffled = batches + batches[: len(batches) // 2]  # some delivered twice
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert _apply(shuffled) == expected
    assert _apply([*batches, *batches]) == expected  # idempotent


@given(records, records, records)
def test_merge_is_associative(a: dict[str, Write], b: dict[str, Write],
                              c: dict[str, Write]) -> None:
    left = merge(merge(a, b)[0], c)[0]
    right = merge(a, merge(b, c)[0])[0]
    assert left == right


@given(st.lists(records, min_size=2, max_size=4))
def test_every_overwritten_value_is_in_the_conflict_list(batches: list[dict[str, Write]]) -> None:
    state: dict[str, Write] = {}
    lost: list[Lost] = []
    for batch in batches:
        state, _changed, found = merge(state, batch)
        lost += found
    final_values = {(f, w.value) for f, w in state.items()}
    writes = list(itertools.chain.from_iterable(b.items() for b in batches))
    assume(len({(f, w.clock) for f, w in writes}) == len(set(writes)))  # a clock is used once
    for field, write in writes:
        # a device that held this value changed it later: a plain edit, not a conflict
        superseded = any(f == field and w.value == write.value and any(
            g == field and v.device == w.device and v.clock > w.clock and v.value != w.value
            for g, v in writes) for f, w in writes)
        if (field, write.value) not in final_values and not superseded:
            assert any(x.field == field and x.loser.value == write.value for x in lost)


def test_a_devices_own_older_value_is_no_conflict() -> None:
    first = Write("甲", "0000000000000001-00000", "A1")
    second = Write("乙", "0000000000000002-00000", "A1")
    assert merge({"name": first}, {"name": second})[2] == []
    assert merge({"name": second}, {"name": first})[2] == []


def test_later_wins_and_a_delete_wins_a_tie() -> None:
    old = Write("甲", "0000000000000001-00000", "A1")
    new = Write("乙", "0000000000000002-00000", "B2")
    state, changed, lost = merge({"name": old}, {"name": new})
    assert state["name"] == new and changed == {"name": new}
    assert lost == [Lost("name", old, new)]
    state, changed, lost = merge({"name": new}, {"name": old})  # an older write arriving late
    assert state["name"] == new and changed == {} and lost == [Lost("name", old, new)]
    alive = Write(False, "0000000000000003-00000", "A1")
    gone = Write(True, "0000000000000003-00000", "A1")
    assert merge({DELETED: alive}, {DELETED: gone})[0][DELETED] == gone
    assert merge({DELETED: gone}, {DELETED: alive})[0][DELETED] == gone
    revived = Write(False, "0000000000000004-00000", "B2")
    assert merge({DELETED: gone}, {DELETED: revived})[0][DELETED] == revived
    assert merge({"name": new}, {"name": new}) == ({"name": new}, {}, [])  # itself: no conflict
