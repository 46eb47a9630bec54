"""The `relay` and `connect` commands: the relay this office collects from, connection files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import EXIT_OK, command, db_option, opened
from app.errors import UsageError

if TYPE_CHECKING:
    from app.cli.common import Commands
    from app.store.db import Ledger
    from app.store.relays import Relay

MAX_PASSWORD_FILE = 4096
"""A password file holds one line; anything much larger is the wrong file."""


def register(sub: Commands) -> None:
    """Add `relay` and `connect` with their actions."""
    p = command(sub, "relay", "中继（WebDAV）：set 设置本机收集下级数据用的中继；"
                              "show 显示收集用的中继和上级中继", _relay)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("set", help="设置本机收集下级数据用的中继（区县或市）")
    db_option(q)
    q.add_argument("--url", required=True, metavar="URL",
                   help="中继的根地址（https://…，各单位的文件夹在它下面）")
    q.add_argument("--user", required=True, metavar="NAME", help="本机登录中继的用户名")
    _password_option(q)
    q.add_argument("--ca-file", type=Path, metavar="PEM",
                   help="中继自己的 CA 证书（PEM）；用公认证书的中继不需要")
    db_option(actions.add_parser("show", help="显示两个中继（从不显示密码）"))

    p = command(sub, "connect", "连接文件：create 在上级为一个下级单位制作；"
                                "import 在下级导入（信任上级并设置上级中继）", _connect)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("create", help="为一个下级单位制作连接文件（含加密给它的中继密码）")
    db_option(q)
    area = q.add_mutually_exclusive_group(required=True)
    area.add_argument("--street", metavar="NAME|CODE", help="下级街道")
    area.add_argument("--district", metavar="NAME|CODE", help="下级区县（市制作时）")
    area.add_argument("--zone", metavar="NAME|CODE", help="下级开发区（市制作时）")
    q.add_argument("--key", type=Path, required=True, metavar="FILE.pub",
                   help="下级导出的公钥文件（keys export）：密码加密给它")
    q.add_argument("--user", required=True, metavar="NAME", help="下级登录中继的用户名")
    _password_option(q)
    q.add_argument("--out", type=Path, required=True, metavar="FILE.cfconnect", help="连接文件")
    q.add_argument("--url", metavar="URL",
                   help="下级的中继地址（默认：收集用中继的地址 + 下级代码 + /）")
    q.add_argument("--ca-file", type=Path, metavar="PEM",
                   help="中继的 CA 证书（默认：收集用中继设置的证书）")
    q = actions.add_parser("import", help="导入上级给的连接文件：信任上级，设置上级中继")
    db_option(q)
    q.add_argument("file", type=Path, metavar="FILE.cfconnect", help="连接文件")
    q.add_argument("--confirm", metavar="CODE",
                   help="上级电话告知的确认码（20 位数字）：与文件中上级的不一致时什么都不做")
    q.add_argument("--replace", action="store_true",
                   help="本机已信任另一个上级时，改为信任这个文件的上级")


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-file", type=Path, required=True, metavar="FILE",
                        help="只含中继密码一行的文本文件（密码不写在命令行上）")


def read_password(path: Path) -> str:
    """The password in a password file: one line, read bounded, its line end dropped."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PASSWORD_FILE + 1)
    except OSError as exc:
        raise UsageError(f"无法读取密码文件“{path}”：{exc.strerror or '读取失败'}") from None
    if len(raw) > MAX_PASSWORD_FILE:
        raise UsageError(f"“{path}”不是密码文件：超过 {MAX_PASSWORD_FILE} 字节")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"密码文件“{path}”不是 UTF-8 文本") from None
    password = text.removesuffix("\n").removesuffix("\r")
    if not password:
        raise UsageError(f"密码文件“{path}”是空的：请把中继密码写在第一行")
    if "\n" in password or "\r" in password:
        raise UsageError(f"密码文件“{path}”应只有一行（中继密码）")
    return password


