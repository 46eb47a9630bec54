"""运营评估 rules: evaluations rolled up, the qualified-operator list's thresholds and verdicts.

GLOSSARY.md (评估, 合格社区服务运营商名单): the city derives the qualified-operator list from the
evaluations by thresholds it keeps (stated defaults below, city reference data sent down), and
publishes it as dated, numbered versions. Means are exact fractions until printed (one decimal,
half up); a mean below its threshold is never printed equal to it. Facilities whose use is low,
or above what they can serve, get a suggestion by the rule `ADJUSTMENT_RULES` states.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from fractions import Fraction
from typing import Any

from app.domain.entities import OPERATOR
from app.domain.enums import OperatorKind, Willingness
from app.domain.rates import exact

# --- thresholds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """What makes an operator 合格 and a facility's use low, as the city set them (or defaults)."""

    version: int = 0
    satisfaction: Fraction = Fraction(85)
    """Mean satisfaction (%) at least this."""
    quality: Fraction = Fraction(80)
    """Mean service quality score (分) at least this."""
    evaluations: int = 2
    """At least this many counted evaluations in the window."""
    months: int = 12
    """The window: the months before the list's date (its day included)."""
    low_usage: Fraction = Fraction(100)
    """A facility whose mean monthly usage (人次/月) is below this is used little."""
    place_days: int = 30
    """Monthly usage above capacity × this (each place serving one person a day) is over-used."""

    def to_json(self) -> dict[str, Any]:
        """The thresholds as stored and sent (fractions as text, exactly)."""
        return {"version": self.version, **{name: _json_number(getattr(self, name))
                                            for name in SETTABLE}}


SETTABLE: tuple[str, ...] = (
    "satisfaction", "quality", "evaluations", "months", "low_usage", "place_days")
"""Thresholds a city may set (`operators thresholds NAME=VALUE`)."""
LABELS = {
    "satisfaction": "合格线：平均满意度（%）不低于",
    "quality": "合格线：平均服务质量评分（分）不低于",
    "evaluations": "合格线：计入的评估不少于（次）",
    "months": "评估期：名单日期前（个月）",
    "low_usage": "使用偏低：月均服务人次低于",
    "place_days": "超出服务能力：每个床位、托位或座位每月服务人次按",
}
"""What each threshold means, as the CLI and the reports print it."""
_BOUNDS: dict[str, tuple[int, int]] = {
    "satisfaction": (0, 100), "quality": (0, 100), "evaluations": (1, 1000),
    "months": (1, 120), "low_usage": (0, 1_000_000), "place_days": (1, 31)}
_WHOLE = ("evaluations", "months", "place_days")
DEFAULT = Thresholds()


class ThresholdError(ValueError):
    """Thresholds that cannot be used (said in Chinese)."""


def parse_thresholds(data: Any) -> Thresholds:
    """Thresholds from stored or sent JSON (hostile): missing ones keep their defaults."""
    if data in (None, {}):
        return DEFAULT
    if not isinstance(data, dict):
        raise ThresholdError("合格运营商标准的格式不对")
    version = data.get("version", 0)
    if type(version) is not int or not 0 <= version <= 1_000_000:
        raise ThresholdError("合格运营商标准的版本号不对")
    unknown = [str(k)[:40] for k in data if k != "version" and k not in SETTABLE]
    if unknown:
        raise ThresholdError(f"合格运营商标准中没有“{unknown[0]}”这一项")
    found = {name: _number(data[name], name) for name in SETTABLE if name in data}
    return replace(DEFAULT, version=version, **found)


def with_threshold(thresholds: Thresholds, name: str, value: str) -> Thresholds:
    """Thresholds with one changed (`satisfaction=90`), version raised; ThresholdError if not."""
    if name not in SETTABLE:
        raise ThresholdError(f"没有“{name}”这一项：可设 {'、'.join(SETTABLE)}")
    return replace(thresholds, version=thresholds.version + 1, **{name: _number(value, name)})


