"""The `contacts` command: each street's last report, those silent too long first (未报送)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, command, opened, print_table
from app.errors import UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands
    from app.services.freshness import Freshness


def register(sub: Commands) -> None:
    """Add `contacts`."""
    p = command(sub, "contacts", "未报送情况：各街道最后一次报送（数据或联系）及距今天数，"
                                 "超过天数的排在前面", _contacts)
    p.add_argument("--scope", metavar="LEVEL:NAME|CODE", help="范围（默认：本机辖区）")
    p.add_argument("--days", type=int, metavar="N",
                   help="连续多少天未报送即标出（默认按计分规则，30 天）")
    p.add_argument("--on", metavar="DATE", help="统计到哪一天（默认今天）")
    p.add_argument("--by", choices=["managing", "legal"], default="managing",
                   help="按管理的区县（开发区）汇总（managing，默认）或按法定区县（legal）")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--json", dest="format", action="store_const", const="json",
                   help="同 --format json")


def _contacts(args: argparse.Namespace) -> int:
    from app.domain import china_time
    from app.domain.validate import Invalid, parse_date
    from app.services.areas import resolve_scope
    from app.services.freshness import freshness
    from app.store.areas import CITY, configured_scope

    if args.days is not None and args.days < 1:
        raise UsageError(f"--days 应至少为 1，收到 {args.days}")
    try:
        day = parse_date(args.on) if args.on else china_time.today()
    except Invalid as exc:
        raise UsageError(f"日期“{args.on}”：{exc}") from None
    with opened(args) as ledger:
        scope = resolve_scope(ledger, args.scope) or configured_scope(ledger) or CITY
        found = freshness(ledger, scope, day, days=args.days, by=args.by)
    if args.format == "json":
        json.dump(as_json(found), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    flagged = found.flagged
    print(f"截至 {day.isoformat()}，{scope}：共 {len(found.streets)} 个街道，"
          f"连续 {found.threshold} 天以上未报送（或从未报送）的 {len(flagged)} 个")
    print_table(["区县（开发区）", "街道", "最后报送", "未报送天数", "状态"],
                [[s.report.managing() if args.by == "managing" else s.report.district,
                  s.street, s.last_text, "" if s.days is None else str(s.days),
                  "未报送" if s.flagged else ""] for s in found.streets], clip=False)
    if len(found.areas) > 1:
        print()
        print_table(["区县（开发区）", "街道数", "未报送街道", "最近报送"],
                    [[a.name, str(len(a.streets)), str(a.silent),
                      a.streets[0].last_text if a.last is None
                      else china_time.local(a.last).date().isoformat()]
                     for a in found.areas], clip=False)
    return EXIT_OK


def as_json(found: Freshness) -> dict[str, Any]:
    """What `contacts --format json` prints."""
    def moment(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "on": found.day.isoformat(), "days": found.threshold,
        "streets": [{"street": s.street, "code": s.report.code, "district": s.report.district,
                     "zone": s.report.zone, "last": moment(s.last),
                     "last_data": moment(s.report.last_data),
                     "last_contact": moment(s.report.last_contact),
                     "days": s.days, "flagged": s.flagged} for s in found.streets],
        "areas": [{"name": a.name, "streets": len(a.streets), "silent": a.silent,
                   "last": moment(a.last), "days": a.days} for a in found.areas],
    }
