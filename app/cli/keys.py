"""The `keys` command: this device's key, the keys of the devices below and of the office above."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, command, db_option, db_path, opened
from app.errors import UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands
    from app.services.revocation import ReviewBundle
    from app.store.db import Ledger
    from app.sync import keys, minisign


def register(sub: Commands) -> None:
    """Add `keys` and its actions."""
    p = command(sub, "keys", "密钥：show 本机指纹、确认码、公钥和数据密钥恢复文件是否已导出；"
                             "export 导出公钥文件；enroll 登记下级设备；trust 信任上级；"
                             "list 已知的密钥；revoke 吊销下级设备的密钥；"
                             "rotate 轮换本机的签名密钥；new 密钥丢失时生成新的设备标识；"
                             "export-data-key / import-data-key "
                             "导出、导入个人信息的数据密钥", _keys)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (("show", "显示本机指纹、确认码、公钥文件，以及数据密钥恢复文件"
                                "是否已导出、何时导出"),
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
    q = actions.add_parser("revoke", help="吊销下级设备的密钥（如笔记本被盗）：从某序号起拒收")
    db_option(q)
    q.add_argument("fingerprint", metavar="FINGERPRINT", help="设备指纹（keys list 可查）")
    q.add_argument("--from", dest="from_seq", type=int, required=True, metavar="SEQ",
                   help="从这个序号起拒收（含跨过它的数据包）；已导入的列出供核查")
    q = actions.add_parser("rotate", help="轮换本机的签名密钥（上级无需重新登记）")
    db_option(q)
    q = actions.add_parser("export-data-key",
                           help="导出数据密钥恢复文件（用恢复密码加密）：换电脑后可读取联系人、"
                                "电话和以前的备份")
    db_option(q)
    q.add_argument("--out", type=Path, required=True, metavar="FILE", help="恢复文件")
    _recovery_password_option(q)
    q = actions.add_parser("import-data-key", help="导入数据密钥恢复文件（新电脑、密钥丢失时）")
    db_option(q)
    q.add_argument("file", type=Path, metavar="FILE", help="keys export-data-key 导出的恢复文件")
    _recovery_password_option(q)


def _recovery_password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-file", type=Path, metavar="FILE",
                        help="只含恢复密码一行的文本文件（不给则在终端提示输入；"
                             "密码从不写在命令行上）")


def _recovery_password(args: argparse.Namespace, *, twice: bool) -> str:
    """The recovery password: from the password file, else typed at a prompt (never echoed)."""
    import getpass
    import sys

    from app.cli.relay import read_password

    if args.password_file is not None:
        return read_password(args.password_file)
    if not sys.stdin.isatty():
        raise UsageError("请用 --password-file 给出只含恢复密码一行的文件（这里无法提示输入）")
    password = getpass.getpass("恢复密码：")
    if twice and getpass.getpass("再输入一次：") != password:
        raise UsageError("两次输入的恢复密码不一致，什么都没有写")
    return password


def _data_key(args: argparse.Namespace) -> int:
    from app.services import data_keys

    with opened(args) as ledger:
        if args.action == "export-data-key":
            password = _recovery_password(args, twice=True)
            key_id = data_keys.export_data_key(ledger, args.out, password)
            print(f"已导出数据密钥 {key_id} 到“{args.out}”。请把它和恢复密码分开保管："
                  "换电脑后用 keys import-data-key 导入，即可读取联系人、电话和以前的备份。")
            return EXIT_OK
        password = _recovery_password(args, twice=False)
        done = data_keys.import_data_key(ledger, args.file, password)
    where = "系统钥匙串" if done.where == "keyring" else f"“{done.where}”"
    if done.this_ledger:
        print(f"已导入本台账的数据密钥 {done.key_id}（保存在{where}）。联系人和电话已可读取。")
    else:
        print(f"已导入数据密钥 {done.key_id}（保存在{where}）。它不是本台账的数据密钥，"
              "可用于读取用它加密的备份（恢复该备份后即可读取）。")
    return EXIT_OK


def _data_key_lines(ledger: Ledger) -> list[str]:
    """What `keys show` says of the data key: its id, and whether its recovery file was made."""
    from app.domain import china_time
    from app.services import data_keys

    vault = ledger.vault
    if vault.key_id is None:
        return ["数据密钥：无（台账中没有联系人和电话）"]
    if vault.missing:
        return [f"数据密钥：{vault.key_id}（本机没有这把密钥，联系人和电话无法读取：请用 "
                "keys import-data-key 导入恢复文件）"]
    lines = [f"数据密钥：{vault.key_id}"]
    made = data_keys.recovery_file(ledger)
    if made is None:
        lines.append("数据密钥恢复文件：从未导出。电脑损坏或丢失后，联系人和电话（包括备份里的）"
                     "将无法读取。请运行 keys export-data-key --out 文件 导出，"
                     "与恢复密码分开保管")
    elif made.imported:
        lines.append(f"数据密钥恢复文件：已有（{china_time.shown(made.at)} 从恢复文件导入）")
    else:
        lines.append(f"数据密钥恢复文件：已于 {china_time.shown(made.at)} 导出")
    return lines


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


def _say_code(device: keys.Device, confirmed: bool) -> None:
    """The key's confirmation code, and what a person should do with it."""
    from app.sync import keys

    if confirmed:
        print(f"确认码：{device.code}（与输入的一致）")
    else:
        print(f"确认码：{device.code}")
        print("请通过电话与对方核对这个确认码（对方用 keys show 或在“同步”页查看本机的确认码）。")
        if device.role == keys.UPSTREAM:
            print("不一致说明这不是上级的公钥文件：请向上级重新索取，再用 keys trust --upstream "
                  "信任正确的公钥。加 --confirm 确认码，不一致就不会信任。")
        else:
            print(f"不一致说明这不是对方的公钥文件：请用 keys revoke {device.fingerprint} "
                  "--from 1 吊销它。登记时加 --confirm 确认码，不一致就不会登记。")
    if device.encryption_key is None:
        print("注意：这是旧格式的公钥文件，没有加密公钥，发给对方的数据不能加密。"
              "请对方升级本程序后重新导出公钥文件，再登记一次。")


