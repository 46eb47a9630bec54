"""The `operators` command: the qualified-operator list's thresholds, publishing it, showing it.

The `report` command prints the operators report and the list for publicity
(app/cli/reports.py hands those two kinds to `report_kind` here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, command, db_option, opened, pairs, print_table
from app.errors import UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands
    from app.services.reports import ReportResult
    from app.store.areas import Scope
    from app.store.db import Ledger

KINDS = ("operators", "qualified-operators")
"""The `report` kinds this module writes."""


def register(sub: Commands) -> None:
    """Add `operators` and its actions."""
    p = command(sub, "operators", "合格社区服务运营商名单：thresholds 查看或设置合格标准（市级）；"
                                  "publish 发布新一版名单（市级）；list 查看名单", _operators)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("thresholds", help="查看合格标准；给出 名称=值 则修改（市级），"
                                              "如 satisfaction=90 quality=80")
    db_option(q)
    q.add_argument("settings", nargs="*", metavar="NAME=VALUE",
                   help="satisfaction 满意度（%%）、quality 服务质量评分、"
                        "evaluations 最少评估次数、months 评估期月数、"
                        "low_usage 使用偏低线（人次/月）、"
                        "place_days 每个床位/托位/座位每月服务人次")
    q = actions.add_parser("publish", help="按现有评估和合格标准发布新一版名单，并标记各运营主体"
                                           "（市级）")
    db_option(q)
    q.add_argument("--on", metavar="DATE", help="名单日期（默认今天）；评估期为其前若干个月")
    q = actions.add_parser("list", help="查看本台账的名单（市级发布的，或随参考数据收到的）")
    db_option(q)
    q.add_argument("--version", type=int, metavar="N", help="第几版（默认最新一版）")
    q.add_argument("--format", choices=["table", "json"], default="table", help="输出格式")


def _operators(args: argparse.Namespace) -> int:
    with opened(args) as ledger:
        if args.action == "thresholds":
            return _thresholds(ledger, args.settings)
        if args.action == "publish":
            return _publish(ledger, args.on)
        return _list(ledger, args.version, args.format)


def _thresholds(ledger: Ledger, settings: list[str]) -> int:
    from app.domain.operators import LABELS, number_text
    from app.services import operators

    rules = operators.thresholds(ledger)
    for name, value in pairs(settings).items():
        rules = operators.set_threshold(ledger, name.strip(), value.strip())
    if settings:
        print(f"已修改合格标准（第 {rules.version} 版），下次生成参考数据时下发")
    print_table(["名称", "含义", "值"], [[name, LABELS[name], number_text(getattr(rules, name))]
                                       for name in LABELS], clip=False)
    return EXIT_OK


def _publish(ledger: Ledger, on: str | None) -> int:
    from app.domain import china_time
    from app.domain.operators import Verdict
    from app.domain.validate import Invalid, parse_date
    from app.services import operators

    try:
        day = parse_date(on) if on else None
    except Invalid as exc:
        raise UsageError(f"名单日期：{exc}") from None
    done = operators.publish(ledger, day or china_time.today())
    made = done.published
    counts = "，".join(f"{v.label} {len(made.of(v))} 家" for v in Verdict)
    print(f"已发布合格社区服务运营商名单第 {made.version} 版（{made.on.isoformat()}，评估期 "
          f"{made.period.title}）：{counts}")
    print(f"{done.changed} 家运营主体的“合格运营商”标记有变化；下次生成参考数据时下发")
    return EXIT_OK


def _list(ledger: Ledger, version: int | None, form: str) -> int:
    from app.domain.operators import mean_text
    from app.services import operators

    found = operators.qualified_list(ledger, version)
    if form == "json":
        print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    rules = found.thresholds
    print(f"合格社区服务运营商名单第 {found.version} 版（{found.on.isoformat()}，"
          f"评估期 {found.period.title}）")
    print_table(["结论", "名称", "统一社会信用代码", "计入评估", "平均满意度（%）", "平均评分"],
                [[o.verdict.label, o.name, o.credit_code or "", str(o.counted),
                  mean_text(o.satisfaction, rules.satisfaction),
                  mean_text(o.quality, rules.quality)] for o in found.operators])
    return EXIT_OK


def report_kind(ledger: Ledger, kind: str, scope: Scope | None, out: Path, *,
                year: int | None, version: int | None,
                publicity: tuple[dt.date, dt.date] | None, unit: str | None) -> ReportResult:
    """Write one of KINDS (the `report` command's options passed on)."""
    from app.services import operator_reports

    if kind == "qualified-operators":
        return operator_reports.qualified_report(ledger, out, version=version,
                                                 publicity=publicity, unit=unit)
    return operator_reports.operators_report(ledger, scope, out, year=year, unit=unit)
