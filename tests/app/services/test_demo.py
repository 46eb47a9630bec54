"""Demo data: the pilot streets filled with valid, plausible records; idempotent and cancellable."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.domain import rules
from app.domain.entities import ENTITIES, RECORD_ENTITIES
from app.domain.enums import Function, FunctionStatus, SpaceKind
from app.domain.fields import Kind
from app.domain.validate import CREDIT_CODE_CHARS
from app.errors import KnownError, UsageError
from app.services.areas import resolve_scope
from app.services.demo import PILOT_STREETS, DemoCancelled, DemoSummary, Scale, generate
from app.services.records import Query, list_records
from app.services.setup import init_ledger
from app.store.db import Ledger, open_ledger
from app.task import TaskState
from tests.helpers.ledgers import copy_ledger

TINY = Scale("test", communities=(2, 2), spaces=(1, 2), demands=(3, 4), projects=1.0, operators=3,
             batch=20)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory,
           ledger_template: Path) -> Iterator[tuple[Ledger, DemoSummary]]:
    """A fresh ledger with the demo data of the three pilot streets (read-only for the tests)."""
    ledger = open_ledger(copy_ledger(ledger_template, tmp_path_factory.mktemp("demo") / "d.db"))
    summary = generate(ledger, None)
    yield ledger, summary
    ledger.close()


def _scalar(ledger: Ledger, sql: str, **params: Any) -> Any:
    with ledger.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def _record_count(ledger: Ledger) -> int:
    return sum(len(list_records(ledger, name)) for name in RECORD_ENTITIES)


def test_the_pilot_streets_are_filled(filled: tuple[Ledger, DemoSummary]) -> None:
    ledger, summary = filled
    streets = {s["id"]: s for s in list_records(ledger, "street")}
    communities = list_records(ledger, "community")
    per_street = Counter(streets[c["street"]]["name"] for c in communities)
    assert set(per_street) == set(PILOT_STREETS)
    assert all(5 <= n <= 10 for n in per_street.values())
    assert summary.communities == len(communities)
    for community in communities:
        street_code = streets[community["street"]]["code"]
        assert re.fullmatch(r"\d{12}", community["code"])
        assert community["code"][:9] == street_code[:9]
        assert community["name"].endswith("社区")
        assert 3000 <= community["population"] <= 15000
        assert community["households"] == pytest.approx(community["population"] / 2.7, rel=0.1)
    for street_id in {c["street"] for c in communities}:
        names = [c["name"] for c in communities if c["street"] == street_id]
        assert len(names) == len(set(names))
    assert 0 < sum(c["not_resettled"] for c in communities) < len(communities) / 4

    spaces = list_records(ledger, "space")
    per_community = Counter(s["community"] for s in spaces)
    assert set(per_community) == {c["id"] for c in communities}
    assert all(2 <= n <= 6 for n in per_community.values())
    assert summary.spaces == len(spaces)
    assert {s["kind"] for s in spaces} == {k.value for k in SpaceKind}
    assert all(40 <= s["floor_area"] <= 1500 for s in spaces if s["floor_area"] is not None)
    supporting = [s for s in spaces if s["kind"] == SpaceKind.SUPPORTING_ROOM.value]
    assert all(s["permit_required"] is not None and s["permit_action"] for s in supporting)

    statuses = list_records(ledger, "function_status")
    assert summary.function_statuses == len(statuses) == 9 * len(communities)
    functions = Counter(s["community"] for s in statuses)
    assert all(n == 9 for n in functions.values())
    pairs = {(s["community"], s["function"]) for s in statuses}
    assert len(pairs) == len(statuses)
    covering = {FunctionStatus.READY.value, FunctionStatus.OPERATING.value}
    covered = Counter(s["function"] for s in statuses if s["status"] in covering)
    assert covered[Function.ELDERLY_CARE.value] > covered[Function.INFANT_CARE.value]
    for status in statuses:
        if status["status"] in covering:
            assert status["floor_area"] and status["setting"]
        if status["status"] == FunctionStatus.OPERATING.value:
            assert status["opened_on"] and status["operator"] and status["operating_model"]

    demands = list_records(ledger, "demand")
    per_community = Counter(d["community"] for d in demands)
    assert all(10 <= n <= 40 for n in per_community.values())
    assert summary.demands == len(demands)
    assert {d["status"] for d in demands} >= {"registered", "in_progress", "resolved", "declined"}
    assert any(d["reporter"] for d in demands) and any(d["phone"] for d in demands)
    assert any(re.search(r"1[3-9]\d{9}", d["content"]) for d in demands)  # for masking tests
    assert any(re.search(r"\d{17}[\dX]", d["content"]) for d in demands)
    first, last = min(d["received_on"] for d in demands), max(d["received_on"] for d in demands)
    assert dt.date(2024, 1, 1) <= first < dt.date(2024, 3, 1)
    assert dt.date(2026, 8, 1) < last <= dt.date(2026, 10, 31)

    projects = list_records(ledger, "project")
    assert summary.projects == len(projects)
    by_street = [p for p in projects if p["street"]]
    assert sorted(streets[p["street"]]["name"] for p in by_street) == sorted(PILOT_STREETS)
    assert all(p["community"] is None and p["tier"] == "national_pilot" for p in by_street)
    assert 0 < len(projects) - len(by_street) <= len(communities)
    assert len({p["name"] for p in projects}) == len(projects)

    operators = list_records(ledger, "operator")
    assert summary.operators == len(operators) == 20
    assert summary.evaluations == len(list_records(ledger, "evaluation")) > 0


def test_every_record_passes_its_field_declarations(filled: tuple[Ledger, DemoSummary]) -> None:
    ledger, _ = filled
    known = {name: {r["id"] for r in list_records(ledger, name)} for name in ENTITIES}
    for name in RECORD_ENTITIES:
        spec = ENTITIES[name]
        records = list_records(ledger, name)
        assert records, name
        for record in records:
            for field in spec.fields:
                value = record.get(field.name)
                where = f"{name}.{field.name} = {value!r}"
                if value is None:
                    assert not field.required, where
                    continue
                parsed = field.parse(value)  # raises Invalid on a value a user could not enter
                if field.kind is Kind.REF:
                    assert field.ref is not None
                    assert value in known[field.ref], where
                elif field.kind is Kind.DECIMAL:
                    assert float(parsed) == pytest.approx(value), where
                else:
                    assert parsed == value, where
            assert rules.record_errors(name, record) == [], record


def test_dates_and_codes_are_consistent(filled: tuple[Ledger, DemoSummary]) -> None:
    ledger, _ = filled
    for demand in list_records(ledger, "demand"):
        if demand["resolved_on"]:
            assert demand["accepted_on"] <= demand["resolved_on"]
            assert demand["received_on"] <= demand["resolved_on"]
        if demand["status"] == "declined":
            assert demand["reply"]
    milestones = ("approved_on", "designed_on", "started_on", "completed_on", "accepted_on",
                  "operating_on")
    for project in list_records(ledger, "project"):
        dates = [project[m] for m in milestones]
        reached = [d for d in dates if d is not None]
        assert dates[: len(reached)] == reached, project["name"]  # no gaps
        assert reached == sorted(reached), project["name"]
        assert (project["acceptance"] is not None) == (project["accepted_on"] is not None)
        assert project["functions"]
    district_codes = {d["code"][:6] for d in list_records(ledger, "district")}
    for operator in list_records(ledger, "operator"):
        code = operator["credit_code"]
        assert len(code) == 18 and set(code) <= set(CREDIT_CODE_CHARS)
        assert code[:2] in ("91", "52", "12", "92") and code[2:8] in district_codes


def test_running_again_adds_nothing(filled: tuple[Ledger, DemoSummary]) -> None:
    ledger, first = filled
    before = _record_count(ledger)
    history = _scalar(ledger, "SELECT count(*) FROM history")
    again = generate(ledger, None)
    assert again.total == 0
    assert again.skipped == first.total
    assert _record_count(ledger) == before == first.total
    assert _scalar(ledger, "SELECT count(*) FROM history") == history


def test_history_and_change_log_have_one_row_per_record(
    filled: tuple[Ledger, DemoSummary],
) -> None:
    ledger, _ = filled
    for name in RECORD_ENTITIES:
        records = len(list_records(ledger, name))
        for log in ("history", "change_log"):
            counts = f"SELECT count(*), count(DISTINCT record_id) FROM {log} WHERE entity = :e"
            with ledger.engine.connect() as conn:
                rows, distinct = conn.execute(text(counts), {"e": name}).one()
                orphans = conn.execute(text(
                    f"SELECT count(*) FROM {name} WHERE id NOT IN "
                    f"(SELECT record_id FROM {log} WHERE entity = :e)"), {"e": name}).scalar()
            assert rows == distinct == records, (name, log)
            assert orphans == 0
    assert _scalar(ledger, "SELECT count(*) FROM history WHERE action != 'create'") == 0


def test_a_street_scope_fills_only_that_street(ledger_template: Path, tmp_path: Path) -> None:
    ledger = open_ledger(copy_ledger(ledger_template, tmp_path / "d.db"))
    try:
        scope = resolve_scope(ledger, "street:解放门街道")
        assert scope is not None
        summary = generate(ledger, scope)
        communities = list_records(ledger, "community")
        assert summary.communities == len(communities) >= 5
        assert {c["street"] for c in communities} == {scope.id}
        spaces = list_records(ledger, "space")
        assert {s["community"] for s in spaces} == {c["id"] for c in communities}
        # the street gets the same records in any run: the pilots add only the other two streets
        more = generate(ledger, None)
        assert more.communities > 0 and more.operators == 0
        again = list_records(ledger, "community", Query(scope=scope))
        assert {c["id"] for c in again} == {c["id"] for c in communities}
    finally:
        ledger.close()


def test_a_community_scope_and_an_unknown_size_are_refused(ledger_template: Path,
                                                           tmp_path: Path) -> None:
    ledger = open_ledger(copy_ledger(ledger_template, tmp_path / "d.db"))
    try:
        generate(ledger, resolve_scope(ledger, "street:北院门街道"), scale=TINY)
        code = list_records(ledger, "community")[0]["code"]
        with pytest.raises(UsageError, match="街道"):
            generate(ledger, resolve_scope(ledger, f"community:{code}"))
        with pytest.raises(UsageError, match="规模"):
            generate(ledger, None, scale="huge")
        with pytest.raises(UsageError, match="开发区"):  # no zone manages a street yet
            generate(ledger, resolve_scope(ledger, "zone:高新区"))
    finally:
        ledger.close()


def test_the_same_seed_gives_the_same_ledger(tmp_path: Path) -> None:
    contents = []
    for n, seed in enumerate((7, 7, 8)):
        ledger = init_ledger(tmp_path / f"d{n}.db")
        try:
            generate(ledger, None, scale=TINY, seed=seed)
            contents.append(sorted((d["id"], d["content"], d["status"])
                                   for d in list_records(ledger, "demand")))
        finally:
            ledger.close()
    assert contents[0] == contents[1]
    assert contents[0] != contents[2]


def test_progress_is_reported_after_each_batch(ledger_template: Path, tmp_path: Path) -> None:
    ledger = open_ledger(copy_ledger(ledger_template, tmp_path / "d.db"))
    try:
        calls: list[tuple[int, int]] = []
        task = TaskState(lambda d, t, _text: calls.append((d, t)))
        summary = generate(ledger, None, scale=TINY, task=task)
        total = summary.total
        assert total == _record_count(ledger)
        assert len(calls) == -(-total // TINY.batch)
        assert [t for _, t in calls] == [total] * len(calls)
        done = [d for d, _ in calls]
        assert done == sorted(done) and done[-1] == total
        assert all(b - a == TINY.batch for a, b in zip([0, *done[:-2]], done[:-1], strict=True))
    finally:
        ledger.close()


def _cancelled_after(reports: int, calls: list[int]) -> TaskState:
    """A task that records each report's count and is cancelled once it has heard `reports`."""

    def report(done: int, total: int, text: str) -> None:
        calls.append(done)
        if len(calls) >= reports:
            task.cancel()

    task = TaskState(report)
    if reports == 0:
        task.cancel()
    return task


