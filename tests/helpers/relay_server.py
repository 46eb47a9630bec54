"""A WebDAV relay for the tests, run as a child process: WsgiDAV on cheroot, accounts, faults.

    python relay_server.py STATE_DIR

STATE_DIR holds settings.json (port, TLS files), users.json (accounts), faults.json (the fault
switches, read on every request and counted down here) and root/ (the folder served). Every
request is logged to requests.log as "METHOD PATH USER". Only the standard library, WsgiDAV and
cheroot are imported: this file runs in a fresh interpreter.

Accounts: one with "office": null may do anything anywhere (the collecting office); one with an
office code may read `/<office>/` and write only in `/<office>/outbox/`, as the relay layout of
DESIGN.md says. Anything else is answered 403, as nginx or a NAS would.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter
from wsgidav.wsgidav_app import WsgiDAVApp

READ = {"GET", "HEAD", "PROPFIND", "OPTIONS"}
StartResponse = Callable[..., Any]


class DieAfter:
    """A request body that ends the whole server process after `after` bytes (a killed relay)."""

    def __init__(self, stream: Any, after: int) -> None:
        self.stream = stream
        self.left = after

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.left -= len(data)
        if self.left <= 0:
            os._exit(9)
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self.stream.readline(size)
        self.left -= len(data)
        if self.left <= 0:
            os._exit(9)
        return data


def cut(chunks: Iterable[bytes], after: int) -> Iterator[bytes]:
    """The first `after` bytes of an answer, then the connection dropped."""
    sent = 0
    try:
        if after <= 0:  # nothing at all: not even the status line
            raise ConnectionAbortedError("relay fault: answer cut")
        for chunk in chunks:
            if sent + len(chunk) >= after:
                yield chunk[: after - sent]
                raise ConnectionAbortedError("relay fault: download cut")
            sent += len(chunk)
            yield chunk
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def allowed(office: str | None, method: str, path: str, destination: str | None) -> bool:
    """Whether an account may do `method` on `path` under the relay layout's rules."""
    if office is None or method == "OPTIONS":
        return True
    own = f"/{office}"
    outbox = f"{own}/outbox"
    bare = path.rstrip("/")
    if method in READ:
        return bare == own or path.startswith(own + "/")
    if method == "MKCOL" and bare in (own, outbox):
        return True

    def writable(p: str) -> bool:
        return p.startswith(outbox + "/") and p.rstrip("/") != outbox

    if method in ("MOVE", "COPY"):
        return writable(path) and destination is not None and writable(destination)
    return writable(path)


class Gate:
    """The middleware in front of WsgiDAV: the log, the fault switches, accounts and their rules."""

    def __init__(self, app: Any, state: Path) -> None:
        self.app = app
        self.state = state
        self.lock = threading.Lock()

    def take_faults(self, method: str) -> dict[str, dict[str, Any]]:
        """The faults that apply to this request, each counted down by one ("times")."""
        path = self.state / "faults.json"
        with self.lock:
            try:
                faults = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                return {}
            taken: dict[str, dict[str, Any]] = {}
            changed = False
            for name, spec in list(faults.items()):
                methods = spec.get("methods")
                if methods and method not in methods:
                    continue
                taken[name] = spec
                times = spec.get("times")
                if times is not None:
                    changed = True
                    if times <= 1:
                        del faults[name]
                    else:
                        spec["times"] = times - 1
            if changed:
                temp = path.with_suffix(".tmp")
                temp.write_text(json.dumps(faults), "utf-8")
                os.replace(temp, path)
            return taken

    def account(self, environ: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """The account whose name and password came with the request (Basic), or None."""
        header = environ.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except ValueError:
            return None
        users = json.loads((self.state / "users.json").read_text("utf-8"))
        entry = users.get(user)
        if entry is None or entry["password"] != password:
            return None
        return user, entry

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "/")
        found = self.account(environ)
        with self.lock, (self.state / "requests.log").open("a", encoding="utf-8") as log:
            log.write(f"{method} {path} {found[0] if found else '-'}\n")
        faults = self.take_faults(method)
        if "stall" in faults:
            time.sleep(float(faults["stall"]["seconds"]))
        date = faults.get("date", {}).get("value")

        def answer(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if date is not None:
                headers = [(k, v) for k, v in headers if k.lower() != "date"] + [("Date", date)]
            return start_response(status, headers, exc_info)

        if "refuse_login" in faults:
            found = None
        elif "answer" in faults:
            spec = faults["answer"]
            body = spec.get("body", "").encode("utf-8") * int(spec.get("repeat", 1))
            headers = [("Content-Length", str(len(body)))]
            headers += [(k, v) for k, v in spec.get("headers", {}).items()]
            answer(spec.get("status", "500 Internal Server Error"), headers)
            return [body]
        if found is None:
            body = b"login required"
            answer("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="relay"'),
                                        ("Content-Length", str(len(body)))])
            return [body]
        destination = environ.get("HTTP_DESTINATION")
        if destination is not None:
            destination = unquote(urlsplit(destination).path)
        if not allowed(found[1].get("office"), method, path, destination):
            body = b"forbidden"
            answer("403 Forbidden", [("Content-Length", str(len(body)))])
            return [body]
        if "die" in faults and method == "PUT":
            environ["wsgi.input"] = DieAfter(environ["wsgi.input"], int(faults["die"]["after"]))
        result = self.app(environ, answer)
        if "cut" in faults:
            return cut(result, int(faults["cut"]["after"]))
        return result


def main(state: Path) -> None:
    """Serve state/root on the port of state/settings.json until killed."""
    settings = json.loads((state / "settings.json").read_text("utf-8"))
    dav = WsgiDAVApp({
        "host": "127.0.0.1",
        "port": settings["port"],
        "provider_mapping": {"/": str(state / "root")},
        "http_authenticator": {"domain_controller": None, "accept_basic": True,
                               "accept_digest": False, "default_to_digest": False},
        "simple_dc": {"user_mapping": {"*": True}},  # the Gate checks the accounts
        "dir_browser": {"enable": False},
        "verbose": 0,
        "logging": {"enable": False},
        "property_manager": None,
        "lock_storage": True,
    })
    server = wsgi.Server(("127.0.0.1", settings["port"]), Gate(dav, state), numthreads=8)
    tls = settings.get("tls")
    if tls:
        server.ssl_adapter = BuiltinSSLAdapter(tls["cert"], tls["key"])
    with contextlib.suppress(KeyboardInterrupt):
        server.safe_start()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
