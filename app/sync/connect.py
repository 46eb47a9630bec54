"""Connection files (`cfl-connect/1`): an upstream office hands one office below its relay login.

A canonical ZIP of `connect.json` and `connect.json.minisig`, signed by the upstream: its name and
area, its key file (signing and encryption keys, formats), the office the file is for, the relay
base URL and user for that office, the password sealed to the office's encryption key
(app/sync/sealing.py, the associated data naming the format, the office's area and the upstream
fingerprint), the relay's CA certificate if any, and when it was made. The signature is checked
with the key the file carries; the person importing it confirms that key's confirmation code.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.domain.enums import Level, Role
from app.errors import UsageError
from app.store import enckey, relays
from app.store.areas import Scope, configured_scope, receiving_street_ids_sql
from app.store.db import Ledger
from app.store.settings import get_setting
from app.sync import bundle, canonical, hostile, keyfile, keys, minisign, sealing

FORMAT = "cfl-connect/1"
SUFFIX = ".cfconnect"
BODY = "connect.json"
SIGNATURE = "connect.json.minisig"
MAX_CONNECT = 1 << 20
"""The largest connection file read (one is a few kilobytes, a CA chain included)."""
MAX_SEALED = 4096
_FIELDS = {"format", "upstream", "office", "relay", "created_at"}
_UPSTREAM = {"name", "area", "fingerprint", "key_file"}
_RELAY = {"url", "user", "password", "ca_pem"}
_PASSWORD = {"encryption", "sealed"}
_AREA = {"level", "id", "name", "code"}
_ASK_AGAIN = "请向上级重新索取连接文件"


class ConnectRefused(minisign.VerifyFailed):
    """A connection file that fails verification; str() says why, in Chinese (exit 3)."""


@dataclass(frozen=True)
class Connection:
    """What a checked connection file says (the password still sealed)."""

    path: Path
    upstream_name: str
    upstream_area: dict[str, Any]
    key_text: str
    key: keyfile.KeyFile
    office: dict[str, Any]
    url: str
    user: str
    ca_pem: str | None
    created_at: str
    encryption: dict[str, Any] = field(repr=False)
    sealed: bytes = field(repr=False)

    @property
    def code(self) -> str:
        """The upstream's confirmation code, which the office below confirms by phone."""
        return self.key.code


def area_of(scope: Scope) -> dict[str, Any]:
    """An area as connection files and settings write it."""
    return {"level": scope.level.value, "id": scope.id, "name": scope.name, "code": scope.code}


def office_folder(scope: Scope) -> str:
    """An office's folder name on the relay: its code (a zone, without one, its id)."""
    name = scope.code or scope.id or ""
    if not name or not name.isascii() or not name.replace("-", "").isalnum():
        raise UsageError(f"{scope}没有可用作中继文件夹名的代码，请用 --url 给出它的中继地址")
    return name


def _own_area(ledger: Ledger) -> tuple[str, dict[str, Any]]:
    """This office's name and area, as the office below will see them."""
    own = configured_scope(ledger)
    if own is not None:
        return own.name, area_of(own)
    if get_setting(ledger, "role") == Role.CITY.value:
        city = get_setting(ledger, "city") or {}
        name = str(city.get("name") or "市")
        return name, {"level": Level.CITY.value, "id": None, "name": name,
                      "code": city.get("code")}
    raise UsageError("本机还没有设置角色和辖区，不能制作连接文件。请先运行 facility-ledger "
                     "init --role district|city --area 辖区 设置")


def _check_below(ledger: Ledger, scope: Scope) -> None:
    """Refuse an office that is not directly below this one (UsageError): a district's (or
    zone's) own streets, or the city's districts and zones."""
    own = configured_scope(ledger)
    if own is None and get_setting(ledger, "role") == Role.CITY.value:
        inside = scope.level in (Level.DISTRICT, Level.ZONE)
    elif own is not None and own.level in (Level.DISTRICT, Level.ZONE) \
            and scope.level is Level.STREET:
        with ledger.engine.connect() as conn:
            inside = conn.execute(
                text(f"SELECT 1 WHERE :street IN ({receiving_street_ids_sql(own)})"),
                {"street": scope.id, "scope": own.id}).first() is not None
    else:
        inside = False
    if not inside:
        where = str(own) if own is not None else "未设置辖区"
        raise UsageError(f"{scope}不是本机（{where}）直接管辖的单位，不能为它制作连接文件。"
                         "区县为本区的街道制作，市为区县和开发区制作")


def _associated(office: dict[str, Any], upstream_fingerprint: str) -> bytes:
    return bundle.canonical_json({"format": FORMAT, "office": office.get("code") or office["id"],
                                  "upstream": upstream_fingerprint})


