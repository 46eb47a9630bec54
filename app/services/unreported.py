"""未报送情况: the part of a district's or the city's report that names who has not reported.

Two things, both as of the report's day: the streets this ledger holds no data of at all (their
areas are missing from every figure: data_state.silent_streets, the hardening issue's
definition), and the streets silent for the scoring rules' stale_days or more (their last report,
data or contact, direct or relayed), grouped by 区县（开发区）.
"""

from __future__ import annotations

import datetime as dt

from app.domain.enums import Level
from app.io.document import Block, Table, Text, heading, note
from app.services.data_state import silent_streets, silent_text
from app.services.freshness import freshness
from app.store.areas import Scope
from app.store.db import Ledger


def unreported_section(ledger: Ledger, scope: Scope | None, day: dt.date,
                       before: dt.datetime) -> list[Block]:
    """The 未报送情况 blocks of a report for `day` (history before `before`); none for a street's
    own report with nothing to name."""
    missing = silent_streets(ledger, scope)
    found = freshness(ledger, scope, day, before=before)
    flagged = found.flagged
    if scope is not None and scope.level in (Level.STREET, Level.COMMUNITY) and not (
            missing or flagged):
        return []
    blocks: list[Block] = [heading("未报送情况")]
    if missing:
        blocks.append(Text(f"尚无报送数据的街道（{len(missing)} 个），本通报未含其情况："
                           f"{silent_text(missing)}"))
    if not flagged:
        blocks.append(note(f"截至 {day.isoformat()}，各街道均在 {found.threshold} 天内有报送。"))
        return blocks
    rows: list[list[str]] = []
    for area in found.areas:
        for street in area.streets:
            if street.flagged:
                rows.append([area.name, street.street, street.last_text,
                             "—" if street.days is None else f"{street.days} 天"])
    blocks += [
        Text(f"截至 {day.isoformat()}，连续 {found.threshold} 天以上未报送（或从未报送）的街道 "
             f"{len(flagged)} 个："),
        Table(["区县（开发区）", "街道", "最后报送", "未报送天数"], rows, [24, 28, 20, 16],
              ["left", "left", "centre", "right"]),
        note("最后报送：该街道最近一次报送数据或联系（数据包、检查点，含区县转报）的日期；"
             "开发区管理的街道计入开发区。"),
    ]
    return blocks
