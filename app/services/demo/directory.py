"""The demo's programme directory, kept the way the city would keep it.

107 national pilot communities (35, 32 and 40 by batch year 2024–2026), the three street-unit
pilots where the ledger knows their streets, at least 90 city projects on the four standard
functions in non-pilot communities, and a few dated tier changes (a 调出, a 调入, a 替换, each with
its reason). Entries are the demo's own projects where it made enough of the right year, else
projects in other official communities that the demo did not fill (listed, not recorded: they
count as not started). The demo's project records then take the tier the directory gives them;
every other demo project is 其他. Seeded: the same run gives the same directory.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import text

from app.domain.enums import Function, ProjectTier
from app.domain.programme import PILOTS_PLANNED, ChangeKind, TierChange
from app.services.demo.areas import PILOT_STREETS
from app.services.official import all_communities
from app.store.db import Ledger

CITY_PROJECTS = 96
"""City projects listed first (one leaves and one joins later: 96 at the end, ≥ 90)."""
STANDARD = {f.value for f in Function.nine()[:4]}
"""养老服务, 婴幼儿托育, 儿童托管, 社区助餐: what city projects are about."""
FIRST_LIST = dt.date(2024, 1, 15)
CITY_LIST = dt.date(2024, 3, 1)
LEFT_ON, JOINED_ON, REPLACED_ON = dt.date(2025, 9, 1), dt.date(2025, 10, 1), dt.date(2026, 3, 1)

Place = tuple[str, str | None]
"""A demo community's (code or name, its street's code or name)."""


def street_project_name(district: str, street: str) -> str:
    """The name of a street-unit pilot's project (以街道为单元), as the demo records it."""
    return f"{district}{street}社区嵌入式服务设施建设项目（以街道为单元）"


def demo_changes(ledger: Ledger, projects: Sequence[Mapping[str, Any]],
                 places: Mapping[str, Place], seed: int) -> list[TierChange]:
    """The directory's changes, in the order made, for the demo's community projects (records
    with their community's id in `places`)."""
    rng = random.Random(f"{seed}:directory")
    changes = _street_units(ledger)
    used: set[str] = set()  # communities that hold a listed project
    spare = _spare_communities(places, rng)
    candidates = sorted((p for p in projects if p.get("community") in places),
                        key=lambda p: str(p["name"]))
    rng.shuffle(candidates)
    # the demo's own projects split: pilots, city projects, and the rest that stay 其他
    cut, more = len(candidates) * 2 // 5, len(candidates) * 3 // 4
    pools = {"pilot": candidates[:cut], "city": candidates[cut:more], "rest": candidates[more:]}
    listed: set[str] = set()

    def take(wanted: int, fits: Any, pool: str) -> list[Mapping[str, Any]]:
        found: list[Mapping[str, Any]] = []
        for project in pools[pool]:
            if len(found) == wanted:
                break
            if project["name"] in listed or places[project["community"]][0] in used:
                continue
            if fits(project):
                found.append(project)
                listed.add(project["name"])
                used.add(places[project["community"]][0])
        return found

    pilots: dict[int, list[TierChange]] = {}
    for year, wanted in PILOTS_PLANNED.items():
        on = FIRST_LIST if year == 2024 else dt.date(year, 1, 15)
        reason = "" if year == 2024 else f"{year}年度国家试点社区名单"
        batch = []
        for project in take(wanted, lambda p, y=year: p.get("planned_year") == y, "pilot"):
            community, street = places[project["community"]]
            batch.append(TierChange(on, ChangeKind.JOIN, str(project["name"]),
                                    ProjectTier.NATIONAL_PILOT, community, street, year, reason))
        while len(batch) < wanted:
            community, street, name = _invented(spare, used, listed, "社区嵌入式服务设施试点项目")
            batch.append(TierChange(on, ChangeKind.JOIN, name, ProjectTier.NATIONAL_PILOT,
                                    community, street, year, reason))
        pilots[year] = batch
    city: list[TierChange] = []
    for project in take(CITY_PROJECTS + 1, _standard, "city"):
        community, street = places[project["community"]]
        planned = project.get("planned_year")
        city.append(TierChange(CITY_LIST, ChangeKind.JOIN, str(project["name"]),
                               ProjectTier.CITY_PROJECT, community, street,
                               planned if planned in (2024, 2025, 2026) else 2026, "市级项目名单"))
    while len(city) < CITY_PROJECTS + 1:
        community, street, name = _invented(spare, used, listed, "社区助餐服务点建设项目")
        city.append(TierChange(CITY_LIST, ChangeKind.JOIN, name, ProjectTier.CITY_PROJECT,
                               community, street, rng.choice((2025, 2026)), "市级项目名单"))
    changes += [*pilots[2024], *city[:CITY_PROJECTS], *pilots[2025], *pilots[2026]]
    # the year's changes: one city project leaves, another joins in its place, a pilot is replaced
    changes.append(TierChange(LEFT_ON, ChangeKind.LEAVE, city[0].project,
                              ProjectTier.CITY_PROJECT,
                              reason="选址不具备建设条件，调出市级项目名单"))
    late = city[CITY_PROJECTS]
    changes.append(TierChange(JOINED_ON, ChangeKind.JOIN, late.project, ProjectTier.CITY_PROJECT,
                              late.community, late.street, 2026,
                              "街道申请，经市工作专班审核调入市级项目"))
    gone = pilots[2026][-1]
    successors = take(1, lambda p: p.get("planned_year") == 2026, "rest")
    if successors:
        community, street = places[successors[0]["community"]]
        name = str(successors[0]["name"])
    else:
        community, street, name = _invented(spare, used, listed, "社区嵌入式服务设施试点项目")
    changes.append(TierChange(REPLACED_ON, ChangeKind.REPLACE, name, ProjectTier.NATIONAL_PILOT,
                              community, street, None, "原试点社区列入征收范围，由相邻社区接替",
                              gone.project))
    return changes


