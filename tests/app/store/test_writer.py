"""The one write path, through the services: row, field clocks, history and change log together."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
from pathlib import Path

import pytest

from app.domain.entities import ENTITIES
from app.errors import InvalidInput, UsageError
from app.services import records
from app.services.records import Query
from app.services.setup import init_ledger
from app.store import ids
from app.store.clock import HybridClock, format_hlc, parse_hlc
from app.store.db import Ledger, open_ledger
from tests.app.store.util import COMMUNITY_CODE, STREET, counts, rows, scalar

LOGS = ("history", "change_log")
WRITTEN = (
    "community",
    "space",
    "demand",
    "history",
    "change_log",
    "community_fts",
    "space_fts",
    "space_fts2_data",  # the contentless bigram index cannot be scanned; its segments can
    "demand_fts",
)


def log_of(ledger: Ledger, record_id: str) -> tuple[list[tuple], list[tuple]]:
    """A record's history (action, changes, hlc, device) and change log (fields, hlc, device)."""
    history = [
        (r[0], json.loads(r[1]), r[2], r[3])
        for r in rows(
            ledger,
            "SELECT action, changes, hlc, device FROM history WHERE record_id = :id ORDER BY id",
            id=record_id,
        )
    ]
    changes = [
        (json.loads(r[0]), r[1], r[2])
        for r in rows(
            ledger,
            "SELECT fields, hlc, device FROM change_log WHERE record_id = :id ORDER BY seq",
            id=record_id,
        )
    ]
    return history, changes


def defaults(entity: str) -> set[str]:
    """Fields that get a value on create without being given."""
    return {f.name for f in ENTITIES[entity].fields if f.default is not None}


def test_reference_list_is_not_logged(ledger: Ledger) -> None:
    assert scalar(ledger, "SELECT count(*) FROM street") > 100
    assert counts(ledger, *LOGS) == {"history": 0, "change_log": 0}


def test_create_writes_one_history_and_one_change_log_row(ledger: Ledger) -> None:
    record_id = records.create(
        ledger, "communities", {"name": "东新社区", "street": STREET, "code": COMMUNITY_CODE}
    )
    assert counts(ledger, *LOGS) == {"history": 1, "change_log": 1}
    history, changes = log_of(ledger, record_id)
    [(action, diff, hlc, device)] = history
    [(fields, log_hlc, log_device)] = changes
    assert action == "create"
    assert log_hlc == hlc and log_device == device == ledger.device
    street_id = ids.natural_id("street", ["610102005000"])
    assert diff == {
        "code": [None, COMMUNITY_CODE],
        "name": [None, "东新社区"],
        "street": [None, street_id],
        "not_resettled": [None, False],
    }
    assert set(fields) == set(diff)
    user = scalar(ledger, "SELECT user FROM history WHERE record_id = :id", id=record_id)
    assert user == ledger.user


@pytest.mark.parametrize(
    ("entity", "given"),
    [
        (
            "spaces",
            {
                "name": "老年食堂",
                "kind": "社区用房",
                "address": "长乐路88号",
                "floor_area": "320.5㎡",
            },
        ),
        ("demands", {"content": "希望增加托育服务", "source": "问卷", "phone": "13900000000"}),
        ("functions", {"function": "助餐", "capacity": 60}),
    ],
)
def test_field_clocks_cover_exactly_the_fields_written(
    ledger: Ledger, community: str, entity: str, given: dict[str, object]
) -> None:
    record_id = records.create(ledger, entity, {"community": community, **given})
    record = records.get(ledger, entity, record_id)
    spec = records.spec_of(entity)
    expected = {"community", *given} | defaults(spec.name)
    assert set(record["clocks"]) == expected
    [(_, diff, hlc, device)], [(fields, _, _)] = log_of(ledger, record_id)
    assert set(diff) == set(fields) == expected
    assert all(clock == [hlc, device] for clock in record["clocks"].values())
    sealed = {f.name for f in spec.fields if f.personal}  # at rest: sealed (test_personal.py)
    assert all(diff[name] == [None, record[name]] for name in diff
               if name != "received_on" and name not in sealed)
    assert all(diff[name][1].startswith("enc1:") for name in sealed & set(diff))