def test_cancel_stops_after_a_batch_and_a_new_run_completes(tmp_path: Path) -> None:
    whole = init_ledger(tmp_path / "whole.db")
    ledger = init_ledger(tmp_path / "d.db")
    try:
        expected = generate(whole, None, scale=TINY)
        calls: list[int] = []
        with pytest.raises(DemoCancelled) as raised:
            generate(ledger, None, scale=TINY, task=_cancelled_after(2, calls))
        assert isinstance(raised.value, KnownError)
        assert calls == [TINY.batch, 2 * TINY.batch]
        assert raised.value.summary.total == 2 * TINY.batch == _record_count(ledger)
        rest = generate(ledger, None, scale=TINY)
        assert rest.total + 2 * TINY.batch == expected.total
        for name in RECORD_ENTITIES:
            ids = {r["id"] for r in list_records(ledger, name)}
            assert ids == {r["id"] for r in list_records(whole, name)}, name
        with pytest.raises(DemoCancelled):
            generate(ledger, None, scale=TINY, task=_cancelled_after(0, []))
    finally:
        ledger.close()
        whole.close()


def test_a_padding_size_completes_the_area_list_with_synthetic_areas(
        ledger_template: Path, tmp_path: Path) -> None:
    """The city size's padding, with one small community a street so that it stays fast."""
    mini_city = Scale("mini-city", communities=(1, 1), spaces=(1, 1), demands=(1, 1), projects=0,
                      operators=2, evaluation_rate=0, districts=20, streets=200, batch=1000)
    ledger = open_ledger(copy_ledger(ledger_template, tmp_path / "d.db"))
    try:
        summary = generate(ledger, None, scale=mini_city)
        districts = list_records(ledger, "district")
        streets = list_records(ledger, "street")
        assert (len(districts), len(streets)) == (20, 200)
        assert (summary.districts, summary.streets) == (7, 28)
        synthetic = sorted(
            (d["code"], d["name"]) for d in districts if d["name"].startswith("示范")
        )
        assert [c for c, _ in synthetic] == [f"6101{90 + k}000000" for k in range(7)]
        assert [n for _, n in synthetic] == [f"示范{n}区" for n in "一二三四五六七"]
        assert len({s["name"] for s in streets}) == 200
        assert len({s["code"] for s in streets}) == 200
        new = [s for s in streets if s["code"][4] == "9"]
        assert len(new) == 28 and all(s["name"].endswith("街道") for s in new)
        assert summary.communities == len(list_records(ledger, "community")) == 200
        assert summary.projects == 3  # the pilots' street-unit projects
        reference = _scalar(ledger, "SELECT count(*) FROM history WHERE entity IN "
                                    "('district', 'street')")
        assert reference == 0  # like the shipped list: reference data, not logged
        assert generate(ledger, None, scale=mini_city).total == 0
    finally:
        ledger.close()