def _number(value: Any, name: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, str, float)) or (
            isinstance(value, str) and len(value) > 40):
        raise ThresholdError(f"合格运营商标准的 {name} 应为数字")
    try:
        number = exact(value) if isinstance(value, float) else Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise ThresholdError(f"合格运营商标准的 {name} 应为数字，而不是“{value}”") from None
    low, high = _BOUNDS[name]
    if not low <= number <= high:
        raise ThresholdError(f"合格运营商标准的 {name} 应在 {low}–{high} 之间")
    if name in _WHOLE:
        if number.denominator != 1:
            raise ThresholdError(f"合格运营商标准的 {name} 应为整数")
        return int(number)
    return number


def _json_number(value: Fraction | int) -> str | int:
    return value if isinstance(value, int) else str(value)


def threshold_lines(thresholds: Thresholds) -> list[str]:
    """The thresholds as printed under a list or a report, one a line."""
    t = thresholds
    return [
        f"合格标准（第 {t.version} 版）：评估期为名单日期前 {t.months} 个月（含当日）；计入的评估"
        f"（满意度和服务质量评分都已填写）不少于 {t.evaluations} 次，平均满意度不低于 "
        f"{number_text(t.satisfaction)}%，平均服务质量评分不低于 {number_text(t.quality)} 分，"
        "三项都达到的为合格。",
        f"有评估但计入的评估少于 {t.evaluations} 次的为“评估次数不足”，评估期内没有评估的为"
        "“未评估”：这两类都不算不合格，也不列入合格名单。平均数保留一位小数（四舍五入），"
        "未达标准的不会显示为达到标准。",
    ]


def number_text(value: Fraction | int) -> str:
    """A threshold as written: 85, 82.5."""
    number = Fraction(value)
    if number.denominator == 1:
        return str(number.numerator)
    return printed(number).rstrip("0").rstrip(".")


# --- periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The days whose evaluations a figure counts, both included, and how it is named."""

    first: dt.date
    last: dt.date
    title: str

    def holds(self, day: dt.date | None) -> bool:
        """Whether an evaluation of that day counts (one without a date never does)."""
        return day is not None and self.first <= day <= self.last


def year_period(year: int) -> Period:
    """A calendar year."""
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")


def months_to(day: dt.date, months: int) -> Period:
    """The `months` months up to `day` (its day included): 12 to 2026-12-01 from 2025-12-02."""
    month = day.year * 12 + day.month - 1 - months
    year, number = divmod(month, 12)
    start = _same_day(year, number + 1, day.day) + dt.timedelta(days=1)
    return Period(start, day, f"{_cn(start)}至{_cn(day)}")


def _same_day(year: int, month: int, day: int) -> dt.date:
    """The day in that month, or its last day (29 February a year on is 28 February)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- rolling up ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rollup:
    """Evaluations summed up: how many, and each figure's exact mean over those that have it."""

    count: int = 0
    usage: Fraction | None = None
    """Mean 月均服务人次 over `usage_count` evaluations that give it."""
    usage_count: int = 0
    quality: Fraction | None = None
    quality_count: int = 0
    satisfaction: Fraction | None = None
    satisfaction_count: int = 0
    willingness: Mapping[str, int] = field(default_factory=dict)
    """How many evaluations said 高, 中, 低 (by Willingness value); those without are left out."""

    @property
    def willingness_text(self) -> str:
        """高 3 / 中 1 / 低 0, or — when no evaluation recorded it."""
        if not any(self.willingness.values()):
            return "—"
        return " / ".join(f"{w.label} {self.willingness.get(w.value, 0)}" for w in Willingness)

    @property
    def mostly_unwilling(self) -> bool:
        """At least half the evaluations that recorded willingness said 低."""
        said = sum(self.willingness.values())
        return said > 0 and 2 * self.willingness.get(Willingness.LOW.value, 0) >= said


