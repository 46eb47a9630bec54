"""季排名 and 年考核: the one formula, its weights and points table, and the tie rule.

GLOSSARY.md (scoring): the seed leaves the details to a later 细则, so the app ships stated
defaults; the city may change them, and they travel down in the reference bundles with a
version, so a district prints the same ranking as the city. Every ranking and assessment prints
`ranking_rules` / `points_rules` under it. Scores are exact fractions until printed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from app.domain.rates import exact

PARTS: tuple[tuple[str, str], ...] = (
    ("coverage", "覆盖提升"),
    ("on_time", "项目按期"),
    ("demands", "需求办结"),
    ("freshness", "数据及时"),
)
"""The parts of a ranking score, in the order they break ties."""
PART_LABELS = dict(PARTS)

ITEMS: tuple[tuple[str, str], ...] = (
    ("pilots", "国家试点社区建设"),
    ("street_units", "街道为单元试点"),
    ("city_projects", "市级项目具备运营条件"),
    ("coverage", "九项功能覆盖率"),
    ("demands", "群众需求办结"),
    ("reporting", "数据报送"),
)
"""The annual assessment's items, in printed order."""
ITEM_LABELS = dict(ITEMS)


@dataclass(frozen=True)
class Scoring:
    """The weights, thresholds and points the city set (or the defaults), with their version."""

    version: int = 0
    weights: Mapping[str, int] = field(default_factory=lambda: {
        "coverage": 40, "on_time": 30, "demands": 20, "freshness": 10})
    """Points of each ranking part (100 in all)."""
    full_gain: Fraction = Fraction(5)
    """Percentage points of nine-function coverage gained in a quarter that earn full marks."""
    fresh_days: int = 7
    """Data no older than this at the period's end earns full freshness marks."""
    stale_days: int = 30
    """Data this old or older earns none, and the area is flagged as not reporting (未报送)."""
    base: Mapping[str, int] = field(default_factory=lambda: {
        "pilots": 25, "street_units": 10, "city_projects": 25, "coverage": 20,
        "demands": 10, "reporting": 10})
    """Base points of each assessment item (100 in all), earned in proportion."""
    bonus: Mapping[str, int] = field(default_factory=lambda: {
        "pilots": 1, "street_units": 1, "city_projects": 1, "coverage": 1})
    """Points added per milestone reached early, or per function beyond its target."""
    deduction: Mapping[str, int] = field(default_factory=lambda: {
        "pilots": 2, "street_units": 2, "city_projects": 2})
    """Points taken off per milestone due in the year and missed or reached late."""
    early_days: int = 30
    """A milestone reached at least this many days before due counts as early (提前)."""
    beyond_points: Fraction = Fraction(10)
    """Percentage points above a 2030 target that count as beyond target (超额)."""
    bonus_cap: int = 10
    deduction_cap: int = 20

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version, "weights": dict(self.weights),
            "full_gain": str(self.full_gain), "fresh_days": self.fresh_days,
            "stale_days": self.stale_days, "base": dict(self.base), "bonus": dict(self.bonus),
            "deduction": dict(self.deduction), "early_days": self.early_days,
            "beyond_points": str(self.beyond_points), "bonus_cap": self.bonus_cap,
            "deduction_cap": self.deduction_cap,
        }


DEFAULT = Scoring()


class ScoringError(ValueError):
    """Scoring settings that cannot be used (said in Chinese)."""


SETTABLE = ("full_gain", "fresh_days", "stale_days", "early_days", "beyond_points",
            "bonus_cap", "deduction_cap")
"""Single-number settings; the per-part tables are set as `weights.coverage=40` and the like."""
_TABLES = ("weights", "base", "bonus", "deduction")
_MAX = 1000


def parse_scoring(data: Any) -> Scoring:
    """Scoring from stored or sent JSON (hostile): missing parts keep their defaults."""
    if data in (None, {}):
        return DEFAULT
    if not isinstance(data, dict):
        raise ScoringError("计分办法的格式不对")
    found: dict[str, Any] = {}
    version = data.get("version", 0)
    if not isinstance(version, int) or version < 0:
        raise ScoringError("计分办法的版本号不对")
    found["version"] = version
    for name in SETTABLE:
        if name in data:
            found[name] = _number(data[name], name)
    for table in _TABLES:
        if table in data:
            given = data[table]
            keys = PART_LABELS if table == "weights" else ITEM_LABELS
            if not isinstance(given, dict) or any(k not in keys for k in given):
                raise ScoringError(f"计分办法的 {table} 不对")
            found[table] = {**getattr(DEFAULT, table),
                            **{k: int(_number(v, f"{table}.{k}")) for k, v in given.items()}}
    scoring = replace(DEFAULT, **found)
    _check(scoring)
    return scoring


