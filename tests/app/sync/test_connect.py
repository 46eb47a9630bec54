"""Connection files: made at the district for a street, imported there after the code is checked."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import UsageError
from app.services.areas import resolve_scope
from app.store import relays, secrets
from app.store.db import Ledger
from app.store.identity import Identity
from app.sync import canonical, connect, keyfile, keys, minisign
from tests.app.store.test_secrets import ca_pem
from tests.helpers import keyrings
from tests.helpers.ledgers import Devices

STREET = "解放门街道"
PASSWORD = "Rl4y-口令-never-shown"
URL = "https://relay.example.cn/dav/610102005/"


@pytest.fixture
def offices(devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    """A district (新城区) and one of its streets, each its own device."""
    district = devices.open(tmp_path / "区县" / "台账.db", role="district", area="新城区")
    street = devices.open(tmp_path / "街道" / "台账.db", role="street", area=STREET)
    yield district, street
    district.close()
    street.close()


def made(district: Ledger, street: Ledger, folder: Path, *, ca: str | None = None,
         area: str = f"street:{STREET}") -> Path:
    """A connection file the district makes for the street, written to `folder`."""
    scope = resolve_scope(district, area)
    assert scope is not None
    data = connect.make_connect(district, scope, keyfile.own_key_file_text(street), URL,
                                "jfm", PASSWORD, ca)
    path = folder / f"{STREET}{connect.SUFFIX}"
    path.write_bytes(data)
    return path


def code(ledger: Ledger) -> str:
    """A ledger's own confirmation code."""
    return keyfile.parse_key_file(keyfile.own_key_file_text(ledger)).code


