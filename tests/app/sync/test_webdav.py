"""The relay client against a real WebDAV server (WsgiDAV in a child process on 127.0.0.1)."""

from __future__ import annotations

import email.utils
import random
from pathlib import Path

import pytest

from app.sync import webdav
from app.sync.webdav import (
    Relay,
    RelayAuthFailed,
    RelayBadAnswer,
    RelayCertificate,
    RelayConfig,
    RelayFull,
    RelaySettings,
    RelayUnreachable,
    RemoteFile,
)
from tests.helpers.relay import TestRelay

OFFICE = "610102001"
OTHER = "610102002"
OUTBOX = f"{OFFICE}/outbox"


class Sleeps(list[float]):
    """An injected sleep that only counts: tests never wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(config: RelayConfig, sleeps: Sleeps | None = None, **kw: object) -> Relay:
    return Relay(config, sleep=sleeps if sleeps is not None else Sleeps(),
                 rng=random.Random(14), **kw)  # type: ignore[arg-type]


def a_file(folder: Path, name: str = "bundle.bin", size: int = 50_000) -> Path:
    path = folder / name
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    return path


def test_round_trip(relay: TestRelay, tmp_path: Path) -> None:
    """A file put (its folders made on the way) is listed with its size, fetched whole, deleted."""
    source = a_file(tmp_path, size=300_000)
    with client(relay.config()) as dav:
        assert dav.list(OUTBOX) == []  # a folder not there yet is empty
        assert dav.put(source, f"{OUTBOX}/b-0123456789abcdef.cfbundle") is True
        dav.ensure_folder(f"{OFFICE}/receipts")
        assert dav.list(OUTBOX) == [RemoteFile("b-0123456789abcdef.cfbundle", 300_000)]
        assert dav.list(OFFICE) == []  # folders are not files
        target = tmp_path / "got" / "b.cfbundle"
        target.parent.mkdir()
        dav.get(f"{OUTBOX}/b-0123456789abcdef.cfbundle", target, max_size=1_000_000)
        assert target.read_bytes() == source.read_bytes()
        dav.delete(f"{OUTBOX}/b-0123456789abcdef.cfbundle")
        dav.delete(f"{OUTBOX}/b-0123456789abcdef.cfbundle")  # already gone: fine
        assert dav.list(OUTBOX) == []
    assert relay.files() == []


def test_folders_are_listed_apart(relay: TestRelay, tmp_path: Path) -> None:
    """The collecting office finds the office folders: folders() names them, list() never."""
    with client(relay.config()) as dav:
        assert dav.folders("") == []
        assert dav.put(a_file(tmp_path), f"{OUTBOX}/b-0123456789abcdef.cfbundle") is True
        dav.ensure_folder(f"{OTHER}/receipts")
        assert dav.folders("") == [OFFICE, OTHER]
        assert dav.folders(OFFICE) == ["outbox"]
        assert dav.list("") == [] and dav.list(OFFICE) == []
        assert dav.folders(OUTBOX) == []


def test_put_twice_keeps_one(relay: TestRelay, tmp_path: Path) -> None:
    """The same name again: Overwrite: F refuses, put says False, no copy and no temporary file."""
    source = a_file(tmp_path)
    with client(relay.config(OFFICE)) as dav:
        assert dav.put(source, f"{OUTBOX}/a.cfbundle") is True
        assert dav.put(source, f"{OUTBOX}/a.cfbundle") is False
        assert dav.list(OUTBOX) == [RemoteFile("a.cfbundle", 50_000)]
    assert relay.files() == [f"{OUTBOX}/a.cfbundle"]
    moves = [r for r in relay.requests() if r.startswith("MOVE")]
    assert len(moves) == 2


def test_killed_mid_upload_leaves_no_temporary_name(relay: TestRelay, tmp_path: Path) -> None:
    """The server dies during a PUT: unreachable; once it is back, the next put cleans up."""
    source = a_file(tmp_path, size=2_000_000)
    sleeps = Sleeps()
    with client(relay.config(OFFICE), sleeps) as dav:
        dav.ensure_folder(OUTBOX)
        relay.fault("die", after=100_000, methods=["PUT"], times=1)
        with pytest.raises(RelayUnreachable) as caught:
            dav.put(source, f"{OUTBOX}/a.cfbundle")
        assert caught.value.exit_code == 1
        assert len(sleeps) == 3
        relay.died()  # its cut answer can reach the client before the process is gone
        assert not relay.running()
        left = relay.files()
        assert [webdav.is_temporary(Path(f).name) for f in left] == [True]  # the half upload
        relay.start()
        assert dav.list(OUTBOX) == []  # a temporary name is never listed
        assert dav.put(source, f"{OUTBOX}/a.cfbundle") is True
    assert relay.files() == [f"{OUTBOX}/a.cfbundle"]
    assert (relay.root / OUTBOX / "a.cfbundle").read_bytes() == source.read_bytes()


def test_unfinished_uploads_of_an_earlier_run_removed(relay: TestRelay, tmp_path: Path) -> None:
    """A process killed mid-upload left a temporary name: the next round's client removes it."""
    source = a_file(tmp_path, size=2_000_000)
    with client(relay.config(OFFICE)) as dav:
        dav.ensure_folder(OUTBOX)
        relay.fault("die", after=100_000, methods=["PUT"], times=1)
        with pytest.raises(RelayUnreachable):
            dav.put(source, f"{OUTBOX}/a.cfbundle")
    relay.died()
    relay.start()
    with client(relay.config(OFFICE)) as later:
        assert later.put(source, f"{OUTBOX}/a.cfbundle") is True
        assert len(relay.files()) == 2  # this client never knew of the earlier upload
        assert later.remove_unfinished(OUTBOX) == 1
        assert later.remove_unfinished(OUTBOX) == 0
    assert relay.files() == [f"{OUTBOX}/a.cfbundle"]


