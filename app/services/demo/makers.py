"""The records themselves: operators, and a street's communities with everything in them."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.entities import (
    COMMUNITY,
    DEMAND,
    EVALUATION,
    FUNCTION_STATUS,
    OPERATOR,
    PROJECT,
    SPACE,
)
from app.domain.enums import (
    BuildApproach,
    DemandSource,
    DemandStatus,
    Function,
    FunctionStatus,
    OperatingModel,
    OperatorKind,
    PermitAction,
    ProjectTier,
    Setting,
    SpaceKind,
    SpaceUsage,
    Urgency,
    Willingness,
)
from app.domain.fields import EntitySpec
from app.domain.validate import CREDIT_CODE_CHARS, credit_code_check_char
from app.services.demo.areas import City
from app.services.demo.directory import street_project_name
from app.services.demo.planning import FIRST_DAY, LAST_DAY, NINE, CommunityPlan, Scale, StreetPlan
from app.services.demo.vocabulary import (
    BRANDS,
    BUSINESSES,
    COMPOUND_SUFFIXES,
    DECLINED,
    DEMAND_OPENINGS,
    DEMANDS,
    DEPARTMENTS,
    DEVELOPERS,
    DIRECTIONS,
    FUNDING,
    MALLS,
    NUMERALS,
    PLACE_SUFFIXES,
    PLACES,
    PROJECT_PURPOSES,
    PUBLIC_INSTITUTIONS,
    RESOLVED,
    SPACE_NAMES,
    UNITS,
    identity_number,
    landline,
    mobile,
    person,
)
from app.services.official import OfficialCommunity, of_streets
from app.services.records import natural_id

_FUNCTIONS = {f.value: f for f in Function}

# how often each kind is drawn
_SPACE_KIND_WEIGHTS = {
    SpaceKind.COMMUNITY_ROOM: 16, SpaceKind.COMPOUND_LAND: 10, SpaceKind.RENEWAL_LAND: 7,
    SpaceKind.IDLE_LAND: 5, SpaceKind.IDLE_BUILDING: 10, SpaceKind.GOVERNMENT_IDLE: 7,
    SpaceKind.SOE_IDLE: 7, SpaceKind.COMMERCIAL: 12, SpaceKind.SUPPORTING_ROOM: 20,
    SpaceKind.OTHER: 6,
}
_LAND_KINDS = (SpaceKind.COMPOUND_LAND, SpaceKind.RENEWAL_LAND, SpaceKind.IDLE_LAND)
_DEMAND_WEIGHTS = {
    Function.ELDERLY_CARE: 22, Function.INFANT_CARE: 8, Function.CHILD_CARE: 10,
    Function.MEAL_SERVICE: 15,
    Function.HOUSEKEEPING: 8, Function.HEALTH: 12, Function.FITNESS: 8, Function.CULTURE: 6,
    Function.CHILDREN_PLAY: 7, Function.OTHER: 4,
}
_SOURCE_WEIGHTS = {
    DemandSource.DOOR_VISIT: 30, DemandSource.QUESTIONNAIRE: 20, DemandSource.RESIDENTS_MEETING: 15,
    DemandSource.HOTLINE: 12, DemandSource.GRID_WORKER: 15, DemandSource.ONLINE: 6,
    DemandSource.OTHER: 2,
}
_SINGLE_APPROACHES = (BuildApproach.CONVERT, BuildApproach.CONVERT, BuildApproach.SUPPLEMENT)
_ELDERLY_AND_INFANT = (Function.ELDERLY_CARE, Function.INFANT_CARE, Function.MEAL_SERVICE)
_OPERATOR_KINDS = {
    OperatorKind.ENTERPRISE: ("91", 45), OperatorKind.SOCIAL_ORG: ("52", 40),
    OperatorKind.PUBLIC_INSTITUTION: ("12", 10), OperatorKind.OTHER: ("92", 5),
}
"""Kind → the first two characters of its credit code (GB 32100-2015: 登记管理部门, 机构类别)
and its weight."""


def _area(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high) * 2) / 2  # to half a square metre, as ledgers write it


def _after(rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
    return day + dt.timedelta(days=rng.randint(low, high))


def operator_records(scale: Scale, seed: int, city: City) -> list[dict[str, Any]]:
    """The shared operators, each with a valid credit code; the same for every scope."""
    districts = city.districts or ((city.code, city.name),)
    kinds = list(_OPERATOR_KINDS)
    weights = [w for _, w in _OPERATOR_KINDS.values()]
    city_short = city.name.removesuffix("市")
    records: list[dict[str, Any]] = []
    names: set[str] = set()
    for i in range(scale.operators):
        rng = random.Random(f"{seed}:operator:{i}")
        kind = rng.choices(kinds, weights)[0]
        district_code, district = rng.choice(districts)
        for _ in range(50):
            brand, business = rng.choice(BRANDS), rng.choice(BUSINESSES)
            if kind is OperatorKind.ENTERPRISE:
                name = f"{city_short}{brand}{business}有限公司"
            elif kind is OperatorKind.SOCIAL_ORG:
                name = f"{district}{brand}{business}中心"
            elif kind is OperatorKind.PUBLIC_INSTITUTION:
                name = f"{district}{rng.choice(PUBLIC_INSTITUTIONS)}"
            else:
                name = f"{district}{brand}便民服务部"
            if name not in names:
                break
        else:
            name = f"{name}（{i + 1}）"
        names.add(name)
        body = (_OPERATOR_KINDS[kind][0] + district_code[:6] + "MA6"
                + "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(6)))
        record: dict[str, Any] = {
            "name": name, "credit_code": body + credit_code_check_char(body), "kind": kind.value,
            "contact": person(rng),
            "phone": mobile(rng) if rng.random() < 0.8 else landline(rng),
            "address": f"{district}{rng.choice(PLACES)}路{rng.randint(1, 300)}号",
            "qualified": rng.random() < 0.6,
        }
        record["id"] = natural_id(OPERATOR, record)
        records.append(record)
    return records


@dataclass(frozen=True)
class Context:
    """What every street's maker shares: the seed, the city and the operators' ids."""

    seed: int
    city: str
    city_code: str
    operators: Sequence[str]


class StreetMaker:
    """The records of one street, from its plan and its own random numbers."""

    def __init__(self, plan: StreetPlan, ctx: Context) -> None:
        self.plan = plan
        self.street = plan.street
        self.ctx = ctx
        self.rng = random.Random(f"{ctx.seed}:data:{self.street.key}")
        self.district = self.street.district
        self.region = (self.street.code or ctx.city_code)[:6]  # of invented identity numbers
        self.official = of_streets([self.street.code]) if self.street.code else []
        # every street shows all ten kinds of space: its communities' first spaces take them in turn
        self.kinds = list(SpaceKind)
        self.rng.shuffle(self.kinds)

    def records(self) -> Iterator[tuple[EntitySpec, dict[str, Any]]]:
        """The street's records, each after those it refers to."""
        if self.plan.pilot:
            yield PROJECT, self._street_project()
        used: set[str] = set()
        for index, community in enumerate(self.plan.communities):
            yield from self._community(community, used, first=index == 0)

    # -- community ------------------------------------------------------------------------

    def _official(self, serial: int) -> OfficialCommunity | None:
        """The street's official community of this serial (the demo uses real names, codes)."""
        return self.official[serial - 1] if serial <= len(self.official) else None

    def _new_code(self, serial: int) -> str | None:
        """A code after the street's official ones (None for an invented street)."""
        if not self.street.code:
            return None
        last = max((int(c.code[9:]) for c in self.official), default=0)
        return f"{self.street.code[:9]}{last + serial - len(self.official):03d}"

    def _community_name(self, used: set[str]) -> str:
        rng = self.rng
        for _ in range(1000):
            if rng.random() < 0.25:
                name = f"{rng.choice(DIRECTIONS)}{rng.choice(NUMERALS[:9])}路社区"
            else:
                name = f"{rng.choice(PLACES)}{rng.choice(PLACE_SUFFIXES)}社区"
            if name not in used:
                break
        else:  # a custom size with hundreds of communities a street
            name = f"第{len(used) + 1}社区"
        used.add(name)
        return name

    def _compounds(self, community: str) -> list[str]:
        rng = self.rng
        found = {community.removesuffix("社区") + "小区"}
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.2:
                found.add(rng.choice(UNITS) + "家属院")
            else:
                found.add(rng.choice(PLACES) + rng.choice(COMPOUND_SUFFIXES[:-1]))
        return sorted(found)

    def _road(self) -> str:
        return self.rng.choice(PLACES) + self.rng.choice(("路", "街", "巷"))

    def _community(self, plan: CommunityPlan, used: set[str], *, first: bool
                   ) -> Iterator[tuple[EntitySpec, dict[str, Any]]]:
        rng = self.rng
        official = self._official(plan.serial)
        code: str | None
        if official is not None:
            name, code = official.name, official.code
            used.add(name)
        else:  # more communities than the list has: a new one, with the street's next code
            name, code = self._community_name(used), self._new_code(plan.serial)
        compounds = self._compounds(name)
        population = rng.randint(3000, 15000)
        record: dict[str, Any] = {
            "code": code,
            "name": name, "street": self.street.id, "population": population,
            "households": round(population / rng.uniform(2.5, 2.9)),
            "not_resettled": plan.not_resettled,
            "address": f"{self.district}{self._road()}{rng.randint(1, 200)}号",
            "compounds": "、".join(compounds),
            "notes": "棚户区改造项目，居民尚未回迁" if plan.not_resettled else None,
        }
        cid = record["id"] = natural_id(COMMUNITY, record)
        yield COMMUNITY, record
        spaces = [self._space(cid, name, compounds, n) for n in range(plan.spaces)]
        seen: set[str] = set()
        for space in spaces:  # names are unique within a community
            while space["name"] in seen:
                space["name"] += "（另址）"
            seen.add(space["name"])
            space["id"] = natural_id(SPACE, space)
            yield SPACE, space
        operators: dict[int, str] = {}
        for index, status in enumerate(plan.statuses):
            function_status = self._function_status(cid, index, status, spaces, plan.evaluations)
            if function_status.get("operator"):
                operators[index] = function_status["operator"]
            yield FUNCTION_STATUS, function_status
        keys: set[tuple[str, str]] = set()
        for n in range(plan.demands):
            # the street's first two demands carry a phone and an identity number in their text
            personal = ("phone" if n == 0 else "identity" if n == 1 else "") if first else ""
            demand = self._demand(cid, compounds, personal)
            while (demand["content"], demand["received_on"]) in keys:  # the natural key must differ
                day = dt.date.fromisoformat(demand["received_on"])
                day = day + dt.timedelta(days=1) if day < LAST_DAY else FIRST_DAY
                demand["received_on"] = str(day)
            keys.add((demand["content"], demand["received_on"]))
            self._handle(demand, compounds)
            demand["id"] = natural_id(DEMAND, demand)
            yield DEMAND, demand
        purposes = rng.sample(PROJECT_PURPOSES, plan.projects)
        for purpose, functions in purposes:
            yield PROJECT, self._project(cid, name, purpose, functions, spaces)
        for index, evaluated_on in plan.evaluations:
            yield EVALUATION, self._evaluation(cid, index, evaluated_on, operators.get(index))

    # -- spaces ---------------------------------------------------------------------------

    def _space(self, cid: str, community: str, compounds: list[str], n: int) -> dict[str, Any]:
        rng = self.rng
        if n < 2 and self.kinds:
            kind = self.kinds.pop()
        else:
            kind = rng.choices(list(_SPACE_KIND_WEIGHTS), list(_SPACE_KIND_WEIGHTS.values()))[0]
        compound = rng.choice(compounds)
        name = rng.choice(SPACE_NAMES[kind]).format(
            c=compound, n=rng.randint(1, 30), r=self._road(), r2=self._road(),
            street=self.street.name, district=self.district, u=rng.choice(UNITS),
            m=rng.choice(MALLS),
        )
        record: dict[str, Any] = {
            "community": cid, "name": name, "kind": kind.value, "compound": compound,
            "address": f"{self.district}{self._road()}{rng.randint(1, 300)}号{compound}",
            "owner": self._owner(kind, community, compound),
        }
        if kind in _LAND_KINDS:
            record["land_area"] = _area(rng, 200, 6000)
            record["usage"] = rng.choice(
                (SpaceUsage.IDLE, SpaceUsage.IDLE, SpaceUsage.UNDERUSED)).value
        else:
            high = 600 if kind in (SpaceKind.COMMUNITY_ROOM, SpaceKind.SUPPORTING_ROOM) else 1500
            record["floor_area"] = _area(rng, 40, high)
            if kind in (SpaceKind.GOVERNMENT_IDLE, SpaceKind.SOE_IDLE) and rng.random() < 0.4:
                record["land_area"] = _area(rng, record["floor_area"] / 2, 5000)
            record["usage"] = rng.choices(
                (SpaceUsage.IDLE, SpaceUsage.UNDERUSED, SpaceUsage.IN_USE, SpaceUsage.MISUSED),
                (30, 25, 38, 7),
            )[0].value
        if kind is SpaceKind.SUPPORTING_ROOM:
            delivered = rng.random() < 0.6
            record["permit_required"] = True
            record["permit_delivered"] = delivered
            if delivered:
                record["permit_action"] = PermitAction.NONE.value
            else:
                record["usage"] = rng.choice((SpaceUsage.NOT_HANDED_OVER, SpaceUsage.MISUSED)).value
                record["permit_action"] = rng.choice(
                    (PermitAction.RECLAIM, PermitAction.SWAP, PermitAction.SUPPLEMENT)).value
        draw = rng.random()
        record["safety_assessed"] = True if draw < 0.5 else False if draw < 0.8 else None
        if rng.random() < 0.4:
            chosen = set(rng.sample(NINE, rng.randint(1, 3)))
            record["intended_functions"] = [f.value for f in NINE if f in chosen]
        return record

    def _owner(self, kind: SpaceKind, community: str, compound: str) -> str:
        rng = self.rng
        district = self.district
        return {
            SpaceKind.COMMUNITY_ROOM: f"{district}人民政府{self.street.name}办事处",
            SpaceKind.COMPOUND_LAND: f"{compound}全体业主",
            SpaceKind.RENEWAL_LAND: f"{district}住房和城乡建设局",
            SpaceKind.IDLE_LAND: f"{self.ctx.city}{district}土地储备中心",
            SpaceKind.IDLE_BUILDING: f"{district}机关事务服务中心",
            SpaceKind.GOVERNMENT_IDLE: f"{district}机关事务服务中心",
            SpaceKind.SOE_IDLE: f"{self.ctx.city.removesuffix('市')}{rng.choice(UNITS)}",
            SpaceKind.COMMERCIAL: f"{rng.choice(DEVELOPERS)}商业运营管理有限公司",
            SpaceKind.SUPPORTING_ROOM: f"{rng.choice(DEVELOPERS)}房地产开发有限公司",
            SpaceKind.OTHER: (f"{district}人民防空办公室" if rng.random() < 0.5
                              else f"{community}居民委员会"),
        }[kind]

    # -- the nine functions ---------------------------------------------------------------

    def _function_status(self, cid: str, index: int, status: FunctionStatus,
                         spaces: list[dict[str, Any]], evaluations: list[tuple[int, str]]
                         ) -> dict[str, Any]:
        rng = self.rng
        function = NINE[index]
        record: dict[str, Any] = {
            "community": cid, "function": function.value, "status": status.value,
        }
        if status in (FunctionStatus.READY, FunctionStatus.OPERATING, FunctionStatus.SUSPENDED):
            self._capacity(record, function)
            record["setting"] = rng.choices(list(Setting), (35, 50, 15))[0].value
        if spaces and status is not FunctionStatus.NONE:
            record["space"] = rng.choice(spaces)["id"]
        if status in (FunctionStatus.OPERATING, FunctionStatus.SUSPENDED):
            if self.ctx.operators:
                record["operator"] = rng.choice(self.ctx.operators)
            model = rng.choices(list(OperatingModel), (35, 15, 30, 15, 5))[0]
            record["operating_model"] = model.value
            first = min((day for i, day in evaluations if i == index), default=None)
            latest = dt.date.fromisoformat(first) - dt.timedelta(days=30) if first else LAST_DAY
            record["opened_on"] = str(dt.date(2018, 1, 1) + dt.timedelta(
                days=rng.randrange((latest - dt.date(2018, 1, 1)).days)))
        if status is FunctionStatus.SUSPENDED:
            record["notes"] = rng.choice(("运营方退出，正在重新招募运营主体", "场地维修，暂停服务"))
        record["id"] = natural_id(FUNCTION_STATUS, record)
        return record

    def _capacity(self, record: dict[str, Any], function: Function) -> None:
        rng = self.rng
        if function is Function.ELDERLY_CARE:
            record["capacity"] = rng.randint(10, 60)
            record["nursing_beds"] = round(record["capacity"] * rng.uniform(0.3, 0.7))
            record["floor_area"] = _area(rng, 200, 1200)
        elif function is Function.INFANT_CARE:
            record["capacity"] = rng.randint(20, 90)
            record["floor_area"] = _area(rng, 150, 600)
        elif function is Function.CHILD_CARE:
            record["capacity"] = rng.randint(30, 150)
            record["floor_area"] = _area(rng, 100, 500)
        elif function is Function.MEAL_SERVICE:
            record["capacity"] = rng.randint(20, 100)
            record["meals_per_day"] = rng.randint(80, 500)
            record["floor_area"] = _area(rng, 80, 400)
        else:
            record["floor_area"] = _area(rng, 40, 300)

    # -- demands ---------------------------------------------------------------------------

    def _demand(self, cid: str, compounds: list[str], personal: str) -> dict[str, Any]:
        rng = self.rng
        function = rng.choices(list(_DEMAND_WEIGHTS), list(_DEMAND_WEIGHTS.values()))[0]
        compound = rng.choice(compounds)
        opening = rng.choice(DEMAND_OPENINGS)
        households = rng.randint(5, 60)
        content = (opening + rng.choice(DEMANDS[function])).format(
            c=compound, n=rng.randint(2, 30), k=households)
        draw = rng.random()
        if personal == "phone" or draw < 0.03:
            content += f"，联系电话{mobile(rng)}"
        elif personal == "identity" or draw < 0.045:
            content += f"（老人身份证号{identity_number(rng, self.region)}）"
        received = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        source = rng.choices(list(_SOURCE_WEIGHTS), list(_SOURCE_WEIGHTS.values()))[0]
        if opening.startswith("居民议事会"):
            source = DemandSource.RESIDENTS_MEETING
        if opening.startswith("{k}"):  # a joint proposal: about 2.7 residents a household
            residents = round(households * rng.uniform(2.2, 3.2))
        elif source in (DemandSource.RESIDENTS_MEETING, DemandSource.QUESTIONNAIRE):
            residents = rng.randint(20, 300)
        else:
            residents = rng.choice((1, 1, 1, 2, 3, rng.randint(4, 50)))
        urgent = rng.random() < 0.12
        record: dict[str, Any] = {
            "community": cid, "function": function.value, "content": content,
            "source": source.value, "residents": residents,
            "urgency": (Urgency.URGENT if urgent else Urgency.NORMAL).value,
            "received_on": str(received),
        }
        if rng.random() < 0.45:
            record["reporter"] = person(rng)
            draw = rng.random()
            if draw < 0.6:
                record["phone"] = mobile(rng)
            elif draw < 0.7:
                record["phone"] = landline(rng)
        return record

    def _handle(self, record: dict[str, Any], compounds: list[str]) -> None:
        """Status, dates and reply, by how long ago the demand came in."""
        rng = self.rng
        received = dt.date.fromisoformat(record["received_on"])
        age = (LAST_DAY - received).days
        # registered, accepted, in progress, resolved, declined, referred
        statuses = list(DemandStatus)
        if age < 14:
            weights: tuple[int, ...] = (60, 40, 0, 0, 0, 0)
        elif age < 60:
            weights = (10, 25, 35, 20, 5, 5)
        else:
            weights = (3, 5, 15, 55, 10, 12)
        status = rng.choices(statuses, weights)[0]
        record["status"] = status.value
        if status is DemandStatus.REGISTERED:
            return
        accepted = min(LAST_DAY, _after(rng, received, 0, 7))
        record["accepted_on"] = str(accepted)
        function = _FUNCTIONS[record["function"]]
        if status in (DemandStatus.RESOLVED, DemandStatus.DECLINED):
            record["resolved_on"] = str(min(LAST_DAY, _after(rng, accepted, 3, 150)))
        if status is DemandStatus.RESOLVED:
            record["reply"] = RESOLVED[function]
        elif status is DemandStatus.DECLINED:
            record["reply"] = rng.choice(DECLINED).format(c=rng.choice(compounds))
        elif status is DemandStatus.REFERRED:
            record["reply"] = f"已转{self.district or '区'}{DEPARTMENTS[function]}办理"
        elif status is DemandStatus.IN_PROGRESS:
            year = received.year + rng.randint(0, 1)
            record["reply"] = f"已纳入{year}年社区嵌入式服务设施建设计划，正在推进"
        elif rng.random() < 0.5:
            record["reply"] = "已受理，正在调查核实"

    # -- projects and evaluations ------------------------------------------------------------

    def _milestones(self, record: dict[str, Any], year: int) -> None:
        """Dates in order, up to where the project has got by the demo's last day."""
        rng = self.rng
        day = dt.date(year - 1, 9, 1) + dt.timedelta(days=rng.randrange(200))
        steps = (("approved_on", 0, 0), ("designed_on", 30, 100), ("started_on", 20, 90),
                 ("completed_on", 120, 270), ("accepted_on", 10, 45), ("operating_on", 7, 60))
        for name, low, high in steps:
            day = _after(rng, day, low, high)
            if day > LAST_DAY:
                return
            if name == "operating_on" and record.get("acceptance") == "failed":
                record["notes"] = "联合验收未通过，正在整改"
                return
            record[name] = str(day)
            if name == "accepted_on":
                record["acceptance"] = "failed" if rng.random() < 0.06 else "passed"

    def _project(self, cid: str, community: str, purpose: str, functions: tuple[Function, ...],
                 spaces: list[dict[str, Any]]) -> dict[str, Any]:
        rng = self.rng
        complex_ = not functions
        if complex_:
            standard = rng.sample(NINE[:4], rng.randint(2, 4))
            chosen = set(standard) | set(rng.sample(NINE[4:], rng.randint(1, 3)))
            functions = tuple(f for f in NINE if f in chosen)
        tier = rng.choices(list(ProjectTier), (35, 35, 30))[0]
        year = rng.choices((2024, 2025, 2026), (35, 32, 40))[0]
        if tier is ProjectTier.OTHER:
            year = rng.choice((2024, 2025, 2026, 2027))
        record: dict[str, Any] = {
            # 青年社区 + 社区卫生服务站… → 青年社区卫生服务站…
            "name": self.street.name + community + purpose.removeprefix("社区"),
            "community": cid, "tier": tier.value,
            "planned_year": year,
            "approach": rng.choice(list(BuildApproach) if complex_ else _SINGLE_APPROACHES).value,
            "functions": [f.value for f in NINE if f in functions],
            "investment": round(rng.uniform(300, 3000) if complex_ else rng.uniform(20, 400), 2),
            "funding": rng.choice(FUNDING),
        }
        if spaces:
            buildings = [s for s in spaces if s.get("floor_area")] or spaces
            record["space"] = (max(buildings, key=lambda s: s.get("floor_area") or 0) if complex_
                               else rng.choice(buildings))["id"]
        self._milestones(record, year)
        record["id"] = natural_id(PROJECT, record)
        return record

    def _street_project(self) -> dict[str, Any]:
        """The street-unit pilot project (以街道为单元): plan 2024, build 2025, operate 2026."""
        rng = self.rng
        focus = self.street.name == "北院门街道"  # the plan: elderly care and infant care first
        functions = _ELDERLY_AND_INFANT if focus else NINE
        record: dict[str, Any] = {
            "name": street_project_name(self.district, self.street.name),
            "street": self.street.id, "tier": ProjectTier.NATIONAL_PILOT.value,
            "planned_year": 2024,
            "approach": BuildApproach.CONVERT.value, "functions": [f.value for f in functions],
            "investment": round(rng.uniform(1500, 5000), 2), "funding": FUNDING[0],
            "approved_on": str(dt.date(2024, 3, 1) + dt.timedelta(days=rng.randrange(60))),
            "designed_on": str(dt.date(2024, 8, 1) + dt.timedelta(days=rng.randrange(90))),
            "started_on": str(dt.date(2025, 2, 1) + dt.timedelta(days=rng.randrange(60))),
            "completed_on": str(dt.date(2025, 9, 1) + dt.timedelta(days=rng.randrange(60))),
            "accepted_on": str(dt.date(2025, 11, 15) + dt.timedelta(days=rng.randrange(40))),
            "acceptance": "passed",
            "operating_on": str(dt.date(2026, 3, 1) + dt.timedelta(days=rng.randrange(60))),
        }
        record["id"] = natural_id(PROJECT, record)
        return record

    def _evaluation(self, cid: str, index: int, day: str, operator: str | None) -> dict[str, Any]:
        rng = self.rng
        quality = round(rng.uniform(62, 99.5), 1)
        record: dict[str, Any] = {
            "community": cid, "function": NINE[index].value, "operator": operator,
            "evaluated_on": day,
            "usage_per_month": rng.randint(50, 3000), "quality": quality,
            "willingness": (Willingness.HIGH if quality > 85 else
                            Willingness.MEDIUM if quality > 72 else Willingness.LOW).value,
            "satisfaction": round(min(100.0, quality + rng.uniform(-5, 8)), 1),
        }
        record["id"] = natural_id(EVALUATION, record)
        return record

