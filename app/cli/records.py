"""Commands on single records: `list`, `add`, `update`, `delete`, `restore` and `history`."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, command, opened, pairs, print_table
from app.domain import china_time
from app.domain.fields import EntitySpec, Kind

if TYPE_CHECKING:
    from app.cli.common import Commands
    from app.store.db import Ledger


def register(sub: Commands) -> None:
    """Add `list`, `add`, `update`, `delete`, `restore` and `history`."""
    p = command(sub, "list", "列出记录", _list)
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

    p = command(sub, "add", "添加一条记录，打印新记录的ID", _add)
    p.add_argument("entity")
    p.add_argument(
        "values", nargs="*", metavar="FIELD=VALUE", help="字段名或中文名=值，如 name=东七路社区"
    )

    p = command(sub, "update", "修改一条记录", _update)
    p.add_argument("entity")
    p.add_argument("id", metavar="ID", help="记录ID、代码或唯一名称")
    p.add_argument("values", nargs="+", metavar="FIELD=VALUE")

    for name, text, handler in (
        ("delete", "删除一条记录（可恢复）", _delete),
        ("restore", "恢复已删除的记录", _restore),
    ):
        p = command(sub, name, text, handler)
        p.add_argument("entity")
        p.add_argument("id", metavar="ID")

    p = command(sub, "history", "查看一条记录的修改历史", _history)
    p.add_argument("entity")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=["table", "json"], default="table")


def _list(args: argparse.Namespace) -> int:
    from app.services import records
    from app.services.areas import resolve_scope

    with opened(args) as ledger:
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
    print_table(
        ["记录ID"] + [headers[i] for i in used],
        [[r["id"]] + [row[i] for i in used] for row, r in zip(rows, found, strict=True)],
    )
    print(f"共 {len(rows)} 条{spec.label}")
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from app.services import records

    values = pairs(args.values)
    with opened(args) as ledger:
        print(records.create(ledger, args.entity, values))
    return EXIT_OK


def _update(args: argparse.Namespace) -> int:
    from app.services import records

    values = pairs(args.values)
    with opened(args) as ledger:
        changed = records.update(ledger, args.entity, args.id, values)
    print("已修改" if changed else "内容没有变化，未修改")
    return EXIT_OK


def _delete(args: argparse.Namespace) -> int:
    from app.services import records

    with opened(args) as ledger:
        record_id = records.delete(ledger, args.entity, args.id)
    print(f"已删除（可用 restore 恢复）：{record_id}")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from app.services import records

    with opened(args) as ledger:
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

    with opened(args) as ledger:
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
    print_table(["时间", "操作", "用户", "字段", "原值", "新值"], rows)
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
