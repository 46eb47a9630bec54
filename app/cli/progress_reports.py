"""`report progress|wall-chart`: the programme's progress (.pdf, .xlsx) and wall chart (.pdf)."""

from __future__ import annotations

import argparse

from app.cli.common import EXIT_OK, opened
from app.errors import UsageError

PROGRAMME_KINDS = ("progress", "wall-chart")


def add_programme_options(p: argparse.ArgumentParser) -> None:
    """--by, --paper and --date (the progress report and the wall chart)."""
    p.add_argument("--by", choices=["legal", "managing"], default="managing",
                   help="按区县统计的口径：managing（默认，开发区托管的街道计入开发区）"
                        "或 legal（按行政区划）")
    p.add_argument("--paper", choices=["A3", "A4"], default="A3",
                   help="挂图作战图的纸张（横向），默认 A3")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="建设进度、挂图作战图的统计日（默认今天；过去的日期按当日的数据统计）")


def programme_report(args: argparse.Namespace) -> int:
    """Write the progress report or the wall chart; the format follows --out's suffix."""
    from app.domain.validate import Invalid, parse_date
    from app.services.areas import resolve_scope
    from app.services.progress_report import progress_report
    from app.services.wall_chart import wall_chart

    day = None
    if args.date:
        try:
            day = parse_date(args.date)
        except Invalid as exc:
            raise UsageError(f"统计日 --date：{exc}") from None
    with opened(args) as ledger:
        scope = resolve_scope(ledger, args.scope)
        if args.kind == "wall-chart":
            result = wall_chart(ledger, scope, args.out, paper=args.paper, day=day, by=args.by,
                                unit=args.unit)
        else:
            result = progress_report(ledger, scope, args.out, day=day, by=args.by,
                                     unit=args.unit)
    unit = "行" if args.out.suffix.lower() == ".xlsx" else "页"
    print(f"已生成：{args.out}（共 {result.pages} {unit}）")
    return EXIT_OK
