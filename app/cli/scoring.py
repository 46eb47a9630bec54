"""The `scoring` command: the ranking and assessment rules in force; the city changes them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, command, opened, pairs, print_table
from app.errors import UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands
    from app.domain.scoring import Scoring


def register(sub: Commands) -> None:
    """Add `scoring`."""
    p = command(sub, "scoring", "季度排名和年度考核的计分办法：show 查看现行办法（含版本）；"
                "set 名称=值 …（仅市级）修改并升一版，随参考数据下发", _scoring)
    p.add_argument("action", choices=["show", "set"])
    p.add_argument("settings", nargs="*", metavar="NAME=VALUE",
                   help="set 时要改的项，如 weights.coverage=30 weights.demands=30 fresh_days=10")


def _scoring(args: argparse.Namespace) -> int:
    from app.domain.enums import Role
    from app.domain.scoring import ScoringError
    from app.store import programme
    from app.store.settings import get_setting

    with opened(args) as ledger:
        if args.action == "show":
            if args.settings:
                raise UsageError("scoring show 不带参数")
            _show(programme.scoring(ledger))
            return EXIT_OK
        if get_setting(ledger, "role") != Role.CITY.value:
            raise UsageError("计分办法由市级工作专班设定并随参考数据下发，本台账不能修改；"
                             "用 scoring show 查看现行办法")
        try:
            changed = programme.set_scorings(ledger, pairs(args.settings))
        except ScoringError as exc:
            raise UsageError(f"计分办法未修改：{exc}") from None
    print(f"计分办法已改为第 {changed.version} 版（下次生成参考数据时下发）")
    _show(changed)
    return EXIT_OK


def _show(rules: Scoring) -> None:
    from app.domain.scoring import points_note, points_rules, ranking_rules, settings_now

    print("【季度排名】")
    for line in ranking_rules(rules):
        print(line)
    print("\n【年度考核】")
    print_table(["考核项目", "基础分", "加分", "减分"], points_rules(rules), clip=False)
    print(points_note(rules))
    print("\n【可设项及现值】（scoring set 名称=值）")
    print_table(["名称", "现值"], [list(item) for item in settings_now(rules)])
