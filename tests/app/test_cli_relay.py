"""`relay set|show` and `connect create|import` on the command line, in this process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.sync.connect import SUFFIX
from tests.helpers.cli import Done, run
from tests.helpers.ledgers import Devices

DISTRICT_PASSWORD = "d1strict-收集-pass"
STREET_PASSWORD = "Str33t-上报-pass"
RELAY = "https://relay.example.cn/dav"


def _password_file(folder: Path, password: str, ending: str = "\n") -> Path:
    path = folder / f"{len(list(folder.iterdir()))}.txt"
    path.write_bytes((password + ending).encode("utf-8"))
    return path


def _clean(done: Done) -> Done:
    """The run, once its output is checked to show no password."""
    for password in (DISTRICT_PASSWORD, STREET_PASSWORD):
        assert password not in done.stdout and password not in done.stderr
    return done


@pytest.fixture
def setup(devices: Devices, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A district with its collecting relay set, a street, and the street's exported key file."""
    district = devices.copy(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    street = devices.copy(tmp_path / "街道" / "台账.db", role="street", area="解放门街道")
    (tmp_path / "files").mkdir()
    done = _clean(run("--db", district, "relay", "set", "--url", RELAY, "--user", "xincheng",
                      "--password-file", _password_file(tmp_path / "files", DISTRICT_PASSWORD)))
    assert done.returncode == 0, done.stderr
    assert "已设置收集用的中继：https://relay.example.cn/dav/" in done.stdout
    key = tmp_path / "files" / "街道.pub"
    assert run("--db", street, "keys", "export", "--out", key).returncode == 0
    return district, street, key


def _create(district: Path, key: Path, folder: Path, *extra: str) -> tuple[Path, str]:
    out = folder / f"解放门街道{SUFFIX}"
    done = _clean(run("--db", district, "connect", "create", "--street", "解放门街道",
                      "--key", key, "--user", "jfm", "--password-file",
                      _password_file(folder, STREET_PASSWORD, "\r\n"), "--out", out, *extra))
    assert done.returncode == 0, done.stderr
    found = re.search(r"本机的确认码：([0-9 ]+)", done.stdout)
    assert found is not None
    return out, found.group(1)


def test_a_street_connects_with_the_districts_file(setup: tuple[Path, Path, Path],
                                                   tmp_path: Path) -> None:
    district, street, key = setup
    folder = tmp_path / "files"
    out, code = _create(district, key, folder)
    assert "https://relay.example.cn/dav/610102005000/" in run(
        "--db", district, "connect", "create", "--street", "解放门街道", "--key", key,
        "--user", "jfm", "--password-file", _password_file(folder, STREET_PASSWORD),
        "--out", folder / "again.cfconnect").stdout  # the collecting URL + the street's code
    missing = _clean(run("--db", street, "connect", "import", out))
    assert missing.returncode == 2 and code in missing.stderr
    wrong = _clean(run("--db", street, "connect", "import", out, "--confirm", "1" * 20))
    assert wrong.returncode == 2 and "确认码不一致" in wrong.stderr
    assert "未设置" in run("--db", street, "relay", "show").stdout.split("上级中继")[1]
    done = _clean(run("--db", street, "connect", "import", out, "--confirm", code))
    assert done.returncode == 0, done.stderr
    assert "上级 新城区" in done.stdout and "已保存" in done.stdout
    shown = _clean(run("--db", street, "relay", "show"))
    assert "上级中继（本机向这里上报）：https://relay.example.cn/dav/610102005000/" in shown.stdout
    assert "用户：jfm" in shown.stdout and "已保存（仅本人可读的文件" in shown.stdout
    shown = _clean(run("--db", district, "relay", "show"))
    assert "收集用的中继（本机从这里收集下级的数据）：https://relay.example.cn/dav/" in shown.stdout
    assert "上级中继（本机向这里上报）：未设置" in shown.stdout
    listed = run("--db", street, "keys", "list").stdout
    assert "upstream 新城区" in listed
    for path in (*district.parent.iterdir(), *street.parent.iterdir(), out):
        if not path.name.endswith(".relay-secrets"):
            data = path.read_bytes()
            assert DISTRICT_PASSWORD.encode() not in data and STREET_PASSWORD.encode() not in data


def test_a_tampered_file_exits_3(setup: tuple[Path, Path, Path], tmp_path: Path) -> None:
    district, street, key = setup
    out, code = _create(district, key, tmp_path / "files")
    raw = bytearray(out.read_bytes())
    raw[200] ^= 0x01
    out.write_bytes(bytes(raw))
    done = _clean(run("--db", street, "connect", "import", out, "--confirm", code))
    assert done.returncode == 3, done.stderr
    assert "上级中继（本机向这里上报）：未设置" in run("--db", street, "relay", "show").stdout


def test_a_file_for_another_street_exits_2(devices: Devices, setup: tuple[Path, Path, Path],
                                           tmp_path: Path) -> None:
    district, _street, key = setup
    other = devices.copy(tmp_path / "西一路" / "台账.db", role="street", area="西一路街道")
    out, code = _create(district, key, tmp_path / "files")
    done = _clean(run("--db", other, "connect", "import", out, "--confirm", code))
    assert done.returncode == 2 and "是给街道 解放门街道的" in done.stderr


def test_another_upstream_needs_replace(devices: Devices, setup: tuple[Path, Path, Path],
                                        tmp_path: Path) -> None:
    district, street, key = setup
    other = devices.copy(tmp_path / "旧区县" / "台账.db", role="district", area="新城区", device=2)
    assert run("--db", other, "keys", "export", "--out", tmp_path / "旧.pub").returncode == 0
    assert run("--db", street, "keys", "trust", "--upstream", tmp_path / "旧.pub").returncode == 0
    out, code = _create(district, key, tmp_path / "files")
    done = _clean(run("--db", street, "connect", "import", out, "--confirm", code))
    assert done.returncode == 2 and "--replace" in done.stderr
    done = _clean(run("--db", street, "connect", "import", out, "--confirm", code, "--replace"))
    assert done.returncode == 0 and "原来的上级" in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--url", "ftp://relay.example.cn/"), "中继地址"),
    (("--url", "https://中继.cn/"), "中继地址"),
])
def test_relay_set_refuses_a_bad_url(setup: tuple[Path, Path, Path], tmp_path: Path,
                                     args: tuple[str, ...], message: str) -> None:
    district, _street, _key = setup
    done = run("--db", district, "relay", "set", *args, "--user", "x", "--password-file",
               _password_file(tmp_path / "files", "pw"))
    assert done.returncode == 2 and message in done.stderr