def with_setting(scoring: Scoring, name: str, value: str) -> Scoring:
    """Scoring with one setting changed (`fresh_days`, `weights.coverage` …), version raised."""
    if "." in name:
        table, key = name.split(".", 1)
        keys = PART_LABELS if table == "weights" else ITEM_LABELS
        if table not in _TABLES or key not in keys:
            raise ScoringError(f"没有“{name}”这一项：可设 {'、'.join(_names())}")
        tables: dict[str, Any] = {table: {**getattr(scoring, table),
                                          key: int(_number(value, name))}}
        changed = replace(scoring, **tables)
    elif name in SETTABLE:
        changed = replace(scoring, **{name: _number(value, name)})
    else:
        raise ScoringError(f"没有“{name}”这一项：可设 {'、'.join(_names())}")
    changed = replace(changed, version=scoring.version + 1)
    _check(changed)
    return changed


def with_settings(scoring: Scoring, settings: Mapping[str, str]) -> Scoring:
    """Scoring with several settings changed at once, one version up; the ranking weights and
    the assessment's base points must each still add up to 100 (ScoringError otherwise)."""
    if not settings:
        raise ScoringError(f"请给出要修改的项，如 weights.coverage=40：可设 {'、'.join(_names())}")
    changed = scoring
    for name, value in settings.items():
        changed = with_setting(changed, name, value)
    for table, what in (("weights", "季度排名四部分的分值"), ("base", "年度考核各项的基础分")):
        total = sum(getattr(changed, table).values())
        if total != 100:
            raise ScoringError(f"{what}合计应为 100 分，改后为 {total} 分；"
                               f"请在同一条命令中一并修改（如 {table}.coverage=30 "
                               f"{table}.demands=30）")
    return replace(changed, version=scoring.version + 1)


def settings_now(scoring: Scoring) -> list[tuple[str, str]]:
    """Every setting's name and value, in the order `scoring set` accepts them."""
    values = [(name, _num(Fraction(getattr(scoring, name)))) for name in SETTABLE]
    for table in _TABLES:
        values += [(f"{table}.{k}", str(v)) for k, v in getattr(scoring, table).items()]
    return values


def _names() -> list[str]:
    names = list(SETTABLE)
    for table in _TABLES:
        keys = PART_LABELS if table == "weights" else ITEM_LABELS
        names += [f"{table}.{k}" for k in keys]
    return names


def _number(value: Any, name: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, str, float)):
        raise ScoringError(f"计分办法的 {name} 应为数字")
    try:
        number = exact(value) if isinstance(value, float) else Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise ScoringError(f"计分办法的 {name} 应为数字，而不是“{value}”") from None
    if not 0 <= number <= _MAX:
        raise ScoringError(f"计分办法的 {name} 应在 0–{_MAX} 之间")
    if name in ("full_gain", "beyond_points"):
        return number
    if number.denominator != 1:
        raise ScoringError(f"计分办法的 {name} 应为整数")
    return int(number)


def _check(scoring: Scoring) -> None:
    if scoring.fresh_days >= scoring.stale_days:
        raise ScoringError("数据及时的满分天数应小于不得分天数")
    if scoring.full_gain <= 0:
        raise ScoringError("覆盖提升的满分线应大于 0")


def share_points(weight: int, done: int, due: int) -> Fraction:
    """weight × done / due; the whole weight when nothing was due (无此项任务的按满分计)."""
    return Fraction(weight) if due <= 0 else Fraction(weight * done, due)


def freshness_mean(scoring: Scoring, days: Sequence[int | None]) -> Fraction:
    """The mean of the streets' freshness shares (0 for an area without streets)."""
    if not days:
        return Fraction(0)
    return sum((freshness_share(scoring, d) for d in days), Fraction(0)) / len(days)


def freshness_share(scoring: Scoring, days: int | None) -> Fraction:
    """1 when the data is fresh, 0 when stale or never sent, in proportion between."""
    if days is None or days >= scoring.stale_days:
        return Fraction(0)
    if days <= scoring.fresh_days:
        return Fraction(1)
    return Fraction(scoring.stale_days - days, scoring.stale_days - scoring.fresh_days)


