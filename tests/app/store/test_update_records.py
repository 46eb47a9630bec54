"""Bulk writes: update_records writes what update_record does each; insert_records' JSON."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection

from app.domain.entities import ENTITIES
from app.services import records
from app.store import writer
from app.store.db import Ledger
from app.store.rows import fetch_many

DEMAND = ENTITIES["demand"]
SPACE = ENTITIES["space"]


def _demands(ledger: Ledger, community: str, mark: str) -> list[str]:
    return [records.create(ledger, "demands", {
        "community": community, "content": f"{mark}希望增设助餐点{n}", "function": "助餐",
        "reporter": "王小明", "phone": "13812345678", "reply": "已登记" if n % 2 == 0 else None,
    }) for n in range(4)]


def _changes(n: int) -> dict[str, Any]:
    """Four kinds of update: a searchable text, with personal values, a status, nothing new."""
    changes: list[dict[str, Any]] = [{"reply": f"已答复 养老服务{n}"},
                                     {"reply": "已答复", "phone": "13900000000",
                                      "reporter": None},
                                     {"status": "accepted"}, {"urgency": "normal"}]
    return changes[n]


def _state(conn: Connection, record_id: str) -> dict[str, Any]:
    """What one record's update left: its values, its history diff and log entry, its index."""
    record = fetch_many(conn, DEMAND, [record_id])[record_id]
    for name in ("id", "content", "created_at", "updated_at"):
        record.pop(name)
    record["clocks"] = sorted(record["clocks"])
    record["history"] = [(h[0], h[1]) for h in conn.exec_driver_sql(
        "SELECT action, length(changes) FROM history WHERE record_id = ? ORDER BY id",
        (record_id,))]
    record["log"] = conn.exec_driver_sql(
        "SELECT group_concat(fields, '|') FROM change_log WHERE record_id = ?",
        (record_id,)).scalar()
    record["index"] = conn.exec_driver_sql(
        "SELECT group_concat(field || digest, '|') FROM (SELECT * FROM personal_index "
        "WHERE record_id = ? ORDER BY field)", (record_id,)).scalar()
    return record


def test_bulk_updates_write_what_single_updates_write(ledger: Ledger, community: str) -> None:
    # same content length for both sets, so that the history's length compares too
    one_by_one, at_once = _demands(ledger, community, "甲"), _demands(ledger, community, "乙")
    with ledger.write() as conn:
        olds = fetch_many(conn, DEMAND, one_by_one + at_once)
        changed = [writer.update_record(conn, DEMAND, record_id, olds[record_id], _changes(n),
                                        ledger.stamp()) for n, record_id in enumerate(one_by_one)]
        count = writer.update_records(conn, DEMAND, [
            writer.Update(record_id, olds[record_id], _changes(n), stamp)
            for n, (record_id, stamp) in enumerate(zip(at_once, ledger.stamps(4), strict=True))
        ])
    assert changed == [True, True, True, False] and count == 3
    with ledger.engine.connect() as conn:
        assert [_state(conn, r) for r in one_by_one] == [_state(conn, r) for r in at_once]
    found = records.list_records(ledger, "demands", records.Query(search="养老服务"))
    assert sorted(r["content"] for r in found) == ["乙希望增设助餐点0", "甲希望增设助餐点0"]
    assert records.count(ledger, "demands", records.Query(search="已答复")) == 4
    # record 0 of each set said 已登记 before: the old text is out of the index
    assert records.count(ledger, "demands", records.Query(search="已登记")) == 2


def test_a_bulk_update_that_changes_nothing_writes_nothing(ledger: Ledger,
                                                           community: str) -> None:
    [record_id, *_] = _demands(ledger, community, "丙")
    with ledger.engine.connect() as conn:
        history = conn.exec_driver_sql("SELECT count(*) FROM history").scalar()
    with ledger.write() as conn:
        old = fetch_many(conn, DEMAND, [record_id])[record_id]
        update = writer.Update(record_id, old, {"urgency": old["urgency"]}, ledger.stamp())
        assert writer.update_records(conn, DEMAND, [update]) == 0
    with ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM history").scalar() == history


def test_a_new_record_s_history_is_the_json_json_dumps_writes(ledger: Ledger,
                                                                community: str) -> None:
    # the writer puts the JSON together itself: every kind, and text that JSON must escape
    space = records.create(ledger, "spaces", {
        "community": community, "name": '活动室"甲"\\乙\n丙\t\u0001', "kind": "社区用房",
        "floor_area": "85.5", "permit_required": True, "intended_functions": "托育、养老",
        "notes": "</script> ☃ 𝄞"})
    with ledger.engine.connect() as conn:
        [text] = conn.exec_driver_sql(
            "SELECT changes FROM history WHERE record_id = ? AND action = 'create'",
            (space,)).scalars()
    changes = json.loads(text)
    assert text == json.dumps(changes, ensure_ascii=False)
    assert changes["name"] == [None, '活动室"甲"\\乙\n丙\t\u0001']
    assert changes["floor_area"] == [None, 85.5] and changes["permit_required"] == [None, True]
    assert changes["intended_functions"] == [None, ["elderly_care", "infant_care"]]
    assert changes["notes"] == [None, "</script> ☃ 𝄞"]
