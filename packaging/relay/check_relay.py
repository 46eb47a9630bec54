"""Check a WebDAV relay against the relay layout, as the district that runs it (issue 14).

    python packaging/relay/check_relay.py https://relay.example.cn/dav/ \
        --collector-user xincheng --collector-password-file 区县密码.txt \
        --office 610102005 --office-user jfm --office-password-file 街道密码.txt [--ca-file ca.pem]

Passwords are read from files (the first line), never typed on the command line. Exit 0 when
every rule held, 1 when one did not (each step says which), 2 for a usage error. It writes only
files named cfl-check-… and removes them; it needs the app installed (or run from its checkout).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if (ROOT / "app" / "sync" / "relaycheck.py").is_file():
    sys.path.insert(0, str(ROOT))  # run from a checkout of the project


def _password(path: str, parser: argparse.ArgumentParser) -> str:
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        parser.error(f"无法读取密码文件“{path}”：{exc}")
    if not lines or not lines[0].strip():
        parser.error(f"密码文件“{path}”是空的")
    return lines[0].strip()


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the check, say each step; the exit code."""
    from app.sync import relaycheck
    from app.sync.webdav import RelayConfig, RelayError

    parser = argparse.ArgumentParser(description="按中继的文件夹规则检查 WebDAV 中继（区县用）")
    parser.add_argument("url", help="中继地址（区县账号用的），如 https://relay.example.cn/dav/")
    parser.add_argument("--collector-user", required=True, help="区县收集用的账号")
    parser.add_argument("--collector-password-file", required=True, help="该账号的密码文件")
    parser.add_argument("--office", required=True, help="一个下级单位的代码（它的文件夹名）")
    parser.add_argument("--office-user", required=True, help="该单位的账号")
    parser.add_argument("--office-password-file", required=True, help="该账号的密码文件")
    parser.add_argument("--ca-file", type=Path, help="中转站自己的 CA 证书（PEM），若有")
    args = parser.parse_args(argv)
    collector = RelayConfig(args.url, args.collector_user,
                            _password(args.collector_password_file, parser), args.ca_file)
    office = relaycheck.office_config(
        collector, args.office,
        RelayConfig(args.url, args.office_user, _password(args.office_password_file, parser),
                    args.ca_file))
    try:
        good = relaycheck.run(collector, office, args.office)
    except RelayError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code if exc.exit_code == 2 else 1
    print("中继检查通过。" if good else "中继检查未通过：见上面标 ✗ 的各项。")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
