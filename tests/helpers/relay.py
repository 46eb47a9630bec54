"""A real WebDAV relay for the tests: WsgiDAV in a child process on 127.0.0.1, with faults.

`relay` (plain HTTP) and `relay_tls` (HTTPS with a certificate from a CA of its own) are pytest
fixtures yielding a `TestRelay`: `.url`, `.root` (the folder served), `.config(user)` (a
RelayConfig for an account), `.stop()`, `.start()` (again on the same port and root), `.fault(...)`
and `.requests()` (what the server was asked). Accounts: ADMIN may write everywhere (the collecting
office); `config(code)` makes an account for office `code` (named `code`) that may read `<code>/`
and write only `<code>/outbox/`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.sync.webdav import RelayConfig

ADMIN = "collector"
SERVER = Path(__file__).with_name("relay_server.py")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _write_json(path: Path, data: Any) -> None:
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(data), "utf-8")
    os.replace(temp, path)


class TestRelay:
    """One relay server (a child process) and its switches."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, state: Path, *, tls: bool = False) -> None:
        self.state = state
        self.root = state / "root"
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.ca_file: Path | None = None
        settings: dict[str, Any] = {"port": self.port, "tls": None}
        if tls:
            self.ca_file, cert, key = make_certificates(state)
            settings["tls"] = {"cert": str(cert), "key": str(key)}
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}/"
        _write_json(state / "settings.json", settings)
        self.users: dict[str, dict[str, Any]] = {
            ADMIN: {"password": "collector-pw", "office": None}}
        _write_json(state / "users.json", self.users)
        self.clear_faults()
        self.process: subprocess.Popen[bytes] | None = None

    def config(self, user: str = ADMIN, *, password: str | None = None,
               ca_file: Path | None = None) -> RelayConfig:
        """Settings for `user` (an office code makes that office's account); `password` to lie."""
        if user not in self.users:
            self.users[user] = {"password": f"pw-{user}", "office": user}
            _write_json(self.state / "users.json", self.users)
        real = self.users[user]["password"]
        return RelayConfig(url=self.url, user=user, password=real if password is None else password,
                           ca_file=ca_file)

    def fault(self, name: str, *, times: int | None = None, methods: list[str] | None = None,
              **spec: Any) -> None:
        """Switch a fault on for the next `times` requests (None: until cleared).

        answer(status="500 …", body=…, repeat=n, headers={…}): answer that instead;
        stall(seconds=s): wait first; cut(after=k): drop the answer after k bytes
        (after the server did what was asked);
        die(after=k): end the server process k bytes into an upload; refuse_login(): 401;
        date(value="…"): send that Date header.
        """
        faults = json.loads((self.state / "faults.json").read_text("utf-8"))
        faults[name] = {**spec, "times": times, "methods": methods}
        _write_json(self.state / "faults.json", faults)

    def clear_faults(self) -> None:
        """Every fault off."""
        _write_json(self.state / "faults.json", {})

    def requests(self) -> list[str]:
        """Every request so far as "METHOD PATH USER"."""
        log = self.state / "requests.log"
        return log.read_text("utf-8").splitlines() if log.exists() else []

    def files(self) -> list[str]:
        """Every file under the root, as relative POSIX paths, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*")
                      if p.is_file())

    def start(self) -> None:
        """Start the server (again, on the same port and root) and wait until it answers."""
        if self.running():
            return
        with (self.state / "server.log").open("ab") as log:
            self.process = subprocess.Popen([sys.executable, str(SERVER), str(self.state)],
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"relay server ended: {(self.state / 'server.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError("relay server did not start")

    def died(self, timeout: float = 10) -> None:
        """Wait until the server has ended by itself (a die fault): its answer to the client is
        cut before the process is gone, and starting it again while it still runs does nothing."""
        if self.process is not None:
            self.process.wait(timeout)
            self.process = None

    def running(self) -> bool:
        """Whether the server process is alive."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Kill the server at once (as a power cut would) and wait for it to end."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self.process = None


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA of the relay's own and a certificate it signed for 127.0.0.1: (ca, cert, key) files."""
    # valid from long before to long after any day the suite runs on: OpenSSL checks it
    # against the real clock, which the tests never read
    since, until = dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Relay CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(since).not_valid_after(until)
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(since).not_valid_after(until)
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(
                ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(pem))
    paths[1].write_bytes(cert.public_bytes(pem))
    paths[2].write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[TestRelay]:
    """A WebDAV relay over HTTP on 127.0.0.1, stopped at teardown."""
    server = TestRelay(tmp_path / "relay")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def relay_tls(tmp_path: Path) -> Iterator[TestRelay]:
    """A WebDAV relay over HTTPS whose certificate comes from its own CA (`.ca_file`)."""
    server = TestRelay(tmp_path / "relay_tls", tls=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()
