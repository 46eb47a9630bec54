"""Check a relay as a district sets it up: every rule of the relay layout, tried for real.

With the district's collecting account and one office's account: folders, upload, listing,
download and delete for each; an upload to a name already taken is refused (MOVE with
`Overwrite: F`); the office may read its folder and write only its outbox, neither its receipts
nor another office's folder, nor move a file there; a wrong password is refused. Every test file
is removed by its writer at the end. packaging/relay/check_relay.py runs it from the command line.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from app.sync.webdav import (
    Relay,
    RelayAuthFailed,
    RelayConfig,
    RelayError,
    RelayUnreachable,
)

MAX_SKEW = 3600.0
"""Seconds the relay's clock may differ from ours before the check warns (as a round does)."""
OTHER = "cfl-check-other"
"""The folder of an office that is not the one checked (any code but the office's own)."""


@dataclass(frozen=True)
class Step:
    """One thing checked: what, whether it held, and in what words."""

    what: str
    ok: bool
    detail: str = ""


def office_config(base: RelayConfig, code: str, office: RelayConfig) -> RelayConfig:
    """An office's settings: the relay URL + its code + "/", its account (as connect create)."""
    url = base.url if base.url.endswith("/") else base.url + "/"
    return replace(office, url=f"{url}{code}/")


def check_relay(collector: RelayConfig, office: RelayConfig, code: str, *,
                other: str = OTHER, attempts: int = 2) -> Iterator[Step]:
    """Try every rule of the layout on a relay; one Step each, in order; stops when one fails
    that the later ones need (the relay not answering, a login refused).

    `collector` is the district's account at the relay's base URL, `office` that office's
    account at its own folder (office_config). Test files carry a random name and are removed.
    """
    tag = f"cfl-check-{uuid.uuid4().hex[:12]}"
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cfl-check-")))
        sample = work / "sample"
        sample.write_bytes(f"relay check {tag}\n".encode() * 64)
        district = stack.enter_context(Relay(collector, attempts=attempts))
        street = stack.enter_context(Relay(office, attempts=attempts))
        steps = _Steps()
        yield from steps.run("区县账号创建下级文件夹", lambda: _folders(district, code))
        if steps.failed:
            return
        yield from _collector_steps(steps, district, code, tag, sample, work)
        yield from _office_steps(steps, street, tag, sample, work)
        stranger = replace(office, url=office_config(collector, other, office).url)
        yield from _refusals(steps, street, stranger, office, collector, code, other, tag, sample)
        yield from steps.run("区县账号能看到街道上传的文件",
                             lambda: _listed(district, f"{code}/outbox", f"{tag}.txt"))
        yield from steps.run("密码不对时中转站拒绝登录", lambda: _wrong_password(office, attempts))
        yield from _clock(street)
        yield from steps.run("各自删除自己的测试文件",
                             lambda: _clean(district, street, code, tag, stranger))


class _Steps:
    """Runs checks, turning a RelayError into a failed Step; remembers whether one failed."""

    def __init__(self) -> None:
        self.failed = False

    def run(self, what: str, check: Callable[[], str | None]) -> Iterator[Step]:
        try:
            detail = check() or ""
        except RelayError as exc:
            self.failed = True
            yield Step(what, False, str(exc))
            if isinstance(exc, RelayUnreachable):
                raise _Stop from None
            return
        except _Refused as exc:
            self.failed = True
            yield Step(what, False, str(exc))
            return
        yield Step(what, True, detail)


class _Stop(Exception):
    """The relay does not answer: no further step can say anything."""


class _Refused(Exception):
    """A check found the relay doing what it must not; str() says what, in Chinese."""


def _folders(district: Relay, code: str) -> None:
    for sub in ("outbox", "receipts", "reference"):
        district.ensure_folder(f"{code}/{sub}")


def _listed(relay: Relay, folder: str, name: str) -> None:
    names = [f.name for f in relay.list(folder)]
    if name not in names:
        raise _Refused(f"“{folder}”的列表中没有刚上传的“{name}”（PROPFIND 不完整？）")


def _round_trip(relay: Relay, path: str, sample: Path, work: Path) -> None:
    """Upload, list, download and compare; the upload must be a new file."""
    if not relay.put(sample, path):
        raise _Refused(f"“{path}”已在中转站上：请删掉它再检查")
    folder, _, name = path.rpartition("/")
    _listed(relay, folder, name)
    back = work / "back"
    relay.get(path, back, max_size=sample.stat().st_size)
    if back.read_bytes() != sample.read_bytes():
        raise _Refused(f"下载的“{path}”与上传的不一致")


def _collector_steps(steps: _Steps, district: Relay, code: str, tag: str, sample: Path,
                     work: Path) -> Iterator[Step]:
    yield from steps.run("区县账号上传、列出、下载（回执文件夹）",
                         lambda: _round_trip(district, f"{code}/receipts/{tag}.txt", sample, work))


def _office_steps(steps: _Steps, street: Relay, tag: str, sample: Path,
                  work: Path) -> Iterator[Step]:
    yield from steps.run("街道账号上传、列出、下载（自己的 outbox）",
                         lambda: _round_trip(street, f"outbox/{tag}.txt", sample, work))

    def taken() -> None:
        if street.put(sample, f"outbox/{tag}.txt"):
            raise _Refused("同名文件被覆盖了：MOVE 的 Overwrite: F 没有起作用（应答应为 412）")

    yield from steps.run("同名文件不被覆盖（MOVE Overwrite: F → 412）", taken)
    yield from steps.run("街道账号能读取区县写给它的回执",
                         lambda: _listed(street, "receipts", f"{tag}.txt"))