def test_dropped_download_leaves_nothing(relay: TestRelay, tmp_path: Path) -> None:
    """A connection cut mid-download is retried, then unreachable; no partial file is left."""
    source = a_file(tmp_path, size=500_000)
    sleeps = Sleeps()
    with client(relay.config(), sleeps) as dav:
        dav.put(source, f"{OUTBOX}/a.cfbundle")
        relay.fault("cut", after=10_000, methods=["GET"])
        target = tmp_path / "in" / "a.cfbundle"
        target.parent.mkdir()
        with pytest.raises(RelayUnreachable, match="连接中断"):
            dav.get(f"{OUTBOX}/a.cfbundle", target, max_size=1_000_000)
        assert len(sleeps) == 3
        assert list(target.parent.iterdir()) == []
        relay.clear_faults()
        dav.get(f"{OUTBOX}/a.cfbundle", target, max_size=1_000_000)
    assert target.read_bytes() == source.read_bytes()


def test_server_errors_are_retried_with_backoff(relay: TestRelay, tmp_path: Path) -> None:
    """Two 500s, then an answer: two sleeps, each within its full-jitter window."""
    sleeps = Sleeps()
    with client(relay.config(), sleeps) as dav:
        relay.fault("answer", status="500 Internal Server Error", times=2)
        assert dav.list(OUTBOX) == []
        assert len(sleeps) == 2
        assert 0 <= sleeps[0] <= 2 and 0 <= sleeps[1] <= 4
        relay.fault("answer", status="503 Service Unavailable")
        with pytest.raises(RelayUnreachable, match="服务器出错（503）"):
            dav.list(OUTBOX)
    assert len(sleeps) == 2 + 3


def test_backoff_is_capped() -> None:
    """Many tries never wait longer than the cap (30 s)."""
    sleeps = Sleeps()
    dead = RelayConfig(url="http://127.0.0.1:9/", user="u", password="p")
    with Relay(dead, sleep=sleeps, attempts=9, rng=random.Random(1)) as dav, \
            pytest.raises(RelayUnreachable, match="找不到服务器或连接被拒绝"):
        dav.list("x")
    assert len(sleeps) == 8 and max(sleeps) <= 30


def test_wrong_password(relay: TestRelay, tmp_path: Path) -> None:
    """401 is not retried; the message names the user, never the password."""
    sleeps = Sleeps()
    config = relay.config(OFFICE, password="wrong-secret")
    with client(config, sleeps) as dav, pytest.raises(RelayAuthFailed) as caught:
        dav.list(OUTBOX)
    assert caught.value.exit_code == 2
    assert OFFICE in str(caught.value) and "用户名或密码" in str(caught.value)
    assert "wrong-secret" not in str(caught.value) and "wrong-secret" not in repr(config)
    assert sleeps == []
    relay.fault("refuse_login")
    with client(relay.config(OFFICE)) as dav, pytest.raises(RelayAuthFailed):
        dav.put(a_file(tmp_path), f"{OUTBOX}/a.cfbundle")


