"""Chinese search: every record containing the typed text and only those, from one character up."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.services import records
from app.services.records import Query
from app.store import ids
from app.store.db import Ledger
from app.store.search import normalize

SPACES = {
    "养老服务站": "",
    "托育中心": "",
    "儿童托管室": "",
    "营养配餐中心": "",
    "社区食堂": "养老院路3号",  # 养老 in the address, not the name
    "老年活动室": "",
}
DEMANDS = (
    "希望增加养老床位",
    "托育费用太高",
    "家门口的助餐点",
    "孩子放学后无人托管",
    "社区养老服务不够",
)


def searchable_text(entity: str, record: dict[str, Any]) -> str:
    """What search looks in: the searchable fields of a record."""
    spec = records.spec_of(entity)
    return "\n".join(str(record[f.name]) for f in spec.searchable if record.get(f.name))


def expected(ledger: Ledger, entity: str, query: str) -> set[str]:
    """The live records whose searchable text contains the query (the plain-Python answer)."""
    wanted = normalize(query)
    return {
        r["id"]
        for r in records.list_records(ledger, entity)
        if wanted in normalize(searchable_text(entity, r))
    }


def found(ledger: Ledger, entity: str, query: str) -> set[str]:
    """What the search finds; the count agrees with the list."""
    hits = records.list_records(ledger, entity, Query(search=query))
    assert records.count(ledger, entity, Query(search=query)) == len(hits)
    return {r["id"] for r in hits}


@pytest.fixture
def filled(ledger: Ledger, community: str) -> Iterator[dict[str, str]]:
    """Spaces and demands of one community: text -> id."""
    made = {}
    for name, address in SPACES.items():
        made[name] = records.create(
            ledger,
            "spaces",
            {"community": community, "name": name, "kind": "社区用房", "address": address},
        )
    for content in DEMANDS:
        made[content] = records.create(
            ledger, "demands", {"community": community, "content": content}
        )
    yield made


@pytest.mark.parametrize(
    ("entity", "query", "texts"),
    [
        ("spaces", "养老", {"养老服务站", "社区食堂"}),
        ("spaces", "养", {"养老服务站", "社区食堂", "营养配餐中心"}),
        ("spaces", "托", {"托育中心", "儿童托管室"}),
        ("spaces", "托育", {"托育中心"}),
        ("spaces", "室", {"儿童托管室", "老年活动室"}),
        ("spaces", "中心", {"托育中心", "营养配餐中心"}),
        ("spaces", "3", {"社区食堂"}),
        ("spaces", "养老院路", {"社区食堂"}),
        ("spaces", "养老服务站", {"养老服务站"}),
        ("spaces", "托管室", {"儿童托管室"}),
        ("demands", "养老", {"希望增加养老床位", "社区养老服务不够"}),
        ("demands", "托育", {"托育费用太高"}),
        ("demands", "托", {"托育费用太高", "孩子放学后无人托管"}),
        ("demands", "养老服务", {"社区养老服务不够"}),
        ("demands", "助餐点", {"家门口的助餐点"}),
        ("demands", "幼儿园", set()),
        ("demands", "园", set()),
        ("demands", "养老 床位", {"希望增加养老床位"}),  # several words: all of them
    ],
)
def test_search_finds_every_record_with_the_text_and_only_those(
    ledger: Ledger, filled: dict[str, str], entity: str, query: str, texts: set[str]
) -> None:
    ids = {filled[t] for t in texts}
    assert found(ledger, entity, query) == ids
    if " " not in query:
        assert expected(ledger, entity, query) == ids


@pytest.mark.parametrize(
    ("stored", "queries"),
    [
        (
            "ABC养老驿站123号",
            ["ＡＢＣ", "ａｂ", "Ｃ", "１２３", "２３号", "ｃ养", "ＡＢＣ养老", "abc"],
        ),
        ("ＸＹＺ托育园１０８室", ["xyz", "XY", "z托", "108", "10", "8", "ＸＹＺ托"]),
    ],
)
def test_full_width_and_half_width_find_each_other(
    ledger: Ledger, community: str, stored: str, queries: list[str]
) -> None:
    space = records.create(
        ledger, "spaces", {"community": community, "name": stored, "kind": "社区用房"}
    )
    records.create(
        ledger, "spaces", {"community": community, "name": "别的空间", "kind": "社区用房"}
    )
    for query in queries:
        assert found(ledger, "spaces", query) == {space}, query


def test_after_an_update_the_old_text_no_longer_matches(
    ledger: Ledger, filled: dict[str, str]
) -> None:
    space = filled["养老服务站"]
    assert records.update(ledger, "spaces", space, {"name": "托育服务站"})

    for gone in ("养老服", "养老服务站", "站养"):
        assert space not in found(ledger, "spaces", gone), gone
    assert found(ledger, "spaces", "养老") == {filled["社区食堂"]}
    for new in ("托育服", "托育服务站", "托育", "务站", "站"):
        assert space in found(ledger, "spaces", new), new
    assert found(ledger, "spaces", "托育") == {space, filled["托育中心"]}

    assert records.update(ledger, "spaces", filled["社区食堂"], {"address": ""})
    assert found(ledger, "spaces", "养老") == set()
    assert found(ledger, "spaces", "养") == {filled["营养配餐中心"]}


def test_deleted_records_are_not_found(ledger: Ledger, filled: dict[str, str]) -> None:
    demand = filled["托育费用太高"]
    records.delete(ledger, "demands", demand)
    for query in ("托育", "托", "托育费用", "费用太高"):
        assert demand not in found(ledger, "demands", query), query
    assert found(ledger, "demands", "托") == {filled["孩子放学后无人托管"]}
    deleted_too = records.list_records(
        ledger, "demands", Query(search="托育", include_deleted=True)
    )
    assert [r["id"] for r in deleted_too] == [demand]

    records.restore(ledger, "demands", demand)
    assert found(ledger, "demands", "托育") == {demand}


ALPHABET = "养老托育服务社区助餐儿童家政"
texts = st.text(alphabet=ALPHABET, min_size=1, max_size=8)


@st.composite
def queries_of(draw: st.DrawFn, stored: list[str]) -> str:
    """A substring (1 to 4 characters) of a stored text, or any short text of the alphabet."""
    if stored and draw(st.booleans()):
        source = draw(st.sampled_from(stored))
        size = draw(st.integers(1, min(4, len(source))))
        start = draw(st.integers(0, len(source) - size))
        return source[start : start + size]
    return draw(st.text(alphabet=ALPHABET, min_size=1, max_size=4))


def _write(ledger: Ledger, community: str, entity: str, text: str) -> str:
    """Create a space or a demand with this text; the existing one's id if it is already there."""
    if entity == "spaces":
        values = {"community": community, "name": text, "kind": "社区用房"}
        key = ("space", [community, text])
    else:
        # a fixed date: the natural key must not change if the test crosses midnight
        values = {"community": community, "content": text, "received_on": "2026-11-30"}
        key = ("demand", [community, text, "2026-11-30"])
    try:
        return records.create(ledger, entity, values)
    except InvalidInput:  # the same text twice: one record (the natural key says so)
        return ids.natural_id(*key)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def _agrees_with_substring_filter(ledger: Ledger, community: str, data: st.DataObject) -> None:
    plan = data.draw(
        st.lists(st.tuples(st.sampled_from(["spaces", "demands"]), texts), min_size=1, max_size=3),
        label="records",
    )
    change = data.draw(
        st.none() | st.tuples(st.integers(0, len(plan) - 1), st.booleans(), texts),
        label="change: which, delete?, new text",
    )
    stored = [text for _, text in plan] + ([change[2]] if change else [])
    queries = data.draw(st.lists(queries_of(stored), min_size=4, max_size=4), label="queries")

    made = [(entity, _write(ledger, community, entity, text)) for entity, text in plan]
    if change is not None:
        entity, record = made[change[0]]
        if change[1]:
            records.delete(ledger, entity, record)
        else:
            field = "name" if entity == "spaces" else "content"
            with contextlib.suppress(InvalidInput):  # it would duplicate another record
                records.update(ledger, entity, record, {field: change[2]})
    for query in queries:
        for entity in ("spaces", "demands"):
            assert found(ledger, entity, query) == expected(ledger, entity, query), (entity, query)