def test_round_trip_trusts_the_district_and_keeps_the_relay(
        offices: tuple[Ledger, Ledger], tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    district, street = offices
    pem = ca_pem()
    path = made(district, street, tmp_path, ca=pem)
    assert PASSWORD.encode() not in path.read_bytes()
    connection = connect.read_connect(path, street)
    assert connection.code == code(district)
    assert PASSWORD not in repr(connection)
    done = connect.import_connect(street, connection, code(district).replace(" ", "-"))
    assert done.replaced is None
    upstream = keys.upstream(street)
    assert upstream is not None and upstream.fingerprint == district.identity.fingerprint
    assert upstream.encryption_key is not None and "cfl-bundle/2" in upstream.formats
    assert upstream.label == "新城区"
    relay = relays.relay(street, relays.UPWARD)
    assert relay is not None and relay.url == URL and relay.user == "jfm" and relay.ca_pem
    assert relay.upstream is not None and relay.upstream["name"] == "新城区"
    assert relay.upstream["area"]["level"] == "district"
    login = relays.login(street, relays.UPWARD)
    assert login is not None and login.password == PASSWORD and login.ca_file is not None
    assert done.password_kept == str(secrets.secrets_path(street.path))
    assert PASSWORD not in caplog.text
    street.engine.dispose()
    for kept in street.path.parent.iterdir():
        if kept.name != secrets.secrets_path(street.path).name:
            assert PASSWORD.encode() not in kept.read_bytes(), kept.name


def test_round_trip_into_a_keyring(offices: tuple[Ledger, Ledger], tmp_path: Path) -> None:
    district, street = offices
    with keyrings.using(keyrings.Memory()) as backend:
        connection = connect.read_connect(made(district, street, tmp_path), street)
        done = connect.import_connect(street, connection, code(district))
        assert done.password_kept == secrets.KEYRING
        assert list(backend.kept.values()) == [PASSWORD]  # type: ignore[attr-defined]
        assert not secrets.secrets_path(street.path).exists()
        login = relays.login(street, relays.UPWARD)
        assert login is not None and login.password == PASSWORD and login.ca_file is None


def _unchanged(street: Ledger) -> None:
    assert keys.upstream(street) is None
    assert relays.relay(street, relays.UPWARD) is None
    assert not secrets.secrets_path(street.path).exists()


def test_a_wrong_or_missing_code_changes_nothing(offices: tuple[Ledger, Ledger],
                                                  tmp_path: Path) -> None:
    district, street = offices
    connection = connect.read_connect(made(district, street, tmp_path), street)
    with pytest.raises(UsageError, match="确认码不一致"):
        connect.import_connect(street, connection, code(street))
    with pytest.raises(UsageError, match="--confirm"):
        connect.import_connect(street, connection, None)
    _unchanged(street)


def test_a_file_for_another_area_changes_nothing(devices: Devices, offices: tuple[Ledger, Ledger],
                                                 tmp_path: Path) -> None:
    district, street = offices
    other = devices.open(tmp_path / "另一街道" / "台账.db", role="street", area="西一路街道")
    try:
        connection = connect.read_connect(made(district, street, tmp_path), other)
        with pytest.raises(UsageError, match="是给街道 解放门街道的"):
            connect.import_connect(other, connection, code(district))
        _unchanged(other)
    finally:
        other.close()


def test_another_upstream_is_replaced_only_when_asked(devices: Devices,
                                                      offices: tuple[Ledger, Ledger],
                                                      tmp_path: Path) -> None:
    district, street = offices
    before = keyfile.own_key_file_text(district)
    other = devices.open(tmp_path / "另一区县" / "台账.db", role="district", area="新城区",
                         device=2)
    try:
        keys.trust_upstream(street, keyfile.own_key_file_text(other), label="旧上级")
        connection = connect.read_connect(made(district, street, tmp_path), street)
        with pytest.raises(UsageError, match="--replace"):
            connect.import_connect(street, connection, code(district))
        upstream = keys.upstream(street)
        assert upstream is not None and upstream.fingerprint == other.identity.fingerprint
        assert relays.relay(street, relays.UPWARD) is None
        done = connect.import_connect(street, connection, code(district), replace=True)
        assert done.replaced is not None
        assert done.replaced.fingerprint == other.identity.fingerprint
        upstream = keys.upstream(street)
        assert upstream is not None and upstream.fingerprint == district.identity.fingerprint
        assert keyfile.own_key_file_text(district) == before
    finally:
        other.close()


def test_the_same_upstream_again_needs_no_replace(offices: tuple[Ledger, Ledger],
                                                  tmp_path: Path) -> None:
    district, street = offices
    connection = connect.read_connect(made(district, street, tmp_path), street)
    connect.import_connect(street, connection, code(district))
    assert connect.import_connect(street, connection, code(district)).replaced is None


def test_a_flipped_byte_is_refused(offices: tuple[Ledger, Ledger], tmp_path: Path) -> None:
    district, street = offices
    path = made(district, street, tmp_path)
    raw = bytearray(path.read_bytes())
    entries = canonical.scan(io.BytesIO(bytes(raw)), len(raw), path.name)
    for offset in (entries[0].offset + 40, entries[0].offset + entries[0].size // 2,
                   entries[1].offset + 80):
        changed = bytearray(raw)
        changed[offset] ^= 0x01
        path.write_bytes(bytes(changed))
        with pytest.raises(connect.ConnectRefused) as caught:
            connect.read_connect(path, street)
        assert caught.value.exit_code == 3
    # the same change in a ZIP made anew (its checksums right): the signature fails
    body, signature = (data for _name, data in canonical.read_canonical(bytes(raw), path.name))
    changed_body = body.replace(b"relay.example.cn", b"relay.example.cm")
    path.write_bytes(canonical.canonical_zip([(connect.BODY, changed_body),
                                              (connect.SIGNATURE, signature)]))
    with pytest.raises(connect.ConnectRefused, match="签名验证失败"):
        connect.read_connect(path, street)
    _unchanged(street)


def _resigned(body: bytes, identity: Identity, key_text: str) -> bytes:
    """connect.json with the upstream's key file swapped, signed by that other key."""
    import json

    from app.sync import bundle, minisign

    content = json.loads(body)
    content["upstream"]["key_file"] = key_text
    content["upstream"]["fingerprint"] = identity.fingerprint
    new = bundle.canonical_json(content)
    signature = minisign.sign(new, identity.key_id, identity.private_key, "connect")
    return canonical.canonical_zip([(connect.BODY, new), (connect.SIGNATURE, signature.encode())])


def test_a_file_signed_again_by_another_key_is_refused_by_its_code(
        devices: Devices, offices: tuple[Ledger, Ledger], tmp_path: Path) -> None:
    district, street = offices
    path = made(district, street, tmp_path)
    body = canonical.read_canonical(path.read_bytes(), path.name)[0][1]
    other = devices.open(tmp_path / "冒充" / "台账.db", role="district", area="新城区", device=3)
    try:
        # signed by another key, yet carrying the district's key file: the signature fails
        path.write_bytes(_resigned(body, other.identity, keyfile.own_key_file_text(district)))
        with pytest.raises(connect.ConnectRefused, match="签名验证失败"):
            connect.read_connect(path, street)
        # signed by another key carrying its own key file: sound, but not the district's code
        path.write_bytes(_resigned(body, other.identity, keyfile.own_key_file_text(other)))
        connection = connect.read_connect(path, street)
        with pytest.raises(UsageError, match="确认码不一致"):
            connect.import_connect(street, connection, code(district))
    finally:
        other.close()
    _unchanged(street)


def test_junk_and_oversized_files_are_refused(offices: tuple[Ledger, Ledger],
                                              tmp_path: Path) -> None:
    _district, street = offices
    path = tmp_path / f"x{connect.SUFFIX}"
    for data in (b"junk", b"\0" * (connect.MAX_CONNECT + 1),
                 canonical.canonical_zip([(connect.BODY, b"[]"), (connect.SIGNATURE, b"")]),
                 canonical.canonical_zip([("other.json", b"{}")])):
        path.write_bytes(data)
        with pytest.raises(connect.ConnectRefused):
            connect.read_connect(path, street)


def test_only_an_office_below_gets_a_file(offices: tuple[Ledger, Ledger], tmp_path: Path) -> None:
    district, street = offices
    with pytest.raises(UsageError, match="直接管辖"):
        made(district, street, tmp_path, area="street:南院门街道")
    with pytest.raises(UsageError, match="直接管辖"):
        made(street, district, tmp_path, area="district:新城区")


def test_a_key_file_without_an_encryption_key_is_refused(offices: tuple[Ledger, Ledger]) -> None:
    from tests.app.sync.ledgers import public_key_text

    district, street = offices
    scope = resolve_scope(district, f"street:{STREET}")
    assert scope is not None
    with pytest.raises(UsageError, match="旧格式"):
        connect.make_connect(district, scope, public_key_text(street), URL, "jfm", PASSWORD,
                             None)


@pytest.mark.parametrize("level", [[], {}, ["street"], 3, None], ids=str)
def test_an_area_level_that_is_not_text_is_refused_not_a_crash(
        offices: tuple[Ledger, Ledger], tmp_path: Path, level: object) -> None:
    """Found by tests/soak/test_fuzz_connect.py: a file signed by the key it carries (anyone
    can make one) whose office level was a list ended in a TypeError (unhashable)."""
    district, street = offices
    body = json.loads(canonical.read_canonical(made(district, street, tmp_path).read_bytes(),
                                               "x")[0][1])
    body["office"]["level"] = level
    data = json.dumps(body, ensure_ascii=False).encode()
    identity = district.identity
    signature = minisign.sign(data, identity.key_id, identity.private_key, "connect")
    path = tmp_path / f"伪造{connect.SUFFIX}"
    path.write_bytes(canonical.canonical_zip([(connect.BODY, data),
                                              (connect.SIGNATURE, signature.encode())]))
    with pytest.raises(connect.ConnectRefused, match="层级不认识"):
        connect.read_connect(path, street)
    _unchanged(street)