def _keys(args: argparse.Namespace) -> int:
    from app.services.areas import resolve_scope
    from app.sync import keyfile, keys

    if args.action == "new":
        return _keys_new(args)
    if args.action == "revoke":
        return _keys_revoke(args)
    if args.action == "rotate":
        return _keys_rotate(args)
    if args.action in ("export-data-key", "import-data-key"):
        return _data_key(args)
    if args.action in ("enroll", "trust", "list"):
        with opened(args) as ledger:
            if args.action == "list":
                for device in keys.devices(ledger):
                    where = f" {device.label}" if device.label else ""
                    print(f"{device.fingerprint}  {device.role}{where}  确认码 {device.code}"
                          f"{_key_state(device)}")
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
        data_key = _data_key_lines(ledger) if args.action == "show" else []
    code = keyfile.confirmation_code(identity.public_key)
    if args.action == "show":
        print(f"指纹：{identity.fingerprint}")
        print(f"确认码：{code}")
        for line in data_key:
            print(line)
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


def _key_state(device: keys.Device) -> str:
    """What `keys list` adds about a device: revoked, rotated from another key."""
    notes = []
    if device.rotated_from:
        notes.append(f"由 {device.rotated_from} 轮换而来，接在其序号 {device.rotated_after} 之后")
    if device.revoked_from is not None:
        notes.append(f"已吊销：序号 {device.revoked_from} 起拒收")
    return f"（{'；'.join(notes)}）" if notes else ""


def _keys_revoke(args: argparse.Namespace) -> int:
    """Revoke a device below from a sequence on; list what was applied from there on."""
    from app.services.revocation import revoke_device

    with opened(args) as ledger:
        done = revoke_device(ledger, args.fingerprint, args.from_seq)
    revoked = done.revoked
    device = revoked.device
    label = f"（{device.label}）" if device.label else ""
    print(f"已吊销设备 {device.fingerprint}{label}：序号 {revoked.from_seq} 起（含跨过它的）"
          "数据包不再接收，收到的会隔离待人工核查。")
    for other in revoked.also:
        print(f"该设备在吊销点之后轮换为新密钥 {other.fingerprint}，轮换作废，新密钥整体吊销。")
    if revoked.successor is not None:
        after = revoked.successor
        print(f"注意：该设备已在序号 {after.rotated_after} 之后轮换为新密钥 {after.fingerprint}，"
              "轮换早于吊销点，新密钥照常接收；如需一并吊销，请运行 keys revoke "
              f"{after.fingerprint} --from 序号")
    if revoked.quarantined:
        print(f"暂存中等待的 {len(revoked.quarantined)} 个数据包已移入隔离区："
              + "、".join(revoked.quarantined))
    _print_review(done.review, revoked.from_seq)
    return EXIT_OK


def _print_review(review: list[ReviewBundle], from_seq: int) -> None:
    if not review:
        print(f"没有已导入的、序号达到 {from_seq} 的数据包需要核查。")
        return
    print(f"已导入、需要核查的数据包（{len(review)} 个）：")
    for item in review:
        when = _local_time(item.applied_at) if item.applied_at else "时间未记录"
        print(f"  设备 {item.device} 序号 {item.seq_from}–{item.seq_to}，导入于 {when}：")
        if item.records is None:
            print("    （此数据包在本版本之前导入，未记录它写入了哪些记录）")
        elif not item.records:
            print("    没有改动任何记录")
        for record in item.records or []:
            fields = "、".join(record.fields)
            print(f"    {record.entity_label}“{record.title}”（{record.record_id}）"
                  f"{record.action}：{fields}")


def _local_time(value: str) -> str:
    import datetime as dt

    from app.domain import china_time

    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return china_time.local(moment).strftime("%Y-%m-%d %H:%M")


def _keys_rotate(args: argparse.Namespace) -> int:
    """A new signing key for this device, announced to the office above by a signed statement."""
    from app.sync import keys, rotation

    with opened(args) as ledger:
        rotated = rotation.rotate(ledger)
        below = [d for d in keys.devices(ledger) if d.role == keys.ENROLLED]
    print("已轮换本机的签名密钥。")
    for line in _new_key_lines(rotated.new):
        print(f"  {line}")
    print(f"  旧指纹：{rotated.old.fingerprint}（旧密钥最后打包的序号 {rotated.old_last_seq}）")
    print(f"  旧私钥已保留为：{rotated.kept}")
    print(f"  加密密钥也已更换（新加密密钥 {rotated.encryption_key_id}）；旧加密密钥仍可解开"
          "此前加密发给本机的数据包。")
    print("之后的数据包附有新旧两把密钥签名的轮换声明，已登记旧密钥的上级会自动改认新密钥，"
          "无需重新登记；尚未确认的旧数据包照常发送。")
    if below:
        print(f"本机登记的 {len(below)} 台下级设备收到本机的下一份回执或参考数据时，"
              "会凭轮换声明自动改认新密钥，无需重新信任。")
    return EXIT_OK


def _new_key_lines(key: minisign.PublicKey) -> list[str]:
    """What people compare of a new key: its fingerprint and its confirmation code."""
    from app.sync import keyfile

    return [f"新指纹：{key.fingerprint}", f"新确认码：{keyfile.confirmation_code(key.key)}"]
