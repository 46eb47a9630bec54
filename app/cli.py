"""The command line: `facility-ledger …` (or `python -m app`) runs the services without a window."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import traceback
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from app import __version__, paths
from app.domain import china_time
from app.domain.fields import EntitySpec, Kind
from app.errors import KnownError, NeedsPerson, UsageError

if TYPE_CHECKING:
    from app.store.db import Ledger

EXIT_OK, EXIT_BUG, EXIT_USAGE, EXIT_VERIFY, EXIT_PERSON = 0, 1, 2, 3, 4
ERRORS_SHOWN = 50
"""Errors printed on the terminal; the error workbook holds them all."""


class _Parser(argparse.ArgumentParser):
    """argparse that explains usage errors in Chinese and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误：{message}\n（运行 facility-ledger -h 查看帮助）\n")


def _db_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # --db is accepted anywhere (main() lifts it to the front); listed on every command for -h.
    parser.add_argument(
        "--db",
        type=Path,
        default=None if top else argparse.SUPPRESS,
        metavar="PATH",
        help=f"台账数据库文件（默认：环境变量 {paths.DB_ENV}，否则用户数据目录下的 ledger.db）",
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree."""
    parser = _Parser(prog="facility-ledger", description="社区嵌入式服务设施台账（命令行）")
    parser.add_argument("--version", action="version", version=f"facility-ledger {__version__}")
    _db_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, help_text: str, handler: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _db_option(p)
        p.set_defaults(handler=handler)
        return p

    p = command("init", "创建台账（含西安市区县、街道参考名录），设置本机角色和辖区", _init)
    p.add_argument(
        "--role", choices=["street", "district", "city"], help="本机角色：街道、区县或市"
    )
    p.add_argument("--area", metavar="NAME|CODE", help="本机辖区：街道或区县（开发区）的名称或代码")

    p = command("demo", "生成演示数据（仅用于演示和测试，不要用于正式台账）", _demo)
    p.add_argument(
        "--scale",
        choices=["normal", "city"],
        default="normal",
        help="normal：本辖区；city：全市规模的性能测试数据",
    )
    p.add_argument("--scope", metavar="LEVEL:NAME|CODE", help="生成范围（默认：本机辖区）")

    p = command("list", "列出记录", _list)
    p.add_argument(
        "entity", help="记录类型，如 communities、spaces、demands（也可用中文：社区、需求清单）"
    )
    p.add_argument(
        "--scope",
        metavar="LEVEL:NAME|CODE",
        help="范围，如 street:解放门街道、community:610102005001",
    )
    p.add_argument("--search", metavar="TEXT", help="全文搜索（中文，一两个字也可以）")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--limit", type=int, help="最多列出多少条")
    p.add_argument("--sort", metavar="FIELD", help="排序字段")
    p.add_argument("--desc", action="store_true", help="倒序")
    p.add_argument("--deleted", action="store_true", help="包括已删除的记录")

    p = command("add", "添加一条记录，打印新记录的ID", _add)
    p.add_argument("entity")
    p.add_argument(
        "values", nargs="*", metavar="FIELD=VALUE", help="字段名或中文名=值，如 name=东七路社区"
    )

    p = command("update", "修改一条记录", _update)
    p.add_argument("entity")
    p.add_argument("id", metavar="ID", help="记录ID、代码或唯一名称")
    p.add_argument("values", nargs="+", metavar="FIELD=VALUE")

    for name, text, handler in (
        ("delete", "删除一条记录（可恢复）", _delete),
        ("restore", "恢复已删除的记录", _restore),
    ):
        p = command(name, text, handler)
        p.add_argument("entity")
        p.add_argument("id", metavar="ID")

    p = command("history", "查看一条记录的修改历史", _history)
    p.add_argument("entity")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=["table", "json"], default="table")

    p = command("export", "导出台账为 Excel 工作簿（或用 --entity 导出一张表为 CSV）", _export)
    p.add_argument("--out", type=Path, required=True, metavar="FILE",
                   help="输出文件：.xlsx（全部台账）或 .csv（配合 --entity）")
    p.add_argument("--template", action="store_true",
                   help="只导出空白模板（带下拉选项，不含数据）")
    p.add_argument("--scope", metavar="LEVEL:NAME|CODE", help="范围，如 street:解放门街道")
    p.add_argument("--entity", metavar="ENTITY", help="只导出这一种记录（写为 CSV）")

    p = command("import", "导入 Excel、WPS 或 CSV 台账（先检查整个文件，有错误则不写入）",
                _import)
    p.add_argument("file", type=Path, metavar="FILE", help=".xlsx .xlsm .xls .ods 或 .csv 文件")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告将要做的修改，不写入")
    p.add_argument("--valid-rows-only", action="store_true",
                   help="有错误时仍导入正确的行（错误的行跳过，并写出错误工作簿）")

    p = command("report", "打印报表为 PDF：需求清单（公示版、内部版）、社区概况、月通报", _report)
    p.add_argument("kind", choices=["demands", "demands-internal", "profile", "monthly"],
                   help="demands：需求清单公示版（个人信息已隐去）；demands-internal：内部版；"
                        "profile：社区概况；monthly：月通报（需 --month）")
    p.add_argument("--month", metavar="YYYY-MM", help="月通报的月份，如 2026-10")
    p.add_argument("--scope", metavar="LEVEL:NAME|CODE", required=True,
                   help="范围，如 community:610102005001、street:解放门街道")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
    p.add_argument("--publicity-from", metavar="DATE", help="公示期开始日期（公示版）")
    p.add_argument("--publicity-to", metavar="DATE", help="公示期结束日期（公示版）")
    p.add_argument("--unit", metavar="NAME", help="制表单位（默认按范围，如 解放门街道办事处）")

    p = command("keys", "密钥：show 本机指纹和公钥；export 导出公钥文件；enroll 登记下级设备；"
                        "trust 信任上级；list 已知的密钥；new 密钥丢失时生成新的设备标识", _keys)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (("show", "显示本机指纹和公钥"), ("list", "列出已知的密钥")):
        _db_option(actions.add_parser(name, help=text, description=text))
    q = actions.add_parser("export", help="导出本机公钥文件（供上级登记）")
    _db_option(q)
    q.add_argument("--out", type=Path, metavar="FILE.pub", help="公钥文件")
    q = actions.add_parser("enroll", help="登记下级设备的公钥：之后接受它发来的本区域数据")
    _db_option(q)
    q.add_argument("file", type=Path, metavar="FILE.pub", help="设备的公钥文件")
    area = q.add_mutually_exclusive_group(required=True)
    area.add_argument("--street", metavar="NAME|CODE", help="设备负责的街道")
    area.add_argument("--district", metavar="NAME|CODE", help="设备负责的区县（开发区）")
    q = actions.add_parser("new", help="密钥文件丢失或损坏时，生成新的设备标识（上级须重新登记）")
    _db_option(q)
    q.add_argument("--confirm", action="store_true", help="确认生成（不加则只说明后果）")
    q = actions.add_parser("trust", help="信任上级的公钥（用于回执和下发的参考数据）")
    _db_option(q)
    q.add_argument("--upstream", type=Path, metavar="FILE.pub", required=True, help="上级的公钥")

    p = command("bundle", "数据包：create 打包本机的修改；verify 验证；"
                          "import 导入已登记设备的数据包；receipt 接收上级的回执", _bundle)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("create", help="打包本机尚未发出的修改，连同未确认的数据包写到文件夹")
    _db_option(q)
    q.add_argument("--out", type=Path, metavar="DIR", required=True, help="写到的文件夹（如U盘）")
    q.add_argument("--reference", action="store_true",
                   help="同时生成下发给下级的参考数据（区域、合格运营主体、覆盖率目标）")
    q = actions.add_parser("verify", help="验证数据包的结构、摘要和签名")
    _db_option(q)
    q.add_argument("file", nargs=1, type=Path, metavar="FILE", help="数据包")
    q.add_argument("--pubkey", type=Path, metavar="FILE.pub", help="发送设备的公钥")
    q = actions.add_parser("import", help="导入已登记设备的数据包（先备份）")
    _db_option(q)
    q.add_argument("file", nargs="+", type=Path, metavar="FILE", help="数据包")
    q.add_argument("--receipts", type=Path, metavar="DIR",
                   help="把回执写到的文件夹（每台发送设备一个）")
    q = actions.add_parser("receipt", help="接收上级发回的回执，标记修改已送达")
    _db_option(q)
    q.add_argument("file", nargs="+", type=Path, metavar="FILE", help="回执（.cfreceipt）")

    command("check", "检查数据库完整性（quick_check、外键、结构版本）", _check)

    p = command("backup", "备份：create 立即备份；list 列出备份；restore FILE 从备份恢复", _backup)
    p.add_argument("action", choices=["create", "list", "restore"])
    p.add_argument("file", nargs="?", type=Path, help="restore 时的备份文件")
    return parser


# --- helpers -------------------------------------------------------------------------------


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else paths.default_db()


@contextmanager
def _open(args: argparse.Namespace) -> Iterator[Ledger]:
    """The ledger the command names, closed when the command is done."""
    from app.services import status
    from app.services.setup import open_existing

    path = _db_path(args)
    if path.exists() and status.check_after_unclean(path):  # a window that crashed: damaged
        print("上次程序没有正常关闭，检查发现台账已损坏，现为只读。", file=sys.stderr)
    ledger = open_existing(path)
    for notice in ledger.notices:  # e.g. a key file others could read, now made private
        print(notice, file=sys.stderr)
    try:
        yield ledger
    finally:
        ledger.close()


def _pairs(items: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.replace("＝", "=").partition("=")
        if not sep or not key.strip():
            raise UsageError(f"“{item}”应写成 字段=值，例如 name=东七路社区")
        values[key.strip()] = value
    return values


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _print_table(headers: list[str], rows: list[list[str]], clip: bool = True) -> None:
    cells = [[c if not clip or _width(c) <= 40 else c[:19] + "…" for c in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(
            v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print(line(row))


# --- commands ------------------------------------------------------------------------------


def _init(args: argparse.Namespace) -> int:
    from app.services import records
    from app.services.setup import init_ledger
    from app.store.areas import configured_scope

    path = _db_path(args)
    ledger = init_ledger(path, role=args.role, area=args.area)
    try:
        scope = configured_scope(ledger)
        streets, districts = records.count(ledger, "streets"), records.count(ledger, "districts")
    finally:
        ledger.close()
    print(f"台账已就绪：{path}")
    print(f"参考名录：{districts} 个区县，{streets} 个街道（镇）")
    if scope is not None:
        print(f"本机辖区：{scope}")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from app.services import demo
    from app.services.areas import resolve_scope
    from app.services.setup import init_ledger
    from app.store.areas import configured_scope

    ledger = init_ledger(_db_path(args))
    try:
        scope = resolve_scope(ledger, args.scope) or configured_scope(ledger)

        def progress(done: int, total: int) -> None:
            print(f"\r生成演示数据：{done}/{total}", end="", file=sys.stderr, flush=True)

        summary = demo.generate(ledger, scope, scale=args.scale, progress=progress)
        print(file=sys.stderr)
    finally:
        ledger.close()
    print(f"演示数据已生成：{summary}")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from app.services import records
    from app.services.areas import resolve_scope

    with _open(args) as ledger:
        spec = records.spec_of(args.entity)
        query = records.Query(
            scope=resolve_scope(ledger, args.scope),
            search=args.search or "",
            sort=args.sort,
            descending=args.desc,
            limit=args.limit,
            include_deleted=args.deleted,
        )
        found = records.list_records(ledger, spec.name, query)
        if args.format == "json":
            json.dump(
                records.as_json(ledger, spec.name, found), sys.stdout, ensure_ascii=False, indent=1
            )
            print()
            return EXIT_OK
        refs = records.references(ledger, spec, found)
        rows = [records.display_row(spec, r, refs) for r in found]
    headers = [f.header for f in spec.fields]
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([*headers, "记录ID"])
        writer.writerows([*row, r["id"]] for row, r in zip(rows, found, strict=True))
        return EXIT_OK
    used = [i for i in range(len(headers)) if any(row[i] for row in rows)] or list(
        range(len(headers))
    )
    _print_table(
        ["记录ID"] + [headers[i] for i in used],
        [[r["id"]] + [row[i] for i in used] for row, r in zip(rows, found, strict=True)],
    )
    print(f"共 {len(rows)} 条{spec.label}")
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from app.services import records

    values = _pairs(args.values)
    with _open(args) as ledger:
        print(records.create(ledger, args.entity, values))
    return EXIT_OK


def _update(args: argparse.Namespace) -> int:
    from app.services import records

    values = _pairs(args.values)
    with _open(args) as ledger:
        changed = records.update(ledger, args.entity, args.id, values)
    print("已修改" if changed else "内容没有变化，未修改")
    return EXIT_OK


def _delete(args: argparse.Namespace) -> int:
    from app.services import records

    with _open(args) as ledger:
        record_id = records.delete(ledger, args.entity, args.id)
    print(f"已删除（可用 restore 恢复）：{record_id}")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from app.services import records

    with _open(args) as ledger:
        record_id = records.restore(ledger, args.entity, args.id)
    print(f"已恢复：{record_id}")
    return EXIT_OK


_ACTIONS = {
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "restore": "恢复",
    "merge": "同步合并",
}


def _history(args: argparse.Namespace) -> int:
    from app.services import records

    with _open(args) as ledger:
        spec = records.spec_of(args.entity)
        entries = records.history(ledger, spec.name, args.id)
        if args.format == "json":
            json.dump(entries, sys.stdout, ensure_ascii=False, indent=1)
            print()
            return EXIT_OK
        rows = []
        for entry in entries:
            moment = china_time.local(dt.datetime.fromisoformat(entry["at"]))
            when = moment.strftime("%Y-%m-%d %H:%M:%S")
            for name, (old, new) in entry["changes"].items():
                field = spec.by_name.get(name)
                label = field.label if field else {"deleted": "已删除"}.get(name, name)
                show = _shower(ledger, spec, name)
                rows.append(
                    [
                        when,
                        _ACTIONS.get(entry["action"], entry["action"]),
                        entry["user"],
                        label,
                        show(old),
                        show(new),
                    ]
                )
    _print_table(["时间", "操作", "用户", "字段", "原值", "新值"], rows)
    return EXIT_OK


def _shower(ledger: Ledger, spec: EntitySpec, name: str) -> Callable[[Any], str]:
    """How a history value of one field reads: labels for enums, names for references, 是/否."""
    from app.services import records

    field = spec.by_name.get(name)
    if field is None:
        return lambda v: (
            "" if v is None else ("是" if v is True else "否" if v is False else str(v))
        )
    if field.kind is Kind.REF:

        def ref_name(value: Any) -> str:
            if not value:
                return ""
            found = records.references(ledger, spec, [{field.name: value}])
            return str(found[value]["name"]) if value in found else str(value)

        return ref_name
    return field.display


def _export(args: argparse.Namespace) -> int:
    from app.services import exports
    from app.services.areas import resolve_scope

    out: Path = args.out
    with _open(args) as ledger:
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
    with _open(args) as ledger:
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
    errors = plan.errors
    for error in errors[:ERRORS_SHOWN]:
        print(f"  {error}", file=sys.stderr)
    if len(errors) > ERRORS_SHOWN:
        print(f"  ……另有 {len(errors) - ERRORS_SHOWN} 处错误，见错误工作簿", file=sys.stderr)


def _report(args: argparse.Namespace) -> int:
    from app.domain.validate import Invalid, parse_date
    from app.services import reports
    from app.services.areas import resolve_scope

    out: Path = args.out
    if out.suffix.lower() != ".pdf":
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
    with _open(args) as ledger:
        scope = resolve_scope(ledger, args.scope)
        if args.kind == "profile":
            result = reports.community_profile(ledger, scope, out, unit=args.unit)
        elif args.kind == "monthly":
            result = reports.monthly_report(ledger, scope, args.month, out, unit=args.unit)
        else:
            result = reports.demand_list(ledger, scope, out, publicity=publicity, unit=args.unit,
                                         internal=args.kind == "demands-internal")
    print(f"已生成：{out}（共 {result.pages} 页）")
    return EXIT_OK


def _key_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"无法读取公钥文件“{path}”：{exc}") from None


def _keys(args: argparse.Namespace) -> int:
    from app.services.areas import resolve_scope
    from app.sync import keys, minisign

    if args.action == "new":
        return _keys_new(args)
    if args.action in ("enroll", "trust", "list"):
        with _open(args) as ledger:
            if args.action == "list":
                for device in keys.devices(ledger):
                    where = f" {device.label}" if device.label else ""
                    print(f"{device.fingerprint}  {device.role}{where}")
                return EXIT_OK
            if args.action == "trust":
                device = keys.trust_upstream(ledger, _key_text(args.upstream))
                print(f"已信任上级密钥 {device.fingerprint}")
                return EXIT_OK
            where = f"street:{args.street}" if args.street else f"district:{args.district}"
            scope = resolve_scope(ledger, where)
            assert scope is not None
            device = keys.enroll(ledger, _key_text(args.file), scope)
            print(f"已登记设备 {device.fingerprint}：可发送{scope}的数据")
        return EXIT_OK
    with _open(args) as ledger:
        identity = ledger.identity
        key = minisign.public_key(identity.key_id, identity.private_key)
    if args.action == "show":
        print(f"指纹：{key.fingerprint}")
        print(key.text(), end="")
        return EXIT_OK
    out: Path | None = args.out
    if out is None:
        raise UsageError("请用 --out 给出公钥文件名，如 --out 街道.pub")
    from app.store.whole import written_whole

    with written_whole(out, opened_in="其他程序") as partial:
        partial.write_text(key.text(), encoding="utf-8")
    print(f"公钥已导出到：{out}（指纹 {key.fingerprint}）")
    return EXIT_OK


def _keys_new(args: argparse.Namespace) -> int:
    """A new device identity, only on purpose: for a key file that is lost or broken."""
    from app.sync import keys

    if not args.confirm:
        raise UsageError(
            "keys new 为本台账生成新的设备标识（新密钥），只在密钥文件丢失或损坏时使用。"
            "之后本机的数据包用新密钥签名：请把新的公钥（keys export）交给上级重新登记，"
            "否则上级会拒收。确认请加 --confirm")
    ledger, kept = keys.replace_lost_key(_db_path(args))
    try:
        device = ledger.device
    finally:
        ledger.close()
    print(f"已生成新的设备标识：{device}")
    if kept is not None:
        print(f"原来的密钥文件已保留为：{kept}")
    print("请用 keys export 导出新的公钥，交给上级重新登记。")
    return EXIT_OK


def _bundle(args: argparse.Namespace) -> int:
    from app.sync import bundle, minisign

    if args.action == "import":
        return _bundle_import(args)
    if args.action == "receipt":
        return _bundle_receipt(args)
    if args.action == "verify":
        key = None
        if args.pubkey is not None:
            try:
                key = minisign.parse_public_key(args.pubkey.read_text(encoding="utf-8"))
            except OSError as exc:
                raise UsageError(f"无法读取公钥文件“{args.pubkey}”：{exc.strerror}") from None
        checked = bundle.verify_bundle(args.file[0], key)
        manifest = checked.manifest
        print(f"验证通过：设备 {manifest['device']['fingerprint']}，"
              f"序号 {manifest['seq_from']}–{manifest['seq_to']}，"
              f"{sum(f['rows'] for f in manifest['files'])} 条")
        return EXIT_OK
    with _open(args) as ledger:
        made = bundle.make_bundle(ledger)
        if args.reference:
            from app.sync.reference import make_reference

            reference = make_reference(ledger)
            print(f"已生成参考数据：{reference.name}" if reference else "参考数据没有变化。")
        waiting = sorted(bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}"))
    if made is None:
        print("没有新的修改需要打包。")
    else:
        print(f"已打包序号 {made.seq_from}–{made.seq_to} 的修改（{made.records} 条记录）")
    from app.store.whole import copy_whole, make_dirs

    make_dirs(args.out)
    for path in waiting:  # not yet acknowledged: written again, the same bytes
        copy_whole(path, args.out / path.name, private=True)
    if waiting:
        print(f"已写出 {len(waiting)} 个数据包到：{args.out}")
    return EXIT_OK


def _bundle_import(args: argparse.Namespace) -> int:
    """Apply bundles; a batch exits with the highest code among its files (DESIGN.md)."""
    from app.store import backup
    from app.sync.apply import apply_batch
    from app.sync.outcome import Status

    with _open(args) as ledger:
        print(f"导入前已备份：{backup.create_backup(ledger.path, 'bundle')}")
        outcomes = apply_batch(ledger, args.file)
    labels = {Status.APPLIED: "已导入", Status.DUPLICATE: "重复", Status.GAP: "暂存（缺前序）",
              Status.AHEAD: "暂存（时钟超前）", Status.FORK: "已隔离（分叉）",
              Status.REJECTED: "拒收", Status.FAILED: "出错"}
    for outcome in outcomes:
        print(f"{outcome.path.name}：{labels[outcome.status]}。{outcome.message}")
    if args.receipts is not None:
        from app.sync.receipts import make_receipt

        senders = {o.device for o in outcomes
                   if o.device and o.status not in (Status.REJECTED, Status.FAILED)}
        with _open(args) as ledger:
            made = [make_receipt(ledger, device, args.receipts) for device in sorted(senders)]
        for path in filter(None, made):
            print(f"回执已写出：{path}")
    return max((o.status.exit_code for o in outcomes), default=EXIT_OK)


def _bundle_receipt(args: argparse.Namespace) -> int:
    """Accept receipts from the trusted upstream office; exit 3 if any was refused."""
    from app.sync.receipts import ReceiptRefused, accept_receipt

    refused = False
    with _open(args) as ledger:
        for path in args.file:
            try:
                accepted = accept_receipt(ledger, path)
            except ReceiptRefused as exc:
                print(f"{path.name}：拒收。{exc}")
                refused = True
                continue
            print(f"{path.name}：上级已确认收到序号 {accepted.seq} 及以前的修改"
                  f"（新确认 {accepted.newly_delivered} 项，"
                  f"发件箱清理 {accepted.pruned} 个数据包）")
    return EXIT_VERIFY if refused else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    import sqlite3

    from app.services.status import record_check
    from app.store import backup, faults, migrate

    path = _db_path(args)
    if not path.exists():
        raise UsageError(f"找不到数据库文件：{path}")
    conn = sqlite3.connect(path)
    try:
        problems = backup.quick_check(conn)
        revision = migrate.current_revision(conn)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if not faults.is_damage(exc):
            raise faults.explain(exc, path) or exc from exc
        found = faults.describe(exc)
        record_check(path, [found])
        raise NeedsPerson(f"{found}。台账已改为只读。{faults.way_out(path)}") from exc
    finally:
        conn.close()
    record_check(path, problems)  # damage keeps it read-only; a sound file is writable again
    if revision not in migrate.REVISIONS:
        problems.append(f"结构版本 {revision} 不是本程序认识的版本（本程序：{migrate.HEAD}）")
    elif revision != migrate.HEAD:
        print(f"结构版本 {revision}，下次打开时将升级到 {migrate.HEAD}（升级前自动备份）")
    if problems:
        raise NeedsPerson(
            "检查发现问题：\n  " + "\n  ".join(problems) + "\n台账已改为只读。"
            + faults.way_out(path))
    print(f"检查通过：{path}（结构版本 {revision}，完整性 ok，外键 ok）")
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    from app.store import backup

    path = _db_path(args)
    if args.action == "create":
        with _open(args):  # an upgrade, if due, happens (with its own backup) before ours
            pass
        print(f"已备份到：{backup.create_backup(path, 'manual')}")
    elif args.action == "list":
        found = backup.list_backups(path)
        _print_table(
            ["时间", "原因", "大小", "文件"],
            [
                [
                    b.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
                    b.reason,
                    f"{b.size / 1024:.0f} KB",
                    str(b.path),
                ]
                for b in found
            ],
            clip=False,
        )
        print(f"共 {len(found)} 个备份")
    else:
        if args.file is None:
            raise UsageError(
                "请指明要恢复的备份文件：backup restore FILE（可先用 backup list 查看）"
            )
        from app.store.db import open_ledger

        safety = backup.restore_backup(path, args.file)
        # sequence numbers of the old identity may already have been sent: a new one
        ledger = open_ledger(path, renew_identity=True)
        device = ledger.device
        ledger.close()
        print(f"已从 {args.file} 恢复；恢复前的台账已保存为 {safety}")
        print(f"本台账已使用新的设备标识：{device}")
    return EXIT_OK


def _lift_db(argv: Sequence[str]) -> list[str]:
    """Move `--db PATH` from anywhere to the front (argparse cannot mix it with FIELD=VALUE…)."""
    rest: list[str] = []
    lifted: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--db":
            lifted = ["--db", next(items, "")]
        elif item.startswith("--db="):
            lifted = ["--db", item[len("--db=") :]]
        elif item == "--":
            rest.append(item)
            rest.extend(items)
        else:
            rest.append(item)
    return lifted + rest


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code of DESIGN.md's table."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(_lift_db(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args))
    except KnownError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return EXIT_BUG
    except OSError as exc:
        from app.store.whole import why_not_written

        where = Path(exc.filename) if isinstance(exc.filename, str) else None
        print(f"错误：{why_not_written(exc, where, verb='读写')}" if where is not None
              else f"错误：文件操作失败（{exc.strerror or exc}）", file=sys.stderr)
        return EXIT_BUG
    except Exception:  # a bug: the traceback for the log, a plain sentence for the person
        traceback.print_exc()
        print("程序内部错误（上面是技术细节，请发给技术支持）", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