def test_update_logs_only_the_changed_fields(ledger: Ledger, community: str) -> None:
    space = records.create(
        ledger,
        "spaces",
        {"community": community, "name": "老年食堂", "kind": "社区用房", "address": "长乐路88号"},
    )
    created = records.get(ledger, "spaces", space)

    changed = records.update(
        ledger,
        "spaces",
        space,
        {"name": "东新老年食堂", "address": "长乐路88号", "产权单位": "房管所"},
    )

    assert changed is True
    history, changes = log_of(ledger, space)
    assert len(history) == len(changes) == 2
    action, diff, hlc, device = history[-1]
    assert action == "update"
    assert diff == {"name": ["老年食堂", "东新老年食堂"], "owner": [None, "房管所"]}
    assert changes[-1] == (["name", "owner"], hlc, device)
    updated = records.get(ledger, "spaces", space)
    assert updated["clocks"]["name"] == updated["clocks"]["owner"] == [hlc, device]
    for untouched in ("community", "kind", "address"):
        assert updated["clocks"][untouched] == created["clocks"][untouched]
    assert updated["created_at"] == created["created_at"]
    assert hlc > created["clocks"]["name"][0]

    cleared = records.update(ledger, "spaces", space, {"owner": ""})
    assert cleared is True
    assert log_of(ledger, space)[0][-1][1] == {"owner": ["房管所", None]}
    assert records.get(ledger, "spaces", space)["owner"] is None


def test_update_without_change_writes_nothing(ledger: Ledger, community: str) -> None:
    space = records.create(
        ledger,
        "spaces",
        {"community": community, "name": "老年食堂", "kind": "社区用房", "floor_area": 320.5},
    )
    before = counts(ledger, *LOGS)
    record = records.get(ledger, "spaces", space)

    same = {"name": " 老年食堂 ", "kind": "community_room", "floor_area": "320.50", "owner": ""}
    assert records.update(ledger, "spaces", space, same) is False

    assert counts(ledger, *LOGS) == before
    assert records.get(ledger, "spaces", space) == record


def test_delete_keeps_a_tombstone_and_restore_brings_it_back(
    ledger: Ledger, community: str
) -> None:
    demand = records.create(
        ledger, "demands", {"community": community, "content": "希望增加托育服务"}
    )
    total = scalar(ledger, "SELECT count(*) FROM demand")

    assert records.delete(ledger, "demands", demand) == demand

    assert scalar(ledger, "SELECT count(*) FROM demand") == total  # never removed
    assert scalar(ledger, "SELECT deleted FROM demand WHERE id = :id", id=demand) == 1
    history, changes = log_of(ledger, demand)
    assert history[-1][:2] == ("delete", {"deleted": [False, True]})
    assert changes[-1][0] == ["deleted"]
    assert records.get(ledger, "demands", demand, include_deleted=True)["clocks"]["deleted"] == [
        history[-1][2],
        ledger.device,
    ]
    assert records.list_records(ledger, "demands") == []
    assert records.count(ledger, "demands", Query(include_deleted=True)) == 1
    with pytest.raises(UsageError, match="已删除"):
        records.get(ledger, "demands", demand)
    with pytest.raises(UsageError, match="先恢复"):
        records.update(ledger, "demands", demand, {"reply": "已答复"})

    assert records.restore(ledger, "demands", demand) == demand

    assert scalar(ledger, "SELECT deleted FROM demand WHERE id = :id", id=demand) == 0
    history, _ = log_of(ledger, demand)
    assert [h[0] for h in history] == ["create", "delete", "restore"]
    assert history[-1][1] == {"deleted": [True, False]}
    assert records.get(ledger, "demands", demand)["content"] == "希望增加托育服务"
    with pytest.raises(UsageError, match="没有被删除"):
        records.restore(ledger, "demands", demand)


