"""Records via services: validation in Chinese that writes nothing, references, scopes, lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.errors import InvalidInput, UsageError
from app.services import records
from app.services.areas import resolve_scope
from app.store.db import Ledger
from tests.helpers.ledgers import Devices


def _counts(ledger: Ledger) -> tuple[int, ...]:
    with ledger.engine.connect() as conn:
        return tuple(
            int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0)
            for t in ("community", "space", "function_status", "operator", "history", "change_log")
        )


@pytest.fixture
def community(ledger: Ledger) -> str:
    return records.create(
        ledger,
        "communities",
        {"name": "东七路社区", "street": "解放门街道", "code": "610102005001"},
    )


@pytest.mark.parametrize(
    ("entity", "values", "field", "words"),
    [
        (
            "spaces",
            {"name": "活动室", "kind": "社区用房", "floor_area": "-20"},
            "floor_area",
            "不能小于 0",
        ),
        ("spaces", {"name": "活动室", "kind": "仓库"}, "kind", "不是可选的资源类型"),
        ("functions", {"function": "洗衣服务", "status": "运营中"}, "function", "不是可选的功能"),
        (
            "operators",
            {"name": "某服务公司", "credit_code": "91350100M000100Y44"},
            "credit_code",
            "校验位",
        ),
        ("demands", {"content": "加装电梯", "received_on": "2024年13月5日"}, "received_on", "日期"),
        ("demands", {"content": "加装电梯", "phone": "12345"}, "phone", "电话"),
        ("communities", {"name": "新社区", "population": "很多"}, "population", "不是数字"),
    ],
)
def test_bad_value_names_the_field_in_chinese_and_writes_nothing(
    ledger: Ledger, community: str, entity: str, values: dict, field: str, words: str
) -> None:
    spec = records.spec_of(entity)
    values = dict(values)
    if spec.name != "operator":
        values[spec.fields[0].name if spec.name != "community" else "street"] = (
            "解放门街道" if spec.name == "community" else community
        )
    before = _counts(ledger)
    with pytest.raises(InvalidInput) as caught:
        records.create(ledger, entity, values)
    errors = {e.field: e for e in caught.value.errors}
    assert field in errors
    assert words in errors[field].message
    assert spec.field(field).label in str(caught.value)
    assert _counts(ledger) == before


def test_required_fields_and_defaults(instant: dt.datetime, ledger: Ledger, community: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        records.create(ledger, "demands", {"community": community})
    assert [e.field for e in caught.value.errors] == ["content"]
    assert "必填" in str(caught.value)
    demand_id = records.create(
        ledger, "demands", {"community": community, "content": "希望增设老年助餐点"}
    )
    demand = records.get(ledger, "demands", demand_id)
    assert demand["status"] == "registered"
    assert demand["urgency"] == "normal"
    assert demand["residents"] == 1
    assert demand["received_on"] == instant.date()
    status_id = records.create(ledger, "functions", {"community": community, "function": "养老"})
    assert records.get(ledger, "functions", status_id)["status"] == "none"


def test_values_are_parsed_as_ledgers_write_them(ledger: Ledger, community: str) -> None:
    space_id = records.create(
        ledger,
        "spaces",
        {
            "所属社区": "东七路社区",
            "资源名称": "原居委会二楼",
            "资源类型": "配套用房",
            "建筑面积（㎡）": "１,２００㎡",
            "已完成安全评估": "是",
            "拟承载功能": "养老、助餐",
        },
    )
    space = records.get(ledger, "spaces", space_id)
    assert space["community"] == community
    assert space["kind"] == "supporting_room"
    assert space["floor_area"] == 1200
    assert space["safety_assessed"] is True
    assert space["intended_functions"] == ["elderly_care", "meal_service"]


def test_unknown_reference_and_unknown_field(ledger: Ledger) -> None:
    with pytest.raises(InvalidInput) as caught:
        records.create(
            ledger, "spaces", {"community": "不存在社区", "name": "a", "kind": "其他", "颜色": "红"}
        )
    messages = {e.field: e.message for e in caught.value.errors}
    assert "找不到社区“不存在社区”" in messages["community"]
    assert "没有这个字段" in messages["颜色"]


def test_duplicate_natural_key_is_refused(ledger: Ledger, community: str) -> None:
    records.create(ledger, "spaces", {"community": community, "name": "活动室", "kind": "社区用房"})
    with pytest.raises(InvalidInput, match="已有相同的记录"):
        records.create(
            ledger, "spaces", {"community": community, "name": "活动室", "kind": "闲置用房"}
        )


def test_a_demand_heard_again_names_the_one_there_and_raises_its_residents(
    ledger: Ledger, community: str
) -> None:
    first = records.create(ledger, "demands", {"community": community, "content": "增设助餐点",
                                               "received_on": "2026-11-26", "residents": "3"})
    again = {"community": community, "content": "增设助餐点", "received_on": "2026-11-26",
             "residents": "2", "reporter": "王阿姨"}
    before = _counts(ledger)
    with pytest.raises(records.DuplicateRecord) as caught:
        records.save(ledger, "demands", None, again)
    assert caught.value.existing_id == first and caught.value.entity == "demand"
    assert "已有相同的记录" in str(caught.value)  # still an InvalidInput, worded as before
    assert _counts(ledger) == before
    assert records.add_residents(ledger, first, 2) == 5
    assert records.get(ledger, "demands", first)["residents"] == 5
    [*_, raised] = records.history(ledger, "demands", first)
    assert raised["action"] == "update"
    assert raised["changes"] == {"residents": [3, 5]}
    assert records.count(ledger, "demands") == 1


def test_raising_residents_is_bounded_and_refused_on_a_deleted_demand(
    ledger: Ledger, community: str
) -> None:
    demand = records.create(ledger, "demands", {"community": community, "content": "加装电梯",
                                                "residents": "999999"})
    with pytest.raises(UsageError, match="至少为 1"):
        records.add_residents(ledger, demand, 0)
    with pytest.raises(InvalidInput, match="不能大于"):
        records.add_residents(ledger, demand, 2)
    assert records.get(ledger, "demands", demand)["residents"] == 999999
    records.delete(ledger, "demands", demand)
    with pytest.raises(UsageError, match="已删除"):
        records.add_residents(ledger, demand, 1)


def test_cross_field_rules(ledger: Ledger, community: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        records.create(
            ledger,
            "demands",
            {
                "community": community,
                "content": "增设托育点",
                "received_on": "2025-03-01",
                "resolved_on": "2025-02-01",
                "status": "不予采纳",
            },
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {"resolved_on", "reply"}


def test_update_bad_value_keeps_record(ledger: Ledger, community: str) -> None:
    before = _counts(ledger)
    with pytest.raises(InvalidInput, match="户数"):
        records.update(ledger, "communities", community, {"households": "-3"})
    with pytest.raises(InvalidInput, match="必填"):
        records.update(ledger, "communities", community, {"name": ""})
    assert _counts(ledger) == before
    assert records.update(ledger, "communities", community, {"households": "1800"}) is True
    assert records.update(ledger, "communities", community, {"households": 1800}) is False


def test_save_creates_from_what_a_form_holds(ledger: Ledger, community: str) -> None:
    raw = {"community": community, "name": "活动室", "kind": "社区用房", "floor_area": "１２０",
           "owner": None}
    saved = records.save(ledger, "spaces", None, raw)
    assert saved.created and saved.changed
    space = records.get(ledger, "spaces", saved.id)
    assert space["name"] == "活动室" and space["floor_area"] == 120 and space["owner"] is None


def test_save_writes_only_what_the_form_changed(ledger: Ledger, community: str) -> None:
    original = records.get(ledger, "communities", community)
    shown = {"name": "东七路社区", "households": "", "code": "610102005001"}
    # another window (or a sync) changed the households since the form opened: not put back
    records.update(ledger, "communities", community, {"households": 900})
    before = len(records.history(ledger, "communities", community))
    saved = records.save(ledger, "communities", community, shown, original)
    assert saved == records.Saved(community, created=False, changed=False)
    assert len(records.history(ledger, "communities", community)) == before
    saved = records.save(ledger, "communities", community, {**shown, "name": "东七路新社区"},
                         original)
    assert saved == records.Saved(community, created=False, changed=True)
    changed = records.get(ledger, "communities", community)
    assert changed["name"] == "东七路新社区" and changed["households"] == 900
    with pytest.raises(InvalidInput, match="户数"):  # malformed: sent, refused, nothing written
        records.save(ledger, "communities", community, {**shown, "households": "很多"}, original)


def test_delete_refused_while_referenced_and_restore_needs_parent(
    ledger: Ledger, community: str
) -> None:
    space_id = records.create(
        ledger, "spaces", {"community": community, "name": "活动室", "kind": "社区用房"}
    )
    with pytest.raises(UsageError, match="空间资源"):
        records.delete(ledger, "communities", community)
    records.delete(ledger, "spaces", space_id)
    records.delete(ledger, "communities", community)
    with pytest.raises(UsageError, match="先恢复"):
        records.restore(ledger, "spaces", space_id)
    records.restore(ledger, "communities", community)
    records.restore(ledger, "spaces", space_id)
    assert records.get(ledger, "spaces", space_id)["deleted"] is False


def test_user_added_street_outside_reference_list(ledger: Ledger) -> None:
    """西咸新区 manages streets of 咸阳市, absent from the reference list: users add them."""
    street_id = records.create(ledger, "streets", {"name": "沣东街道", "zone": "西咸新区"})
    records.create(ledger, "communities", {"name": "三桥新街社区", "street": street_id})
    scope = resolve_scope(ledger, "zone:西咸新区")
    names = [
        c["name"] for c in records.list_records(ledger, "communities", records.Query(scope=scope))
    ]
    assert names == ["三桥新街社区"]


def test_scope_filter_sort_and_paging(ledger: Ledger) -> None:
    for n, street in enumerate(["解放门街道", "南院门街道", "解放门街道", "北院门街道"], start=1):
        records.create(
            ledger,
            "communities",
            {"name": f"第{n}社区", "street": street, "population": str(1000 * n)},
        )
    street = resolve_scope(ledger, "street:解放门街道")
    in_street = records.list_records(ledger, "communities", records.Query(scope=street))
    assert sorted(c["name"] for c in in_street) == ["第1社区", "第3社区"]
    district = resolve_scope(ledger, "district:碑林区")
    assert [
        c["name"]
        for c in records.list_records(ledger, "communities", records.Query(scope=district))
    ] == ["第2社区"]
    by_population = records.list_records(
        ledger, "communities", records.Query(sort="常住人口", descending=True, limit=2, offset=1)
    )
    assert [c["population"] for c in by_population] == [3000, 2000]
    assert records.count(ledger, "communities", records.Query(filters={"population": "4000"})) == 1
    with pytest.raises(UsageError, match="找不到街道"):
        resolve_scope(ledger, "street:不存在街道")


def test_date_range_on_the_registration_date(ledger: Ledger, community: str) -> None:
    days = ["2025-12-31", "2026-01-01", "2026-01-15", "2026-01-31", "2026-02-01"]
    for n, day in enumerate(days):
        records.create(ledger, "demands", {"community": community, "content": f"需求{n}养老",
                                           "received_on": day, "status": "已登记" if n % 2 else
                                           "已受理"})

    def found(**wanted: Any) -> list[str]:
        query = records.Query(**wanted)
        listed = records.list_records(ledger, "demands", query)
        assert records.count(ledger, "demands", query) == len(listed)
        return sorted(str(d["received_on"]) for d in listed)

    january = {"received_on": (dt.date(2026, 1, 1), dt.date(2026, 1, 31))}
    assert found(dates=january) == days[1:4]  # both ends included
    assert found(dates={"登记日期": ("2026-01-15", None)}) == days[2:]  # open to, by its label
    assert found(dates={"received_on": (None, "2026-01-01")}) == days[:2]  # open from
    assert found(dates={"received_on": (None, None)}) == days  # both open: everything
    assert found(dates=january, filters={"status": "已登记"}, search="养老") == [days[1], days[3]]
    with pytest.raises(UsageError, match="起始日期 2026-02-01 晚于截止日期 2026-01-01"):
        found(dates={"received_on": ("2026-02-01", "2026-01-01")})
    with pytest.raises(UsageError, match="登记日期（止）"):
        found(dates={"received_on": (None, "2026-13-01")})
    with pytest.raises(UsageError, match="日期字段"):
        found(dates={"content": ("2026-01-01", None)})


def test_two_character_search(ledger: Ledger, community: str) -> None:
    contents = ["希望增设老年助餐点", "小区缺少托育机构", "养老服务站开放时间太短", "儿童托管"]
    for content in contents:
        records.create(ledger, "demands", {"community": community, "content": content})
    for query, expected in [
        ("养老", {contents[2]}),
        ("托育", {contents[1]}),
        ("托", {contents[1], contents[3]}),
        ("助餐点", {contents[0]}),
        ("老", {contents[0], contents[2]}),
    ]:
        found = records.list_records(ledger, "demands", records.Query(search=query))
        assert {d["content"] for d in found} == expected, query


def test_json_shape(ledger: Ledger, community: str) -> None:
    records.create(
        ledger,
        "spaces",
        {"community": community, "name": "活动室", "kind": "社区用房", "floor_area": "120.5"},
    )
    [item] = records.as_json(ledger, "spaces", records.list_records(ledger, "spaces"))
    assert item["community"] == {"id": community, "code": "610102005001", "name": "东七路社区"}
    assert item["kind"] == "community_room"
    assert item["floor_area"] == 120.5
    assert set(item) >= {
        "id",
        "community",
        "name",
        "kind",
        "address",
        "owner",
        "floor_area",
        "land_area",
        "usage",
    }


@pytest.mark.parametrize("level", ["city", "district", "street", "community"])
def test_search_in_an_area_finds_what_a_scan_finds(ledger: Ledger, level: str) -> None:
    # A search inside a street is planned differently from one city-wide (the area drives);
    # either way the records found are those a plain scan of scope and text would find.
    from app.services.demo import generate

    generate(ledger, None, scale="tiny")
    everything = records.list_records(ledger, "demands")
    one = everything[len(everything) // 2]
    community = records.get(ledger, "communities", one["community"])
    street = records.get(ledger, "streets", community["street"])
    ref = {
        "city": None,
        "district": f"district:{records.get(ledger, 'districts', street['district'])['name']}",
        "street": f"street:{street['name']}",
        "community": f"community:{community['code'] or community['name']}",
    }[level]
    scope = resolve_scope(ledger, ref) if ref else None
    searchable = records.spec_of("demands").searchable
    inside = {d["id"] for d in records.list_records(ledger, "demands", records.Query(scope=scope))}
    assert one["id"] in inside
    for term in ["养老", "老", "服务", one["content"][:4], one["content"][-3:]]:
        expected = {
            d["id"]
            for d in everything
            if d["id"] in inside and any(term in str(d[f.name] or "") for f in searchable)
        }
        found = records.list_records(ledger, "demands", records.Query(scope=scope, search=term))
        assert {d["id"] for d in found} == expected, (level, term)
        assert records.count(ledger, "demands", records.Query(scope=scope, search=term)) == len(
            expected
        )


def test_a_street_ledgers_new_community_is_in_its_own_street(devices: Devices,
                                                             tmp_path: Path) -> None:
    street = devices.open(tmp_path / "街道.db", role="street", area="解放门街道")
    district = devices.open(tmp_path / "区县.db", role="district", area="新城区")
    try:
        added = records.create(street, "communities", {"name": "东七路社区"})
        own = records.get(street, "streets", "解放门街道")["id"]
        assert records.get(street, "communities", added)["street"] == own
        given = records.create(street, "communities",
                               {"name": "四府街社区", "street": "南院门街道"})
        assert records.get(street, "communities", given)["street"] == records.get(
            street, "streets", "南院门街道")["id"]  # a street given is kept
        with pytest.raises(InvalidInput, match="街道"):  # a district has many: it must be said
            records.create(district, "communities", {"name": "东七路社区"})
    finally:
        street.close()
        district.close()
