"""Relay passwords: the keyring where one answers, else a user-only file; relay settings."""

from __future__ import annotations

import datetime as dt
import stat
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.errors import UsageError
from app.store import relays, secrets
from app.store.db import Ledger
from tests.helpers import keyrings

PASSWORD = "Zq7-relay-口令-secret"
URL = "https://relay.example.cn/dav/"


def ca_pem() -> str:
    """A self-signed CA certificate's PEM text."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay test CA")])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def test_a_keyring_that_answers_keeps_the_password(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    with keyrings.using(keyrings.Memory()) as backend:
        assert secrets.keep(db, "relay A", PASSWORD) == secrets.KEYRING
        assert backend.kept == {(secrets.SERVICE, "relay A"): PASSWORD}  # type: ignore[attr-defined]
        assert secrets.read(db, "relay A", "中继") == PASSWORD
        assert not secrets.secrets_path(db).exists()
        secrets.forget(db, "relay A")
        assert backend.kept == {}  # type: ignore[attr-defined]


@pytest.mark.parametrize("backend", [keyrings.failing, keyrings.Locked], ids=["none", "locked"])
def test_without_a_keyring_the_password_goes_to_a_user_only_file(tmp_path: Path,
                                                                  backend: type) -> None:
    db = tmp_path / "台账.db"
    with keyrings.using(backend()):
        where = secrets.keep(db, "relay A", PASSWORD)
        path = secrets.secrets_path(db)
        assert where == str(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert secrets.read(db, "relay A", "中继") == PASSWORD
        assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
        secrets.keep(db, "relay B", "other")
        assert secrets.read(db, "relay A", "中继") == PASSWORD
        secrets.forget(db, "relay A")
        assert secrets.find(db, "relay A") is None
        assert secrets.read(db, "relay B", "中继") == "other"


def test_keyring_not_installed_falls_back_to_the_file(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # import keyring raises ImportError
    db = tmp_path / "台账.db"
    assert secrets.keep(db, "relay A", PASSWORD) == str(secrets.secrets_path(db))
    assert secrets.read(db, "relay A", "中继") == PASSWORD


def test_a_password_moves_to_the_keyring_once_one_answers(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    secrets.keep(db, "relay A", PASSWORD)  # the tests' default: no keyring
    with keyrings.using(keyrings.Memory()):
        assert secrets.keep(db, "relay A", PASSWORD) == secrets.KEYRING
    assert PASSWORD not in secrets.secrets_path(db).read_text(encoding="utf-8")


def test_a_missing_password_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        secrets.read(tmp_path / "台账.db", "relay A", "上级中继 https://x/")
    assert "没有保存上级中继 https://x/ 的密码" in str(caught.value)
    assert "relay set --password-file" in str(caught.value)
    assert "connect import" in str(caught.value)


def test_a_damaged_secrets_file_is_named(tmp_path: Path) -> None:
    db = tmp_path / "台账.db"
    secrets.secrets_path(db).write_text('{"format": "x"}', encoding="utf-8")
    with pytest.raises(UsageError, match="内容不对"):
        secrets.read(db, "relay A", "中继")


def test_relay_settings_keep_no_password(ledger: Ledger) -> None:
    pem = ca_pem()
    where = relays.save(ledger, relays.COLLECT, "https://relay.example.cn/dav", "district",
                        PASSWORD, pem)
    assert where == str(secrets.secrets_path(ledger.path))
    kept = relays.relay(ledger, relays.COLLECT)
    assert kept is not None and kept.url == URL and kept.user == "district"
    assert relays.relay(ledger, relays.UPWARD) is None
    login = relays.login(ledger, relays.COLLECT)
    assert login is not None and login.password == PASSWORD and login.url == URL
    assert login.ca_file is not None and login.ca_file.read_text(encoding="ascii") == pem
    assert stat.S_IMODE(login.ca_file.stat().st_mode) == 0o600
    assert PASSWORD not in repr(login)
    ledger.close()
    assert PASSWORD.encode() not in ledger.path.read_bytes()


def test_a_new_url_forgets_the_old_password(ledger: Ledger) -> None:
    relays.save(ledger, relays.COLLECT, URL, "district", PASSWORD, None)
    old = relays.relay(ledger, relays.COLLECT)
    relays.save(ledger, relays.COLLECT, "https://other.example.cn/", "district", "new", None)
    assert old is not None and secrets.find(ledger.path, old.secret) is None
    login = relays.login(ledger, relays.COLLECT)
    assert login is not None and login.password == "new" and login.ca_file is None


@pytest.mark.parametrize("url", ["ftp://relay.example.cn/", "relay.example.cn/dav",
                                 "https://中继.example.cn/", "https://a b/",
                                 "https://user:pw@relay.example.cn/", "https:///dav/",
                                 "https://relay.example.cn/?x=1"])
def test_a_bad_url_is_refused(ledger: Ledger, url: str) -> None:
    with pytest.raises(UsageError, match="中继地址"):
        relays.save(ledger, relays.COLLECT, url, "district", PASSWORD, None)
    assert relays.relay(ledger, relays.COLLECT) is None


@pytest.mark.parametrize("pem", ["not a certificate",
                                 "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"])
def test_a_bad_ca_certificate_is_refused(ledger: Ledger, pem: str) -> None:
    with pytest.raises(UsageError, match="CA 证书"):
        relays.save(ledger, relays.COLLECT, URL, "district", PASSWORD, pem)
    assert relays.relay(ledger, relays.COLLECT) is None
