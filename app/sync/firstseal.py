"""Sealing on first relay (DESIGN.md, Bundle format 2): an outbox bundle not sealed to the key the
office above announces now (made before that key was known, e.g. format 1) never goes to a relay.

Before a relay upload its changes, and those of every bundle after it, are packed again from the
change log as one bundle sealed to the announced key, chained to the manifest the first of them
followed (as rewind.reseal does). The unsealed bundles are dropped, not kept for USB: the new
bundle covers the same sequences from the same point of the chain, so keeping both would offer
the office above two different bundles for one range (a fork it quarantines); the sealed one goes
by USB just as well, and a stick's older copy is tidied away as replaced (kept.prune_sent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.store import enckey
from app.store.db import Ledger
from app.store.settings import set_settings
from app.sync import bundle, checkpoint
from app.sync.rewind import OwnBundle, own_bundles


@dataclass(frozen=True)
class Sealed:
    """What was packed again for the relay: sequences `first`–`last` (this key's numbers)."""

    first: int
    last: int
    dropped: list[str]
    """The outbox bundles it replaces (not sealed to the announced key, or after one)."""
    made: bundle.Made | None

    def message(self) -> str:
        """What happened, in Chinese, for the sync report."""
        return (f"序号 {self.first}–{self.last} 的修改是在得知上级加密密钥之前打包的：已从修改记录"
                "重新打包，加密后经中转站发送（原数据包不再发送）")


def unsealed(ledger: Ledger) -> list[OwnBundle]:
    """This key's outbox bundles the office above could not read off a relay: not sealed to the
    encryption key it announces now (all of them while it announces none)."""
    to = bundle.recipient(ledger)
    key_id = enckey.encryption_key_id(to.encryption) if to.encryption is not None else None
    return [o for o in own_bundles(ledger)
            if o.item is None and (key_id is None or o.recipient != key_id)]


def seal_for_relay(ledger: Ledger, *, now: dt.datetime | None = None) -> Sealed | None:
    """Pack again, sealed, what unsealed outbox bundles carry, from the first of them on (None:
    every bundle is sealed already, or no key is announced to seal to: then the unsealed ones
    stay for USB only)."""
    if bundle.recipient(ledger).encryption is None:
        return None
    stale = unsealed(ledger)
    if not stale:
        return None
    start = min(stale, key=lambda o: o.seq_from)
    dropped = [o for o in own_bundles(ledger) if o.item is None and o.seq_from >= start.seq_from]
    for link in dropped:
        link.path.unlink(missing_ok=True)
    base = bundle.seq_base(ledger)
    set_settings(ledger, **{bundle.BUNDLED_SEQ: start.seq_from - 1 + base,
                            bundle.PREV_MANIFEST: start.prev})
    made = bundle.make_bundle(ledger, now=now)
    if made is not None:
        checkpoint.drop_older(bundle.outbox(ledger), ledger.identity.fingerprint)
    last = made.seq_to if made is not None else max(o.seq_to for o in dropped)
    return Sealed(start.seq_from, last, sorted(o.path.name for o in dropped), made)
