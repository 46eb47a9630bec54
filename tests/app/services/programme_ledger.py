"""A ledger with a programme of known numbers: four communities, six recorded projects and a
directory with a 调出 in June and a 替换 in August (tests of progress, its report and wall chart).

Figures on 2026-12-04 (managing cut; 南院门街道 is managed by 曲江新区):
  pilots 2024: 1 listed, 1 done (东七路一期, operating 2024-11-01);
  pilots 2025: 2 listed (西七路, operating 2026-02-01, 32 days late; 四府街替补, which replaced the
    unrecorded 西一路试点 on 2026-08-01 and operates 2026-09-01, 244 days late), 0 done;
  pilots 2026: 1 listed (四府街二期, not recorded), 0 done; 东七路二期 left on 2026-06-15;
  city projects: 2 listed (西一路助餐 ready 2026-03-01, 四府街托育 only started), 1 ready;
  street unit: 解放门街道 designed 2024-10-01, completed 2026-01-15 (15 days late).
"""

from __future__ import annotations

import datetime as dt

import time_machine

from app.domain import china_time
from app.domain.enums import ProjectTier
from app.domain.programme import ChangeKind, TierChange
from app.services import records
from app.store import programme
from app.store.db import Ledger

RECORDED_ON = dt.datetime(2026, 1, 10, 12, tzinfo=china_time.CHINA)
"""When the communities and projects are entered."""
TODAY = dt.date(2026, 12, 4)

P1 = "东七路社区一期项目"
P2 = "西七路社区养老服务站项目"
P3 = "西一路社区助餐点项目"
P4 = "四府街社区托育点项目"
P5 = "解放门街道为单元试点项目"
P6 = "东七路社区二期项目"
E6 = "四府街社区二期项目"
E7 = "西一路社区试点项目"
R = "四府街社区替补项目"

PILOT, CITY = ProjectTier.NATIONAL_PILOT, ProjectTier.CITY_PROJECT
START = dt.date(2024, 1, 1)


def at(moment: dt.datetime) -> time_machine.travel:
    """The clock stopped at a moment."""
    return time_machine.travel(moment.timestamp(), tick=False)


def fill_programme(ledger: Ledger, *, directory: bool = True) -> dict[str, str]:
    """The communities and projects above (and the directory); the communities' ids by name."""
    with at(RECORDED_ON):
        records.update(ledger, "streets", "南院门街道", {"zone": "曲江新区"})
        ids = {name: records.create(ledger, "communities",
                                    {"name": name, "street": street, "code": code})
               for name, street, code in (
                   ("东七路社区", "解放门街道", "610102005001"),
                   ("西七路社区", "解放门街道", "610102005002"),
                   ("西一路社区", "西一路街道", "610102001001"),
                   ("四府街社区", "南院门街道", "610103001001"))}
        tiers = {"国家试点": "国家试点", "市级": "市级项目"}
        for name, community, tier, year, dates in (
            (P1, "东七路社区", "国家试点", 2024, {"operating_on": "2024-11-01"}),
            (P2, "西七路社区", "国家试点", 2025, {"operating_on": "2026-02-01"}),
            (P3, "西一路社区", "市级", None, {"accepted_on": "2026-03-01", "acceptance": "通过"}),
            (P4, "四府街社区", "市级", None, {"started_on": "2026-05-01"}),
            (P6, "东七路社区", "国家试点", 2026, {}),
            (R, "四府街社区", "国家试点", 2025, {"operating_on": "2026-09-01"}),
        ):
            records.create(ledger, "projects", {
                "name": name, "community": ids[community], "tier": tiers[tier],
                **({"planned_year": year} if year else {}), **dates})
        records.create(ledger, "projects", {
            "name": P5, "street": "解放门街道", "tier": "国家试点", "planned_year": 2024,
            "designed_on": "2024-10-01", "completed_on": "2026-01-15"})
    if directory:
        programme.add_changes(ledger, [
            TierChange(START, ChangeKind.JOIN, P1, PILOT, "610102005001", year=2024),
            TierChange(START, ChangeKind.JOIN, P2, PILOT, "610102005002", year=2025),
            TierChange(START, ChangeKind.JOIN, E7, PILOT, "610102001001", year=2025),
            TierChange(START, ChangeKind.JOIN, E6, PILOT, "610103001001", year=2026),
            TierChange(START, ChangeKind.JOIN, P6, PILOT, "610102005001", year=2026),
            TierChange(START, ChangeKind.JOIN, P3, CITY, "610102001001"),
            TierChange(START, ChangeKind.JOIN, P4, CITY, "610103001001"),
            TierChange(START, ChangeKind.JOIN, P5, PILOT, street="610102005000", year=2024),
        ])
        programme.add_change(ledger, TierChange(
            dt.date(2026, 6, 15), ChangeKind.LEAVE, P6, PILOT, reason="选址调整"))
        programme.add_change(ledger, TierChange(
            dt.date(2026, 8, 1), ChangeKind.REPLACE, R, PILOT, "610103001001",
            reason="原社区无可用空间", replaces=E7))
    return ids
