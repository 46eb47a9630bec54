"""The national guideline's checkable rules, shown as advice beside the data, never as input errors.

《城市社区嵌入式服务设施建设导则（试行）》(2024): a complex is normally ≥ 600 ㎡
(≥ 800 ㎡ where possible) and carries ≥ 3 functions, ≥ 2 of them standard; single-function sites
are preferably standard ones; community service facilities ≥ 30 ㎡ per 100 households
(80 encouraged); a space needs a safety assessment before it is chosen. Every community is to
have the four standard functions (标配); a missing one is said, with its state when it is under way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.enums import STANDARD_FUNCTIONS, Function, FunctionStatus, Setting, SpaceKind

WARNING = "warning"
INFO = "info"

COMPLEX_MIN_AREA = 600
COMPLEX_GOOD_AREA = 800
AREA_PER_100_HOUSEHOLDS = 30
AREA_PER_100_HOUSEHOLDS_GOOD = 80
_IN_PLAY = {
    FunctionStatus.PLANNED,
    FunctionStatus.BUILDING,
    FunctionStatus.READY,
    FunctionStatus.OPERATING,
}
_STANDARD_NAMES = "、".join(f.label for f in STANDARD_FUNCTIONS)


@dataclass(frozen=True)
class Advice:
    """One advisory check (合规提示): a stable code, a level and a Chinese message."""

    code: str
    level: str
    message: str


def _status(row: Mapping[str, Any]) -> FunctionStatus:
    return FunctionStatus.parse(row.get("status")) or FunctionStatus.NONE


def _area(rows: Sequence[Mapping[str, Any]], spaces: Mapping[str, Mapping[str, Any]]) -> float:
    """Floor area of the facilities in rows: each space counted once, else the rows' own areas."""
    total, seen = 0.0, set()
    for row in rows:
        space_id = row.get("space")
        if space_id and space_id in spaces:
            if space_id not in seen:
                seen.add(space_id)
                total += float(spaces[space_id].get("floor_area") or row.get("floor_area") or 0)
        else:
            total += float(row.get("floor_area") or 0)
    return total


def _standard_missing(
    community: Mapping[str, Any], statuses: Sequence[Mapping[str, Any]]
) -> list[Advice]:
    """The standard functions (标配) not yet built: all four (a warning), or which are missing.

    A 未回迁社区 is left out: nobody lives there yet, and no denominator counts it.
    """
    if community.get("not_resettled"):
        return []
    state = {Function(r["function"]): _status(r) for r in statuses if r.get("function")}
    missing = [f for f in STANDARD_FUNCTIONS
               if not state.get(f, FunctionStatus.NONE).covers]
    if not missing:
        return []
    named = "、".join(
        f.label + (f"（{state[f].label}）" if state.get(f, FunctionStatus.NONE) in _IN_PLAY
                   else "")
        for f in missing
    )
    if len(missing) == len(STANDARD_FUNCTIONS):
        return [Advice("standard_none", WARNING, f"四项标配功能都还没有（建成或运营中）：{named}")]
    return [Advice("standard_missing", INFO, f"缺少标配功能：{named}")]


