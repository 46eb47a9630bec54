"""Commands for workbooks: `export` (Excel, or one table as CSV) and `import` (checked first)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, EXIT_USAGE, command, opened
from app.errors import UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands

ERRORS_SHOWN = 50
"""Errors printed on the terminal; the error workbook holds them all."""
UPDATES_SHOWN = 50
"""Updated records a check prints with their changes; the rest are counted."""


def register(sub: Commands) -> None:
    """Add `export` and `import`."""
    p = command(sub, "export", "导出台账为 Excel 工作簿（或用 --entity 导出一张表为 CSV）",
                _export)
    p.add_argument("--out", type=Path, required=True, metavar="FILE",
                   help="输出文件：.xlsx（全部台账）或 .csv（配合 --entity）")
    p.add_argument("--template", action="store_true",
                   help="只导出空白模板（带下拉选项，不含数据）")
    p.add_argument("--scope", metavar="LEVEL:NAME|CODE", help="范围，如 street:解放门街道")
    p.add_argument("--entity", metavar="ENTITY", help="只导出这一种记录（写为 CSV）")

    p = command(sub, "import", "导入 Excel、WPS 或 CSV 台账（先检查整个文件，有错误则不写入）",
                _import)
    p.add_argument("file", type=Path, metavar="FILE", help=".xlsx .xlsm .xls .ods 或 .csv 文件")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告将要做的修改，不写入")
    p.add_argument("--valid-rows-only", action="store_true",
                   help="有错误时仍导入正确的行（错误的行跳过，并写出错误工作簿）")

    p = command(sub, "undo-import",
                "撤销最近一次导入（删除它新增的记录，把它更新的记录改回导入前；"
                "导入后又修改过的记录保持现状）", _undo_import)
    p.add_argument("--dry-run", action="store_true", help="只报告将要做的修改，不写入")


def _export(args: argparse.Namespace) -> int:
    from app.services import exports
    from app.services.areas import resolve_scope

    out: Path = args.out
    with opened(args) as ledger:
        scope = resolve_scope(ledger, args.scope)
        if args.entity:
            if out.suffix.lower() != ".csv":
                raise UsageError("--entity 导出一张表时请用 .csv 文件名，如 --out 需求清单.csv")
            rows = exports.export_csv(ledger, args.entity, out, scope=scope)
            print(f"已导出 {rows} 条记录到：{out}")
            return EXIT_OK
        if out.suffix.lower() != ".xlsx":
            raise UsageError(
                "工作簿请用 .xlsx 文件名，如 --out 台账.xlsx（单张表可用 --entity 导出 CSV）"
            )
        summary = exports.export_workbook(ledger, out, scope=scope, template=args.template)
    if args.template:
        print(f"已导出空白模板：{out}")
    else:
        counts = "，".join(f"{name} {n} 条" for name, n in summary.rows.items())
        print(f"已导出到：{out}（{counts}）")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from app.services import imports
    from app.services.import_report import write_error_workbook
    from app.services.imports import error_workbook_path

    path: Path = args.file
    with opened(args) as ledger:
        plan = imports.plan_import(ledger, path)
        _print_plan(plan)
        errors = plan.errors
        if errors:
            report = write_error_workbook(plan, error_workbook_path(path))
            print(f"错误工作簿（错误的单元格已标红并附批注）：{report}", file=sys.stderr)
            if not args.valid_rows_only:
                print(f"有 {len(errors)} 处错误，没有导入任何内容。", file=sys.stderr)
                return EXIT_USAGE
        if args.dry_run:
            print("试运行（--dry-run）：没有写入任何内容。")
            return EXIT_OK
        result = imports.import_file(ledger, path, valid_rows_only=args.valid_rows_only)
    if result.total:
        print(f"已导入：{result.plan.summary()}。导入前的备份：{result.backup}")
    else:
        print("台账中已是这些内容，无需修改。")
    return EXIT_OK


def _undo_import(args: argparse.Namespace) -> int:
    from app.services import import_undo

    with opened(args) as ledger:
        mark = import_undo.last_import(ledger)
        if mark is None:  # nothing to do, like nothing to bundle: not an error
            print(f"没有可以撤销的导入（只保留最近 {import_undo.KEPT} 次导入，已撤销的不能再撤销）")
            return EXIT_OK
        plan = import_undo.plan_undo(ledger, mark)
        print(f"最近一次导入：“{mark.file}”（{mark.at}）：{plan.summary()}")
        for kept in plan.kept[:ERRORS_SHOWN]:
            print(f"  {kept}")
        if len(plan.kept) > ERRORS_SHOWN:
            print(f"  ……另有 {len(plan.kept) - ERRORS_SHOWN} 条")
        if args.dry_run:
            print("试运行（--dry-run）：没有写入任何内容。")
            return EXIT_OK
        print(import_undo.undo_import(ledger, mark).message())
    return EXIT_OK


def _print_plan(plan: Any) -> None:
    """What a file holds and what importing it would do, sheet by sheet; then its errors."""
    for sheet in plan.sheets:
        name = sheet.sheet.name
        if sheet.spec is None:
            print(f"工作表“{name}”：{sheet.note}")
            continue
        print(f"工作表“{name}”→ {sheet.spec.label}（表头在第 {sheet.header_row + 1} 行）："
              f"新增 {sheet.count('new')}，更新 {sheet.count('update') + sheet.count('restore')}，"
              f"无变化 {sheet.count('same')}")
        if sheet.ignored:
            print(f"  未识别的列（已忽略）：{'、'.join(sheet.ignored)}")
    for updated in plan.updates[:UPDATES_SHOWN]:
        print(f"  将更新：{updated.heading()}")
        for change in updated.fields:
            print(f"    {change}")
    if len(plan.updates) > UPDATES_SHOWN:
        print(f"  ……另有 {len(plan.updates) - UPDATES_SHOWN} 条记录将更新")
    errors = plan.errors
    for error in errors[:ERRORS_SHOWN]:
        print(f"  {error}", file=sys.stderr)
    if len(errors) > ERRORS_SHOWN:
        print(f"  ……另有 {len(errors) - ERRORS_SHOWN} 处错误，见错误工作簿", file=sys.stderr)
