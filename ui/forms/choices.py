"""The records a reference dropdown offers: those of the chosen area, a space's of its community."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.domain.entities import ENTITIES
from app.domain.enums import Level
from app.domain.fields import FieldSpec
from app.errors import KnownError
from app.services import records
from app.services.records import Query
from app.store.areas import Scope
from ui.forms.field_editors import Choice

if TYPE_CHECKING:
    from app.store.db import Ledger

LIMIT = 2000
"""At most this many records are offered; past that, typing a name or code still finds one."""

DEPENDS_ON = {"space": "community"}
"""A reference whose choices follow another field of the form: spaces of the chosen community."""


def _choice(record: Mapping[str, Any]) -> Choice:
    name = record.get("name") or record["id"]
    return Choice(record["id"], str(name), record.get("code"))


def load_choices(
    ledger: Ledger, field: FieldSpec, scope: Scope | None, form_values: Mapping[str, Any]
) -> list[Choice]:
    """The records a reference field offers, inside the scope (None: all): by code, else by the
    pinyin of their names, else in the order they were made."""
    assert field.ref is not None
    spec = ENTITIES[field.ref]
    narrowed = scope
    parent = DEPENDS_ON.get(field.ref)
    if parent is not None and form_values.get(parent):
        narrowed = Scope(Level.COMMUNITY, str(form_values[parent]))
    title = spec.by_name.get(spec.title_field)
    sort = "code" if "code" in spec.by_name else (
        title.name if title is not None and title.pinyin else None)  # else by pinyin
    found = records.list_records(ledger, spec.name, Query(scope=narrowed, sort=sort, limit=LIMIT))
    return [_choice(r) for r in found]


def choice_of(ledger: Ledger, field: FieldSpec, record_id: str) -> Choice | None:
    """The choice for one referenced record (shown even when outside the scope or deleted)."""
    assert field.ref is not None
    try:
        record = records.get(ledger, field.ref, record_id, include_deleted=True)
    except KnownError:
        return None
    return _choice(record)