def roll_up(evaluations: Iterable[Mapping[str, Any]]) -> Rollup:
    """The rollup of these evaluations (records as the ledger returns them)."""
    found = list(evaluations)
    means = {}
    for name in ("usage_per_month", "quality", "satisfaction"):
        values = [exact(e[name]) for e in found if e.get(name) is not None]
        means[name] = (Fraction(sum(values), len(values)) if values else None, len(values))
    said: dict[str, int] = {}
    for evaluation in found:
        willing = Willingness.parse(evaluation.get("willingness"))
        if willing is not None:
            said[willing.value] = said.get(willing.value, 0) + 1
    return Rollup(len(found), *means["usage_per_month"], *means["quality"],
                  *means["satisfaction"], said)


def printed(value: Fraction) -> str:
    """One decimal, half up (87.25 → 87.3)."""
    tenths = math.floor(value * 10 + Fraction(1, 2))
    sign = "-" if tenths < 0 else ""
    return f"{sign}{abs(tenths) // 10}.{abs(tenths) % 10}"


def mean_text(value: Fraction | None, floor: Fraction | None = None) -> str:
    """A mean as printed: one decimal half up, "—" for none; below `floor` never shown equal to
    it (84.96 against 85 prints 84.9)."""
    if value is None:
        return "—"
    text = printed(value)
    if floor is not None and value < floor and Fraction(text) >= floor:
        return printed(Fraction(math.floor(value * 10), 10))
    return text


# --- the qualified-operator list -------------------------------------------------------------


class Verdict(Enum):
    """Where an operator stands on a list."""

    QUALIFIED = "qualified"
    FAILED = "failed"
    TOO_FEW = "too_few"
    UNEVALUATED = "unevaluated"

    @property
    def label(self) -> str:
        return {"qualified": "合格", "failed": "不合格", "too_few": "评估次数不足",
                "unevaluated": "未评估"}[self.value]