def test_garbage_and_redirects(relay: TestRelay) -> None:
    """Not WebDAV, broken XML, an entity bomb, a redirect loop: a bad answer, not retried."""
    sleeps = Sleeps()
    with client(relay.config(), sleeps) as dav:
        relay.fault("answer", status="200 OK", body="<html>hello</html>")
        with pytest.raises(RelayBadAnswer, match="WebDAV"):
            dav.list(OUTBOX)
        relay.fault("answer", status="207 Multi-Status", body="<d:multistatus <<< garbage")
        with pytest.raises(RelayBadAnswer, match="不是有效的 WebDAV 列表"):
            dav.list(OUTBOX)
        bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                '<d:multistatus xmlns:d="DAV:">&a;</d:multistatus>')
        relay.fault("answer", status="207 Multi-Status", body=bomb)
        with pytest.raises(RelayBadAnswer):
            dav.list(OUTBOX)
        relay.fault("answer", status="302 Found", headers={"Location": relay.url})
        with pytest.raises(RelayBadAnswer, match="转到了别处"):
            dav.list(OUTBOX)
    assert sleeps == []


def test_server_down(relay: TestRelay) -> None:
    """Nobody listening: unreachable after every try (exit 1), in Chinese, naming the relay."""
    relay.stop()
    sleeps = Sleeps()
    with client(relay.config(), sleeps) as dav, pytest.raises(RelayUnreachable) as caught:
        dav.list(OUTBOX)
    assert caught.value.exit_code == 1
    assert relay.url.rstrip("/") in str(caught.value) and "请检查网络连接" in str(caught.value)
    assert len(sleeps) == 3


def test_stalled_server_times_out(relay: TestRelay) -> None:
    """An answer that never comes is a timeout, retried, then unreachable."""
    relay.fault("stall", seconds=3)
    with client(relay.config(), attempts=2, read_timeout=0.3) as dav, \
            pytest.raises(RelayUnreachable, match="长时间没有应答"):
        dav.list(OUTBOX)


def test_disk_full(relay: TestRelay, tmp_path: Path) -> None:
    """507 is the relay's disk: said plainly, not retried."""
    relay.fault("answer", status="507 Insufficient Storage", methods=["PUT"])
    sleeps = Sleeps()
    with client(relay.config(), sleeps) as dav, pytest.raises(RelayFull, match="磁盘已满"):
        dav.put(a_file(tmp_path), f"{OUTBOX}/a.cfbundle")
    assert sleeps == []


