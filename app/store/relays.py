"""Relay settings kept in the ledger (never the password): the relay this office collects from,
and the upward relay its office above named in a connection file.

`relay/collect`: url, user, CA certificate PEM if any. `relay/upward`: the same, and the upstream's
name and area. Each names the secret its password is kept under (app/store/secrets.py).
`login()` gives what a WebDAV round needs: url, user, password and a CA file written beside the db.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.errors import UsageError
from app.store import secrets
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings
from app.store.whole import write_whole

COLLECT = "collect"
"""The relay this office collects its offices' bundles from (a district or the city)."""
UPWARD = "upward"
"""The relay this office sends its bundles to (set by the upstream's connection file)."""
WHICH = {COLLECT: "收集用的中继", UPWARD: "上级中继"}
MAX_URL = 1000
MAX_USER = 200
MAX_CA = 64 * 1024
"""A CA certificate (or a short chain) is a few kilobytes."""
_PEM = re.compile(r"(?:-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----\s*)+")


def setting_key(which: str) -> str:
    """The setting a relay is kept under."""
    if which not in WHICH:
        raise ValueError(f"no relay {which!r}")
    return f"relay/{which}"


@dataclass(frozen=True)
class Relay:
    """A relay as the ledger keeps it: no password, only the name it is kept under."""

    which: str
    url: str
    user: str
    ca_pem: str | None
    secret: str
    upstream: dict[str, Any] | None = None
    """For the upward relay: the upstream's name and area ({"name", "area"})."""


@dataclass(frozen=True)
class Login:
    """What a WebDAV client needs for one relay (webdav.RelayConfig's fields)."""

    url: str
    user: str
    password: str = field(repr=False)
    ca_file: Path | None


def check_url(url: str) -> str:
    """A relay's base URL: http(s), ASCII, a host; ends with "/" (UsageError in Chinese)."""
    url = url.strip()
    if not url or len(url) > MAX_URL or not url.isascii() or any(c.isspace() for c in url):
        raise UsageError(f"中继地址“{url[:80]}”不对：应为不含空格的英文字符网址，如 "
                         "https://relay.example.cn/dav/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"中继地址“{url[:80]}”不对：应以 https:// 或 http:// 开头，后接服务器名")
    if parts.username is not None or parts.password is not None:
        raise UsageError("中继地址中不能写用户名或密码：用户名用 --user，密码用 --password-file")
    if parts.query or parts.fragment:
        raise UsageError(f"中继地址“{url[:80]}”不对：不能带 ? 或 # 后的部分")
    return url if url.endswith("/") else url + "/"


def check_user(user: str) -> str:
    """A relay account name: 1 to 200 characters, no control characters (UsageError)."""
    user = user.strip()
    if not user or len(user) > MAX_USER or any(ord(c) < 32 or c == "\x7f" for c in user):
        raise UsageError(f"中继用户名应为 1 到 {MAX_USER} 个字符，不含控制字符")
    return user


def check_ca(pem: str) -> str:
    """CA certificate text: one or more PEM certificates and nothing else (UsageError)."""
    from cryptography import x509

    if len(pem) > MAX_CA or not _PEM.fullmatch(pem.strip() + "\n"):
        raise UsageError("CA 证书应为 PEM 格式（以 -----BEGIN CERTIFICATE----- 开头），"
                         f"不超过 {MAX_CA // 1024} KiB")
    try:
        x509.load_pem_x509_certificates(pem.encode("ascii"))
    except ValueError:
        raise UsageError("CA 证书内容已损坏，无法读取：请向中继的管理员重新索取") from None
    return pem.strip() + "\n"


def save(ledger: Ledger, which: str, url: str, user: str, password: str,
         ca_pem: str | None, upstream: dict[str, Any] | None = None) -> str:
    """Keep a relay's settings and its password; returns where the password is kept
    (secrets.KEYRING or the secrets file's path)."""
    url, user = check_url(url), check_user(user)
    ca_pem = check_ca(ca_pem) if ca_pem else None
    name = secrets.secret_name(ledger.identity.fingerprint, url)
    where = secrets.keep(ledger.path, name, password)
    old = relay(ledger, which)
    set_settings(ledger, **{setting_key(which): {
        "url": url, "user": user, "ca_pem": ca_pem, "secret": name,
        **({"upstream": upstream} if upstream is not None else {})}})
    if old is not None and old.secret != name:
        secrets.forget(ledger.path, old.secret)
    return where


def relay(ledger: Ledger, which: str) -> Relay | None:
    """The relay kept under `which`, if one is set."""
    value = get_setting(ledger, setting_key(which))
    if not isinstance(value, dict):
        return None
    return Relay(which, str(value["url"]), str(value["user"]), value.get("ca_pem"),
                 str(value["secret"]), value.get("upstream"))


def ca_path(db_path: Path, which: str) -> Path:
    """Where a relay's CA certificate is written for the WebDAV client."""
    return db_path.with_name(f"{db_path.name}.relay-{which}-ca.pem")


def login(ledger: Ledger, which: str) -> Login | None:
    """What the sync round needs to reach a relay (None: not set); UsageError when its password
    is not kept on this machine."""
    found = relay(ledger, which)
    if found is None:
        return None
    password = secrets.read(ledger.path, found.secret, f"{WHICH[which]} {found.url}")
    ca_file = None
    if found.ca_pem:
        ca_file = ca_path(ledger.path, which)
        try:
            same = ca_file.read_text(encoding="ascii") == found.ca_pem
        except (OSError, ValueError):
            same = False
        if not same:
            write_whole(ca_file, found.ca_pem, private=True)
    return Login(found.url, found.user, password, ca_file)


def password_where(ledger: Ledger, found: Relay) -> str | None:
    """Where a relay's password is kept (secrets.KEYRING or the file's path); None: nowhere."""
    kept = secrets.find(ledger.path, found.secret)
    return kept[1] if kept is not None else None
