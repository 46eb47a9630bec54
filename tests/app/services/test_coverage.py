"""Coverage by the GLOSSARY rule (未回迁 excluded) per area, and the guideline's advisory checks."""

from __future__ import annotations

import pytest

from app.domain.enums import Function, Level
from app.services import coverage, records
from app.services.areas import resolve_scope
from app.store.db import Ledger


def _community(ledger: Ledger, name: str, street: str, **extra: str) -> str:
    return records.create(ledger, "communities", {"name": name, "street": street, **extra})


def _status(ledger: Ledger, community: str, function: str, status: str, **extra: object) -> str:
    return records.create(
        ledger,
        "functions",
        {"community": community, "function": function, "status": status, **extra},
    )


@pytest.fixture
def area(ledger: Ledger) -> dict[str, str]:
    ids = {
        "a": _community(ledger, "甲社区", "解放门街道"),
        "b": _community(ledger, "乙社区", "解放门街道"),
        "c": _community(ledger, "丙社区", "解放门街道", not_resettled="是"),
        "d": _community(ledger, "丁社区", "南院门街道"),
    }
    _status(ledger, ids["a"], "养老服务", "运营中")
    _status(ledger, ids["b"], "养老服务", "已建成（具备运营条件）")
    _status(ledger, ids["c"], "养老服务", "运营中")  # 未回迁: neither counted nor covering
    _status(ledger, ids["d"], "养老服务", "在建")
    _status(ledger, ids["a"], "托育", "规划中")
    _status(ledger, ids["d"], "托育", "暂停运营")
    return ids


def _by_function(result: list) -> dict[Function, object]:
    return {c.function: c for c in result}


def test_street_coverage_excludes_not_resettled(ledger: Ledger, area: dict[str, str]) -> None:
    street = _by_function(
        coverage.area_coverage(ledger, resolve_scope(ledger, "street:解放门街道"))
    )
    elderly = street[Function.ELDERLY_CARE]
    assert (elderly.covered, elderly.total, elderly.ratio, elderly.met) == (2, 2, 1.0, True)
    infant = street[Function.INFANT_CARE]
    assert (infant.covered, infant.total, infant.met, infant.missing) == (0, 2, False, 1)


def test_city_and_district_coverage(ledger: Ledger, area: dict[str, str]) -> None:
    city = _by_function(coverage.area_coverage(ledger))
    assert (city[Function.ELDERLY_CARE].covered, city[Function.ELDERLY_CARE].total) == (2, 3)
    assert city[Function.ELDERLY_CARE].target == 0.9
    district = _by_function(
        coverage.area_coverage(ledger, resolve_scope(ledger, "district:碑林区"))
    )
    assert (district[Function.ELDERLY_CARE].covered, district[Function.ELDERLY_CARE].total) == (
        0,
        1,
    )
    assert district[Function.INFANT_CARE].covered == 0  # 暂停运营 does not cover


def test_coverage_by_street_and_zone(ledger: Ledger, area: dict[str, str]) -> None:
    per_street = coverage.coverage_by(ledger, Level.STREET)
    jiefangmen = records.get(ledger, "streets", "解放门街道")["id"]
    assert _by_function(per_street[jiefangmen])[Function.ELDERLY_CARE].ratio == 1.0
    records.update(ledger, "streets", "南院门街道", {"zone": "曲江新区"})
    per_zone = coverage.coverage_by(ledger, Level.ZONE)
    qujiang = records.get(ledger, "zones", "曲江新区")["id"]
    assert list(per_zone) == [qujiang]
    assert _by_function(per_zone[qujiang])[Function.ELDERLY_CARE].total == 1


def test_area_without_communities(ledger: Ledger) -> None:
    result = coverage.area_coverage(ledger, resolve_scope(ledger, "street:北院门街道"))
    assert all(c.total == 0 and c.ratio is None and not c.met for c in result)
    assert len(result) == 9


def test_advice_for_a_small_complex(ledger: Ledger) -> None:
    community = _community(ledger, "东七路社区", "解放门街道", households="3000")
    space = records.create(
        ledger,
        "spaces",
        {"community": community, "name": "综合楼", "kind": "闲置用房", "floor_area": "450"},
    )
    for function in ("养老", "文化"):
        _status(ledger, community, function, "运营中", setting="综合体", space=space)
    codes = {a.code: a for a in coverage.advice(ledger, community)}
    assert set(codes) == {
        "complex_functions",
        "complex_standard",
        "complex_area",
        "area_per_households",
        "safety_assessment",
        "standard_missing",
    }
    assert "450㎡" in codes["complex_area"].message
    assert codes["standard_missing"].message == "缺少标配功能：婴幼儿托育、儿童托管、社区助餐"
    assert "3000 户约需 900㎡" in codes["area_per_households"].message


def test_advice_for_a_good_complex(ledger: Ledger) -> None:
    community = _community(ledger, "西七路社区", "解放门街道", households="1000")
    space = records.create(
        ledger,
        "spaces",
        {
            "community": community,
            "name": "综合体",
            "kind": "社区用房",
            "floor_area": "900",
            "safety_assessed": "是",
        },
    )
    for function in ("养老", "托育", "托管", "助餐", "文化"):
        _status(ledger, community, function, "运营中", setting="综合体", space=space)
    assert coverage.advice(ledger, community) == []


def test_advice_for_scattered_and_supporting_rooms(ledger: Ledger) -> None:
    community = _community(ledger, "尚俭路社区", "解放门街道")
    records.create(
        ledger,
        "spaces",
        {
            "community": community,
            "name": "3号楼底商",
            "kind": "小区配套用房",
            "permit_required": "是",
            "permit_delivered": "否",
        },
    )
    _status(ledger, community, "健身", "运营中", setting="插花式")
    codes = {a.code for a in coverage.advice(ledger, community)}
    assert codes == {"scattered_standard", "permit_action", "standard_none", "households_unknown"}


def test_a_community_without_standard_functions_is_told_which(ledger: Ledger) -> None:
    community = _community(ledger, "东七路社区", "解放门街道", households="800")
    _status(ledger, community, "助餐", "在建")
    _status(ledger, community, "托育", "暂停运营")
    _status(ledger, community, "文化", "运营中")  # an optional one does not make up for them
    [missing] = [a for a in coverage.advice(ledger, community) if a.code.startswith("standard")]
    assert missing.code == "standard_none" and missing.level == "warning"
    assert missing.message == ("四项标配功能都还没有（建成或运营中）："
                               "养老服务、婴幼儿托育、儿童托管、社区助餐（在建）")
    _status(ledger, community, "养老", "运营中")
    [missing] = [a for a in coverage.advice(ledger, community) if a.code.startswith("standard")]
    assert missing.code == "standard_missing" and missing.level == "info"
    assert "养老服务" not in missing.message and "社区助餐（在建）" in missing.message
    records.update(ledger, "communities", community, {"not_resettled": "是"})
    assert not [a for a in coverage.advice(ledger, community) if a.code.startswith("standard")]


def test_a_complex_without_an_area_says_it_cannot_be_checked(ledger: Ledger) -> None:
    community = _community(ledger, "西七路社区", "解放门街道")
    for function in ("养老", "托育", "托管", "助餐"):
        _status(ledger, community, function, "运营中", setting="综合体")
    codes = {a.code: a for a in coverage.advice(ledger, community)}
    assert set(codes) == {"complex_area_unknown", "households_unknown"}
    assert "600㎡" in codes["complex_area_unknown"].message
