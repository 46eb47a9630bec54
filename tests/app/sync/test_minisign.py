"""minisign-format keys and signatures: ours verify with the stock tool, and tampering fails."""

from __future__ import annotations

import base64
import json
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from app.sync import bundle, minisign
from app.sync.minisign import VerifyFailed
from tests.helpers.cli import run
from tests.helpers.ledgers import Devices

KEY_ID = bytes.fromhex("0123456789abcdef")
PRIVATE = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
COMMENT = "bundle 1f0c… device 3D2F… seq 1-12"


def test_public_key_text_round_trips() -> None:
    key = minisign.public_key(KEY_ID, PRIVATE)
    assert key.fingerprint == "EFCDAB8967452301"  # minisign prints the id little-endian
    text = key.text()
    assert text.startswith("untrusted comment: minisign public key EFCDAB8967452301\nRW")
    assert minisign.parse_public_key(text) == key
    assert minisign.parse_public_key(text.splitlines()[1]) == key


@settings(max_examples=50)
@given(st.binary(max_size=4096),
       st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
               max_size=60))  # a comment is text: lone surrogates cannot be written out
def test_sign_then_verify_and_any_change_fails(message: bytes, comment: str) -> None:
    key = minisign.public_key(KEY_ID, PRIVATE)
    signature = minisign.sign(message, KEY_ID, PRIVATE, comment)
    assert minisign.verify(message, signature, key) == comment
    with pytest.raises(VerifyFailed, match="签名不符"):
        minisign.verify(message + b"x", signature, key)
    lines = signature.split("\n")  # a comment may hold \x0c or \x85: only \n ends a line
    lines[2] = "trusted comment: " + comment + "!"
    with pytest.raises(VerifyFailed, match="可信注释"):
        minisign.verify(message, "\n".join(lines), key)


