"""The relay client: a remote folder over WebDAV (any standard server), on httpx and webdav4.

List, fetch, upload, delete and make folders below the relay's base URL, with timeouts, retries
(exponential backoff, full jitter) for what may pass by itself (no network, a timeout, a 5xx),
uploads to a unique temporary name moved into place with `Overwrite: F`, and every failure as a
RelayError whose Chinese message names the relay and says what to do. Everything the server sends
is bounded. HTTPS certificates are always checked; a relay may bring its own CA certificate.
"""

from __future__ import annotations

import builtins
import email.utils
import random
import re
import ssl
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlsplit

import httpx
from webdav4.multistatus import MultiStatusResponse

from app.errors import KnownError
from app.store.whole import written_whole

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
BACKOFF_BASE = 1.0
BACKOFF_CAP = 30.0
MAX_LISTING_BYTES = 4 * 1024 * 1024
MAX_ENTRIES = 100_000
TEMP_PREFIX = "cfl-upload-"
TEMP_SUFFIX = ".partial"
_TEMP_NAME = re.compile(rf"{TEMP_PREFIX}[0-9a-f]{{32}}\{TEMP_SUFFIX}")
_SAFE_PATH = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?")
_PROPFIND = (b'<?xml version="1.0" encoding="utf-8"?>'
             b'<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/>'
             b"</d:prop></d:propfind>")
_CHUNK = 64 * 1024
T = TypeVar("T")


class RelayError(KnownError):
    """The relay could not do what was asked; str() says why and what to do, in Chinese."""


class RelayUnreachable(RelayError):
    """No answer: server not found, refused, timed out, dropped, or 5xx after every retry."""


class RelayAuthFailed(RelayError):
    """The relay refused the account (401/403): a wrong user or password, or no right there."""

    exit_code = 2


class RelaySettings(RelayError):
    """The relay's settings cannot work: a bad address, an unreadable CA certificate file."""

    exit_code = 2


class RelayFull(RelayError):
    """The relay's disk is full (507)."""


class RelayCertificate(RelayError):
    """The relay's HTTPS certificate is not trusted, expired, or for another host."""


class RelayBadAnswer(RelayError):
    """The server's answer is not WebDAV as expected: garbage, too big, a redirect."""


class RelayFolderMissing(RelayError):
    """This office's folder is not on the relay yet (its office above never ran a round): it
    passes once that office syncs, so `sync` keeps trying."""


class RelayNotFound(RelayError):
    """The file asked for is not (or no longer) on the relay."""


@dataclass(frozen=True)
class RelayConfig:
    """Where a relay is and how to log in; the password never shows in repr or a log."""

    url: str
    user: str
    password: str = field(repr=False)
    ca_file: Path | None = None


@dataclass(frozen=True)
class RemoteFile:
    """A file in a relay folder: its name and size in bytes (a subfolder: `folder`, size 0)."""

    name: str
    size: int
    folder: bool = False


class _Retry(Exception):
    """Internal: this attempt failed in a way that may pass; the message says how."""


def is_temporary(name: str) -> bool:
    """Whether a file name is one of our uploads not yet moved into place."""
    return _TEMP_NAME.fullmatch(name) is not None


def _check_path(path: str) -> str:
    """A relative ASCII path below the base URL, refused if it is anything else."""
    if not _SAFE_PATH.fullmatch(path) or any(part in (".", "..") for part in path.split("/")):
        raise RelaySettings(f"中转站上的路径“{path}”无效："
                            "只能使用英文字母、数字、点、横线和下划线。")
    return path