@dataclass(frozen=True)
class RankingInput:
    """What the formula needs of an area for a quarter (services count it; no SQL here)."""

    key: str
    """The order of last resort: the area's code, else its name."""
    name: str
    covered_start: int
    """Function-community pairs covered (ready or operating) at the quarter's start …"""
    covered_end: int
    """… and at its end, over the nine functions and the counted communities."""
    counted: int
    """Communities counted at the quarter's end (not 未回迁)."""
    all_targets_met: bool
    """All nine 2030 targets met at the quarter's end: the coverage part is full."""
    projects_due: int
    """Projects with a planned milestone due by the quarter's end …"""
    projects_on_time: int
    """… of which none is late."""
    demands_due: int
    """Demands open at the quarter's start or received in it …"""
    demands_closed: int
    """… of which closed (resolved or declined) by its end."""
    stale_days: int | None
    """Days from the area's newest data to the quarter's end (None: never reported)."""
    streets_stale: tuple[int | None, ...] = ()
    """A district's (or zone's) streets' stale days: its freshness part is their parts' mean
    (empty for a street, whose own stale_days count)."""

    @property
    def never_reported(self) -> bool:
        """Neither the area nor any of its streets ever sent data: every part is 0."""
        if self.streets_stale:
            return all(days is None for days in self.streets_stale)
        return self.stale_days is None


@dataclass(frozen=True)
class Ranked:
    """One area's place, total and parts (exact), and the input they came from."""

    rank: int
    total: Fraction
    parts: Mapping[str, Fraction]
    facts: RankingInput

    @property
    def gain_points(self) -> Fraction:
        """Percentage points of nine-function coverage gained in the quarter."""
        counted = self.facts.counted
        if counted <= 0:
            return Fraction(0)
        return Fraction(100 * (self.facts.covered_end - self.facts.covered_start), 9 * counted)


def ranking_parts(scoring: Scoring, facts: RankingInput) -> dict[str, Fraction]:
    """The four parts of an area's score (each up to its weight)."""
    weights = scoring.weights
    if facts.never_reported:  # no data is not "nothing due": it earns nothing
        return {name: Fraction(0) for name, _label in PARTS}
    if facts.all_targets_met:
        coverage = Fraction(weights["coverage"])
    elif facts.counted <= 0:
        coverage = Fraction(0)
    else:
        gain = Fraction(100 * (facts.covered_end - facts.covered_start), 9 * facts.counted)
        coverage = weights["coverage"] * min(Fraction(1), max(Fraction(0),
                                                              gain / scoring.full_gain))
    return {
        "coverage": coverage,
        "on_time": share_points(weights["on_time"], facts.projects_on_time, facts.projects_due),
        "demands": share_points(weights["demands"], facts.demands_closed, facts.demands_due),
        "freshness": weights["freshness"] * (
            freshness_mean(scoring, facts.streets_stale) if facts.streets_stale
            else freshness_share(scoring, facts.stale_days)),
    }


def rank(scoring: Scoring, areas: Sequence[RankingInput]) -> list[Ranked]:
    """The areas in order: total, then the parts in PARTS order, then the key (TIE_RULE)."""
    scored = [(ranking_parts(scoring, a), a) for a in areas]
    scored.sort(key=lambda item: (-sum(item[0].values()),
                                  *(-item[0][name] for name, _ in PARTS), item[1].key))
    return [Ranked(n, sum(parts.values(), Fraction(0)), parts, facts)
            for n, (parts, facts) in enumerate(scored, start=1)]


TIE_RULE = ("总分相同时，依次比较覆盖提升、项目按期、需求办结、数据及时得分，高者在前；"
            "仍相同的按区划代码先后排列。")


def ranking_rules(scoring: Scoring) -> list[str]:
    """The formula as printed under every ranking."""
    w = scoring.weights
    return [
        f"计分办法（第 {scoring.version} 版）：总分 = 覆盖提升（{w['coverage']} 分）+ 项目按期"
        f"（{w['on_time']} 分）+ 需求办结（{w['demands']} 分）+ 数据及时（{w['freshness']} 分）。",
        f"覆盖提升：本季度九项功能覆盖率平均提高 {_num(scoring.full_gain)} 个百分点得满分，"
        "按比例计分，未提高不得分；九项功能均已达到2030年目标的得满分。",
        "项目按期：截至季末有计划节点到期的项目中，无逾期节点的项目所占比例；无到期项目的得满分。",
        "需求办结：季初未办结和本季登记的需求中，季末前办结（已解决或不予采纳）的比例；"
        "无此类需求的得满分。",
        f"数据及时：季末前 {scoring.fresh_days} 天内有报送数据的得满分，{scoring.stale_days} 天"
        "及以上未报送的不得分，其间按比例计分；区县按其所辖街道平均。",
        "从未报送数据的（区县为所辖街道均未报送的）四项均不得分。",
        TIE_RULE,
    ]


