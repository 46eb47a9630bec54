"""The `programme` command: the city's programme directory (名录) — list, history, and the city's
changes (join, leave, replace, import of its list as a workbook)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, command, db_option, opened, print_table
from app.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt

    from app.cli.common import Commands
    from app.domain.programme import Directory, TierChange


def register(sub: Commands) -> None:
    """Add `programme` and its actions."""
    p = command(sub, "programme",
                "项目名录（国家试点项目、市级项目）：list 查看；history 某项目的变更；"
                "join 调入；leave 调出；replace 替换；import 从 Excel 导入名单"
                "（变更只能在市级台账进行）", _programme)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = _action(actions, "list", "列出某日名录中的项目（按类型、批次年度），及各项目已录入的进度")
    q.add_argument("--scope", metavar="LEVEL:NAME|CODE", help="范围（默认：本机辖区）")
    q.add_argument("--on", metavar="DATE", help="哪一天的名录（默认今天）")
    _format(q)
    q = _action(actions, "history", "某项目在名录中的全部变更（调入、调出、替换）")
    q.add_argument("name", metavar="NAME", help="项目名称")
    _format(q)
    q = _action(actions, "join", "调入（列入）名录：项目自某日起属于国家试点项目或市级项目")
    q.add_argument("name", metavar="NAME", help="项目名称")
    q.add_argument("--tier", required=True, metavar="national_pilot|city_project",
                   help="项目类型：national_pilot 国家试点项目，city_project 市级项目")
    _place(q)
    q.add_argument("--year", type=int, metavar="YYYY",
                   help="批次年度（国家试点社区必填）或计划年度")
    q.add_argument("--plan", nargs="+", default=[], metavar="MILESTONE=DATE",
                   help="市里定的计划节点，如 started_on=2026-05-31 或 开工=2026-05-31")
    _dated(q)
    q = _action(actions, "leave", "调出名录：项目自某日起不再属于原类型（计为其他项目）")
    q.add_argument("name", metavar="NAME", help="项目名称")
    _dated(q)
    q = _action(actions, "replace", "替换：新项目自某日起接替原项目的类型、批次和计划")
    q.add_argument("name", metavar="OLD", help="被替换的项目名称")
    q.add_argument("--by", required=True, metavar="NEW", help="接替的项目名称")
    _place(q)
    q.add_argument("--year", type=int, metavar="YYYY", help="批次年度（默认沿用原项目的）")
    q.add_argument("--plan", nargs="+", default=[], metavar="MILESTONE=DATE",
                   help="新的计划节点（默认沿用原项目的）")
    _dated(q)
    q = _action(actions, "import", "从 Excel 导入市里的名单（一次全部导入，有错则都不导入）")
    q.add_argument("file", type=Path, metavar="FILE.xlsx",
                   help="表头：项目名称、项目类型、社区（代码或名称）或街道、批次年度、列入日期、原因")


def _action(actions: Any, name: str, text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(name, help=text, description=text)
    db_option(parser)
    return parser


def _format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--json", dest="format", action="store_const", const="json",
                        help="同 --format json")


def _place(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--community", metavar="CODE|NAME", help="所在社区（代码或唯一名称）")
    where.add_argument("--street", metavar="CODE|NAME", help="以街道为单元的项目：所在街道")


def _dated(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--on", required=True, metavar="DATE", help="变更生效日期，如 2026-05-01")
    parser.add_argument("--reason", default="", metavar="TEXT",
                        help="原因（首次列入以后的变更必填）")
    _format(parser)


def _day(raw: str | None) -> dt.date:
    from app.domain import china_time
    from app.domain.validate import Invalid, parse_date

    if raw is None:
        return china_time.today()
    try:
        return parse_date(raw)
    except Invalid as exc:
        raise UsageError(f"日期“{raw}”：{exc}") from None


def _programme(args: argparse.Namespace) -> int:
    handler = {"list": _list, "history": _history, "join": _join, "leave": _leave,
               "replace": _replace, "import": _import}[args.action]
    return handler(args)


def _list(args: argparse.Namespace) -> int:
    from app.services import programme
    from app.services.areas import resolve_scope

    day = _day(args.on)
    with opened(args) as ledger:
        scope = resolve_scope(ledger, args.scope) or programme.own_scope(ledger)
        found = programme.listing(ledger, scope, day)
    if args.format == "json":
        _json({"on": day.isoformat(), "version": found.version, "note": found.note,
               "from_records": found.from_records,
               "entries": [e.to_json() for e in found.entries]})
        return EXIT_OK
    print(f"{found.note}（{scope}，共 {len(found.entries)} 个）")
    rows = [[e.tier.label, str(e.year or ""), e.district, e.street, e.community, e.project,
             e.since.isoformat(), e.stage] for e in found.entries]
    print_table(["项目类型", "批次年度", "区县（开发区）", "街道", "社区", "项目名称", "列入日期",
                 "进度"], rows, clip=False)
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    from app.services import programme

    with opened(args) as ledger:
        found = programme.history(ledger, args.name)
    if args.format == "json":
        _json([c.to_json() for c in found])
        return EXIT_OK
    rows = [[c.on.isoformat(), _kind(c), c.project, c.tier.label if c.tier.value != "other"
             else "", str(c.year or ""), c.community or c.street or "", c.replaces or "",
             c.reason] for c in found]
    print_table(["日期", "变更", "项目名称", "项目类型", "批次年度", "所在社区/街道", "替换的项目",
                 "原因"], rows, clip=False)
    return EXIT_OK


def _kind(change: TierChange) -> str:
    from app.domain.programme import ChangeKind

    if change.kind is ChangeKind.JOIN:
        return "列入" if not change.reason else change.kind.label
    return change.kind.label


def _join(args: argparse.Namespace) -> int:
    from app.services import programme

    with opened(args) as ledger:
        programme.require_city(ledger)
        place = programme.place_of(ledger, community=args.community, street=args.street)
        changed = programme.join(ledger, args.name, programme.parse_tier(args.tier), place,
                                 on=_day(args.on), reason=args.reason, year=args.year,
                                 plan=programme.parse_plan(args.plan))
    return _done(args, changed, f"已调入：“{args.name.strip()}”")


def _leave(args: argparse.Namespace) -> int:
    from app.services import programme

    with opened(args) as ledger:
        changed = programme.leave(ledger, args.name, on=_day(args.on), reason=args.reason)
    return _done(args, changed, f"已调出：“{args.name.strip()}”")


def _replace(args: argparse.Namespace) -> int:
    from app.services import programme

    with opened(args) as ledger:
        programme.require_city(ledger)
        place = programme.place_of(ledger, community=args.community, street=args.street)
        changed = programme.replace(ledger, args.name, args.by, place, on=_day(args.on),
                                    reason=args.reason, year=args.year,
                                    plan=programme.parse_plan(args.plan))
    return _done(args, changed, f"已替换：“{args.by.strip()}”接替“{args.name.strip()}”")


def _import(args: argparse.Namespace) -> int:
    from app.services import programme_list

    with opened(args) as ledger:
        result = programme_list.import_list(ledger, args.file)
    print(f"已导入名单：{result.changes} 条变更（名录第 {result.version} 版）")
    return EXIT_OK


def _done(args: argparse.Namespace, changed: Directory, said: str) -> int:
    if args.format == "json":
        _json({"version": changed.version, "change": changed.changes[-1].to_json()})
    else:
        print(f"{said}（名录第 {changed.version} 版）")
    return EXIT_OK


def _json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    print()