def _cert_problem(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate verification error behind an httpx error, if that is what it was."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class Relay:
    """One relay (a WebDAV base URL and an account); use it as a context manager."""

    def __init__(self, config: RelayConfig, *, sleep: Callable[[float], None] = time.sleep,
                 attempts: int = 4, rng: random.Random | None = None,
                 read_timeout: float = READ_TIMEOUT,
                 clock: Callable[[], float] = time.time) -> None:
        parts = urlsplit(config.url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.username \
                or parts.query or parts.fragment or not config.url.isascii():
            raise RelaySettings(f"中转站地址“{config.url}”无效：应形如 https://服务器/文件夹/"
                                "（不含用户名和密码）。")
        self.base = config.url if config.url.endswith("/") else config.url + "/"
        self.name = f"{parts.scheme}://{parts.netloc}{parts.path}"
        self.user = config.user
        self._sleep = sleep
        self._attempts = max(1, attempts)
        self._rng = rng or random.Random()
        self._clock = clock
        self._skew: float | None = None
        self._strays: set[str] = set()
        verify: ssl.SSLContext | bool = True
        if parts.scheme == "https":
            verify = ssl.create_default_context()
            if config.ca_file is not None:
                try:
                    verify.load_verify_locations(cafile=str(config.ca_file))
                except (OSError, ssl.SSLError, ValueError):
                    raise RelaySettings(
                        f"无法读取中转站 {self.name} 的 CA 证书文件“{config.ca_file}”："
                        "请确认它是 PEM 格式的证书。") from None
        self._client = httpx.Client(
            auth=httpx.BasicAuth(config.user, config.password),
            timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT, read=read_timeout),
            verify=verify, follow_redirects=False, trust_env=False)

    def __enter__(self) -> Relay:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections to the relay."""
        self._client.close()

    def _url(self, path: str) -> str:
        if not path.strip("/"):  # the base folder itself
            return self.base
        return self.base + quote(_check_path(path), safe="/")

    # -- requests, retries and what the answers mean ------------------------------------------

    def _retrying(self, what: str, action: Callable[[], T]) -> T:
        """Run `action` until it does not fail in a way that may pass, at most `attempts` times.

        Between tries: exponential backoff (base 1 s, cap 30 s) with full jitter.
        """
        last = ""
        for attempt in range(self._attempts):
            if attempt:
                self._sleep(self._rng.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** attempt)))
            try:
                return action()
            except _Retry as exc:
                last = str(exc)
        raise RelayUnreachable(
            f"无法连接中转站 {self.name}（{what}，已试 {self._attempts} 次）：{last}。"
            "请检查网络连接；更改会保留，网络恢复后自动发送。")

    @contextmanager
    def _once(self, method: str, path: str, *, what: str, ok: tuple[int, ...],
              headers: dict[str, str] | None = None, body: Callable[[], Any] | None = None,
              ) -> Iterator[httpx.Response]:
        """One request, its answer streamed; _Retry for what may pass, a RelayError otherwise.

        `body` opens the body afresh for each try. A status outside `ok` is a RelayError (or
        _Retry for a 5xx); the statuses the caller handles itself are listed in `ok`.
        """
        content = body() if body is not None else None
        try:
            request = self._client.build_request(method, self._url(path), headers=headers,
                                                 content=content)
            response = self._client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _Retry(self._network_failure(exc)) from None
        finally:
            closing = getattr(content, "close", None)
            if closing is not None:
                closing()
        try:
            self._note_date(response)
            self._judge(response, path, what, ok)
            yield response
        finally:
            response.close()

    def _simple(self, method: str, path: str, *, what: str, ok: tuple[int, ...],
                headers: dict[str, str] | None = None,
                body: Callable[[], Any] | None = None) -> int:
        """A request whose answer's body does not matter, retried; its status."""
        def once() -> int:
            with self._once(method, path, what=what, ok=ok, headers=headers,
                            body=body) as response:
                return response.status_code
        return self._retrying(what, once)

    def _network_failure(self, exc: httpx.HTTPError) -> str:
        """What a transport error means; a certificate problem is said at once, never retried."""
        problem = _cert_problem(exc)
        if problem is not None:
            detail = problem.verify_message or str(problem)
            raise RelayCertificate(
                f"中转站 {self.name} 的 HTTPS 证书不可信（{detail}）：可能是证书已过期、"
                "与服务器地址不符，或由中转站自己的 CA 签发。若是后者，请在连接设置中加入中转站的 "
                "CA 证书文件；否则请联系中转站的管理员。") from None
        if isinstance(exc, httpx.TimeoutException):
            return "服务器长时间没有应答"
        if isinstance(exc, httpx.ConnectError):
            return "找不到服务器或连接被拒绝"
        if isinstance(exc, httpx.TransportError):
            return "连接中断"
        raise RelayBadAnswer(f"中转站 {self.name} 的应答无法处理（{type(exc).__name__}）："
                             "请确认地址是 WebDAV 服务器。") from None

    def _note_date(self, response: httpx.Response) -> None:
        date = response.headers.get("Date")
        if not date:
            return
        try:
            server = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return
        self._skew = server - self._clock()

    def _judge(self, response: httpx.Response, path: str, what: str, ok: tuple[int, ...]) -> None:
        """Raise the RelayError an answer means, unless its status is one the caller expects."""
        status = response.status_code
        if status in ok:
            return
        if status in (401, 403):
            raise RelayAuthFailed(
                f"中转站 {self.name} 拒绝了用户“{self.user}”（{what}，{status}）："
                "用户名或密码不对，或此账号无权访问该文件夹。请核对连接设置，或请上级重新发放连接文件。")
        if status == 507:
            raise RelayFull(f"中转站 {self.name} 的磁盘已满（{what}）："
                            "请通知中转站的管理员清理空间；更改会保留，之后自动发送。")
        if status == 404:
            raise RelayNotFound(f"中转站 {self.name} 上没有“{path}”（{what}）。")
        if 300 <= status < 400:
            where = response.headers.get("Location", "")
            raise RelayBadAnswer(f"中转站 {self.name} 把请求转到了别处（{status} {where}）："
                                 "请确认中转站地址（例如是否应以 https:// 开头）。")
        if status >= 500:  # 5xx other than 507 are retried before they come here
            raise _Retry(f"服务器出错（{status}）")
        raise RelayBadAnswer(f"中转站 {self.name} 的应答不对（{what}，{status}）："
                             "请确认地址是 WebDAV 服务器、支持 PROPFIND、MKCOL 和 MOVE。")

    def _read_bounded(self, response: httpx.Response, limit: int, what: str) -> bytes:
        """The whole body of an answer, refused when it is over `limit` bytes."""
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise RelayBadAnswer(
                f"中转站 {self.name} 的应答过大（{what}，超过 {limit} 字节），已拒收。")
        data = bytearray()
        try:
            for chunk in response.iter_bytes(_CHUNK):
                data += chunk
                if len(data) > limit:
                    raise RelayBadAnswer(
                        f"中转站 {self.name} 的应答过大（{what}，超过 {limit} 字节），已拒收。")
        except httpx.HTTPError as exc:
            raise _Retry(self._network_failure(exc)) from None
        return bytes(data)

    # -- what a round does ------------------------------------------------------------------------

    def clock_skew(self) -> float | None:
        """Seconds the server's clock is ahead of ours (its `Date` in the last answer), or None."""
        return self._skew

    def list(self, folder: str) -> list[RemoteFile]:
        """The files in a relay folder (no subfolders, no unfinished uploads); [] if missing."""
        return [f for f in self._list(folder) if not f.folder and not is_temporary(f.name)]

    def folders(self, folder: str) -> builtins.list[str]:
        """The names of the subfolders of a relay folder (the root: ""), sorted."""
        return [f.name for f in self._list(folder) if f.folder]

    def remove_unfinished(self, folder: str) -> int:
        """Delete the unfinished uploads in a folder this office alone writes; how many there were.

        Call it only while holding the ledger's round lock (then no upload of ours is under way):
        what a round killed mid-upload left behind in our outbox.
        """
        stale = [f.name for f in self._list(folder) if not f.folder and is_temporary(f.name)]
        for name in stale:
            self.delete(f"{folder.strip('/')}/{name}")
        return len(stale)

    def _list(self, folder: str) -> builtins.list[RemoteFile]:
        folder = folder.strip("/")
        what = f"列出“{folder}”"

        def once() -> bytes | None:
            with self._once("PROPFIND", folder + "/", what=what, ok=(207, 404),
                            headers={"Depth": "1", "Content-Type": "application/xml"},
                            body=lambda: _PROPFIND) as response:
                if response.status_code == 404:
                    return None
                return self._read_bounded(response, MAX_LISTING_BYTES, what)

        data = self._retrying(what, once)
        return [] if data is None else self._parse_listing(data, folder, what)

    def _parse_listing(self, data: bytes, folder: str, what: str) -> builtins.list[RemoteFile]:
        bad = RelayBadAnswer(f"中转站 {self.name} 的应答不是有效的 WebDAV 列表（{what}）："
                             "请确认地址是 WebDAV 服务器。")
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # no entity expansion, ever
            raise bad
        if data.count(b"response>") > 2 * (MAX_ENTRIES + 1):
            raise RelayBadAnswer(f"中转站 {self.name} 的“{folder}”中文件过多"
                                 f"（超过 {MAX_ENTRIES} 个），已拒收。")
        try:
            listing = MultiStatusResponse(data.decode("utf-8"))
        except Exception:  # anything the parser meets in hostile bytes
            raise bad from None
        prefix = unquote(urlsplit(self._url(folder + "/")).path)
        found: builtins.list[RemoteFile] = []
        for entry in listing.responses.values():
            href = unquote(entry.path)
            if not href.startswith(prefix):
                continue
            name = href[len(prefix):]
            if not name.rstrip("/") or "/" in name.rstrip("/"):
                continue  # the folder itself, or deeper than asked
            xml = entry.response_xml
            collection = xml.find(".//{DAV:}resourcetype/{DAV:}collection") is not None
            name = name.rstrip("/")
            if not _SAFE_PATH.fullmatch(name) or name in (".", ".."):
                continue
            if collection or href.endswith("/"):
                found.append(RemoteFile(name, 0, folder=True))
                continue
            length = (xml.findtext(".//{DAV:}getcontentlength") or "").strip()
            if not length.isdigit():
                continue
            found.append(RemoteFile(name, int(length)))
        found.sort(key=lambda f: f.name)
        return found

    def get(self, path: str, target: Path, max_size: int) -> None:
        """Fetch a file to `target`, whole or not at all; refused over `max_size` bytes."""
        what = f"下载“{path}”"
        too_big = f"中转站 {self.name} 上的“{path}”超过 {max_size} 字节，已拒收。"

        def once() -> None:
            with self._once("GET", path, what=what, ok=(200,)) as response:
                declared = response.headers.get("Content-Length")
                if declared is not None and declared.isdigit() and int(declared) > max_size:
                    raise RelayBadAnswer(too_big)
                with written_whole(target) as temp, temp.open("wb") as out:
                    written = 0
                    try:
                        for chunk in response.iter_bytes(_CHUNK):
                            written += len(chunk)
                            if written > max_size:
                                raise RelayBadAnswer(too_big)
                            out.write(chunk)
                    except httpx.HTTPError as exc:
                        raise _Retry(self._network_failure(exc)) from None

        self._retrying(what, once)

    def put(self, source: Path, path: str) -> bool:
        """Upload `source` to `path` unless that file is there (False then; True if written).

        The bytes go to a unique temporary name in the same folder first, then are moved into
        place with `Overwrite: F`, so that no reader ever sees half a file; names carry a hash,
        so a file already at `path` is this same file. An upload that fails leaves its temporary
        name behind only while the relay does not answer: the next upload removes it.
        """
        _check_path(path)
        folder, _, _ = path.rpartition("/")
        temp = (f"{folder}/" if folder else "") + f"{TEMP_PREFIX}{uuid.uuid4().hex}{TEMP_SUFFIX}"
        what = f"上传“{path}”"
        if not source.is_file():
            raise RelaySettings(f"要上传的文件“{source}”不存在。")

        def upload() -> int:
            return self._simple("PUT", temp, what=what, ok=(200, 201, 204, 409),
                                body=lambda: source.open("rb"))

        self._remove_strays()
        self._strays.add(temp)
        try:
            if upload() == 409:  # the folder is missing
                self.ensure_folder(folder)
                if upload() == 409:
                    raise RelayBadAnswer(
                        f"中转站 {self.name} 无法在“{folder}”中保存文件（{what}）。")
            moved = self._move(temp, path, what)
            if moved:
                self._strays.discard(temp)  # it is the file now
            return moved
        except OSError as exc:
            raise RelaySettings(f"无法读取要上传的文件“{source}”：{exc.strerror or exc}") from None
        finally:
            self._remove_strays()

    def _move(self, temp: str, path: str, what: str) -> bool:
        """Move an upload into place: True if moved, False if that name was taken already."""
        headers = {"Destination": self._url(path), "Overwrite": "F"}
        status = self._simple("MOVE", temp, what=what, ok=(201, 204, 404, 412), headers=headers)
        if status == 404:  # a retried MOVE whose first answer was lost: is the file in place?
            if self._exists(path):
                return True
            raise RelayBadAnswer(f"中转站 {self.name} 上刚上传的临时文件“{temp}”不见了（{what}）："
                                 "请稍后再试，若仍如此请联系中转站的管理员。")
        return status != 412

    def _exists(self, path: str) -> bool:
        status = self._simple("PROPFIND", path, what=f"查看“{path}”", ok=(207, 404),
                              headers={"Depth": "0", "Content-Type": "application/xml"},
                              body=lambda: _PROPFIND)
        return status == 207

    def _remove_strays(self) -> None:
        """Delete the temporary names of uploads that did not finish (best effort, no waiting)."""
        for temp in sorted(self._strays):
            try:
                response = self._client.request("DELETE", self._url(temp))
            except httpx.HTTPError:
                return  # the relay is not answering: try again with the next upload
            if response.status_code in (200, 204, 404):
                self._strays.discard(temp)

    def delete(self, path: str) -> None:
        """Delete a file of ours on the relay; a file already gone is fine."""
        self._simple("DELETE", path, what=f"删除“{path}”", ok=(200, 204, 404))

    def ensure_folder(self, folder: str) -> None:
        """Make a relay folder and any missing folder above it (MKCOL each missing level)."""
        folder = folder.strip("/")
        if not folder:
            return
        parts = _check_path(folder).split("/")
        if self._exists("/".join(parts) + "/"):
            return
        for depth in range(1, len(parts) + 1):
            level = "/".join(parts[:depth]) + "/"
            # 405: the folder is there already; 409: the folder above it is missing, and this
            # account may not make it (an office's folder is made by the office that collects)
            status = self._simple("MKCOL", level, what=f"创建文件夹“{level}”",
                                  ok=(200, 201, 204, 405, 409))
            if status == 409:
                raise RelayFolderMissing(
                    f"中转站 {self.name} 上还没有本单位的文件夹："
                    "请上级（收集数据的单位）先同步一次，由它在中转站上建好各单位的文件夹；若上级已同步过，请检查中转站地址是否正确。"
                    "修改已保留，下次同步时发送。")