@dataclass(frozen=True)
class ItemInput:
    """What one assessment item of a district's year rests on."""

    key: str
    due: int
    """Milestones (or demands, streets, functions) due in the year …"""
    done: int
    """… of which done on time (or counted as done)."""
    early: int = 0
    """Done at least early_days before due (or functions beyond target): bonus."""
    late: int = 0
    """Due in the year and missed or reached late: deduction."""
    evidence: tuple[str, ...] = ()
    """What the figure rests on, one line each (printed with the assessment)."""


@dataclass(frozen=True)
class ItemPoints:
    """One item's points: base earned, bonus, deduction, and what they rest on."""

    facts: ItemInput
    base: Fraction
    bonus: int
    deduction: int

    @property
    def label(self) -> str:
        return ITEM_LABELS[self.facts.key]


@dataclass(frozen=True)
class Assessment:
    """A district's year: the items, and the capped bonus and deduction."""

    items: list[ItemPoints]
    bonus: int
    deduction: int

    @property
    def base(self) -> Fraction:
        return sum((i.base for i in self.items), Fraction(0))

    @property
    def total(self) -> Fraction:
        return self.base + self.bonus - self.deduction


def assess(scoring: Scoring, items: Sequence[ItemInput], *, never_reported: bool = False
           ) -> Assessment:
    """Points per item; the bonus and the deduction are each capped over all items. A district
    none of whose streets ever sent data earns no base points and no bonus (no data is not
    "nothing due"), while the milestones the city's directory shows late still cost points."""
    earns = 0 if never_reported else 1
    points = [ItemPoints(i, earns * share_points(scoring.base.get(i.key, 0), i.done, i.due),
                         earns * scoring.bonus.get(i.key, 0) * i.early,
                         scoring.deduction.get(i.key, 0) * i.late) for i in items]
    return Assessment(points, min(scoring.bonus_cap, sum(p.bonus for p in points)),
                      min(scoring.deduction_cap, sum(p.deduction for p in points)))


def points_rules(scoring: Scoring) -> list[list[str]]:
    """The points table as printed with every assessment: item, base, bonus, deduction."""
    rows = []
    explain = {
        "pilots": "当年批次的试点社区年底前投入运营的比例",
        "street_units": "当年到期的街道试点节点按期完成的比例",
        "city_projects": "当年到期的市级项目按期具备运营条件的比例",
        "coverage": "年末达到2030年目标的功能数 / 9",
        "demands": "年初未办结和当年登记的需求中年内办结的比例",
        "reporting": f"年末前 {scoring.stale_days} 天内有报送数据的街道比例",
    }
    for key, label in ITEMS:
        bonus = scoring.bonus.get(key, 0)
        deduction = scoring.deduction.get(key, 0)
        if key == "coverage":
            bonus_text = (f"每项功能超过目标 {_num(scoring.beyond_points)} 个百分点及以上"
                          f"加 {bonus} 分" if bonus else "—")
        else:
            bonus_text = (f"每个节点提前 {scoring.early_days} 天及以上完成加 {bonus} 分"
                          if bonus else "—")
        deduction_text = f"每个节点逾期或未完成减 {deduction} 分" if deduction else "—"
        rows.append([label, f"{scoring.base.get(key, 0)} 分：{explain[key]}", bonus_text,
                     deduction_text])
    return rows


def points_note(scoring: Scoring) -> str:
    """The line printed under the points table: version, caps, the missing-task rule."""
    return (f"考核细则（第 {scoring.version} 版）：加分合计不超过 {scoring.bonus_cap} 分，"
            f"减分合计不超过 {scoring.deduction_cap} 分；当年无此项任务的按满分计；"
            "所辖街道均从未报送数据的，基础分和加分均不得分，减分照计。")


def _num(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def printed(value: Fraction) -> str:
    """A score as printed: one decimal, half up (87.25 → 87.3)."""
    tenths = (value * 10 + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}" if tenths >= 0 else f"-{-tenths // 10}.{-tenths % 10}"