@pytest.mark.parametrize("content", [b"", b"\n", b"two\nlines\n", b"\xff\xfe", b"x" * 5000])
def test_relay_set_refuses_a_bad_password_file(setup: tuple[Path, Path, Path], tmp_path: Path,
                                               content: bytes) -> None:
    district, _street, _key = setup
    path = tmp_path / "files" / "bad.txt"
    path.write_bytes(content)
    done = run("--db", district, "relay", "set", "--url", RELAY, "--user", "x",
               "--password-file", path)
    assert done.returncode == 2 and "密码文件" in done.stderr


def test_connect_create_without_a_relay_needs_a_url(devices: Devices, tmp_path: Path) -> None:
    district = devices.copy(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    street = devices.copy(tmp_path / "街道" / "台账.db", role="street", area="解放门街道")
    (tmp_path / "files").mkdir()
    key = tmp_path / "files" / "街道.pub"
    assert run("--db", street, "keys", "export", "--out", key).returncode == 0
    done = run("--db", district, "connect", "create", "--street", "解放门街道", "--key", key,
               "--user", "jfm", "--password-file", _password_file(tmp_path / "files", "pw"),
               "--out", tmp_path / "x.cfconnect")
    assert done.returncode == 2 and "relay set" in done.stderr
    assert not (tmp_path / "x.cfconnect").exists()
