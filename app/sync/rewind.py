"""Rewinding after the office above went back to a backup, so that nothing waits for ever as a gap.

A receipt is cumulative, so one lower than what this ledger counts as delivered is normally just
an old one still lying on the stick: it changes nothing. But a receiver restored from a backup has
a new signing key (a restore always makes one), and its applied sequence went back with its
database. So a lower receipt signed by another upstream key than the one whose receipt set the
delivered mark (`sync/delivered_by`) means the receiver went back: the mark goes back to the
receipt's sequence, and what came after goes again: the kept bundles (app/sync/kept.py) as the
same bytes when they still chain from the receipt's manifest up to the last bundle made, else
the change log after the receipt's sequence packed again as one new bundle chained to the
receipt's manifest at that sequence (the old bundles after it are dropped, here and on the stick).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.store import enckey
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings
from app.sync import bundle, hostile, kept
from app.sync.checkpoint import is_checkpoint

DELIVERED_BY = "sync/delivered_by"
"""The fingerprint of the upstream key whose receipt last set (or confirmed) the delivered mark."""


class Unchainable(hostile.Malformed):
    """A receipt that goes back but does not name the manifest to chain from."""


@dataclass(frozen=True)
class Rewound:
    """What a rewind sent again: the sequences after the receipt's, as kept bundles or packed
    again from the change log (in this key's numbers)."""

    seq: int
    first: int
    last: int
    resent: list[str]
    rebundled: bundle.Made | None = None

    resealed: bool = False
    """Not a restore: the office above announced a new encryption key."""

    def message(self) -> str:
        """What happened, in Chinese, for the sync report and the command line."""
        if self.resealed:
            return (f"上级已更换加密密钥：尚未送达的序号 {self.first}–{self.last} 的修改"
                    "已重新打包，用新密钥加密后发送")
        head = f"上级已从备份恢复（其回执只确认到序号 {self.seq}）"
        if self.rebundled is not None:
            return (f"{head}，部分数据包已超过 30 天未保留：已从修改记录重新打包序号 "
                    f"{self.first}–{self.last} 的修改，重新发送")
        return f"{head}，已重新发送序号 {self.first}–{self.last} 的数据包"


def went_back(ledger: Ledger, signer: str) -> bool:
    """Whether a receipt lower than the delivered mark, signed by `signer` (the trusted upstream
    key), says the receiver went back: another key than the one that set the mark signed it.
    A mark set before this was recorded is taken as set by the same key (nothing happens)."""
    by = get_setting(ledger, DELIVERED_BY)
    return by is not None and by != signer


@dataclass(frozen=True)
class OwnBundle:
    """One of this key's range bundles, as its manifest says."""

    path: Path
    item: kept.Kept | None
    seq_from: int
    seq_to: int
    prev: str | None
    sha: str
    recipient: str | None = None
    """The encryption key id it is sealed to (None: not sealed)."""


def rewind(ledger: Ledger, content: dict[str, Any], seq: int, *,
           now: dt.datetime | None = None) -> Rewound:
    """Send again what came after `seq` (this key's numbers), for a receiver that went back to it.

    The caller then sets the delivered mark back. Unchainable if the receipt does not name its
    manifest at `seq` (then nothing has changed).
    """
    prev = _manifest_at(content, seq)
    base = bundle.seq_base(ledger)
    bundled = int(get_setting(ledger, bundle.BUNDLED_SEQ, 0)) - base
    own = [o for o in own_bundles(ledger) if o.seq_from > seq]
    chain = _chain(own, seq, prev, bundled)
    if chain is not None and _openable(ledger, chain):
        for link in chain:
            if link.item is not None:
                kept.back_to_outbox(ledger, link.item)
        return Rewound(seq, seq + 1, bundled, [link.path.name if link.item is None
                                               else link.item.name for link in chain])
    # some are gone (kept 30 days): the change log after `seq`, packed again as one bundle
    for link in own:
        if link.item is None:
            link.path.unlink(missing_ok=True)
    kept.drop(ledger, {link.item.name for link in own if link.item is not None})
    set_settings(ledger, **{bundle.BUNDLED_SEQ: seq + base, bundle.PREV_MANIFEST: prev})
    made = bundle.make_bundle(ledger, now=now)
    last = made.seq_to if made is not None else bundled
    return Rewound(seq, seq + 1, last, [made.path.name] if made else [], made)


def reseal(ledger: Ledger, content: dict[str, Any], seq: int, *,
           now: dt.datetime | None = None) -> Rewound | None:
    """The office above announced a new encryption key: the bundles after `seq` it has not
    acknowledged and could not open (sealed to its old key) are packed again from the change log,
    sealed to the new key (None: there are none)."""
    waiting = [o for o in own_bundles(ledger) if o.seq_from > seq and o.item is None]
    if not waiting or _openable(ledger, waiting):
        return None
    return dataclasses.replace(rewind(ledger, content, seq, now=now), resealed=True)


def _openable(ledger: Ledger, chain: list[OwnBundle]) -> bool:
    """Whether the receiver can open every kept bundle: none is sealed to another key than the
    one it announces now (a receiver restored on another computer has a new encryption key)."""
    to = bundle.recipient(ledger)
    now_id = enckey.encryption_key_id(to.encryption) if to.encryption else None
    return all(link.recipient is None or link.recipient == now_id for link in chain)


def _manifest_at(content: dict[str, Any], seq: int) -> str | None:
    """The hash of the manifest the receiver applied last (ending at `seq`); None for seq 0."""
    if seq == 0:
        return None
    manifests = content.get("manifests")
    if isinstance(manifests, dict):
        for span, sha in manifests.items():
            if (isinstance(span, str) and span.rpartition("-")[2] == str(seq)
                    and type(sha) is str and hostile.SHA256.fullmatch(sha)):
                return sha
    raise Unchainable(f"回执没有注明序号 {seq} 的数据包摘要，无法从那里重新发送")


def own_bundles(ledger: Ledger) -> list[OwnBundle]:
    """This key's range bundles in the outbox and kept, as their manifests say."""
    fingerprint = ledger.identity.fingerprint
    places: list[tuple[Path, kept.Kept | None]] = [
        (path, None) for path in sorted(bundle.outbox(ledger).glob(f"*{bundle.SUFFIX}"))]
    places += [(item.path, item) for item in kept.kept(ledger)]
    found = []
    for path, item in places:
        parsed = kept.range_name(item.name if item else path.name)
        if parsed is None or parsed[0] != fingerprint:
            continue
        data = bundle.manifest_bytes(path)  # its own bundle: read back, not judged
        try:
            manifest = hostile.load_json(data or b"", "清单")
            sealed = manifest.get("encryption")
            own = OwnBundle(path, item, int(manifest["seq_from"]), int(manifest["seq_to"]),
                       manifest.get("prev_manifest_sha256"),
                       hashlib.sha256(data or b"").hexdigest(),
                       str(sealed["recipient"]) if isinstance(sealed, dict) else None)
        except (hostile.Malformed, KeyError, TypeError, ValueError, AttributeError):
            continue
        if not is_checkpoint(manifest) and manifest.get("format") != bundle.REFERENCE_FORMAT:
            found.append(own)
    return found


def _chain(own: list[OwnBundle], seq: int, prev: str | None,
           bundled: int) -> list[OwnBundle] | None:
    """The bundles that chain from `prev` at `seq` up to `bundled`, in order (None: broken)."""
    starting: dict[int, list[OwnBundle]] = defaultdict(list)
    for link in own:
        starting[link.seq_from].append(link)
    chain: list[OwnBundle] = []
    while seq < bundled:
        found = next((o for o in starting.get(seq + 1, []) if o.prev == prev), None)
        if found is None:
            return None
        chain.append(found)
        seq, prev = found.seq_to, found.sha
    return chain