def make_connect(ledger: Ledger, office_scope: Scope, office_key_file_text: str, url: str,
                 user: str, password: str, ca_pem: str | None, *,
                 now: dt.datetime | None = None) -> bytes:
    """The bytes of a connection file for the office of `office_scope`, signed by this ledger."""
    _check_below(ledger, office_scope)
    office_key = keyfile.parse_key_file(office_key_file_text)
    if office_key.encryption is None:
        raise UsageError("下级的公钥文件是旧格式，没有加密公钥，密码无法加密给它。请下级升级本程序"
                         "后重新导出公钥文件（keys export）")
    identity = ledger.identity
    if office_key.fingerprint == identity.fingerprint:
        raise UsageError("这是本机自己的公钥文件，不是下级的")
    url, user = relays.check_url(url), relays.check_user(user)
    ca_pem = relays.check_ca(ca_pem) if ca_pem else None
    if not password or len(password) > 1024:
        raise UsageError("中继密码应为 1 到 1024 个字符")
    name, area = _own_area(ledger)
    office = area_of(office_scope)
    sealed = io.BytesIO()
    encryption = sealing.seal(io.BytesIO(password.encode()), sealed, office_key.encryption,
                              _associated(office, identity.fingerprint))
    body = bundle.canonical_json({
        "format": FORMAT,
        "upstream": {"name": name, "area": area, "fingerprint": identity.fingerprint,
                     "key_file": keyfile.own_key_file_text(ledger)},
        "office": office,
        "relay": {"url": url, "user": user, "ca_pem": ca_pem,
                  "password": {"encryption": encryption,
                               "sealed": base64.b64encode(sealed.getvalue()).decode()}},
        "created_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
    })
    comment = f"connect:{office.get('code') or office['id']}\tupstream:{identity.fingerprint}"
    signature = minisign.sign(body, identity.key_id, identity.private_key, comment)
    return canonical.canonical_zip([(BODY, body), (SIGNATURE, signature.encode())])


def _text(value: object, what: str, limit: int = 1000, *, optional: bool = False) -> str:
    if optional and value is None:
        return ""
    if type(value) is not str or len(value) > limit or (not optional and not value):
        raise ConnectRefused(f"连接文件格式不对：{what}应为不超过 {limit} 个字符的文字。"
                             f"{_ASK_AGAIN}")
    return value


def _object(value: object, fields: set[str], what: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != fields:
        raise ConnectRefused(f"连接文件格式不对：{what}应恰好有 {', '.join(sorted(fields))} 几项。"
                             f"{_ASK_AGAIN}")
    return value


def _area(value: object, what: str) -> dict[str, Any]:
    area = _object(value, _AREA, what)
    if type(area["level"]) is not str or area["level"] not in {level.value for level in Level}:
        raise ConnectRefused(f"连接文件格式不对：{what}的层级不认识。{_ASK_AGAIN}")
    for key in ("id", "name", "code"):
        _text(area[key], f"{what}的 {key}", 200, optional=key != "name")
    return area


def read_connect(path: Path, ledger: Ledger) -> Connection:
    """A connection file's content once its layout, its signature by the key it carries (and
    that key's own file signature) and its types are checked; ConnectRefused (exit 3) else."""
    del ledger  # checked on import: the area, the code, the upstream it would replace
    name = path.name
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONNECT + 1)
    except OSError as exc:
        raise UsageError(f"无法读取连接文件“{path}”：{exc.strerror or '读取失败'}") from None
    if len(raw) > MAX_CONNECT:
        raise ConnectRefused(f"“{name}”不是连接文件：超过 {MAX_CONNECT >> 20} MiB")
    try:
        entries = canonical.read_canonical(raw, name)
    except canonical.BundleRefused as exc:
        raise ConnectRefused(str(exc)) from None
    if [entry for entry, _data in entries] != [BODY, SIGNATURE]:
        raise ConnectRefused(f"“{name}”不是连接文件：应只含 {BODY} 及其签名")
    body, signature = entries[0][1], entries[1][1].decode("utf-8", "replace")
    try:
        content = hostile.load_json(body, "连接文件")
    except hostile.Malformed as exc:
        raise ConnectRefused(f"“{name}”：{exc}") from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        shown = content.get("format") if isinstance(content, dict) else None
        shown = shown if isinstance(shown, str) and len(shown) <= 40 else "？"
        raise ConnectRefused(f"“{name}”的格式（{shown}）不是 {FORMAT}：它可能来自更新版本的"
                             "台账程序，请先升级本程序")
    content = _object(content, _FIELDS, "连接文件")
    upstream = _object(content["upstream"], _UPSTREAM, "上级一项")
    try:
        key = keyfile.parse_key_file(_text(upstream["key_file"], "上级公钥", keyfile.MAX_KEY_FILE))
        minisign.verify(body, signature, key.signing)
    except minisign.VerifyFailed as exc:
        raise ConnectRefused(f"“{name}”签名验证失败：{exc}。{_ASK_AGAIN}") from None
    if upstream["fingerprint"] != key.fingerprint or key.encryption is None:
        raise ConnectRefused(f"“{name}”中的上级指纹与它的公钥不符。{_ASK_AGAIN}")
    relay = _object(content["relay"], _RELAY, "中继一项")
    password = _object(relay["password"], _PASSWORD, "密码一项")
    try:
        encryption = sealing.check_encryption(password["encryption"], MAX_SEALED)
        sealed = base64.b64decode(_text(password["sealed"], "加密的密码", MAX_SEALED * 2),
                                  validate=True)
        url, user = relays.check_url(_text(relay["url"], "中继地址")), relays.check_user(
            _text(relay["user"], "中继用户名", relays.MAX_USER))
        ca_pem = relays.check_ca(_text(relay["ca_pem"], "CA 证书", relays.MAX_CA))\
            if relay["ca_pem"] is not None else None
    except (hostile.Malformed, binascii.Error, ValueError, UsageError) as exc:
        raise ConnectRefused(f"“{name}”的中继信息不对：{exc}") from None
    return Connection(path, _text(upstream["name"], "上级名称", 200),
                      _area(upstream["area"], "上级辖区"), upstream["key_file"], key,
                      _area(content["office"], "下级辖区"), url, user, ca_pem,
                      _text(content["created_at"], "制作时间", 40), encryption, sealed)


