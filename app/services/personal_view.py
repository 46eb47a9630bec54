"""Personal fields in the window's lists: masked unless revealed, and every reveal recorded.

A list shows a reporter as 王* and a phone as 139****5678 (app/domain/privacy.py); showing them
whole ("显示个人信息") first records who asked, when, and for which record or which list, in
`personal_reveal`. That log is kept apart from the records' history: a reveal changes no record,
is never sent in a bundle, counts as no activity and is no step to undo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text

from app.domain.fields import FieldSpec, Kind
from app.domain.privacy import mask_name, mask_phone
from app.services.records import Query, spec_of
from app.store import personal
from app.store.db import Ledger

MAX_IDS = 10_000
"""The most records one reveal names (a list is recorded as a list, not record by record)."""


def masked(field: FieldSpec, shown: str) -> str:
    """A personal field's text as a list shows it before a reveal (a gap's notice as it is)."""
    if not shown or shown in personal.NOT_OPENED:
        return shown
    return mask_phone(shown) if field.kind is Kind.PHONE else mask_name(shown)


def has_personal(entity: str) -> bool:
    """Whether an entity has personal fields (and so masked columns and a reveal)."""
    return bool(personal.personal_of(spec_of(entity)))


def describe(query: Query) -> str:
    """A list's query in words, for the log of a whole-list reveal."""
    parts = [f"范围：{query.scope.name}" if query.scope is not None else "范围：全部"]
    if query.search:
        parts.append(f"搜索：{query.search}")
    for name, value in (query.filters or {}).items():
        parts.append(f"{name}={value}")
    for name, (start, end) in (query.dates or {}).items():
        parts.append(f"{name}：{start or ''}至{end or ''}")
    return "；".join(parts)


def record_reveal(ledger: Ledger, entity: str, record_ids: Sequence[str] = (),
                  listing: Query | None = None) -> None:
    """Record that this user is being shown the personal fields of these records (or of the
    whole list `listing` shows), before they are shown."""
    spec = spec_of(entity)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    rows = [{"e": spec.name, "r": record_id, "l": None} for record_id in record_ids[:MAX_IDS]]
    if listing is not None:
        rows.append({"e": spec.name, "r": None, "l": describe(listing)})
    if not rows:
        return
    with ledger.write() as conn:
        conn.execute(text("INSERT INTO personal_reveal (entity, record_id, listing, user, device, "
                          "at) VALUES (:e, :r, :l, :u, :d, :t)"),
                     [{**row, "u": ledger.user, "d": ledger.device, "t": at} for row in rows])


@dataclass(frozen=True)
class Reveal:
    """One reveal: who, on which device, when (UTC), which record or which list."""

    user: str
    device: str
    at: str
    record_id: str | None
    listing: str | None


def reveals(ledger: Ledger, entity: str, record_id: str | None = None) -> list[Reveal]:
    """The reveals of an entity's records (of one record, and of whole lists), oldest first."""
    spec = spec_of(entity)
    which = "" if record_id is None else " AND (record_id = :r OR record_id IS NULL)"
    with ledger.engine.connect() as conn:
        found = conn.execute(text("SELECT user, device, at, record_id, listing FROM "
                                  f"personal_reveal WHERE entity = :e{which} ORDER BY id"),
                             {"e": spec.name, "r": record_id}).all()
    return [Reveal(*row) for row in found]