def test_oversized_answers_refused(relay: TestRelay, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A listing over 4 MiB, a listing of too many files, a file over its limit: refused."""
    with client(relay.config()) as dav:
        for i in range(5):
            dav.put(a_file(tmp_path, f"f{i}", 1000), f"{OUTBOX}/f{i}.cfbundle")
        monkeypatch.setattr(webdav, "MAX_ENTRIES", 3)
        with pytest.raises(RelayBadAnswer, match="文件过多"):
            dav.list(OUTBOX)
        monkeypatch.setattr(webdav, "MAX_LISTING_BYTES", 600)  # the real listing, streamed
        with pytest.raises(RelayBadAnswer, match="应答过大"):
            dav.list(OUTBOX)
        monkeypatch.undo()
        relay.fault("answer", status="207 Multi-Status", body="x" * 1024, repeat=4 * 1024 + 1,
                    methods=["PROPFIND"], times=1)
        with pytest.raises(RelayBadAnswer, match="应答过大"):
            dav.list(OUTBOX)
        target = tmp_path / "in.bin"
        with pytest.raises(RelayBadAnswer, match="超过 999 字节"):
            dav.get(f"{OUTBOX}/f0.cfbundle", target, max_size=999)
        assert not target.exists()
        dav.get(f"{OUTBOX}/f0.cfbundle", target, max_size=1000)
        assert target.stat().st_size == 1000


def test_an_office_writes_only_its_outbox(relay: TestRelay, tmp_path: Path) -> None:
    """The relay's rules hold: an office's account cannot write another's folder or its receipts."""
    source = a_file(tmp_path)
    with client(relay.config()) as collector:
        collector.put(source, f"{OFFICE}/receipts/r.cfreceipt")
        collector.put(source, f"{OTHER}/outbox/theirs.cfbundle")
    with client(relay.config(OFFICE)) as office:
        assert office.put(source, f"{OUTBOX}/mine.cfbundle") is True
        assert office.list(f"{OFFICE}/receipts") == [RemoteFile("r.cfreceipt", 50_000)]
        for path in (f"{OTHER}/outbox/x.cfbundle", f"{OFFICE}/receipts/forged.cfreceipt",
                     f"{OFFICE}/reference/forged.cfbundle"):
            with pytest.raises(RelayAuthFailed):
                office.put(source, path)
        with pytest.raises(RelayAuthFailed):
            office.list(f"{OTHER}/outbox")
        with pytest.raises(RelayAuthFailed):
            office.delete(f"{OTHER}/outbox/theirs.cfbundle")
        with pytest.raises(RelayAuthFailed):
            office.delete(f"{OFFICE}/receipts/r.cfreceipt")
    assert sorted(relay.files()) == [f"{OUTBOX}/mine.cfbundle", f"{OFFICE}/receipts/r.cfreceipt",
                                     f"{OTHER}/outbox/theirs.cfbundle"]


def test_clock_skew_from_date(relay: TestRelay) -> None:
    """The server's Date against our clock: positive when the server is ahead."""
    date = "Mon, 01 Jan 2024 00:00:00 GMT"
    server = email.utils.parsedate_to_datetime(date).timestamp()
    with client(relay.config(), clock=lambda: server - 7200) as dav:
        assert dav.clock_skew() is None
        relay.fault("date", value=date)
        dav.list(OUTBOX)
        assert dav.clock_skew() == 7200


def test_paths_and_settings_checked(relay: TestRelay, tmp_path: Path) -> None:
    """Paths are ASCII and relative; a URL with a password in it or a bad CA file is refused."""
    with client(relay.config()) as dav:
        for path in ("../x", "a/../../b", "台账/outbox", "/abs", "a b"):
            with pytest.raises(RelaySettings):
                dav.delete(path)
    with pytest.raises(RelaySettings):
        Relay(RelayConfig(url="http://u:p@127.0.0.1/", user="u", password="p"))
    with pytest.raises(RelaySettings):
        Relay(RelayConfig(url="ftp://127.0.0.1/", user="u", password="p"))
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate")
    with pytest.raises(RelaySettings, match="CA 证书"):
        Relay(RelayConfig(url="https://127.0.0.1/", user="u", password="p", ca_file=junk))


def test_tls_needs_the_relays_own_ca(relay_tls: TestRelay, tmp_path: Path) -> None:
    """An unknown CA is refused at once (no retries); with the relay's CA file it works."""
    sleeps = Sleeps()
    with client(relay_tls.config(), sleeps) as dav, \
            pytest.raises(RelayCertificate, match="CA 证书") as caught:
        dav.list(OUTBOX)
    assert caught.value.exit_code == 1 and sleeps == []
    with client(relay_tls.config(ca_file=relay_tls.ca_file)) as dav:
        assert dav.put(a_file(tmp_path), f"{OUTBOX}/a.cfbundle") is True
        assert dav.list(OUTBOX) == [RemoteFile("a.cfbundle", 50_000)]


def test_tls_certificate_for_another_host(relay_tls: TestRelay) -> None:
    """A certificate made out to another name than the address used is refused."""
    trusted = relay_tls.config(ca_file=relay_tls.ca_file)
    renamed = RelayConfig(url=relay_tls.url.replace("127.0.0.1", "localhost"), user=trusted.user,
                          password=trusted.password, ca_file=relay_tls.ca_file)
    with client(renamed) as dav, pytest.raises(RelayCertificate):
        dav.list(OUTBOX)


def test_move_whose_answer_was_lost(relay: TestRelay, tmp_path: Path) -> None:
    """The MOVE was done but its answer lost: the retry finds the file in place, nothing twice."""
    sleeps = Sleeps()
    with client(relay.config(), sleeps) as dav:
        dav.ensure_folder(OUTBOX)
        relay.fault("cut", after=0, methods=["MOVE"], times=1)
        assert dav.put(a_file(tmp_path), f"{OUTBOX}/a.cfbundle") is True
    assert len(sleeps) == 1
    assert relay.files() == [f"{OUTBOX}/a.cfbundle"]
    assert [r.split()[0] for r in relay.requests()].count("MOVE") == 2
