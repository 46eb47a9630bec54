"""Demo data: a synthetic, plausible ledger for the pilot streets, any area, or the whole city.

Everything written here is invented (names, phone numbers, identity numbers, credit codes): it is
for the separate demo database, screenshots, tests and benchmarks, never for the real ledger.
Records go through the one write path (`app.store.writer.insert_records`: row, field clocks,
history, change log, search index) in batches, one transaction each, with deterministic ids, so
running it again adds nothing and a cancelled run is completed by running it again.
"""

from __future__ import annotations

from typing import Any

from app.domain.entities import COMMUNITY, OPERATOR, PROJECT
from app.domain.enums import Level, ProjectTier
from app.errors import UsageError
from app.services.demo.areas import PILOT_STREETS, city_of, pad_areas, streets_to_fill
from app.services.demo.directory import Place, demo_changes
from app.services.demo.makers import Context, StreetMaker, operator_records
from app.services.demo.planning import LAST_DAY, SCALES, Scale, plan_street
from app.services.demo.writing import Batches, DemoCancelled, DemoSummary
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.programme import add_changes, directory
from app.task import QUIET, TaskState

__all__ = ["PILOT_STREETS", "SCALES", "DemoCancelled", "DemoSummary", "Scale", "generate"]


def generate(
    ledger: Ledger,
    scope: Scope | None,
    *,
    scale: str | Scale = "normal",
    seed: int = 2024,
    task: TaskState = QUIET,
) -> DemoSummary:
    """Fill an area with synthetic demo data; returns how many records of each entity were added.

    Scope: a street → its communities; a district or zone → all its streets; the city → every
    street; None → the three street-unit pilot streets (the whole city for a scale that pads the
    area list, such as "city", the benchmark size of DESIGN.md). The same seed gives the same
    records with the same ids, so running it again adds nothing. The task hears the progress
    after each batch; when it is cancelled the batches written so far stay and DemoCancelled is
    raised.
    """
    size = scale if isinstance(scale, Scale) else SCALES.get(scale)
    if size is None:
        raise UsageError(f"没有“{scale}”这种演示数据规模，可选：{'、'.join(SCALES)}")
    if scope is not None and scope.level is Level.COMMUNITY:
        raise UsageError("演示数据按街道生成：请选择市、区县、开发区或街道，而不是单个社区")
    summary = DemoSummary()
    if task.cancelled:
        raise DemoCancelled(summary)
    whole_city = size.pads and (scope is None or scope.level is Level.CITY)
    city = city_of(ledger)
    if whole_city:
        summary.districts, summary.streets = pad_areas(ledger, size.districts, size.streets, city)
    streets = streets_to_fill(ledger, scope, whole_city)
    plans = [plan_street(street, size, seed) for street in streets]
    operators = operator_records(size, seed, city)
    total = len(operators) + sum(plan.records for plan in plans)
    batches = Batches(ledger, size.batch, total, summary, task)
    for record in operators:
        batches.add(OPERATOR, record)
    ctx = Context(seed, city.name, city.code, [r["id"] for r in operators])
    projects: list[dict[str, Any]] = []  # written last, with the directory's tiers
    places: dict[str, Place] = {}
    for plan in plans:
        street = plan.street.code or plan.street.name
        for spec, record in StreetMaker(plan, ctx).records():
            if spec is PROJECT:
                projects.append(record)
                continue
            if spec is COMMUNITY:
                places[record["id"]] = (record.get("code") or record["name"], street)
            batches.add(spec, record)
    held = directory(ledger)
    if not held and size.name != "tiny":  # the city's list, as it would have sent it down
        held = add_changes(ledger, demo_changes(ledger, projects, places, seed))
    tiers = held.entries_on(LAST_DAY)
    for record in projects:
        entry = tiers.get(record["name"])
        record["tier"] = entry.tier.value if entry is not None else ProjectTier.OTHER.value
        if entry is not None and entry.year is not None:
            record["planned_year"] = entry.year
        batches.add(PROJECT, record)
    batches.flush()
    return summary
