"""The `report` command: the PDF reports (demand lists, community profile, monthly report),
the programme's (progress, wall chart: app/cli/progress_reports.py) and 运营评估's (the operators
report and the qualified-operator list: app/cli/operators.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import operators
from app.cli.common import EXIT_OK, command, opened
from app.cli.progress_reports import PROGRAMME_KINDS, add_programme_options, programme_report
from app.errors import UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands


def register(sub: Commands) -> None:
    """Add `report`."""
    p = command(sub, "report", "打印报表：需求清单（公示版、内部版）、社区概况、月通报、"
                "建设进度、挂图作战图、季度排名、年度考核、运营评估、合格运营商名单", _report)
    p.add_argument("kind", choices=["demands", "demands-internal", "profile", "monthly",
                                    *PROGRAMME_KINDS, *PERIOD_KINDS, *operators.KINDS],
                   help="demands：需求清单公示版（个人信息已隐去）；demands-internal：内部版；"
                        "profile：社区概况；monthly：月通报（需 --month）；"
                        "progress：建设进度（.pdf 或 .xlsx）；wall-chart：挂图作战图（仅 .pdf）；"
                        "ranking：季度排名（需 --quarter）；assessment：年度考核（需 --year）；"
                        "operators：运营评估（.pdf 或 .xlsx，可加 --year，默认近12个月）；"
                        "qualified-operators：合格社区服务运营商名单公示版（不需 --scope）")
    p.add_argument("--month", metavar="YYYY-MM", help="月通报的月份，如 2026-10")
    p.add_argument("--quarter", metavar="YYYYQN", help="季度排名的季度，如 2026Q4")
    p.add_argument("--scope", metavar="LEVEL:NAME|CODE",
                   help="范围，如 community:610102005001、street:解放门街道"
                        "（qualified-operators 以外都要给出）")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                   help="输出的文件：PDF；建设进度、季度排名、年度考核、运营评估、合格运营商名单"
                        "也可用 .xlsx")
    p.add_argument("--publicity-from", metavar="DATE", help="公示期开始日期（公示版）")
    p.add_argument("--publicity-to", metavar="DATE", help="公示期结束日期（公示版）")
    p.add_argument("--unit", metavar="NAME", help="制表单位（默认按范围，如 解放门街道办事处）")
    p.add_argument("--year", type=int, metavar="YYYY", help="年度，如 2026（年度考核、运营评估）")
    p.add_argument("--version", type=int, metavar="N", help="合格运营商名单第几版（默认最新一版）")
    add_programme_options(p)


def _report(args: argparse.Namespace) -> int:
    from app.domain.validate import Invalid, parse_date
    from app.io.report_file import check_suffix
    from app.services import reports
    from app.services.areas import resolve_scope

    out: Path = args.out
    if args.scope is None and args.kind != "qualified-operators":
        raise UsageError("请用 --scope 给出范围，如 --scope street:解放门街道")
    if args.kind in PROGRAMME_KINDS:
        return programme_report(args)
    if args.kind in PERIOD_KINDS:
        return _period_report(args)
    if args.kind in operators.KINDS:
        check_suffix(out)
    elif out.suffix.lower() != ".pdf":
        raise UsageError("报表请用 .pdf 文件名，如 --out 需求清单.pdf")
    publicity = None
    if args.publicity_from or args.publicity_to:
        if not (args.publicity_from and args.publicity_to):
            raise UsageError("公示期请同时给出 --publicity-from 和 --publicity-to")
        try:
            publicity = (parse_date(args.publicity_from), parse_date(args.publicity_to))
        except Invalid as exc:
            raise UsageError(f"公示期：{exc}") from None
    if args.kind == "monthly" and not args.month:
        raise UsageError("月通报请用 --month 给出月份，如 --month 2026-10")
    with opened(args) as ledger:
        scope = resolve_scope(ledger, args.scope)
        if args.kind in operators.KINDS:
            result = operators.report_kind(ledger, args.kind, scope, out, year=args.year,
                                           version=args.version, publicity=publicity,
                                           unit=args.unit)
        elif args.kind == "profile":
            result = reports.community_profile(ledger, scope, out, unit=args.unit)
        elif args.kind == "monthly":
            result = reports.monthly_report(ledger, scope, args.month, out, unit=args.unit)
        else:
            result = reports.demand_list(ledger, scope, out, publicity=publicity, unit=args.unit,
                                         internal=args.kind == "demands-internal")
    counted = "行" if out.suffix.lower() == ".xlsx" else "页"  # a workbook has rows, not pages
    print(f"已生成：{out}（共 {result.pages} {counted}）")
    return EXIT_OK


PERIOD_KINDS = ("ranking", "assessment")
"""The reports of a quarter or a year above the street, written as .pdf or .xlsx."""


def _period_report(args: argparse.Namespace) -> int:
    """季度排名 (--quarter) or 年度考核 (--year), the format by --out's suffix."""
    from app.io.report_file import check_suffix
    from app.services.areas import resolve_scope
    from app.services.assessment import assessment_report
    from app.services.ranking import ranking_report

    out: Path = args.out
    check_suffix(out)
    if args.by == "legal":
        raise UsageError("季度排名和年度考核按区县（开发区）计，开发区管理的街道计入开发区，"
                         "不能按 --by legal 出")
    if args.kind == "ranking" and not args.quarter:
        raise UsageError("季度排名请用 --quarter 给出季度，如 --quarter 2026Q4")
    if args.kind == "assessment" and not args.year:
        raise UsageError("年度考核请用 --year 给出年度，如 --year 2026")
    with opened(args) as ledger:
        scope = resolve_scope(ledger, args.scope)
        if args.kind == "ranking":
            result = ranking_report(ledger, scope, args.quarter, out, unit=args.unit)
        else:
            result = assessment_report(ledger, scope, str(args.year), out, unit=args.unit)
    unit = "页" if out.suffix.lower() == ".pdf" else "行"
    print(f"已生成：{out}（共 {result.pages} {unit}）")
    return EXIT_OK