def test_delete_is_refused_while_live_records_refer_to_it(ledger: Ledger, community: str) -> None:
    records.create(
        ledger, "spaces", {"community": community, "name": "老年食堂", "kind": "社区用房"}
    )
    before = counts(ledger, *WRITTEN)
    with pytest.raises(UsageError, match="空间资源"):
        records.delete(ledger, "communities", community)
    assert counts(ledger, *WRITTEN) == before
    assert scalar(ledger, "SELECT deleted FROM community WHERE id = :id", id=community) == 0


def test_creating_a_deleted_record_again_revives_it(ledger: Ledger, community: str) -> None:
    space = records.create(
        ledger, "spaces", {"community": community, "name": "老年食堂", "kind": "社区用房"}
    )
    records.delete(ledger, "spaces", space)
    again = records.create(
        ledger, "spaces", {"community": community, "name": "老年食堂", "kind": "闲置用房"}
    )
    assert again == space
    assert scalar(ledger, "SELECT count(*) FROM space") == 1
    record = records.get(ledger, "spaces", space)
    assert record["kind"] == "idle_building"
    assert [h[0] for h in log_of(ledger, space)[0]] == ["create", "delete", "restore"]


def test_ids_follow_from_natural_keys_across_databases(tmp_path: Path) -> None:
    made: list[dict[str, str]] = []
    for name in ("a.db", "b.db"):
        ledger = init_ledger(tmp_path / name)
        try:
            community = records.create(
                ledger,
                "communities",
                {"name": "东新社区", "street": STREET, "code": COMMUNITY_CODE},
            )
            made.append(
                {
                    "community": community,
                    "space": records.create(
                        ledger,
                        "spaces",
                        {"community": community, "name": "老年食堂", "kind": "社区用房"},
                    ),
                    "demand": records.create(
                        ledger,
                        "demands",
                        {
                            "community": COMMUNITY_CODE,
                            "content": "希望增加托育服务",
                            "received_on": "2024-03-05",
                        },
                    ),
                    "operator": records.create(
                        ledger,
                        "operators",
                        {"name": "西安康乐养老服务有限公司", "credit_code": "91610102MA6U000000"},
                    ),
                    "evaluation": records.create(ledger, "evaluations", {"quality": 90}),
                    "street": records.get(ledger, "streets", "解放门街道")["id"],
                }
            )
        finally:
            ledger.close()
    first, second = made
    assert first.pop("evaluation") != second.pop("evaluation")  # no natural key: a random id
    assert first == second
    assert first["community"] == ids.natural_id("community", [COMMUNITY_CODE])
    assert first["street"] == ids.natural_id("street", ["610102005000"])
    assert first["space"] == ids.natural_id("space", [first["community"], "老年食堂"])
    assert first["demand"] == ids.natural_id(
        "demand", [first["community"], "希望增加托育服务", "2024-03-05"]
    )
    assert first["operator"] == ids.natural_id("operator", ["91610102MA6U000000"])


@pytest.mark.parametrize(
    ("entity", "values", "message"),
    [
        ("communities", {"name": "西新社区", "street": STREET, "population": "很多"}, "常住人口"),
        ("communities", {"name": "西新社区", "street": "没有这个街道"}, "找不到街道"),
        (
            "communities",
            {"name": "东新社区", "street": STREET, "code": COMMUNITY_CODE},
            "已有相同的记录",
        ),
        ("spaces", {"name": "老年食堂", "kind": "城堡"}, "不是可选的资源类型"),
        ("spaces", {"kind": "社区用房"}, "必填"),
        (
            "demands",
            {
                "content": "希望增加托育服务",
                "received_on": "2024-03-05",
                "accepted_on": "2024-03-01",
            },
            "不能早于",
        ),
    ],
)
def test_failing_create_writes_nothing(
    ledger: Ledger, community: str, entity: str, values: dict[str, object], message: str
) -> None:
    if entity != "communities":
        values = {"community": community, **values}
    before = counts(ledger, *WRITTEN)
    with pytest.raises(InvalidInput, match=message):
        records.create(ledger, entity, values)
    assert counts(ledger, *WRITTEN) == before


