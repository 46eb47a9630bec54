"""The function matrix: every community of an area with its status records, and its coverage."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.domain.enums import Function, FunctionStatus
from app.services import coverage, records
from app.services.areas import resolve_scope
from app.services.matrix import function_matrix
from app.store.db import Ledger


@pytest.fixture
def ids(ledger: Ledger) -> dict[str, str]:
    made = {
        "a": records.create(ledger, "communities", {"name": "甲社区", "street": "解放门街道"}),
        "b": records.create(ledger, "communities", {"name": "乙社区", "street": "解放门街道"}),
        "c": records.create(
            ledger,
            "communities",
            {"name": "丙社区", "street": "解放门街道", "not_resettled": "是"},
        ),
        "d": records.create(ledger, "communities", {"name": "丁社区", "street": "南院门街道"}),
    }
    for key, function, status in [
        ("a", "养老服务", "运营中"),
        ("b", "养老服务", "已建成"),
        ("c", "养老服务", "运营中"),
        ("d", "养老服务", "在建"),
        ("a", "托育", "规划中"),
        ("d", "托育", "暂停运营"),
    ]:
        made[f"{key}:{function}"] = records.create(
            ledger, "functions", {"community": made[key], "function": function, "status": status}
        )
    return made


def test_rows_carry_statuses_and_their_record_ids(ledger: Ledger, ids: dict[str, str]) -> None:
    matrix = function_matrix(ledger)
    rows = {r.name: r for r in matrix.rows}
    assert set(rows) == {"甲社区", "乙社区", "丙社区", "丁社区"}
    a = rows["甲社区"]
    assert a.status(Function.ELDERLY_CARE) is FunctionStatus.OPERATING
    assert a.status(Function.INFANT_CARE) is FunctionStatus.PLANNED
    assert a.status(Function.CULTURE) is FunctionStatus.NONE  # no record: 无
    assert a.status_ids[Function.ELDERLY_CARE] == ids["a:养老服务"]
    assert Function.CULTURE not in a.status_ids
    assert a.street_name == "解放门街道"
    assert rows["丙社区"].not_resettled
    assert matrix.counted == 3


def test_coverage_agrees_with_area_coverage(ledger: Ledger, ids: dict[str, str]) -> None:
    for spec in (None, "street:解放门街道", "district:碑林区", f"community:{ids['a']}"):
        scope = resolve_scope(ledger, spec)
        assert function_matrix(ledger, scope).coverage == coverage.area_coverage(ledger, scope)


def test_scope_narrows_the_rows(ledger: Ledger, ids: dict[str, str]) -> None:
    street = function_matrix(ledger, resolve_scope(ledger, "street:解放门街道"))
    assert {r.name for r in street.rows} == {"甲社区", "乙社区", "丙社区"}
    one = function_matrix(ledger, resolve_scope(ledger, f"community:{ids['d']}"))
    assert [r.name for r in one.rows] == ["丁社区"]


def test_deleted_records_are_left_out(ledger: Ledger, ids: dict[str, str]) -> None:
    records.delete(ledger, "functions", ids["a:养老服务"])
    row = next(r for r in function_matrix(ledger).rows if r.name == "甲社区")
    assert row.status(Function.ELDERLY_CARE) is FunctionStatus.NONE
    assert Function.ELDERLY_CARE not in row.status_ids


def test_a_deleted_community_leaves_the_rows_and_the_coverage(
    ledger: Ledger, ids: dict[str, str]
) -> None:
    # deleting refuses a community with live status records, but a merge of two offices' edits
    # (one deletes it, the other sets a status) leaves just that: a live 已建成 of a deleted 乙
    with ledger.write() as conn:
        conn.execute(text("UPDATE community SET deleted = 1 WHERE id = :i"), {"i": ids["b"]})
    for spec in (None, "street:解放门街道"):  # the whole ledger reads statuses without a join
        matrix = function_matrix(ledger, resolve_scope(ledger, spec))
        assert "乙社区" not in {r.name for r in matrix.rows}
        elderly = next(c for c in matrix.coverage if c.function is Function.ELDERLY_CARE)
        assert (elderly.covered, elderly.total) == ((1, 2) if spec is None else (1, 1))
        assert matrix.coverage == coverage.area_coverage(ledger, resolve_scope(ledger, spec))