def read_ca(path: Path) -> str:
    """A CA certificate file's text, read bounded (checked when stored)."""
    from app.store.relays import MAX_CA

    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CA + 1)
    except OSError as exc:
        raise UsageError(f"无法读取 CA 证书文件“{path}”：{exc.strerror or '读取失败'}") from None
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        raise UsageError(f"“{path}”不是 PEM 格式的 CA 证书") from None


def _where(kept: str | None) -> str:
    from app.store.secrets import KEYRING

    if kept is None:
        return "未保存"
    return "已保存（系统钥匙串）" if kept == KEYRING else f"已保存（仅本人可读的文件 {kept}）"


def _relay(args: argparse.Namespace) -> int:
    from app.store import relays

    with opened(args) as ledger:
        if args.action == "set":
            ca = read_ca(args.ca_file) if args.ca_file is not None else None
            kept = relays.save(ledger, relays.COLLECT, args.url, args.user,
                               read_password(args.password_file), ca)
            found = relays.relay(ledger, relays.COLLECT)
            assert found is not None
            print(f"已设置收集用的中继：{found.url}（用户 {found.user}）")
            print(f"密码：{_where(kept)}")
            return EXIT_OK
        for which, title in ((relays.COLLECT, "收集用的中继（本机从这里收集下级的数据）"),
                             (relays.UPWARD, "上级中继（本机向这里上报）")):
            _show(ledger, relays.relay(ledger, which), title)
    return EXIT_OK


def _show(ledger: Ledger, found: Relay | None, title: str) -> None:
    from app.store import relays

    if found is None:
        print(f"{title}：未设置")
        return
    print(f"{title}：{found.url}")
    print(f"  用户：{found.user}")
    print(f"  CA 证书：{'中继自带' if found.ca_pem else '无（使用系统信任的证书）'}")
    print(f"  密码：{_where(relays.password_where(ledger, found))}")
    if found.upstream:
        area = found.upstream.get("area") or {}
        print(f"  上级：{found.upstream.get('name', '')}（{area.get('code') or ''}）")


def _connect(args: argparse.Namespace) -> int:
    from app.sync import connect

    with opened(args) as ledger:
        if args.action == "create":
            return _create(ledger, args)
        connection = connect.read_connect(args.file, ledger)
        done = connect.import_connect(ledger, connection, args.confirm, args.replace)
        print(f"已导入连接文件：上级 {connection.upstream_name}（确认码 {connection.code}，"
              "与输入的一致）")
        if done.replaced is not None:
            print(f"原来的上级（{done.replaced.label or done.replaced.fingerprint}）已不再信任")
        print(f"上级中继：{done.relay.url}（用户 {done.relay.user}）")
        print(f"密码：{_where(done.password_kept)}")
    return EXIT_OK


def _create(ledger: Ledger, args: argparse.Namespace) -> int:
    from app.services.areas import resolve_scope
    from app.store import relays
    from app.store.whole import write_whole
    from app.sync import connect, keyfile

    level, name = next((level, getattr(args, level)) for level in ("street", "district", "zone")
                       if getattr(args, level))
    scope = resolve_scope(ledger, f"{level}:{name}")
    assert scope is not None
    key_text = keyfile.read_key_text(args.key)
    collect = relays.relay(ledger, relays.COLLECT)
    if args.url is not None:
        url = args.url
    elif collect is not None:
        url = collect.url + connect.office_folder(scope) + "/"
    else:
        raise UsageError("还没有设置收集用的中继：请先运行 relay set，"
                         "或用 --url 给出下级的中继地址")
    ca = read_ca(args.ca_file) if args.ca_file is not None else (
        collect.ca_pem if collect is not None else None)
    data = connect.make_connect(ledger, scope, key_text, url, args.user,
                                read_password(args.password_file), ca)
    write_whole(args.out, data, private=True)
    own = keyfile.parse_key_file(keyfile.own_key_file_text(ledger))
    print(f"已写入连接文件“{args.out}”：给{scope}，"
          f"中继 {relays.check_url(url)}（用户 {args.user}）")
    print(f"本机的确认码：{own.code}")
    print("请把连接文件交给对方，并通过电话告诉对方这个确认码：对方导入时要输入它（connect import "
          "文件 --confirm 确认码）。密码已加密，只有对方能打开")
    return EXIT_OK
