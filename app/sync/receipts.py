"""Receipts: the receiving office's signed word of what it applied, and the sender's delivered mark.

A receipt is a canonical ZIP of receipt.json and its minisign signature, named
`<sender fingerprint>-<seq>.cfreceipt`. It is cumulative (the highest contiguous sequence applied),
so applying one twice, or an older one after a newer, changes nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.store import enckey
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings, store_settings
from app.store.whole import make_dirs, write_whole
from app.sync import bundle, canonical, hostile, kept, keys, minisign, rotation
from app.sync.apply import applied_state
from app.sync.delivered_at import DELIVERED_SEQ
from app.sync.rewind import DELIVERED_BY, Rewound, Unchainable, reseal, rewind, went_back

FORMAT = "cfl-receipt/1"
SUFFIX = ".cfreceipt"
BODY = "receipt.json"
SIGNATURE = "receipt.json.minisig"
MAX_RECEIPT = 4 * 1024 * 1024

ANNOUNCED_AT = "sync/upstream_announced_at"
"""When the receipt whose announcement (formats, encryption key) this ledger took was made."""


class ReceiptRefused(minisign.VerifyFailed):
    """A receipt that fails verification or is not meant for this ledger (exit code 3)."""


@dataclass(frozen=True)
class Accepted:
    """What a receipt told the sender: delivered up to `seq`; `pruned` bundles left the outbox."""

    path: Path
    seq: int
    newly_delivered: int
    pruned: int
    rewound: Rewound | None = None
    """The office above went back to a backup: what was sent again."""
    ignored: str = ""
    """Why the receipt changed nothing, when it was not even read as one (an old upstream key's)."""


def make_receipt(ledger: Ledger, fingerprint: str, folder: Path, *,
                 empty: bool = False) -> Path | None:
    """Write a signed receipt for what this ledger applied of one device (None: nothing yet).

    `empty`: write one even when nothing was applied (sequence 0), for a device that says it
    sent more: a sender whose receiver went back to before its first bundle then sends again.
    """
    state = applied_state(ledger, fingerprint)
    if not state["seq"] and not empty:
        return None
    identity = ledger.identity
    rotated = rotation.own_statement(ledger)  # the devices below follow this key's rotation
    body = bundle.canonical_json({
        **({"rotation": rotated} if rotated else {}),
        "format": FORMAT,
        "device": fingerprint,
        "seq": state["seq"],
        "manifests": dict(sorted(state["ranges"].items(),
                                 key=lambda item: int(item[0].split("-")[0]))),
        "receiver": {"fingerprint": identity.fingerprint,
                     "public_key": minisign.public_key(identity.key_id, identity.private_key)
                     .text().split("\n")[1]},
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "accepts": {"formats": list(bundle.FORMATS),
                    "encryption": base64.b64encode(enckey.load_or_create(ledger.path).public)
                    .decode()},
    })
    comment = f"receipt:{fingerprint}\tseq:{state['seq']}\treceiver:{identity.fingerprint}"
    signature = minisign.sign(body, identity.key_id, identity.private_key, comment)
    make_dirs(folder)
    path = folder / f"{fingerprint}-{state['seq']}{SUFFIX}"
    write_whole(path, canonical.canonical_zip([(BODY, body), (SIGNATURE, signature.encode())]),
                private=True)
    return path


def read_receipt(path: Path, key: minisign.PublicKey) -> dict[str, Any]:
    """A receipt's content once its layout and its signature by `key` are checked."""
    name = path.name
    try:
        if path.stat().st_size > MAX_RECEIPT:
            raise ReceiptRefused(f"“{name}”过大，不是回执")
        raw = path.read_bytes()
    except OSError as exc:
        raise ReceiptRefused(f"无法读取“{name}”：{exc.strerror or exc}") from None
    try:
        entries = canonical.read_canonical(raw, name)
    except bundle.BundleRefused as exc:
        raise ReceiptRefused(str(exc)) from None
    if [n for n, _b in entries] != [BODY, SIGNATURE]:
        raise ReceiptRefused(f"“{name}”不是回执：应只含 receipt.json 及其签名")
    body, signature = entries[0][1], entries[1][1].decode("utf-8", "replace")
    try:
        minisign.verify(body, signature, key)
    except minisign.VerifyFailed as exc:
        raise ReceiptRefused(f"“{name}”签名验证失败：{exc}") from None
    try:
        content = hostile.load_json(body, "回执")
    except hostile.Malformed:
        content = None
    if not (isinstance(content, dict) and hostile.is_fingerprint(content.get("device"))
            and type(content.get("seq")) is int and content["seq"] >= 0):
        raise ReceiptRefused(f"“{name}”的内容无法解析")
    if content.get("format") != FORMAT:
        raise ReceiptRefused(f"“{name}”的格式“{content.get('format')}”不是 {FORMAT}")
    if content.get("accepts") is not None and _accepts(content["accepts"]) is None:
        raise ReceiptRefused(f"“{name}”中上级可接收的格式或加密公钥不对")
    return content


def _accepts(value: object) -> tuple[bytes, tuple[str, ...]] | None:
    """The encryption key and formats a receipt announces, checked (None: malformed)."""
    if not isinstance(value, dict) or set(value) != {"formats", "encryption"}:
        return None
    formats, encryption = value["formats"], value["encryption"]
    if not (isinstance(formats, list) and 0 < len(formats) <= 8
            and all(type(f) is str and len(f) <= 40 for f in formats)
            and type(encryption) is str and len(encryption) <= 64):
        return None
    try:
        raw = base64.b64decode(encryption, validate=True)
    except ValueError:
        return None
    known = tuple(f for f in formats if f in bundle.FORMATS)
    return (raw, known) if len(raw) == 32 and known else None


def accept_receipt(ledger: Ledger, path: Path, *, now: dt.datetime | None = None) -> Accepted:
    """Mark the change log delivered up to a receipt signed by the trusted upstream office.

    Bundles the receipt covers leave the outbox (kept 30 days). A lower receipt than the mark
    changes nothing, unless another upstream key signed it than the one that set the mark: the
    office above went back to a backup, and what came after is sent again (app/sync/rewind.py).
    A receipt of an upstream key no longer trusted is ignored. ReceiptRefused: no upstream
    trusted, another signer, another device's receipt, or a damaged file; nothing changes then.
    """
    upstream = keys.upstream(ledger)
    if upstream is None:
        raise ReceiptRefused("还没有信任上级单位的公钥（keys trust --upstream），不能接收回执")
    before = int(get_setting(ledger, DELIVERED_SEQ, 0))
    try:
        content = read_receipt(path, upstream.key)
    except ReceiptRefused:
        followed = _followed(ledger, path)
        if followed is not None:
            return accept_receipt(ledger, path, now=now)
        if not _by_former_upstream(ledger, path):
            raise
        base = bundle.seq_base(ledger)
        return Accepted(path, max(0, before - base), 0, 0,
                        ignored="由上级已停用的旧密钥签发（上级已更换密钥），已忽略")
    numbers = rotation.receipt_numbers(ledger, content.get("device"))  # this key, or a rotated
    if numbers is None:
        raise ReceiptRefused(f"“{path.name}”是设备 {content.get('device')} 的回执，不是本机的")
    base, bundled = numbers  # receipts count in the key's numbers, the log in its own
    seq = int(content["seq"]) + base
    if seq > bundled or seq < base:
        raise ReceiptRefused(f"“{path.name}”确认到序号 {seq - base}，"
                             f"但本机只发出到 {bundled - base}")
    signer = upstream.fingerprint
    current = content.get("device") == ledger.identity.fingerprint  # not a key rotated away
    back = current and seq < before and went_back(ledger, signer)  # a rewind sends anew anyway
    resealed = _announced(ledger, upstream, content,
                          seq - base if current and not back else None, now)
    if back:
        try:
            rewound = rewind(ledger, content, seq - base, now=now)
        except Unchainable as exc:
            raise ReceiptRefused(f"“{path.name}”：{exc}") from None
        with ledger.write() as conn:
            store_settings(conn, {DELIVERED_SEQ: seq, DELIVERED_BY: signer})
        return Accepted(path, seq - base, 0, prune_outbox(ledger, content, now=now), rewound)
    newly = 0
    if seq > before or (seq == before and get_setting(ledger, DELIVERED_BY) != signer):
        with ledger.write() as conn:
            newly = int(conn.execute(
                text("SELECT count(*) FROM change_log WHERE seq > :a AND seq <= :b"),
                {"a": before, "b": seq}).scalar() or 0)
            store_settings(conn, {DELIVERED_SEQ: seq, DELIVERED_BY: signer})
    rotation.acknowledged(ledger, str(content["device"]))
    return Accepted(path, min(max(seq, before), bundled) - base, newly,
                    prune_outbox(ledger, content, now=now), resealed)


def _announced(ledger: Ledger, upstream: keys.Device, content: dict[str, Any], seq: int | None,
               now: dt.datetime | None) -> Rewound | None:
    """Take what a receipt says its office reads, unless an older receipt says it (one still on
    the stick); if its encryption key changed, what it can no longer open after `seq` (this
    key's numbers) is packed again and sealed to the new key."""
    announced = _accepts(content.get("accepts"))
    made = str(content.get("created_at") or "")
    if announced is None or made < str(get_setting(ledger, ANNOUNCED_AT) or ""):
        return None
    set_settings(ledger, **{ANNOUNCED_AT: made})
    if announced == (upstream.encryption_key, upstream.formats):
        return None
    keys.announce(ledger, upstream.fingerprint, *announced)  # what it reads from now on
    if seq is None or upstream.encryption_key in (None, announced[0]):
        return None
    try:
        return reseal(ledger, content, seq, now=now)
    except Unchainable:
        return None


def _followed(ledger: Ledger, path: Path) -> bool | None:
    """Follow the office above to its new key when a receipt is signed by it and carries its
    rotation statement from the key trusted here (True); None when it is no such receipt."""
    try:
        entries = canonical.read_canonical(path.read_bytes()[:MAX_RECEIPT + 1], path.name)
        body = hostile.load_json(entries[0][1], "回执")  # unverified: only to find the statement
        value = body.get("rotation") if isinstance(body, dict) else None
        signer = minisign.parse_public_key(body["receiver"]["public_key"]) if value else None
    except (OSError, IndexError, KeyError, TypeError, hostile.Malformed, minisign.VerifyFailed):
        return None
    if signer is None:
        return None
    try:
        read_receipt(path, signer)  # signed by the key the statement hands over to
        return rotation.follow_upstream(ledger, value, signer) or None
    except (ReceiptRefused, rotation.RotationRefused):
        return None


def _by_former_upstream(ledger: Ledger, path: Path) -> bool:
    """Whether a receipt is signed by an upstream key this ledger trusted before."""
    for device in keys.devices(ledger):
        if device.role == keys.RETIRED_UPSTREAM:
            try:
                read_receipt(path, device.key)
            except ReceiptRefused:
                continue
            return True
    return False


def prune_outbox(ledger: Ledger, content: dict[str, Any], *,
                 now: dt.datetime | None = None) -> int:
    """Move the outbox bundles a receipt acknowledges (same range and manifest hash) to the
    delivered ones, kept 30 days; how many."""
    manifests = content.get("manifests")
    if not isinstance(manifests, dict):
        return 0
    moved = 0
    for path in sorted(bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}")):
        span = "-".join(path.stem.split("-")[-2:])
        if span in manifests and bundle.manifest_hash(path) == manifests[span]:
            kept.keep(ledger, path, now=now)
            moved += 1
    return moved


