"""The `sync` command: rounds over the ledger's relays (collect from the offices below, send up)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import signal
import threading
from collections.abc import Callable
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, command, opened
from app.errors import UsageError
from app.task import QUIET, TaskState

if TYPE_CHECKING:
    from app.cli.common import Commands
    from app.store.db import Ledger
    from app.sync.relay_round import RoundReport

sleep: Callable[[float], None] | None = None
"""How the loop waits between rounds (None: until the time is up or it is told to stop; tests
put a function here that stops it)."""
retry_sleep: Callable[[float], None] | None = None
"""How the relay client waits between retries of one request (None: as the loop waits; tests
never wait)."""
rng: random.Random | None = None
"""The jitter of the loop's waits after failures (tests put a seeded one here)."""
clock: Callable[[], dt.datetime] | None = None
"""The loop's clock for its schedule (None: the wall clock)."""
MIN_INTERVAL, MAX_INTERVAL = 1.0, 86_400.0
"""The bounds of `sync --interval` (seconds)."""


def register(sub: Commands) -> None:
    """Add `sync`."""
    p = command(sub, "sync", "通过中转站同步：收集下级的数据包并回执，再把本机的修改发给上级",
                _sync)
    p.add_argument("--once", action="store_true",
                   help="只同步一轮（默认：一直同步，直到按 Ctrl+C）")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="输出格式（json：发送、接收、导入、拒收、未送达的修改数、中转站时钟差）")
    p.add_argument("--interval", type=_seconds, default=None, metavar="秒",
                   help="两轮之间等待的秒数（默认 300；出错后重试的等待也不超过它，"
                        f"{MIN_INTERVAL:.0f} 到 {MAX_INTERVAL:.0f}）")


def _seconds(text: str) -> float:
    """--interval: seconds between MIN_INTERVAL and MAX_INTERVAL."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是秒数") from None
    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:
        raise argparse.ArgumentTypeError(
            f"间隔应在 {MIN_INTERVAL:.0f} 到 {MAX_INTERVAL:.0f} 秒之间，而不是 {text}")
    return seconds


def _remotes(ledger: Ledger, stack: ExitStack, task: TaskState) -> tuple[Any, Any]:
    """The relays set for this ledger, opened (collect, upward); UsageError when none is."""
    from app.services.relay_sync import open_relays
    from app.sync.remotes import STOPPED

    def between_tries(seconds: float) -> None:
        if retry_sleep is not None:
            retry_sleep(seconds)
        else:
            task.pause(seconds, STOPPED)

    opened_ = open_relays(ledger, stack, sleep=between_tries)
    if opened_ is None:
        raise UsageError("本机没有设置中转站：上级请运行 relay set，下级请导入上级给的连接文件"
                         "（connect import）")
    return opened_


def _one_round(args: argparse.Namespace, task: TaskState = QUIET) -> RoundReport:
    from app.sync.relay_round import run_round

    with opened(args) as ledger, ExitStack() as stack:
        collect, upward = _remotes(ledger, stack, task)
        return run_round(ledger, collect=collect, upward=upward, task=task, who="命令行 sync")


def _sync(args: argparse.Namespace) -> int:
    if args.once:
        report = _one_round(args)
        _show(report, args.format)
        return report.exit_code
    return _loop(args)


def _loop(args: argparse.Namespace) -> int:
    """Rounds until told to stop, as the window schedules them (relay_sync.Schedule): the
    interval after a round that went well, capped exponential backoff with jitter after failures
    that may pass by themselves; wrong settings or credentials end the loop (retrying cannot
    help). Ctrl+C or SIGTERM stops it between two requests (a second Ctrl+C at once)."""
    from app.errors import Cancelled, KnownError
    from app.services.relay_sync import BACKOFF_BASE, INTERVAL, Schedule
    from app.sync.remotes import STOPPED

    interval = args.interval or INTERVAL
    schedule = Schedule(now=clock, rng=rng, interval=interval, base=min(BACKOFF_BASE, interval))
    task = TaskState()

    def wait(seconds: float) -> None:
        if sleep is not None:
            sleep(seconds)
        else:
            task.pause(seconds, STOPPED)

    replaced = _stop_on_signals(task)
    try:
        while not task.cancelled:
            try:
                report = _one_round(args, task)
            except Cancelled:
                break
            except KnownError as exc:
                seconds = schedule.failed(exc, str(exc))
                if seconds is None:
                    raise
                print(f"错误：{exc}（{seconds:.0f} 秒后再试）", flush=True)
                wait(seconds)
                continue
            _show(report, args.format)
            wait(schedule.succeeded(report))
    except (Cancelled, KeyboardInterrupt):
        pass
    finally:
        for number, handler in replaced.items():
            signal.signal(number, handler)
    print("已停止同步", flush=True)
    return EXIT_OK


def _stop_on_signals(task: TaskState) -> dict[int, Any]:
    """Ctrl+C and SIGTERM (a service manager, `kill`) cancel the loop's task: the round stops
    before its next request and the wait between rounds ends; a second one interrupts at once.
    Returns the handlers replaced (none outside the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(_number: int, _frame: object) -> None:
        if task.cancelled:
            raise KeyboardInterrupt
        task.cancel()

    numbers = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])
    return {number: signal.signal(number, stop) for number in numbers}


def as_json(report: RoundReport) -> dict[str, Any]:
    """What a round did, for --format json."""
    return {
        "sent": report.sent,
        "received": report.received,
        "applied": [name for name, o in report.outcomes if o.status == "applied"],
        "outcomes": [{"file": name, "status": str(o.status), "message": o.message}
                     for name, o in report.outcomes],
        "refused": [{"file": name, "reason": why} for name, why in report.refused],
        "skipped": report.skipped,
        "receipts_sent": report.receipts_sent,
        "references_sent": report.references_sent,
        "deleted": report.deleted,
        "undelivered": report.undelivered,
        "clock_skew_seconds": report.clock_skew,
        "clock_warning": report.clock_warning,
        "resealed": report.sealed.message() if report.sealed else None,
        "held": report.held,
    }


def _show(report: RoundReport, form: str) -> None:
    if form == "json":
        print(json.dumps(as_json(report), ensure_ascii=False, indent=2), flush=True)
        return
    from app.sync.checkpoint import PREFIX

    quiet = sum(1 for name in report.sent if name.rpartition("/")[2].startswith(PREFIX))
    said = f"已发送 {len(report.sent) - quiet} 个数据包"
    if quiet:
        said += f"、{quiet} 个检查点（本单位没有新修改）"
    print(f"{said}，收到 {len(report.received)} 个文件，回执 {len(report.receipts_sent)} 个")
    for name, outcome in report.outcomes:
        print(f"{name}：{outcome.status}。{outcome.message}")
    for name, why in report.refused:
        print(f"{name}：拒收。{why}")
    if report.sealed is not None:
        print(report.sealed.message())
    if report.held:
        print(f"{len(report.held)} 个数据包未加密（上级尚未提供加密密钥），不经中转站发送，"
              "请用U盘送达")
    print(f"尚有 {report.undelivered} 条更改未上报" if report.undelivered
          else "所有更改均已送达上级")
    if report.clock_warning:
        print(f"警告：{report.clock_warning}")
