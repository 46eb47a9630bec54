"""The `bundle` command: signed bundles of changes made, verified, imported and acknowledged."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, EXIT_VERIFY, command, db_option, opened

if TYPE_CHECKING:
    from app.cli.common import Commands
    from app.store.db import Ledger
    from app.sync.outcome import Outcome, Status


def register(sub: Commands) -> None:
    """Add `bundle` and its actions."""
    p = command(sub, "bundle", "数据包：create 打包本机的修改；verify 验证；"
                               "import 导入已登记设备的数据包；receipt 接收上级的回执", _bundle)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("create", help="打包本机尚未发出的修改，连同未确认的数据包写到文件夹")
    db_option(q)
    q.add_argument("--out", type=Path, metavar="DIR", required=True, help="写到的文件夹（如U盘）")
    q.add_argument("--reference", action="store_true",
                   help="同时生成下发给下级的参考数据（区域、合格运营主体、覆盖率目标）")
    q = actions.add_parser("verify", help="验证数据包的结构、摘要和签名")
    db_option(q)
    q.add_argument("file", nargs=1, type=Path, metavar="FILE", help="数据包")
    q.add_argument("--pubkey", type=Path, metavar="FILE.pub", help="发送设备的公钥")
    q = actions.add_parser("import", help="导入已登记设备的数据包（先备份）")
    db_option(q)
    q.add_argument("file", nargs="+", type=Path, metavar="FILE", help="数据包")
    q.add_argument("--receipts", type=Path, metavar="DIR",
                   help="把回执写到的文件夹（每台发送设备一个）")
    q = actions.add_parser("receipt", help="接收上级发回的回执，标记修改已送达")
    db_option(q)
    q.add_argument("file", nargs="+", type=Path, metavar="FILE", help="回执（.cfreceipt）")


def _bundle(args: argparse.Namespace) -> int:
    from app.sync import bundle, keyfile

    if args.action == "import":
        return _bundle_import(args)
    if args.action == "receipt":
        return _bundle_receipt(args)
    if args.action == "verify":
        key = None
        if args.pubkey is not None:  # a key file of either format; its cfl-key part checked
            key = keyfile.parse_key_file(keyfile.read_key_text(args.pubkey)).signing
        checked = bundle.verify_bundle(args.file[0], key)
        manifest = checked.manifest
        signer = keyfile.confirmation_code(bundle.embedded_key(manifest))
        if manifest.get("checkpoint") is True:
            print(f"验证通过：设备 {manifest['device']['fingerprint']}（确认码 {signer}）的检查点"
                  f"（没有新的修改，已发出至序号 {manifest['seq_to']}）")
            return EXIT_OK
        content = (f"已加密，只有接收方（加密密钥 {manifest['encryption']['recipient']}）能打开"
                   if checked.payload is None
                   else f"{sum(f['rows'] for f in manifest['files'])} 条")
        print(f"验证通过：设备 {manifest['device']['fingerprint']}（确认码 {signer}），"
              f"序号 {manifest['seq_from']}–{manifest['seq_to']}，{content}")
        return EXIT_OK
    return _bundle_create(args)


def _bundle_create(args: argparse.Namespace) -> int:
    """Bundle the changes not yet bundled, or make a checkpoint when there are none, and write
    the outbox to a folder (a stick): unacknowledged bundles again, as the same bytes."""
    from app.store.whole import make_dirs
    from app.sync import bundle, checkpoint
    from app.sync.folder import copy_outbox
    from app.sync.lock import sync_round

    with opened(args) as ledger, sync_round(ledger.path, "命令行 bundle create"):
        made = bundle.make_bundle(ledger)
        _expire(ledger)
        point = checkpoint.make_checkpoint(ledger) if made is None else None
        if made is not None:  # the bundle says as much as a checkpoint would
            checkpoint.drop_older(bundle.outbox(ledger), ledger.identity.fingerprint)
        if args.reference:
            from app.sync.reference import make_reference

            reference = make_reference(ledger)
            print(f"已生成参考数据：{reference.name}" if reference else "参考数据没有变化。")
        make_dirs(args.out)
        copy_outbox(ledger, args.out)
        waiting = [p for p in bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}")
                   if not checkpoint.is_checkpoint_name(p.name)]
    if made is None:
        print("没有新的修改需要打包。")
    else:
        print(f"已打包序号 {made.seq_from}–{made.seq_to} 的修改（{made.records} 条记录）")
        note = made.withheld_note()
        if note:
            print(note)
    if waiting:  # not yet acknowledged: written again, the same bytes
        print(f"已写出 {len(waiting)} 个数据包到：{args.out}")
    if point is not None:
        print(f"已写出检查点 {point.name}：告诉上级本机仍在联系、没有新的修改")
    return EXIT_OK


def _expire(ledger: Ledger) -> None:
    """Delete the delivered bundles kept 30 days, and say so."""
    from app.sync import kept

    gone = kept.expire(ledger)
    if gone:
        print(f"已删除 {len(gone)} 个送达超过 30 天的数据包")


def _bundle_import(args: argparse.Namespace) -> int:
    """Apply bundles; a batch exits with the highest code among its files (DESIGN.md)."""
    from app.store import backup
    from app.sync.apply import apply_batch
    from app.sync.lock import sync_round
    from app.sync.outcome import Status

    with opened(args) as ledger, sync_round(ledger.path, "命令行 bundle import"):
        _expire(ledger)
        print(f"导入前已备份：{backup.create_backup(ledger.path, 'bundle')}")
        outcomes = apply_batch(ledger, args.file)
    labels = {Status.APPLIED: "已导入", Status.DUPLICATE: "重复", Status.GAP: "暂存（缺前序）",
              Status.AHEAD: "暂存（时钟超前）", Status.FORK: "已隔离（分叉）",
              Status.REJECTED: "拒收", Status.FAILED: "出错",
              Status.CHECKPOINT: "检查点（没有新的修改）"}
    for outcome in outcomes:
        print(f"{outcome.path.name}：{labels[outcome.status]}。{outcome.message}")
    if args.receipts is not None:
        from app.sync.folder import receipts_due
        from app.sync.receipts import make_receipt

        with opened(args) as ledger:
            due = receipts_due(ledger, outcomes, {o.device for o in outcomes if o.device})
            made = [make_receipt(ledger, device, args.receipts, empty=empty)
                    for device, empty in sorted(due.items())]
        for path in filter(None, made):
            print(f"回执已写出：{path}")
    return max((status.exit_code for status in _fates(outcomes)), default=EXIT_OK)


def _fates(outcomes: list[Outcome]) -> list[Status]:
    """What finally became of each bundle of a batch: one held for a gap that a later file of
    the batch closed (a rotated key's first bundle before its old key's last) was applied."""
    final: dict[object, Status] = {}
    for number, outcome in enumerate(outcomes):
        bundle_of = (outcome.device, outcome.seq_from, outcome.seq_to) if outcome.device else number
        final[bundle_of] = outcome.status
    return list(final.values())


def _bundle_receipt(args: argparse.Namespace) -> int:
    """Accept receipts from the trusted upstream office; exit 3 if any was refused."""
    from app.sync.receipts import ReceiptRefused, accept_receipt

    refused = False
    with opened(args) as ledger:
        for path in args.file:
            try:
                accepted = accept_receipt(ledger, path)
            except ReceiptRefused as exc:
                print(f"{path.name}：拒收。{exc}")
                refused = True
                continue
            if accepted.ignored:
                print(f"{path.name}：{accepted.ignored}")
            elif accepted.rewound is not None:
                print(f"{path.name}：{accepted.rewound.message()}。"
                      "请运行 bundle create --out 把它们写到U盘")
            else:
                print(f"{path.name}：上级已确认收到序号 {accepted.seq} 及以前的修改"
                      f"（新确认 {accepted.newly_delivered} 项，"
                      f"发件箱清理 {accepted.pruned} 个数据包）")
        _expire(ledger)
    return EXIT_VERIFY if refused else EXIT_OK