def _open_password(ledger: Ledger, connection: Connection) -> str:
    """The relay password, opened with this ledger's encryption key (SealBroken if not ours)."""
    plain = io.BytesIO()
    sealing.open_sealed(io.BytesIO(connection.sealed), plain, connection.encryption,
                        enckey.load_or_create(ledger.path),
                        _associated(connection.office, connection.key.fingerprint))
    try:
        return plain.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        raise ConnectRefused("连接文件中的密码无法读取（不是文字）。" + _ASK_AGAIN) from None


@dataclass(frozen=True)
class Imported:
    """What importing a connection file did."""

    upstream: keys.Device
    relay: relays.Relay
    password_kept: str
    """Where the password is kept: secrets.KEYRING or the secrets file's path."""
    replaced: keys.Device | None


def import_connect(ledger: Ledger, connection: Connection, confirm: str | None,
                   replace: bool = False) -> Imported:
    """Trust the upstream of a checked connection file and keep its relay as the upward one.

    Refused (UsageError, nothing changed): a file for another area than this ledger's own, no or
    another confirmation code than the upstream's, or another upstream than the one trusted
    here without `replace`.
    """
    own = configured_scope(ledger)
    office = connection.office
    if own is None:
        raise UsageError("本机还没有设置角色和辖区，不能导入连接文件。请先运行 facility-ledger "
                         "init --role street|district --area 辖区 设置")
    if (own.level.value, own.id) != (office["level"], office["id"]):
        raise UsageError(f"这个连接文件是给{Level(office['level']).label} {office['name']}的，"
                         f"本机是{own}：没有做任何更改。请向上级索取给本单位的连接文件")
    if not confirm:
        raise UsageError(f"请用 --confirm 给出上级的确认码。本文件中上级"
                         f"（{connection.upstream_name}）的确认码是 {connection.code}，"
                         "请电话与上级核对后再导入")
    keyfile.check_code(confirm, connection.key)
    existing = keys.upstream(ledger)
    replaced = None
    if existing is not None and existing.fingerprint != connection.key.fingerprint:
        if not replace:
            raise UsageError(f"本机已信任另一个上级（{existing.label or '未命名'}，指纹 "
                             f"{existing.fingerprint}）。确实要改为{connection.upstream_name}"
                             "时，请加 --replace 再导入：没有做任何更改")
        replaced = existing
    password = _open_password(ledger, connection)
    upstream = {"name": connection.upstream_name, "area": connection.upstream_area}
    kept = relays.save(ledger, relays.UPWARD, connection.url, connection.user, password,
                       connection.ca_pem, upstream)
    device = keys.trust_upstream(ledger, connection.key_text, label=connection.upstream_name)
    found = relays.relay(ledger, relays.UPWARD)
    assert found is not None
    return Imported(device, found, kept, replaced)