def _standard(project: Mapping[str, Any]) -> bool:
    functions = set(project.get("functions") or ())
    return bool(functions) and functions <= STANDARD


def _street_units(ledger: Ledger) -> list[TierChange]:
    """The three street-unit pilots, where the ledger knows their streets."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT s.code, s.name, coalesce(d.name, '') FROM street s "
            "LEFT JOIN district d ON d.id = s.district_id WHERE s.deleted = 0 AND s.name IN "
            f"({', '.join(f':p{n}' for n in range(len(PILOT_STREETS)))}) ORDER BY s.code"),
            {f"p{n}": name for n, name in enumerate(PILOT_STREETS)}).all()
    return [TierChange(FIRST_LIST, ChangeKind.JOIN, street_project_name(district, name),
                       ProjectTier.NATIONAL_PILOT, None, code or name, 2024)
            for code, name, district in rows]


Spare = list[tuple[str, str, str, str]]
"""Official communities: (code, street code, name, street name)."""


def _spare_communities(places: Mapping[str, Place], rng: random.Random) -> Spare:
    """Official communities the demo did not fill, shuffled."""
    filled = {community for community, _street in places.values()}
    spare = [(c.code, c.street_code, c.name, c.street_name) for c in all_communities()
             if not c.village and c.code not in filled]
    rng.shuffle(spare)
    return spare


def _invented(spare: Spare, used: set[str], listed: set[str], purpose: str
              ) -> tuple[str, str, str]:
    """A listed project the demo did not record, in an official community not yet listed."""
    while spare:
        code, street, name, street_name = spare.pop()
        if code not in used:
            used.add(code)
            project = name.removesuffix("社区") + purpose
            if project in listed:  # communities of the same name in two streets
                project = street_name + project
            listed.add(project)
            return code, street, project
    raise RuntimeError("no official community left for the demo's directory")
