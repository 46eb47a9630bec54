"""The `keys` command: this device's key, the keys of the devices below and of the office above."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, command, db_option, db_path, opened
from app.errors import UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands
    from app.sync.keys import Device


def register(sub: Commands) -> None:
    """Add `keys` and its actions."""
    p = command(sub, "keys", "密钥：show 本机指纹、确认码和公钥；export 导出公钥文件；"
                             "enroll 登记下级设备；trust 信任上级；list 已知的密钥；"
                             "new 密钥丢失时生成新的设备标识", _keys)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (("show", "显示本机指纹、确认码和公钥文件"),
                       ("list", "列出已知的密钥和它们的确认码")):
        db_option(actions.add_parser(name, help=text, description=text))
    q = actions.add_parser("export", help="导出本机公钥文件（供上级登记），并显示确认码")
    db_option(q)
    q.add_argument("--out", type=Path, metavar="FILE.pub", help="公钥文件")
    q = actions.add_parser("enroll", help="登记下级设备的公钥：之后接受它发来的本区域数据")
    db_option(q)
    q.add_argument("file", type=Path, metavar="FILE.pub", help="设备的公钥文件")
    area = q.add_mutually_exclusive_group(required=True)
    area.add_argument("--street", metavar="NAME|CODE", help="设备负责的街道")
    area.add_argument("--district", metavar="NAME|CODE", help="设备负责的区县（开发区）")
    _confirm_option(q)
    q = actions.add_parser("new", help="密钥文件丢失或损坏时，生成新的设备标识（上级须重新登记）")
    db_option(q)
    q.add_argument("--confirm", action="store_true", help="确认生成（不加则只说明后果）")
    q = actions.add_parser("trust", help="信任上级的公钥（用于回执和下发的参考数据）")
    db_option(q)
    q.add_argument("--upstream", type=Path, metavar="FILE.pub", required=True, help="上级的公钥")
    _confirm_option(q)


def _confirm_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--confirm", metavar="CODE",
        help="对方电话告知的确认码（20 位数字，空格可有可无）：与公钥文件不一致时什么都不做")


def _key_file(path: Path) -> str:
    """A key file's text, checked: what is wrong with it names the file."""
    from app.sync import keyfile, minisign

    text = keyfile.read_key_text(path)
    try:
        keyfile.parse_key_file(text)
        return text
    except minisign.VerifyFailed as exc:
        raise minisign.VerifyFailed(f"{exc}（文件：{path}）") from None


def _say_code(device: Device, confirmed: bool) -> None:
    """The key's confirmation code, and what a person should do with it."""
    if confirmed:
        print(f"确认码：{device.code}（与输入的一致）")
    else:
        print(f"确认码：{device.code}")
        print("请通过电话与对方核对这个确认码（对方用 keys show 或在“同步”页查看本机的确认码）；"
              "不一致说明这不是对方的公钥文件。登记时加 --confirm 确认码，不一致就不会登记。")
    if device.encryption_key is None:
        print("注意：这是旧格式的公钥文件，没有加密公钥，发给对方的数据不能加密。"
              "请对方升级本程序后重新导出公钥文件，再登记一次。")


def _keys(args: argparse.Namespace) -> int:
    from app.services.areas import resolve_scope
    from app.sync import keyfile, keys

    if args.action == "new":
        return _keys_new(args)
    if args.action in ("enroll", "trust", "list"):
        with opened(args) as ledger:
            if args.action == "list":
                for device in keys.devices(ledger):
                    where = f" {device.label}" if device.label else ""
                    print(f"{device.fingerprint}  {device.role}{where}  确认码 {device.code}")
                return EXIT_OK
            if args.action == "trust":
                text = _key_file(args.upstream)
                device = keys.trust_upstream(ledger, text, confirm=args.confirm)
                print(f"已信任上级密钥 {device.fingerprint}")
                _say_code(device, args.confirm is not None)
                return EXIT_OK
            text = _key_file(args.file)
            where = f"street:{args.street}" if args.street else f"district:{args.district}"
            scope = resolve_scope(ledger, where)
            assert scope is not None
            device = keys.enroll(ledger, text, scope, confirm=args.confirm)
            print(f"已登记设备 {device.fingerprint}：可发送{scope}的数据")
            _say_code(device, args.confirm is not None)
        return EXIT_OK
    with opened(args) as ledger:
        identity = ledger.identity
        text = keyfile.own_key_file_text(ledger)
    code = keyfile.confirmation_code(identity.public_key)
    if args.action == "show":
        print(f"指纹：{identity.fingerprint}")
        print(f"确认码：{code}")
        print(text, end="")
        return EXIT_OK
    out: Path | None = args.out
    if out is None:
        raise UsageError("请用 --out 给出公钥文件名，如 --out 街道.pub")
    from app.store.whole import written_whole

    with written_whole(out, opened_in="其他程序") as partial:
        partial.write_text(text, encoding="utf-8")
    print(f"公钥已导出到：{out}（指纹 {identity.fingerprint}）")
    print(f"确认码：{code}")
    print("把公钥文件交给上级时，请通过电话告诉对方这个确认码，供对方登记时核对。")
    return EXIT_OK


def _keys_new(args: argparse.Namespace) -> int:
    """A new device identity, only on purpose: for a key file that is lost or broken."""
    from app.sync import keyfile, keys

    if not args.confirm:
        raise UsageError(
            "keys new 为本台账生成新的设备标识（新密钥），只在密钥文件丢失或损坏时使用。"
            "之后本机的数据包用新密钥签名：请把新的公钥（keys export）交给上级重新登记，"
            "否则上级会拒收。确认请加 --confirm")
    ledger, kept = keys.replace_lost_key(db_path(args))
    try:
        device = ledger.device
        code = keyfile.confirmation_code(ledger.identity.public_key)
    finally:
        ledger.close()
    print(f"已生成新的设备标识：{device}（确认码 {code}）")
    if kept is not None:
        print(f"原来的密钥文件已保留为：{kept}")
    print("请用 keys export 导出新的公钥，交给上级重新登记，并通过电话告诉对方新的确认码。")
    return EXIT_OK
