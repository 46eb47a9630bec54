"""Commands that keep the ledger file sound: `check` (integrity) and `backup`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, command, db_path, opened, print_table
from app.errors import LedgerTooNew, NeedsPerson, UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands


def register(sub: Commands) -> None:
    """Add `check` and `backup`."""
    command(sub, "check", "检查数据库完整性（quick_check、外键、结构版本）", _check)

    p = command(sub, "backup", "备份：create 立即备份；list 列出备份；restore FILE 从备份恢复",
                _backup)
    p.add_argument("action", choices=["create", "list", "restore"])
    p.add_argument("file", nargs="?", type=Path, help="restore 时的备份文件")


def _check(args: argparse.Namespace) -> int:
    import sqlite3

    from app.services.status import record_check
    from app.store import backup, faults, migrate
    from app.store.drive_kind import drive_warning

    path = db_path(args)
    if not path.exists():
        raise UsageError(f"找不到数据库文件：{path}")
    warning = drive_warning(path)  # a network share or a stick: said whatever the check finds
    if warning is not None:
        print(warning)
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
    if revision is not None and revision not in migrate.REVISIONS and not problems:
        # Nothing is wrong with the ledger: this program is too old for it (nothing marked).
        raise LedgerTooNew(f"此数据库由更新版本的程序创建（结构版本 {revision}），"
                           f"本程序只认识到 {migrate.HEAD}，请先升级本程序再打开。")
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

    path = db_path(args)
    if args.action == "create":
        with opened(args):  # an upgrade, if due, happens (with its own backup) before ours
            pass
        print(f"已备份到：{backup.create_backup(path, 'manual')}")
    elif args.action == "list":
        found = backup.list_backups(path)
        print_table(
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
        for notice in ledger.notices:  # e.g. a backup sealed with a data key this laptop lacks
            print(notice, file=sys.stderr)
        print(f"已从 {args.file} 恢复；恢复前的台账已保存为 {safety}")
        print(f"本台账已使用新的设备标识：{device}")
    return EXIT_OK