def test_another_key_and_garbage_are_refused_in_chinese() -> None:
    message = b'{"format": "cfl-bundle/1"}'
    signature = minisign.sign(message, KEY_ID, PRIVATE, COMMENT)
    other = minisign.public_key(secrets.token_bytes(8), Ed25519PrivateKey.generate())
    with pytest.raises(VerifyFailed, match="另一把密钥"):
        minisign.verify(message, signature, other)
    impostor = minisign.public_key(KEY_ID, Ed25519PrivateKey.generate())  # same id, other key
    with pytest.raises(VerifyFailed, match="签名不符"):
        minisign.verify(message, signature, impostor)
    half = signature[: len(signature) // 2]
    for garbage in ("", "hello", signature.replace("RU", "!!", 1), half):
        with pytest.raises(VerifyFailed):
            minisign.verify(message, garbage, minisign.public_key(KEY_ID, PRIVATE))
    for junk in ("untrusted comment: x\nnot base64!", "不是公钥", ""):
        with pytest.raises(VerifyFailed, match="公钥文件格式不对"):
            minisign.parse_public_key(junk)
    with pytest.raises(VerifyFailed, match="签名文件格式不对"):
        minisign.verify(message, "签名\n签名\n签名\n签名", minisign.public_key(KEY_ID, PRIVATE))


# Golden vectors made once with Debian's minisign 0.11 (vectors/README.md): they check the promise
# "anyone can check our signatures with stock minisign, and we accept stock minisign's" on every
# machine, the tool installed or not.
VECTORS = Path(__file__).parent / "vectors"
GOLDEN_SEED = bytes.fromhex(  # RFC 8032's first Ed25519 test key (7.1, TEST 1): public, no secret
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
GOLDEN_KEY_ID = bytes.fromhex("3d2f8a41c6e09b57")
GOLDEN_COMMENT = "bundle:7c9e6679-7425-40de-944b-e07fc1f90ae7\tdevice:579BE0C6418A2F3D\tseq:1-12"


def _flipped(data: bytes) -> Iterator[bytes]:
    """`data` with one bit changed, at every byte in turn."""
    for i in range(len(data)):
        yield data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:]


def _assert_every_flip_is_refused(message: bytes, signature: bytes, pub: bytes) -> None:
    """A changed byte in the message, the signature, the trusted comment or the key: refused."""
    def verify(message: bytes, untrusted: bytes, blob: bytes, comment: bytes, glob: bytes,
               pub_blob: bytes) -> str:
        text = b"\n".join([untrusted, base64.b64encode(blob), b"trusted comment: " + comment,
                           base64.b64encode(glob), b""])
        key = minisign.parse_public_key(base64.b64encode(pub_blob).decode())
        return minisign.verify(message, text.decode("utf-8", "replace"), key)  # as bundles do

    untrusted, blob_line, trusted, glob_line, end = signature.split(b"\n")
    assert end == b"" and trusted.startswith(b"trusted comment: ")
    parts = [message, untrusted, base64.b64decode(blob_line),
             trusted.removeprefix(b"trusted comment: "), base64.b64decode(glob_line),
             base64.b64decode(pub.split(b"\n")[1])]
    assert verify(*parts) == parts[3].decode()  # taken apart and put together: still good
    for index in (0, 2, 3, 4, 5):  # the untrusted comment is, as in minisign, not signed
        for changed in _flipped(parts[index]):
            with pytest.raises(VerifyFailed):
                verify(*parts[:index], changed, *parts[index + 1:])


def test_our_signature_is_byte_for_byte_what_stock_minisign_verified() -> None:
    ours = VECTORS / "ours"
    manifest = (ours / "manifest.json").read_bytes()
    assert bundle.canonical_json(json.loads(manifest)) == manifest  # as bundles write it
    private = Ed25519PrivateKey.from_private_bytes(GOLDEN_SEED)
    key = minisign.public_key(GOLDEN_KEY_ID, private)
    assert json.loads(manifest)["device"] == {"fingerprint": "579BE0C6418A2F3D",
                                              "public_key": key.text().split("\n")[1]}
    assert key.text().encode() == (ours / "street.pub").read_bytes()
    signature = minisign.sign(manifest, GOLDEN_KEY_ID, private, GOLDEN_COMMENT).encode()
    assert signature == (ours / "manifest.json.minisig").read_bytes()
    assert minisign.verify(manifest, signature.decode(), key) == GOLDEN_COMMENT
    _assert_every_flip_is_refused(manifest, signature, key.text().encode())


@pytest.mark.parametrize(("signature_file", "comment"), [
    ("message.json.minisig", "回执\tseq:12\t解放门街道"),  # prehashed: minisign's default
    ("message.json.legacy.minisig", "legacy\t回执\tseq:12"),  # `minisign -S -l`
], ids=["prehashed", "legacy"])
def test_we_accept_what_stock_minisign_signed(signature_file: str, comment: str) -> None:
    stock = VECTORS / "stock"
    pub = (stock / "stock.pub").read_bytes()
    key = minisign.parse_public_key(pub.decode())
    assert key.fingerprint == "E74B0D7484A6288F"
    message = (stock / "message.json").read_bytes()
    signature = (stock / signature_file).read_bytes()
    assert minisign.verify(message, signature.decode(), key) == comment
    _assert_every_flip_is_refused(message, signature, pub)


MINISIGN = shutil.which("minisign")


@pytest.mark.skipif(MINISIGN is None, reason="the stock minisign tool is not installed here")
def test_the_stock_minisign_tool_verifies_our_signature(tmp_path: Path) -> None:
    assert MINISIGN is not None
    message = tmp_path / "manifest.json"
    message.write_bytes('{"format": "cfl-bundle/1", "scope": "解放门街道"}'.encode())
    (tmp_path / "manifest.json.minisig").write_text(
        minisign.sign(message.read_bytes(), KEY_ID, PRIVATE, COMMENT), encoding="utf-8")
    pub = tmp_path / "street.pub"
    pub.write_text(minisign.public_key(KEY_ID, PRIVATE).text(), encoding="utf-8")
    done = subprocess.run([MINISIGN, "-Vm", str(message), "-p", str(pub)],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert COMMENT in done.stdout
    message.write_bytes(message.read_bytes() + b" ")
    done = subprocess.run([MINISIGN, "-Vm", str(message), "-p", str(pub)],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode != 0


@pytest.mark.skipif(MINISIGN is None, reason="the stock minisign tool is not installed here")
def test_we_verify_what_the_stock_tool_signs(tmp_path: Path) -> None:
    assert MINISIGN is not None
    secret, pub = tmp_path / "k.key", tmp_path / "k.pub"
    subprocess.run([MINISIGN, "-G", "-W", "-s", str(secret), "-p", str(pub)],
                   capture_output=True, timeout=30, check=True)
    message = tmp_path / "receipt.json"
    message.write_bytes(b'{"seq": 12}')
    subprocess.run([MINISIGN, "-S", "-W", "-s", str(secret), "-m", str(message),
                    "-t", "receipt for 3D2F seq 12"], capture_output=True, timeout=30, check=True)
    signature = (tmp_path / "receipt.json.minisig").read_text(encoding="utf-8")
    key = minisign.parse_public_key(pub.read_text(encoding="utf-8"))
    assert minisign.verify(message.read_bytes(), signature, key) == "receipt for 3D2F seq 12"


@pytest.mark.skipif(MINISIGN is None, reason="the stock minisign tool is not installed here")
def test_the_stock_minisign_tool_still_verifies_the_golden_vectors() -> None:
    assert MINISIGN is not None
    for folder, message, pub, signature in (
            ("ours", "manifest.json", "street.pub", "manifest.json.minisig"),
            ("stock", "message.json", "stock.pub", "message.json.minisig"),
            ("stock", "message.json", "stock.pub", "message.json.legacy.minisig")):
        done = subprocess.run([MINISIGN, "-V", "-m", message, "-p", pub, "-x", signature],
                              cwd=VECTORS / folder, capture_output=True, timeout=30, check=False)
        assert done.returncode == 0, done.stderr

def test_keys_show_and_export(devices: Devices, tmp_path: Path) -> None:
    db = tmp_path / "街道 台账" / "台账.db"
    devices.copy(db, role="street", area="解放门街道")
    shown = run("--db", db, "keys", "show")
    assert shown.returncode == 0, shown.stderr
    fingerprint = shown.stdout.splitlines()[0].removeprefix("指纹：")
    assert len(fingerprint) == 16
    out = tmp_path / "街道.pub"
    done = run("--db", db, "keys", "export", "--out", out)
    assert done.returncode == 0, done.stderr
    key = minisign.parse_public_key(out.read_text(encoding="utf-8"))
    assert key.fingerprint == fingerprint
    assert out.read_text(encoding="utf-8") in shown.stdout
    assert run("--db", db, "keys", "export").returncode == 2