def _refused(action: Callable[[], object], what: str) -> Callable[[], str]:
    """A check that passes when the relay refuses `action` for this account (401/403)."""
    def check() -> str:
        try:
            action()
        except RelayAuthFailed:
            return "已拒绝"
        raise _Refused(f"中转站允许了{what}：请检查访问规则")
    return check


def _refusals(steps: _Steps, street: Relay, stranger: RelayConfig, office: RelayConfig,
              collector: RelayConfig, code: str, other: str, tag: str,
              sample: Path) -> Iterator[Step]:
    yield from steps.run("街道账号不能写自己的回执文件夹", _refused(
        lambda: street.put(sample, f"receipts/{tag}-x.txt"), "街道写自己的 receipts/"))
    yield from steps.run("街道账号不能写自己的参考数据文件夹", _refused(
        lambda: street.put(sample, f"reference/{tag}-x.txt"), "街道写自己的 reference/"))
    with Relay(stranger, attempts=1) as there:
        yield from steps.run("街道账号不能读别的街道的文件夹", _refused(
            lambda: there.list("outbox"), "街道读取别的街道的文件夹"))
        yield from steps.run("街道账号不能写别的街道的文件夹", _refused(
            lambda: there.put(sample, f"outbox/{tag}-x.txt"), "街道写别的街道的 outbox/"))
    yield from steps.run("街道账号不能把文件移到别的街道的文件夹",
                         _refused(lambda: _move_away(office, collector, code, other, tag),
                                  "街道把文件移到别的街道的 outbox/"))


def _move_away(office: RelayConfig, collector: RelayConfig, code: str, other: str,
               tag: str) -> None:
    """MOVE the office's test file into another office's outbox (a RelayAuthFailed if refused)."""
    base = collector.url if collector.url.endswith("/") else collector.url + "/"
    source = f"{base}{code}/outbox/{tag}.txt"
    with _client(office) as client:
        response = client.request("MOVE", source, headers={
            "Destination": f"{base}{other}/outbox/{tag}.txt", "Overwrite": "F"})
    if response.status_code in (401, 403):
        raise RelayAuthFailed("refused")
    if response.status_code >= 400:
        raise _Refused(f"MOVE 的应答是 {response.status_code}，应为 403")


@contextmanager
def _client(config: RelayConfig) -> Iterator[httpx.Client]:
    """A bare HTTP client with the same login and certificate checks as Relay."""
    import ssl

    verify: ssl.SSLContext | bool = True
    if config.url.startswith("https:"):
        verify = ssl.create_default_context()
        if config.ca_file is not None:
            verify.load_verify_locations(cafile=str(config.ca_file))
    with httpx.Client(auth=httpx.BasicAuth(config.user, config.password), verify=verify,
                      timeout=30, follow_redirects=False, trust_env=False) as client:
        yield client


def _wrong_password(office: RelayConfig, attempts: int) -> str:
    wrong = replace(office, password=office.password + "-wrong")
    with Relay(wrong, attempts=attempts) as relay:
        return _refused(lambda: relay.list("outbox"), "用错误的密码登录")()


def _clock(street: Relay) -> Iterator[Step]:
    skew = street.clock_skew()
    if skew is None:
        yield Step("中转站的时钟", False, "应答中没有 Date：无法核对时钟")
    elif abs(skew) > MAX_SKEW:
        yield Step("中转站的时钟", False, f"与本机相差 {abs(skew) / 60:.0f} 分钟：请校准时钟")
    else:
        yield Step("中转站的时钟", True, f"与本机相差 {abs(skew):.0f} 秒")


def _clean(district: Relay, street: Relay, code: str, tag: str, stranger: RelayConfig) -> None:
    street.delete(f"outbox/{tag}.txt")
    district.delete(f"{code}/receipts/{tag}.txt")
    # what a relay that broke a rule let through (refused, as it should be, on a sound relay)
    with Relay(stranger, attempts=1) as there:
        for relay, path in ((street, f"receipts/{tag}-x.txt"), (street, f"reference/{tag}-x.txt"),
                            (there, f"outbox/{tag}-x.txt"), (there, f"outbox/{tag}.txt")):
            with suppress(RelayAuthFailed):
                relay.delete(path)
    for relay, folder in ((street, "outbox"), (district, f"{code}/receipts")):
        if any(f.name.startswith(tag) for f in relay.list(folder)):
            raise _Refused(f"“{folder}”中的测试文件删不掉")


def run(collector: RelayConfig, office: RelayConfig, code: str, *, other: str = OTHER,
        attempts: int = 2, say: Callable[[str], None] = print) -> bool:
    """Check a relay and say each step; True if every step held."""
    good = True
    try:
        for step in check_relay(collector, office, code, other=other, attempts=attempts):
            good = good and step.ok
            mark = "✓" if step.ok else "✗"
            say(f"{mark} {step.what}" + (f"：{step.detail}" if step.detail else ""))
    except _Stop:
        good = False
        say("中转站没有应答，检查中止。")
    return good