def community_checks(
    community: Mapping[str, Any],
    statuses: Sequence[Mapping[str, Any]],
    spaces: Sequence[Mapping[str, Any]],
) -> list[Advice]:
    """Advice for one community from its function statuses (field name -> value) and its spaces."""
    by_id = {s["id"]: s for s in spaces}
    advice: list[Advice] = [*_standard_missing(community, statuses)]
    complex_rows = [
        r for r in statuses if r.get("setting") == Setting.COMPLEX.value and _status(r) in _IN_PLAY
    ]
    if complex_rows:
        functions = {Function(r["function"]) for r in complex_rows}
        standard = functions & set(STANDARD_FUNCTIONS)
        if len(functions) < 3:
            advice.append(
                Advice(
                    "complex_functions",
                    WARNING,
                    f"综合体一般应承载至少3项功能，目前 {len(functions)} 项",
                )
            )
        if len(standard) < 2:
            advice.append(
                Advice(
                    "complex_standard",
                    WARNING,
                    f"综合体至少应有2项标配功能（{_STANDARD_NAMES}），目前 {len(standard)} 项",
                )
            )
        area = _area(complex_rows, by_id)
        if not area:
            advice.append(
                Advice(
                    "complex_area_unknown",
                    INFO,
                    f"综合体未填写建筑面积，无法核对是否不少于{COMPLEX_MIN_AREA}㎡",
                )
            )
        elif area < COMPLEX_MIN_AREA:
            advice.append(
                Advice(
                    "complex_area",
                    WARNING,
                    f"综合体建筑面积一般不少于{COMPLEX_MIN_AREA}㎡，目前 {area:g}㎡",
                )
            )
        elif area < COMPLEX_GOOD_AREA:
            advice.append(
                Advice(
                    "complex_area_good",
                    INFO,
                    f"有条件的综合体宜不少于{COMPLEX_GOOD_AREA}㎡，目前 {area:g}㎡",
                )
            )
    scattered = [
        r
        for r in statuses
        if r.get("setting") == Setting.SCATTERED.value and _status(r) in _IN_PLAY
    ]
    if not complex_rows and any(
        Function(r["function"]) not in STANDARD_FUNCTIONS for r in scattered
    ):
        names = "、".join(
            sorted(
                {
                    Function(r["function"]).label
                    for r in scattered
                    if Function(r["function"]) not in STANDARD_FUNCTIONS
                }
            )
        )
        advice.append(
            Advice(
                "scattered_standard",
                INFO,
                f"无法建设综合体时，插花式单点设施宜优先选择标配功能（{_STANDARD_NAMES}）；"
                f"目前的单点设施有：{names}",
            )
        )
    households = community.get("households")
    if not households:
        advice.append(
            Advice(
                "households_unknown",
                INFO,
                f"未填写户数，无法核对服务设施面积是否达到每百户{AREA_PER_100_HOUSEHOLDS}㎡",
            )
        )
    else:
        built = [r for r in statuses if _status(r).covers]
        area = _area(built, by_id)
        per_100 = area / households * 100
        if per_100 < AREA_PER_100_HOUSEHOLDS:
            need = AREA_PER_100_HOUSEHOLDS * households / 100
            advice.append(
                Advice(
                    "area_per_households",
                    WARNING,
                    f"服务设施面积宜不少于每百户{AREA_PER_100_HOUSEHOLDS}㎡："
                    f"目前每百户 {per_100:.1f}㎡，"
                    f"{households} 户约需 {need:.0f}㎡",
                )
            )
        elif per_100 < AREA_PER_100_HOUSEHOLDS_GOOD:
            advice.append(
                Advice(
                    "area_per_households_good",
                    INFO,
                    f"鼓励达到每百户{AREA_PER_100_HOUSEHOLDS_GOOD}㎡，目前每百户 {per_100:.1f}㎡",
                )
            )
    chosen = {str(r["space"]) for r in statuses if r.get("space") and _status(r) in _IN_PLAY}
    for space_id in sorted(s for s in chosen if s in by_id):
        space = by_id[space_id]
        if not space.get("safety_assessed"):
            advice.append(
                Advice(
                    "safety_assessment",
                    WARNING,
                    f"空间“{space.get('name')}”已选用，但未记录完成安全评估",
                )
            )
    for space in spaces:
        if (
            space.get("kind") == SpaceKind.SUPPORTING_ROOM.value
            and space.get("permit_required")
            and space.get("permit_delivered") is False
            and not space.get("permit_action")
        ):
            advice.append(
                Advice(
                    "permit_action",
                    INFO,
                    f"配套用房“{space.get('name')}”规划要求配建但未移交，请明确处置方式（收回、置换或补建）",
                )
            )
    return advice
