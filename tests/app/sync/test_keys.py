"""Enrolling devices for an area, trusting an upstream: from the command line, on real files."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import run
from tests.helpers.ledgers import Devices


def _office(devices: Devices, folder: Path, role: str, area: str) -> tuple[Path, Path]:
    """A ledger and its exported public key."""
    db = folder / f"{area}.db"
    devices.copy(db, role=role, area=area)
    pub = folder / f"{area}.pub"
    assert run("--db", db, "keys", "export", "--out", pub).returncode == 0
    return db, pub


def test_a_district_enrols_a_street_and_the_street_trusts_it(devices: Devices,
                                                             tmp_path: Path) -> None:
    street, street_pub = _office(devices, tmp_path, "street", "解放门街道")
    district, district_pub = _office(devices, tmp_path, "district", "新城区")
    done = run("--db", district, "keys", "enroll", "--street", "解放门街道", street_pub)
    assert done.returncode == 0, done.stderr
    assert "已登记设备" in done.stdout
    again = run("--db", district, "keys", "enroll", "--street", "解放门街道", street_pub)
    assert again.returncode == 0  # enrolling twice changes nothing
    listed = run("--db", district, "keys", "list").stdout
    fingerprint = street_pub.read_text(encoding="utf-8").split()[5]
    assert f"{fingerprint}  enrolled 解放门街道" in listed
    done = run("--db", street, "keys", "trust", "--upstream", district_pub)
    assert done.returncode == 0, done.stderr
    assert "upstream" in run("--db", street, "keys", "list").stdout
    refused = run("--db", street, "keys", "enroll", "--street", "解放门街道", district_pub)
    assert refused.returncode == 2 and "upstream" in refused.stderr  # already the upstream
    own = run("--db", district, "keys", "enroll", "--street", "解放门街道", district_pub)
    assert own.returncode == 2 and "本机自己的密钥" in own.stderr
    junk = tmp_path / "坏.pub"
    junk.write_text("不是公钥", encoding="utf-8")
    bad = run("--db", district, "keys", "enroll", "--street", "解放门街道", junk)
    assert bad.returncode == 3 and "公钥文件格式不对" in bad.stderr
    missing = run("--db", district, "keys", "enroll", "--street", "不存在街道", street_pub)
    assert missing.returncode == 2 and "找不到街道" in missing.stderr
