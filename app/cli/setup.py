"""Commands that make a ledger: `init` (reference list, role and area) and `demo` (demo data)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, command, db_path

if TYPE_CHECKING:
    from app.cli.common import Commands


def register(sub: Commands) -> None:
    """Add `init` and `demo`."""
    p = command(sub, "init", "创建台账（含西安市区县、街道参考名录），设置本机角色和辖区", _init)
    p.add_argument(
        "--role", choices=["street", "district", "city"], help="本机角色：街道、区县或市"
    )
    p.add_argument("--area", metavar="NAME|CODE", help="本机辖区：街道或区县（开发区）的名称或代码")
    p.add_argument(
        "--communities", choices=["all", "none"], default="all",
        help="设置角色和辖区时，是否按官方名录（2023 年区划代码）添加辖区内的全部社区（默认 all）",
    )
    p.add_argument("--unit", metavar="NAME",
                   help="打印报表的制表单位（默认按辖区，如 解放门街道办事处）")
    p.add_argument("--preparer", metavar="NAME", help="打印报表的制表人")

    p = command(sub, "demo", "生成演示数据（仅用于演示和测试，不要用于正式台账）", _demo)
    p.add_argument(
        "--scale",
        choices=["normal", "city"],
        default="normal",
        help="normal：本辖区；city：全市规模的性能测试数据",
    )
    p.add_argument("--scope", metavar="LEVEL:NAME|CODE", help="生成范围（默认：本机辖区）")


def _init(args: argparse.Namespace) -> int:
    from app.services import records
    from app.services.setup import init_ledger
    from app.store.areas import configured_scope

    path = db_path(args)
    ledger = init_ledger(path, role=args.role, area=args.area, communities=args.communities,
                         unit=args.unit, preparer=args.preparer)
    try:
        scope = configured_scope(ledger)
        streets, districts = records.count(ledger, "streets"), records.count(ledger, "districts")
        communities = records.count(ledger, "communities")
    finally:
        ledger.close()
    print(f"台账已就绪：{path}")
    print(f"参考名录：{districts} 个区县，{streets} 个街道（镇）")
    if scope is not None:
        print(f"本机辖区：{scope}")
    if args.role is not None or args.area is not None:
        print(f"台账中的社区：{communities} 个"
              + ("（已按官方名录添加辖区内的社区）" if args.communities == "all" else ""))
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from app.services import demo
    from app.services.areas import resolve_scope
    from app.services.setup import init_ledger
    from app.store.areas import configured_scope
    from app.task import TaskState

    ledger = init_ledger(db_path(args))
    try:
        scope = resolve_scope(ledger, args.scope) or configured_scope(ledger)

        def progress(done: int, total: int, _text: str) -> None:
            print(f"\r生成演示数据：{done}/{total}", end="", file=sys.stderr, flush=True)

        summary = demo.generate(ledger, scope, scale=args.scale, task=TaskState(progress))
        print(file=sys.stderr)
    finally:
        ledger.close()
    print(f"演示数据已生成：{summary}")
    return EXIT_OK