def test_failing_update_writes_nothing(ledger: Ledger, community: str) -> None:
    before = counts(ledger, *WRITTEN)
    record = records.get(ledger, "communities", community)
    with pytest.raises(InvalidInput, match="户数"):
        records.update(ledger, "communities", community, {"name": "新名字", "households": "-3"})
    assert counts(ledger, *WRITTEN) == before
    assert records.get(ledger, "communities", community) == record


def hlcs(ledger: Ledger) -> tuple[list[str], list[str]]:
    """Clock readings of the change log (by sequence) and of history (by row)."""
    log = [r[0] for r in rows(ledger, "SELECT hlc FROM change_log ORDER BY seq")]
    history = [r[0] for r in rows(ledger, "SELECT hlc FROM history ORDER BY id")]
    return log, history


def strictly_increasing(values: list[str]) -> bool:
    return all(a < b for a, b in itertools.pairwise(values))


def many_writes(ledger: Ledger, community: str, tag: str, n: int = 20) -> None:
    for i in range(n):
        space = records.create(
            ledger, "spaces", {"community": community, "name": f"{tag}空间{i}", "kind": "社区用房"}
        )
        records.update(ledger, "spaces", space, {"notes": f"第{i}次修改"})
        if i % 5 == 0:
            records.delete(ledger, "spaces", space)


def test_clock_readings_strictly_increase_across_writes(ledger: Ledger, community: str) -> None:
    many_writes(ledger, community, "甲", n=40)
    log, history = hlcs(ledger)
    assert len(log) == len(history) == 1 + 40 * 2 + 8
    assert log == history
    assert strictly_increasing(log)


def test_clock_readings_keep_increasing_after_reopen_with_wall_clock_behind(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    ledger = init_ledger(path)
    # The laptop's clock ran a day ahead while these were written...
    ahead = time.time_ns() // 1_000_000 + 86_400_000
    ledger.clock = HybridClock(wall=lambda: ahead)
    community = records.create(ledger, "communities", {"name": "东新社区", "street": STREET})
    many_writes(ledger, community, "甲")
    before, _ = hlcs(ledger)
    assert parse_hlc(before[-1])[0] == ahead
    ledger.close()

    # ...then it was set right: the wall clock is behind every stored reading.
    ledger = open_ledger(path)
    try:
        many_writes(ledger, community, "乙")
        after, history = hlcs(ledger)
    finally:
        ledger.close()
    assert after[: len(before)] == before
    assert len(after) > len(before)
    assert strictly_increasing(after)
    assert strictly_increasing(history)


def test_hybrid_clock_with_a_wall_clock_that_goes_backwards() -> None:
    walls = iter([1000, 1000, 1001, 999, 500, 500, 2000, 1500])
    clock = HybridClock(wall=lambda: next(walls))
    readings = [clock.tick() for _ in range(8)]
    assert strictly_increasing(readings)
    assert readings[0] == format_hlc(1000, 0)
    assert readings[2] == format_hlc(1001, 0)
    assert readings[3] == format_hlc(1001, 1)
    assert readings[6] == format_hlc(2000, 0)
    assert readings[7] == format_hlc(2000, 1)


def test_hybrid_clock_seeded_with_the_last_reading_and_moved_by_remote_ones() -> None:
    clock = HybridClock(format_hlc(5000, 3), wall=lambda: 100)
    first = clock.tick()
    assert first == format_hlc(5000, 4)
    clock.observe(format_hlc(9000, 7))
    assert clock.tick() == format_hlc(9000, 8)
    clock.observe(format_hlc(10, 0))  # an older remote reading changes nothing
    assert clock.tick() == format_hlc(9000, 9)
    assert parse_hlc(format_hlc(1_732_590_000_000, 12)) == (1_732_590_000_000, 12)


def test_stamps_name_device_user_and_utc_time(instant: dt.datetime, ledger: Ledger) -> None:
    stamp = ledger.stamp()
    assert stamp.device == ledger.device
    at = dt.datetime.fromisoformat(stamp.at)
    assert at.utcoffset() == dt.timedelta(0)
    assert at == instant