def test_search_agrees_with_a_plain_substring_filter(ledger: Ledger, community: str) -> None:
    """Random Chinese texts and random substrings of them: the index answers as `in` does.

    One database for the whole run: records pile up over the examples, and the plain-Python
    answer is computed from every live record, so the earlier examples' records count too.
    """
    _agrees_with_substring_filter(ledger, community)


MIXED = "养老托育Ab1ＡＢ１-－#＃（(）)·_"
"""Chinese, letters and digits of both widths, and the punctuation of addresses: 3#楼, （东区）."""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def _mixed_agrees_with_substring_filter(
    ledger: Ledger, community: str, data: st.DataObject
) -> None:
    text = data.draw(st.text(MIXED, min_size=1, max_size=8), label="text")
    query = data.draw(queries_of([normalize(text)]), label="query")
    _write(ledger, community, "spaces", text)
    assert found(ledger, "spaces", query) == expected(ledger, "spaces", query), query


def test_search_with_punctuation_and_full_width_text_agrees_with_a_substring_filter(
    ledger: Ledger, community: str
) -> None:
    _mixed_agrees_with_substring_filter(ledger, community)


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("3＃楼（东区）", "3#"),
        ("3#楼(东区)", "３＃"),
        ("（东区）", "(东"),
        ("Ａ－１", "a-"),
        ("x_1", "_1"),
    ],
)
def test_short_queries_with_punctuation_ignore_width(
    ledger: Ledger, community: str, stored: str, query: str
) -> None:
    space = records.create(
        ledger, "spaces", {"community": community, "name": stored, "kind": "社区用房"}
    )
    records.create(ledger, "spaces", {"community": community, "name": "1", "kind": "社区用房"})
    assert found(ledger, "spaces", query) == {space}
