"""The relay check a district runs on its relay (packaging/relay/check_relay.py), on WsgiDAV."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.sync import relaycheck
from app.sync.relaycheck import Step
from tests.helpers.relay import TestRelay

OFFICE = "610102001"
ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "packaging" / "relay" / "check_relay.py"


def check(relay: TestRelay, office_user: str = OFFICE, **kw: str) -> tuple[bool, list[str]]:
    said: list[str] = []
    office = relaycheck.office_config(relay.config(), OFFICE, relay.config(office_user, **kw))
    good = relaycheck.run(relay.config(), office, OFFICE, attempts=1, say=said.append)
    return good, said


def failed(said: list[str]) -> list[str]:
    return [line for line in said if line.startswith("✗")]


def test_every_rule_holds_on_a_relay_set_up_right(relay: TestRelay) -> None:
    """The test relay keeps the layout's rules: every step holds, and no test file is left."""
    office = relaycheck.office_config(relay.config(), OFFICE, relay.config(OFFICE))
    steps = list(relaycheck.check_relay(relay.config(), office, OFFICE, attempts=1))
    assert [s for s in steps if not s.ok] == []
    assert Step("同名文件不被覆盖（MOVE Overwrite: F → 412）", True) in steps
    assert len(steps) == 14
    assert relay.files() == []
    logged = relay.requests()
    assert any(line.startswith("MOVE ") and line.endswith(f" {OFFICE}") for line in logged)
    assert not any(line.startswith("PUT /cfl-check-other") and line.endswith(" 201")
                   for line in logged)


def test_an_office_account_that_may_write_everything_is_caught(relay: TestRelay) -> None:
    """An office given the district's rights (its own receipts, other folders) fails the check."""
    good, said = check(relay, office_user="collector")
    assert not good
    assert {line.split("：")[0] for line in failed(said)} == {
        "✗ 街道账号不能写自己的回执文件夹", "✗ 街道账号不能写自己的参考数据文件夹",
        "✗ 街道账号不能读别的街道的文件夹", "✗ 街道账号不能写别的街道的文件夹",
        "✗ 街道账号不能把文件移到别的街道的文件夹"}
    assert "请检查访问规则" in failed(said)[0]
    assert relay.files() == []  # what got through is removed too


def test_a_relay_that_overwrites_is_caught(relay: TestRelay) -> None:
    """A MOVE that replaces a file already there (no 412 for Overwrite: F) fails its step."""
    relay.fault("answer", status="201 Created", methods=["MOVE"])
    good, said = check(relay)
    assert not good
    assert any("Overwrite: F 没有起作用" in line for line in failed(said))


def test_a_wrong_office_password_is_named(relay: TestRelay) -> None:
    """The office's upload step fails with the relay client's own words for a refused login."""
    good, said = check(relay, password="not-it")
    assert not good
    assert any(line.startswith("✗ 街道账号上传") and "拒绝了用户" in line for line in said)


def test_a_clock_far_off_is_said(relay: TestRelay) -> None:
    """A relay whose Date is a day off: the clock step fails and says by how much."""
    relay.fault("date", value="Mon, 01 Jan 2024 00:00:00 GMT")
    good, said = check(relay)
    assert not good
    assert [line.split("：")[0] for line in failed(said)] == ["✗ 中转站的时钟"]
    assert "请校准时钟" in failed(said)[0]


def test_a_relay_that_does_not_answer_stops_the_check(relay: TestRelay) -> None:
    """Nothing answering: the first step fails with the client's message and the check ends."""
    relay.stop()
    good, said = check(relay)
    assert not good
    assert said[0].startswith("✗ 区县账号创建下级文件夹：无法连接中转站")
    assert said[-1] == "中转站没有应答，检查中止。"


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120, check=False)


def test_the_script_checks_a_tls_relay_with_its_own_ca(relay_tls: TestRelay,
                                                       tmp_path: Path) -> None:
    """The command line a district runs: passwords from files, the relay's CA, exit 0."""
    collector, office = relay_tls.config(), relay_tls.config(OFFICE)
    (tmp_path / "district.txt").write_text(collector.password + "\n", "utf-8")
    (tmp_path / "street.txt").write_text(office.password + "\n", "utf-8")
    assert relay_tls.ca_file is not None
    done = run_script(relay_tls.url, "--collector-user", collector.user,
                      "--collector-password-file", str(tmp_path / "district.txt"),
                      "--office", OFFICE, "--office-user", office.user,
                      "--office-password-file", str(tmp_path / "street.txt"),
                      "--ca-file", str(relay_tls.ca_file))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("✓") == 14
    assert done.stdout.rstrip().endswith("中继检查通过。")
    assert relay_tls.files() == []


def test_the_script_without_the_ca_fails_and_names_the_certificate(relay_tls: TestRelay,
                                                                   tmp_path: Path) -> None:
    """No --ca-file for a relay with its own CA: exit 1, the certificate named."""
    (tmp_path / "pw.txt").write_text("whatever\n", "utf-8")
    pw = str(tmp_path / "pw.txt")
    done = run_script(relay_tls.url, "--collector-user", "collector",
                      "--collector-password-file", pw, "--office", OFFICE,
                      "--office-user", OFFICE, "--office-password-file", pw)
    assert done.returncode == 1
    assert "HTTPS 证书不可信" in done.stdout + done.stderr


def test_the_script_refuses_an_empty_password_file(tmp_path: Path) -> None:
    """A usage error (exit 2) before anything is sent."""
    (tmp_path / "empty.txt").write_text("", "utf-8")
    pw = str(tmp_path / "empty.txt")
    done = run_script("https://127.0.0.1:9/", "--collector-user", "collector",
                      "--collector-password-file", pw, "--office", OFFICE,
                      "--office-user", OFFICE, "--office-password-file", pw)
    assert done.returncode == 2
    assert "是空的" in done.stderr
