"""Enrolling devices for an area, trusting an upstream: from the command line, on real files."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.errors import UsageError
from app.services import records
from app.services.areas import resolve_scope
from app.store import enckey
from app.store.db import Ledger
from app.sync import bundle, keyfile, keys
from tests.app.sync.ledgers import public_key_text
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


# --- what a key file announces, and the confirmation code -----------------------------------------


def _two(devices: Devices, folder: Path) -> tuple[Ledger, Ledger]:
    """A district and one of its streets, open."""
    return (devices.open(folder / "区县" / "台账.db", role="district", area="新城区"),
            devices.open(folder / "街道" / "台账.db", role="street", area="解放门街道"))


def test_a_key_files_encryption_key_and_formats_are_kept_and_updated(devices: Devices,
                                                                      tmp_path: Path) -> None:
    district, street = _two(devices, tmp_path)
    scope = resolve_scope(district, "street:解放门街道")
    assert scope is not None
    try:
        first = enckey.load_or_create(street.path).public
        device = keys.enroll(district, keyfile.own_key_file_text(street), scope)
        assert (device.encryption_key, device.formats) == (first, keyfile.FORMATS)
        assert keys.enrolled(district, device.fingerprint) == device
        assert device.code == keyfile.confirmation_code(street.identity.public_key)
        upper = keys.trust_upstream(street, keyfile.own_key_file_text(district))
        assert upper.encryption_key == enckey.load_or_create(district.path).public
        assert keys.upstream(street) == upper and upper.formats == keyfile.FORMATS

        rotated = enckey.rotate(street.path).public  # a newer file of the same signing key
        again = keys.enroll(district, keyfile.own_key_file_text(street), scope, "笔记本")
        assert (again.encryption_key, again.label) == (rotated, "笔记本")
        newer = enckey.rotate(district.path).public
        assert keys.trust_upstream(street, keyfile.own_key_file_text(district)
                                   ).encryption_key == newer

        old = public_key_text(street)  # a file of two lines says nothing of encryption:
        kept = keys.enroll(district, old, scope)  # what was announced stays
        assert (kept.encryption_key, kept.formats) == (rotated, keyfile.FORMATS)
        assert keys.trust_upstream(street, public_key_text(district)).encryption_key == newer
    finally:
        district.close()
        street.close()


def test_an_older_key_file_enrols_as_format_1(devices: Devices, tmp_path: Path) -> None:
    district, street = _two(devices, tmp_path)
    scope = resolve_scope(district, "street:解放门街道")
    assert scope is not None
    try:
        device = keys.enroll(district, public_key_text(street), scope)
        assert (device.encryption_key, device.formats) == (None, ("cfl-bundle/1",))
        upper = keys.trust_upstream(street, public_key_text(district))
        assert (upper.encryption_key, upper.formats) == (None, ("cfl-bundle/1",))
    finally:
        district.close()
        street.close()


def test_a_wrong_confirmation_code_stores_nothing(devices: Devices, tmp_path: Path) -> None:
    district, street = _two(devices, tmp_path)
    scope = resolve_scope(district, "street:解放门街道")
    assert scope is not None
    try:
        street_file, district_file = (keyfile.own_key_file_text(street),
                                      keyfile.own_key_file_text(district))
        street_code = keyfile.confirmation_code(street.identity.public_key)
        district_code = keyfile.confirmation_code(district.identity.public_key)
        before = (keys.devices(district), keys.devices(street))
        with pytest.raises(UsageError, match="确认码不一致") as refused:
            keys.enroll(district, street_file, scope, confirm=district_code)
        assert street_code in str(refused.value) and district_code in str(refused.value)
        with pytest.raises(UsageError, match="确认码不一致"):
            keys.trust_upstream(street, district_file, confirm=street_code)
        with pytest.raises(UsageError, match="20 位数字"):
            keys.trust_upstream(street, district_file, confirm=district_code[:-1])
        assert (keys.devices(district), keys.devices(street)) == before

        typed = "－".join(street_code.split())  # as typed on a Chinese keyboard
        assert keys.enroll(district, street_file, scope, confirm=typed).code == street_code
        upper = keys.trust_upstream(street, district_file, confirm=district_code)
        assert upper.role == keys.UPSTREAM and upper.code == district_code
    finally:
        district.close()
        street.close()


def _code_line(out: str) -> str:
    [line] = [line for line in out.splitlines() if line.startswith("确认码：")]
    return line.removeprefix("确认码：").split("（")[0]


def test_the_commands_show_and_check_the_confirmation_code(devices: Devices,
                                                           tmp_path: Path) -> None:
    street, street_pub = _office(devices, tmp_path, "street", "解放门街道")
    district, district_pub = _office(devices, tmp_path, "district", "新城区")
    exported = run("--db", street, "keys", "export", "--out", street_pub)
    code = _code_line(exported.stdout)
    assert re.fullmatch(r"\d{4}( \d{4}){4}", code) and "电话" in exported.stdout
    shown = run("--db", street, "keys", "show").stdout
    assert _code_line(shown) == code
    assert street_pub.read_text(encoding="utf-8") in shown  # the format-2 file, as exported
    found = keyfile.parse_key_file(street_pub.read_text(encoding="utf-8"))
    assert found.code == code and found.formats == keyfile.FORMATS
    assert found.encryption == enckey.load_or_create(street).public
    district_code = _code_line(run("--db", district, "keys", "show").stdout)

    wrong = run("--db", district, "keys", "enroll", "--street", "解放门街道", street_pub,
                "--confirm", district_code)
    assert wrong.returncode == 2 and "确认码不一致" in wrong.stderr
    assert code in wrong.stderr and district_code in wrong.stderr
    assert "enrolled" not in run("--db", district, "keys", "list").stdout
    unchecked = run("--db", district, "keys", "enroll", "--street", "解放门街道", street_pub)
    assert unchecked.returncode == 0, unchecked.stderr
    assert _code_line(unchecked.stdout) == code and "请通过电话与对方核对" in unchecked.stdout
    checked = run("--db", district, "keys", "enroll", "--street", "解放门街道", street_pub,
                  "--confirm", code.replace(" ", ""))
    assert checked.returncode == 0 and "与输入的一致" in checked.stdout
    assert "请通过电话" not in checked.stdout and "旧格式" not in checked.stdout

    wrong = run("--db", street, "keys", "trust", "--upstream", district_pub, "--confirm", code)
    assert wrong.returncode == 2 and "确认码不一致" in wrong.stderr
    assert "upstream" not in run("--db", street, "keys", "list").stdout
    typo = run("--db", street, "keys", "trust", "--upstream", district_pub, "--confirm", "12")
    assert typo.returncode == 2 and "20 位数字" in typo.stderr
    trusted = run("--db", street, "keys", "trust", "--upstream", district_pub)
    assert trusted.returncode == 0 and _code_line(trusted.stdout) == district_code
    assert "请通过电话与对方核对" in trusted.stdout
    trusted = run("--db", street, "keys", "trust", "--upstream", district_pub,
                  "--confirm", district_code)
    assert trusted.returncode == 0 and "与输入的一致" in trusted.stdout

    listed = run("--db", district, "keys", "list").stdout
    fingerprint = found.fingerprint
    assert f"{fingerprint}  enrolled 解放门街道  确认码 {code}" in listed
    assert f"确认码 {district_code}" in listed  # its own key too
    assert f"upstream  确认码 {district_code}" in run("--db", street, "keys", "list").stdout


def test_a_tampered_or_old_key_file_at_the_command_line(devices: Devices, tmp_path: Path) -> None:
    _street, street_pub = _office(devices, tmp_path, "street", "解放门街道")
    district, _district_pub = _office(devices, tmp_path, "district", "新城区")
    lines = street_pub.read_text(encoding="utf-8").splitlines()
    thief = X25519PrivateKey.generate().public_key().public_bytes_raw()
    announced = json.loads(base64.b64decode(lines[2].removeprefix("cfl-key: ")))
    announced["encryption"] = base64.b64encode(thief).decode()
    lines[2] = "cfl-key: " + base64.b64encode(keyfile._canonical(announced)).decode()
    swapped = tmp_path / "换了加密公钥.pub"
    swapped.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = run("--db", district, "keys", "enroll", "--street", "解放门街道", swapped)
    assert refused.returncode == 3 and "签名不符" in refused.stderr
    assert str(swapped) in refused.stderr
    assert "enrolled" not in run("--db", district, "keys", "list").stdout
    refused = run("bundle", "verify", tmp_path / "任何.cfbundle", "--pubkey", swapped)
    assert refused.returncode == 3 and "签名不符" in refused.stderr

    old = tmp_path / "旧.pub"
    old.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    done = run("--db", district, "keys", "enroll", "--street", "解放门街道", old)
    assert done.returncode == 0 and "旧格式的公钥文件" in done.stdout
    assert keyfile.parse_key_file(old.read_text(encoding="utf-8")).code == _code_line(done.stdout)


def test_a_verified_bundle_a_new_identity_and_a_rotated_key_say_their_code(devices: Devices,
                                                              tmp_path: Path) -> None:
    db = tmp_path / "街道" / "台账.db"
    ledger = devices.open(db, role="street", area="解放门街道")
    try:
        code = keyfile.confirmation_code(ledger.identity.public_key)
        records.create(ledger, "communities", {"name": "东七路社区", "street": "解放门街道"})
        made = bundle.make_bundle(ledger)
        assert made is not None
    finally:
        ledger.close()
    checked = run("bundle", "verify", made.path)  # the signer, as people compare it
    assert checked.returncode == 0 and f"（确认码 {code}）" in checked.stdout
    db.with_name(db.name + ".key").unlink()
    renewed = run("--db", db, "keys", "new", "--confirm")
    assert renewed.returncode == 0, renewed.stderr
    new_code = _code_line(run("--db", db, "keys", "show").stdout)
    assert new_code != code and f"（确认码 {new_code}）" in renewed.stdout
    rotated = run("--db", db, "keys", "rotate")
    assert rotated.returncode == 0, rotated.stderr
    assert f"新确认码：{_code_line(run('--db', db, 'keys', 'show').stdout)}" in rotated.stdout
