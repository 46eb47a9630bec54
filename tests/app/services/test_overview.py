"""The overview of an area: counts agree with records.count, project stages, the laggards."""

from __future__ import annotations

import pytest

from app.domain.enums import STANDARD_FUNCTIONS, Function, Level
from app.services import coverage, demo, records
from app.services.areas import resolve_scope
from app.services.overview import STAGES, overview, project_stage
from app.services.records import Query
from app.store.db import Ledger


def test_stage_is_the_furthest_milestone_filled() -> None:
    assert project_stage({}) is None
    assert project_stage({"approved_on": "2024-03-01"}) == "立项"
    assert project_stage({"approved_on": "2024-03-01", "started_on": "2024-09-01"}) == "开工"
    assert project_stage({"approved_on": "2024-03-01", "operating_on": "2025-09-01"}) == "投入运营"
    assert STAGES == ("立项", "方案设计", "开工", "竣工", "联合验收", "投入运营")


@pytest.mark.parametrize("spec", [None, "street:解放门街道", "district:碑林区"])
def test_counts_agree_with_the_record_services(ledger: Ledger, spec: str | None) -> None:
    demo.generate(ledger, None)
    scope = resolve_scope(ledger, spec)
    seen = overview(ledger, scope)

    def count(entity: str, **filters: object) -> int:
        return records.count(ledger, entity, Query(scope=scope, filters=filters or None))

    assert seen.communities == count("communities") > 0
    assert seen.not_resettled == count("communities", not_resettled=True)
    assert (seen.spaces, seen.idle_spaces) == (count("spaces"), count("spaces", usage="idle"))
    assert seen.demands == count("demands") > 0
    closed = count("demands", status="resolved") + count("demands", status="declined")
    assert seen.open_demands == seen.demands - closed
    urgent_closed = count("demands", status="resolved", urgency="urgent") + count(
        "demands", status="declined", urgency="urgent"
    )
    assert seen.urgent_open_demands == count("demands", urgency="urgent") - urgent_closed
    assert seen.projects == count("projects")
    assert list(seen.stages) == list(STAGES)
    projects = records.list_records(ledger, "projects", Query(scope=scope))
    for stage in STAGES:
        assert seen.stages[stage] == sum(project_stage(p) == stage for p in projects)
    assert seen.unstaged_projects == sum(project_stage(p) is None for p in projects)
    assert seen.coverage == coverage.area_coverage(ledger, scope)


def test_laggards_have_the_fewest_standard_functions(ledger: Ledger) -> None:
    demo.generate(ledger, None)
    scope = resolve_scope(ledger, "street:解放门街道")
    seen = overview(ledger, scope, limit=3)
    assert seen.name == "解放门街道"
    assert len(seen.laggards) == 3
    states = coverage.community_states(ledger, scope)
    fewest = min(
        sum(c.state.covers(f) for f in STANDARD_FUNCTIONS)
        for c in states
        if not c.state.not_resettled
    )
    assert seen.laggards[0].standard_covered == fewest
    assert [x.standard_covered for x in seen.laggards] == sorted(
        x.standard_covered for x in seen.laggards
    )
    for laggard in seen.laggards:
        assert len(laggard.missing) == len(STANDARD_FUNCTIONS) - laggard.standard_covered
        assert all(f in STANDARD_FUNCTIONS for f in laggard.missing)


def test_city_name_and_a_community_scope(ledger: Ledger) -> None:
    one = records.create(ledger, "communities", {"name": "甲社区", "street": "解放门街道"})
    records.create(ledger, "functions", {"community": one, "function": "养老", "status": "运营中"})
    city = overview(ledger)
    assert city.scope.level is Level.CITY and city.name  # the configured city's name
    community = overview(ledger, resolve_scope(ledger, f"community:{one}"))
    assert community.communities == 1 and community.laggards == []
    elderly = next(c for c in community.coverage if c.function is Function.ELDERLY_CARE)
    assert (elderly.covered, elderly.total) == (1, 1)