def counted(evaluations: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The evaluations a list counts: those that give both satisfaction and quality."""
    return [e for e in evaluations
            if e.get("satisfaction") is not None and e.get("quality") is not None]


def judge(thresholds: Thresholds, evaluations: Sequence[Mapping[str, Any]]
          ) -> tuple[Verdict, Rollup]:
    """An operator's verdict from its evaluations in the window, and the figures it rests on."""
    figures = roll_up(counted(evaluations))
    if not evaluations:
        return Verdict.UNEVALUATED, figures
    if figures.count < thresholds.evaluations:
        return Verdict.TOO_FEW, figures
    assert figures.satisfaction is not None and figures.quality is not None
    if figures.satisfaction >= thresholds.satisfaction and figures.quality >= thresholds.quality:
        return Verdict.QUALIFIED, figures
    return Verdict.FAILED, figures


@dataclass(frozen=True)
class Listed:
    """One operator on a published list: who (no personal fields), its figures, its verdict."""

    id: str
    name: str
    credit_code: str | None
    kind: str | None
    verdict: Verdict
    evaluations: int
    """All its evaluations in the window."""
    counted: int
    """Those the verdict counts (satisfaction and quality both given)."""
    satisfaction: Fraction | None
    quality: Fraction | None
    usage: Fraction | None

    def to_json(self) -> dict[str, Any]:
        """As stored and sent."""
        return {"id": self.id, "name": self.name, "credit_code": self.credit_code,
                "kind": self.kind, "verdict": self.verdict.value,
                "evaluations": self.evaluations, "counted": self.counted,
                **{n: None if getattr(self, n) is None else str(getattr(self, n))
                   for n in ("satisfaction", "quality", "usage")}}


@dataclass(frozen=True)
class QualifiedList:
    """One published version: its number, date, window, thresholds and every operator."""

    version: int
    on: dt.date
    first: dt.date
    """The window's first day (its last is `on`)."""
    thresholds: Thresholds
    operators: tuple[Listed, ...]

    def of(self, verdict: Verdict) -> list[Listed]:
        """The operators with this verdict, in the list's order."""
        return [o for o in self.operators if o.verdict is verdict]

    @property
    def period(self) -> Period:
        """The window the list counts."""
        return Period(self.first, self.on, f"{_cn(self.first)}至{_cn(self.on)}")

    def to_json(self) -> dict[str, Any]:
        """As stored and sent."""
        return {"version": self.version, "on": self.on.isoformat(),
                "first": self.first.isoformat(), "thresholds": self.thresholds.to_json(),
                "operators": [o.to_json() for o in self.operators]}


def list_order(operators: Iterable[Listed]) -> tuple[Listed, ...]:
    """合格 first, then 不合格, 评估次数不足, 未评估; by credit code (those without after), name."""
    rank = {v: n for n, v in enumerate(Verdict)}
    return tuple(sorted(operators, key=lambda o: (
        rank[o.verdict], o.credit_code is None, o.credit_code or "", o.name, o.id)))


# --- what arrives: stored or sent lists (hostile) --------------------------------------------

MAX_VERSIONS = 500
"""The most published versions a ledger keeps or a bundle may carry."""
MAX_OPERATORS = 20_000
"""The most operators one version may list (the city has a few hundred)."""
MAX_BYTES = 16 * 1024 * 1024
"""The largest qualified.json a reference bundle may carry."""
_MAX_NAME = OPERATOR.field("name").max_length
_MAX_FRACTION = 40


class ListError(ValueError):
    """A list that cannot be taken (said in Chinese: what and where)."""


@dataclass(frozen=True)
class Published:
    """What the city keeps and sends down: the thresholds in force and every version so far."""

    thresholds: Thresholds = DEFAULT
    versions: tuple[QualifiedList, ...] = ()

    @property
    def latest(self) -> QualifiedList | None:
        """The newest version, if any was published."""
        return self.versions[-1] if self.versions else None

    def version(self, number: int) -> QualifiedList | None:
        """A version by its number."""
        return next((v for v in self.versions if v.version == number), None)

    def to_json(self) -> dict[str, Any]:
        """As stored and sent (qualified.json)."""
        return {"thresholds": self.thresholds.to_json(),
                "versions": [v.to_json() for v in self.versions]}


def parse_published(data: Any) -> Published:
    """The thresholds and versions from stored or sent JSON, every part checked (ListError)."""
    if data in (None, {}):
        return Published()
    if not isinstance(data, dict) or set(data) - {"thresholds", "versions"}:
        raise ListError("合格运营商名单的格式不对")
    try:
        thresholds = parse_thresholds(data.get("thresholds"))
    except ThresholdError as exc:
        raise ListError(str(exc)) from None
    versions = data.get("versions", [])
    if not isinstance(versions, list):
        raise ListError("合格运营商名单的版本列表格式不对")
    if len(versions) > MAX_VERSIONS:
        raise ListError(f"合格运营商名单的版本超过 {MAX_VERSIONS} 个")
    parsed = tuple(_parse_version(item, n) for n, item in enumerate(versions, start=1))
    for earlier, later in itertools.pairwise(parsed):
        if later.version <= earlier.version or later.on < earlier.on:
            raise ListError(f"合格运营商名单第 {later.version} 版的版本号或日期不在前一版之后")
    return Published(thresholds, parsed)


def _parse_version(item: Any, place: int) -> QualifiedList:
    where = f"合格运营商名单的第 {place} 个版本"
    if not isinstance(item, dict):
        raise ListError(f"{where}格式不对")
    version = item.get("version")
    if type(version) is not int or not 1 <= version <= 1_000_000:
        raise ListError(f"{where}的版本号不对")
    where = f"合格运营商名单第 {version} 版"
    on, first = _day(item.get("on"), f"{where}的日期"), _day(item.get("first"), f"{where}的评估期")
    if first > on:
        raise ListError(f"{where}的评估期开始日期晚于名单日期")
    try:
        thresholds = parse_thresholds(item.get("thresholds"))
    except ThresholdError as exc:
        raise ListError(f"{where}：{exc}") from None
    operators = item.get("operators")
    if not isinstance(operators, list) or len(operators) > MAX_OPERATORS:
        raise ListError(f"{where}的运营主体列表不对（最多 {MAX_OPERATORS} 家）")
    listed = tuple(_parse_listed(o, f"{where}第 {n} 家运营主体")
                   for n, o in enumerate(operators, start=1))
    return QualifiedList(version, on, first, thresholds, listed)


def _parse_listed(item: Any, where: str) -> Listed:
    if not isinstance(item, dict):
        raise ListError(f"{where}格式不对")
    record_id, name = item.get("id"), item.get("name")
    if type(record_id) is not str or not 0 < len(record_id) <= 64:
        raise ListError(f"{where}的记录ID不对")
    if type(name) is not str or not 0 < len(name) <= _MAX_NAME:
        raise ListError(f"{where}的名称不对")
    code, kind = item.get("credit_code"), item.get("kind")
    if code is not None and (type(code) is not str or len(code) > 18):
        raise ListError(f"{where}（{name}）的统一社会信用代码不对")
    if kind is not None and OperatorKind.parse(kind) is None:
        raise ListError(f"{where}（{name}）的类型不对")
    try:
        verdict = Verdict(item.get("verdict"))
    except ValueError:
        raise ListError(f"{where}（{name}）的结论不对") from None
    total, used = item.get("evaluations"), item.get("counted")
    if type(total) is not int or type(used) is not int or not 0 <= used <= total <= 1_000_000:
        raise ListError(f"{where}（{name}）的评估次数不对")
    figures = {n: _fraction(item.get(n), high, f"{where}（{name}）的{label}")
               for n, high, label in (("satisfaction", 100, "满意度"),
                                      ("quality", 100, "服务质量评分"),
                                      ("usage", 1_000_000, "月均服务人次"))}
    return Listed(record_id, name, code, kind, verdict, total, used, **figures)


def _day(value: Any, what: str) -> dt.date:
    if type(value) is not str or len(value) != 10:
        raise ListError(f"{what}不对")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ListError(f"{what}不对") from None


def _fraction(value: Any, high: int, what: str) -> Fraction | None:
    if value is None:
        return None
    if type(value) is not str or len(value) > _MAX_FRACTION:
        raise ListError(f"{what}不对")
    try:
        number = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ListError(f"{what}不对") from None
    if not 0 <= number <= high:
        raise ListError(f"{what}超出范围")
    return number


# --- facilities to adjust --------------------------------------------------------------------


class Adjustment(Enum):
    """What a facility's use suggests (可拓展、可转换、能兼容)."""

    EXPAND = "expand"
    CONVERT = "convert"
    SHARE = "share"

    @property
    def label(self) -> str:
        return {"expand": "可拓展", "convert": "可转换", "share": "能兼容"}[self.value]


ADJUSTMENT_RULES = (
    "调整建议的规则：月均服务人次超过服务能力×{days}（每个床位、托位或座位每月服务 {days} "
    "人次）的为“可拓展”；月均服务人次低于 {low} 的，居民使用意愿以“低”为主（记为低的评估占"
    "记录了意愿的一半及以上）的为“可转换”，转为本社区未办结需求最多的其他功能，其余为"
    "“能兼容”，与其他功能共用场地。没有月均服务人次的设施不作判断。"
)


def adjustment_rules(thresholds: Thresholds) -> str:
    """The rule printed under the list of facilities to adjust."""
    return ADJUSTMENT_RULES.format(days=thresholds.place_days,
                                   low=number_text(thresholds.low_usage))


def suggest(thresholds: Thresholds, figures: Rollup, capacity: int | None) -> Adjustment | None:
    """The suggestion for a facility with these figures and capacity; None when none applies."""
    if figures.usage is None:
        return None
    if capacity and figures.usage > capacity * thresholds.place_days:
        return Adjustment.EXPAND
    if figures.usage < thresholds.low_usage:
        return Adjustment.CONVERT if figures.mostly_unwilling else Adjustment.SHARE
    return None
