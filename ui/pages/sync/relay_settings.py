"""The relay settings the 网络中继 section shows, read with the rest of the sync page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.enums import Level, Role
from app.store import relays
from app.store.areas import configured_scope
from app.store.settings import get_setting

if TYPE_CHECKING:
    from app.store.db import Ledger


@dataclass(frozen=True)
class RelaySettings:
    """The relays kept in a ledger, and whether this office collects from one (district, city)."""

    upward: relays.Relay | None
    collect: relays.Relay | None
    collects: bool


def load_relays(ledger: Ledger) -> RelaySettings:
    """The relay settings the section shows (in a worker)."""
    own = configured_scope(ledger)
    collects = (own.level is not Level.STREET) if own is not None else (
        get_setting(ledger, "role") == Role.CITY.value)
    return RelaySettings(relays.relay(ledger, relays.UPWARD),
                         relays.relay(ledger, relays.COLLECT), collects)


