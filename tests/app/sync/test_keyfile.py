"""Public key files of format 2 and the confirmation code: made, read back, and every tampering
of what the signing key vouches for refused in Chinese."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.errors import UsageError
from app.services import records
from app.store.identity import Identity
from app.sync import bundle, keyfile, keys, minisign
from app.sync.keyfile import FORMATS, KeyFile, confirmation_code, normalise_code
from app.sync.minisign import VerifyFailed
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices

RFC8032_PUBLIC = bytes.fromhex(  # RFC 8032, 7.1, TEST 1: a public key anyone can look up
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC8032_CODE = "1537 5447 3723 3069 5437"
"""Its code, worked out apart from the app: `sha256sum` of the key's bytes, the hex digest
turned into decimal by `bc` (ibase=16), its first 20 digits."""

IDENTITY = Identity(bytes.fromhex("3d2f8a41c6e09b57"),
                    Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
ENCRYPTION = X25519PrivateKey.from_private_bytes(bytes(range(32, 64))).public_key(
    ).public_bytes_raw()


# --- the confirmation code ---------------------------------------------------------------------


def test_the_code_is_the_first_20_decimal_digits_of_the_keys_sha256() -> None:
    assert confirmation_code(RFC8032_PUBLIC) == RFC8032_CODE
    code = confirmation_code(IDENTITY.public_key)
    assert len(code) == 24 and [len(part) for part in code.split(" ")] == [4] * 5
    assert code != confirmation_code(ENCRYPTION)  # another key, another code
    with pytest.raises(ValueError):
        confirmation_code(RFC8032_PUBLIC[:31])


@pytest.mark.parametrize("typed", [
    "1537 5447 3723 3069 5437", "15375447372330695437", "1537-5447-3723-3069-5437",
    " 1537 5447  3723\t3069 5437 ",
    "１５３７　５４４７　３７２３　３０６９　５４３７",  # full-width digits and spaces
    "1537－5447－3723－3069－5437", "1537—5447–3723.3069·5437",
])
def test_a_code_typed_as_people_type_it_is_its_20_digits(typed: str) -> None:
    assert normalise_code(typed) == "15375447372330695437"


@pytest.mark.parametrize("typed", ["", "1537 5447 3723 3069 543", "1537 5447 3723 3069 54377",
                                   "1537 5447 3723 3069 543O", "确认码", "١٥٣٧٥٤٤٧٣٧٢٣٣٠٦٩٥٤٣٧"])
def test_what_is_not_20_digits_is_refused_in_chinese(typed: str) -> None:
    with pytest.raises(UsageError, match="确认码应为 20 位数字"):
        normalise_code(typed)


def test_a_code_is_checked_against_the_key_file_naming_both() -> None:
    found = keyfile.parse_key_file(keyfile.key_file_text(IDENTITY, ENCRYPTION))
    keyfile.check_code(found.code.replace(" ", "-"), found)
    with pytest.raises(UsageError, match="确认码不一致") as refused:
        keyfile.check_code(RFC8032_CODE, found)
    assert RFC8032_CODE in str(refused.value) and found.code in str(refused.value)


# --- the file ------------------------------------------------------------------------------------


def test_key_files_announce_the_formats_bundles_are_read_in() -> None:
    assert keyfile.FORMATS == bundle.FORMATS  # what receipts announce too


def test_a_key_file_round_trips_and_begins_as_a_minisign_public_key() -> None:
    text = keyfile.key_file_text(IDENTITY, ENCRYPTION)
    signing = minisign.public_key(IDENTITY.key_id, IDENTITY.private_key)
    assert text.startswith(signing.text())
    lines = text.splitlines()
    assert len(lines) == 4 and lines[2].startswith("cfl-key: ")
    assert lines[3].startswith("cfl-key-signature: ")
    announced = json.loads(base64.b64decode(lines[2].removeprefix("cfl-key: ")))
    assert announced == {"format": "cfl-key/2", "fingerprint": signing.fingerprint,
                         "encryption": base64.b64encode(ENCRYPTION).decode(),
                         "formats": list(FORMATS)}
    found = keyfile.parse_key_file(text)
    assert found == KeyFile(signing, ENCRYPTION, FORMATS)
    assert found.fingerprint == "579BE0C6418A2F3D"
    assert found.code == confirmation_code(IDENTITY.public_key)
    assert keyfile.key_file_text(IDENTITY, ENCRYPTION) == text  # the same file every time
    assert minisign.parse_public_key(text) == signing  # what older versions read of it
    for kept in (text.replace("\n", "\r\n"), "\ufeff" + text, text + "\n\n", text.rstrip("\n")):
        assert keyfile.parse_key_file(kept) == found  # Notepad's line ends, BOM, blank lines
    only_two = keyfile.key_file_text(IDENTITY, ENCRYPTION, ("cfl-bundle/2",))
    assert keyfile.parse_key_file(only_two).formats == ("cfl-bundle/2",)


def test_an_older_key_file_still_reads_as_format_1() -> None:
    signing = minisign.public_key(IDENTITY.key_id, IDENTITY.private_key)
    for text in (signing.text(), signing.text().splitlines()[1],
                 signing.text().replace("\n", "\r\n")):
        assert keyfile.parse_key_file(text) == KeyFile(signing, None, ("cfl-bundle/1",))
    stock = Path(__file__).parent / "vectors" / "stock" / "stock.pub"  # made by minisign -G
    found = keyfile.parse_key_file(stock.read_text(encoding="utf-8"))
    assert found.fingerprint == "E74B0D7484A6288F" and found.encryption is None


def _lines() -> list[str]:
    return keyfile.key_file_text(IDENTITY, ENCRYPTION).splitlines()


def _with(payload: bytes | None = None, signature: bytes | None = None,
          lines: list[str] | None = None) -> str:
    """The key file with its cfl-key payload or signature bytes replaced."""
    found = lines or _lines()
    if payload is not None:
        found[2] = "cfl-key: " + base64.b64encode(payload).decode()
    if signature is not None:
        found[3] = "cfl-key-signature: " + base64.b64encode(signature).decode()
    return "\n".join(found) + "\n"


def _signed(payload: bytes, private: Ed25519PrivateKey = IDENTITY.private_key) -> str:
    """A key file whose cfl-key part is `payload`, signed by the signing key as the app signs."""
    return _with(payload, private.sign(keyfile.SIGNED_PREFIX + payload))


def _payload() -> dict[str, object]:
    return json.loads(base64.b64decode(_lines()[2].removeprefix("cfl-key: ")))


def _flips(data: bytes) -> Iterator[bytes]:
    for i in range(len(data)):
        yield data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:]


def test_every_changed_byte_of_the_cfl_key_part_is_refused() -> None:
    lines = _lines()
    payload = base64.b64decode(lines[2].removeprefix("cfl-key: "))
    signature = base64.b64decode(lines[3].removeprefix("cfl-key-signature: "))
    for changed in _flips(payload):
        with pytest.raises(VerifyFailed, match="签名不符"):
            keyfile.parse_key_file(_with(payload=changed))
    for changed in _flips(signature):
        with pytest.raises(VerifyFailed, match="签名不符"):
            keyfile.parse_key_file(_with(signature=changed))


def test_a_swapped_encryption_key_is_refused() -> None:
    thief = X25519PrivateKey.generate().public_key().public_bytes_raw()
    swapped = {**_payload(), "encryption": base64.b64encode(thief).decode()}
    with pytest.raises(VerifyFailed, match="签名不符：加密公钥或格式在导出后被改动过"):
        keyfile.parse_key_file(_with(payload=keyfile._canonical(swapped)))
    other = Identity(bytes(8), Ed25519PrivateKey.generate())  # a key file of the thief's own
    spliced = _lines()[:2] + keyfile.key_file_text(other, thief).splitlines()[2:]
    with pytest.raises(VerifyFailed, match="签名不符"):
        keyfile.parse_key_file(_with(lines=spliced))
    downgraded = {**_payload(), "formats": ["cfl-bundle/1"]}  # no sealed bundles, please
    with pytest.raises(VerifyFailed, match="签名不符"):
        keyfile.parse_key_file(_with(payload=keyfile._canonical(downgraded)))


def test_another_fingerprint_is_refused() -> None:
    lines = _lines()
    blob = base64.b64decode(lines[1])
    other_id = b"Ed" + bytes.fromhex("0123456789abcdef") + blob[10:]  # the same key, another id
    lines[1] = base64.b64encode(other_id).decode()
    with pytest.raises(VerifyFailed, match="属于另一把密钥（指纹 579BE0C6418A2F3D）"):
        keyfile.parse_key_file("\n".join(lines))
    named = {**_payload(), "fingerprint": "0123456789ABCDEF"}
    with pytest.raises(VerifyFailed, match="另一把密钥"):
        keyfile.parse_key_file(_signed(keyfile._canonical(named)))


@pytest.mark.parametrize(("change", "message"), [
    ({"format": "cfl-key/3"}, "不认识的格式（cfl-key/3"),
    ({"format": 2}, "不认识的格式"),
    ({"extra": 1}, "应恰好有"),
    ({"encryption": base64.b64encode(bytes(31)).decode()}, "32 字节"),
    ({"encryption": "不是 base64"}, "encryption 不是 base64"),
    ({"encryption": None}, "32 字节"),
    ({"formats": []}, "formats 应为"),
    ({"formats": "cfl-bundle/2"}, "formats 应为"),
    ({"formats": ["cfl-bundle/2", "cfl-bundle/2"]}, "formats 应为"),
    ({"formats": ["cfl bundle 2"]}, "formats 应为"),
    ({"formats": [2]}, "formats 应为"),
    ({"formats": [f"cfl-bundle/{n}" for n in range(17)]}, "formats 应为"),
])
def test_a_signed_cfl_key_part_that_says_something_else_is_refused(
        change: dict[str, object], message: str) -> None:
    with pytest.raises(VerifyFailed, match=message):
        keyfile.parse_key_file(_signed(keyfile._canonical({**_payload(), **change})))


@pytest.mark.parametrize(("payload", "message"), [
    (b"[1, 2]", "应为一个 JSON 对象"),
    (b"\xff\xfe not json", "不是有效的 JSON"),
    (b"[" * 5000 + b"]" * 5000, "嵌套过深"),  # deeper than the parser goes, inside 16 KiB
])
def test_a_signed_cfl_key_part_that_is_not_an_object_is_refused(payload: bytes,
                                                                message: str) -> None:
    with pytest.raises(VerifyFailed, match=message):
        keyfile.parse_key_file(_signed(payload))


def test_a_cfl_key_part_out_of_shape_is_refused() -> None:
    lines = _lines()
    for broken in (
            [*lines[:3]],  # the signature line gone
            [*lines[:2], lines[3]],  # the cfl-key line gone
            [*lines[:2], lines[3], lines[2]],  # in the other order
            [*lines, "cfl-key-note: hello"],  # something more
            [*lines, lines[2]],  # the cfl-key line twice
            [lines[1], *lines[2:]],  # no comment line
            [*lines[:2], "cfl-key:" + lines[2].removeprefix("cfl-key: ").upper(), lines[3]],
    ):
        with pytest.raises(VerifyFailed, match="公钥文件格式不对"):
            keyfile.parse_key_file("\n".join(broken))
    for line, junk in ((2, "cfl-key: 不是base64!"), (3, "cfl-key-signature: ???")):
        with pytest.raises(VerifyFailed, match="不是 base64"):
            keyfile.parse_key_file("\n".join([*lines[:line], junk, *lines[line + 1:]]))
    short = _with(signature=b"\x00" * 63)
    with pytest.raises(VerifyFailed, match="签名不符"):
        keyfile.parse_key_file(short)


def test_an_oversized_key_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    text = keyfile.key_file_text(IDENTITY, ENCRYPTION)
    padded = text + "\n" * (keyfile.MAX_KEY_FILE - len(text) + 1)
    with pytest.raises(VerifyFailed, match="超过 16 KiB"):
        keyfile.parse_key_file(padded)
    big = tmp_path / "大.pub"
    with big.open("wb") as stream:  # 2 GB (sparse): read whole, it would take seconds and 2 GB
        stream.write(text.encode())
        stream.truncate(2 << 30)
    with pytest.raises(VerifyFailed, match="超过 16 KiB") as refused:
        keyfile.read_key_text(big)
    assert str(big) in str(refused.value)
    binary = tmp_path / "二进制.pub"
    binary.write_bytes(b"\xff\xd8\xff\xe0 a photo")
    with pytest.raises(VerifyFailed, match="不是文本"):
        keyfile.read_key_text(binary)
    with pytest.raises(UsageError, match="无法读取公钥文件"):
        keyfile.read_key_text(tmp_path / "没有.pub")
    good = tmp_path / "好.pub"
    good.write_text(text, encoding="utf-8")
    assert keyfile.read_key_text(good) == text


# --- stock minisign ----------------------------------------------------------------------------

MINISIGN = shutil.which("minisign")


@pytest.mark.skipif(MINISIGN is None, reason="the stock minisign tool is not installed here")
def test_stock_minisign_verifies_a_sealed_bundle_with_the_exported_key_file(devices: Devices,
                                                                     tmp_path: Path) -> None:
    assert MINISIGN is not None
    db = tmp_path / "街道" / "台账.db"
    ledger = devices.open(db, role="street", area="解放门街道")
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    try:  # the office above announced format 2 in its key file: the bundle is sealed to it
        keys.trust_upstream(ledger, keyfile.own_key_file_text(district))
        records.create(ledger, "communities", {"name": "东七路社区", "street": "解放门街道"})
        made = bundle.make_bundle(ledger)
        assert made is not None
    finally:
        ledger.close()
        district.close()
    pub = tmp_path / "街道.pub"
    assert run("--db", db, "keys", "export", "--out", pub).returncode == 0
    assert "cfl-key-signature: " in pub.read_text(encoding="utf-8")  # format 2, four lines
    unpacked = tmp_path / "解开"
    with zipfile.ZipFile(made.path) as archive:
        archive.extractall(unpacked)
    manifest = json.loads((unpacked / "manifest.json").read_bytes())
    assert manifest["format"] == "cfl-bundle/2" and manifest["encryption"] is not None

    def verify(key: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([MINISIGN, "-Vm", "manifest.json", "-p", str(key)],
                              cwd=unpacked, capture_output=True, text=True, timeout=30,
                              check=False)

    done = verify(pub)
    assert done.returncode == 0, done.stderr
    assert "Signature and comment signature verified" in done.stdout
    other = tmp_path / "另一台.pub"
    stranger = Identity(bytes(8), Ed25519PrivateKey.generate())
    other.write_text(keyfile.key_file_text(stranger, ENCRYPTION), encoding="utf-8")
    assert verify(other).returncode != 0
