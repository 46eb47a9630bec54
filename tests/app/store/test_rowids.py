"""Ordered rowids: the order of the paged query for every kind of sort, rows read back by rowid."""

from __future__ import annotations

import dataclasses

import pytest

from app.services import demo, records
from app.services.areas import resolve_scope
from app.services.demo.planning import Scale
from app.store import rowids
from app.store.db import Ledger

SIZE = Scale("rowids", communities=(4, 4), spaces=(2, 2), demands=(60, 60), projects=0.0,
             operators=2, evaluation_rate=0.0)

SORTS = [None, "content", "received_on", "community", "residents", "status", "urgency"]


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    """Some 240 demands in one street, a few deleted."""
    demo.generate(ledger, resolve_scope(ledger, "street:解放门街道"), scale=SIZE)
    for record in records.list_records(ledger, "demands")[5::50]:
        records.delete(ledger, "demands", record["id"])
    return ledger


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
def test_the_rowids_come_in_the_order_of_the_listed_records(filled: Ledger,
                                                            descending: bool) -> None:
    street = resolve_scope(filled, "street:解放门街道")
    for sort in SORTS:
        for query in (records.Query(sort=sort, descending=descending and sort is not None),
                      records.Query(sort=sort, scope=street, include_deleted=True),
                      records.Query(sort=sort, search="养老"),
                      records.Query(sort=sort, filters={"status": "已登记"})):
            listed = records.list_records(filled, "demands", query)
            ordered = records.list_rowids(filled, "demands", query)
            assert len(ordered) == len(listed) and ordered.itemsize == 8
            read = records.records_by_rowid(filled, "demands", ordered)
            assert [r and r["id"] for r in read] == [r["id"] for r in listed], query
            page = dataclasses.replace(query, limit=7, offset=0)
            assert list(records.list_rowids(filled, "demands", page)) == list(ordered[:7])
    assert len(records.list_rowids(filled, "demands", records.Query(search="没有这个词"))) == 0


def test_rows_come_back_as_list_records_gives_them(filled: Ledger) -> None:
    listed = records.list_records(filled, "demands", records.Query(include_deleted=True))
    ordered = records.list_rowids(filled, "demands", records.Query(include_deleted=True))
    wanted = [ordered[9], ordered[3], ordered[9], 10**9, ordered[0]]  # any order, twice, a gap
    read = records.records_by_rowid(filled, "demands", wanted)
    assert read == [listed[9], listed[3], listed[9], None, listed[0]]
    assert any(r["reporter"] for r in listed)  # personal values opened, as list_records opens
    assert records.rowid_of(filled, "demands", listed[3]["id"]) == ordered[3]
    assert records.rowid_of(filled, "demands", "no such id") is None


@pytest.mark.parametrize("size", [1, 5, 64])
def test_rowids_parsed_in_slices_are_all_there_in_order(filled: Ledger, size: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    query = records.Query(sort="received_on", descending=True, include_deleted=True)
    whole = records.list_rowids(filled, "demands", query)
    monkeypatch.setattr(rowids, "SLICE", size)  # a slice ends inside a number, at a comma …
    assert records.list_rowids(filled, "demands", query) == whole
    assert len(whole) == len(records.list_records(filled, "demands", query)) > 200
