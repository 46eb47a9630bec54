"""The `lock` command: the app lock of the window on a shared office PC (show, set, off)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, command, opened
from app.errors import UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands


def register(sub: Commands) -> None:
    """Add `lock`."""
    p = command(sub, "lock", "窗口的应用锁（多人共用的电脑）：show 查看；set 设置或修改密码；"
                "off 取消（忘记密码时由管理电脑的人执行）", _lock)
    p.add_argument("action", choices=["show", "set", "off"])
    p.add_argument("--password-file", type=Path, metavar="FILE",
                   help="set 时：只含新密码一行的文本文件（密码不写在命令行上）")
    p.add_argument("--current-password-file", type=Path, metavar="FILE",
                   help="set 时已有应用锁：只含当前密码一行的文本文件")
    p.add_argument("--idle", type=int, metavar="MINUTES",
                   help="无操作多少分钟后再次锁定（0、5、10、15、30、60；0 为只在打开时）")


def _lock(args: argparse.Namespace) -> int:
    from app.cli.relay import read_password
    from app.domain.app_lock import DEFAULT_IDLE, LockError
    from app.services import app_lock

    with opened(args) as ledger:
        try:
            lock = app_lock.current(ledger)
            problem = None
        except LockError as exc:
            lock, problem = None, str(exc)
        if args.action == "show":
            if problem:
                print(f"应用锁：{problem}，窗口打开时不会锁定；请重新设置")
            elif lock is None:
                print("应用锁：未设置")
            else:
                when = ("只在打开台账时" if lock.idle_minutes == 0
                        else f"打开台账时，以及无操作 {lock.idle_minutes} 分钟后")
                print(f"应用锁：已设置，{when}要求输入密码")
            return EXIT_OK
        if args.action == "off":
            app_lock.force_off(ledger)
            print("应用锁已取消" if lock is not None or problem else "应用锁本来就未设置")
            return EXIT_OK
        if args.password_file is None:
            raise UsageError("lock set 需要 --password-file（只含新密码一行的文本文件）")
        current = (read_password(args.current_password_file)
                   if args.current_password_file is not None else None)
        if lock is not None and current is None:
            raise UsageError("已设置应用锁：修改密码需要 --current-password-file；"
                             "忘记密码时先执行 lock off")
        idle = args.idle if args.idle is not None else (
            lock.idle_minutes if lock is not None else DEFAULT_IDLE)
        app_lock.set_lock(ledger, read_password(args.password_file), idle,
                          current_password=current)
    print("应用锁已设置：窗口打开台账时" + (f"和无操作 {idle} 分钟后" if idle else "")
          + "要求输入密码")
    return EXIT_OK
