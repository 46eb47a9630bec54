"""as_of.fields_as_of_each (rows now for records unchanged since, the history for the others)
agrees with replaying everything (records_as_of_each)."""

from __future__ import annotations

import datetime as dt

from app.domain.china_time import CHINA
from app.services import as_of, records
from app.services.areas import resolve_scope
from app.store.db import Ledger
from tests.app.services.ranking_ledger import build, on

FIELDS = ("community", "status", "received_on", "resolved_on")


def test_the_fast_replay_agrees_with_the_full_one(ledger: Ledger) -> None:
    build(ledger)
    demands = records.list_records(ledger, "demands")
    with on(2027, 1, 5):  # after the quarter: one deleted, one changed, one new
        records.delete(ledger, "demands", demands[0]["id"])
        records.update(ledger, "demands", demands[1]["id"], {"status": "办理中"})
        records.create(ledger, "demands", {"community": demands[2]["community"],
                                           "content": "新的需求", "received_on": "2027-01-05"})
    instants = [dt.datetime(2026, 10, 1, tzinfo=CHINA), dt.datetime(2026, 11, 6, tzinfo=CHINA),
                dt.datetime(2027, 1, 1, tzinfo=CHINA), dt.datetime(2027, 2, 1, tzinfo=CHINA)]
    for scope in (None, resolve_scope(ledger, "district:新城区"),
                  resolve_scope(ledger, "street:中山门街道")):
        full = as_of.records_as_of_each(ledger, "demand", scope, instants)
        fast = as_of.fields_as_of_each(ledger, "demand", scope, instants, FIELDS)
        expected = [{k: {f: v.get(f) for f in FIELDS} for k, v in found.items()}
                    for found in full]
        assert [{k: v.as_dict() for k, v in found.items()} for found in fast] == expected
        assert [len(f) for f in fast] != [0, 0, 0, 0]
