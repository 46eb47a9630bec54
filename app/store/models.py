"""The sqlmodel tables: one per entity, plus the bookkeeping tables.

An entity's table is generated from its field declaration.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index, Table
from sqlmodel import Field, SQLModel

from app.domain.entities import ATTACHMENT, ENTITIES
from app.domain.fields import EntitySpec, FieldSpec, Kind
from app.store.sort_keys import has_sort_index


class Record(SQLModel):
    """Columns of every synced record: UUID text key, timestamps, tombstone and per-field clocks."""

    id: str = Field(primary_key=True, max_length=36)
    created_at: str
    updated_at: str
    deleted: bool = Field(default=False, index=True)  # lists and counts filter on it
    # {field: [hlc, device]}: the clock of each field's last write; merges compare these.
    clocks: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)


_PYTHON_TYPES: dict[Kind, type] = {
    Kind.TEXT: str,
    Kind.INT: int,
    Kind.DECIMAL: float,
    Kind.DATE: dt.date,
    Kind.BOOL: bool,
    Kind.YEAR: int,
    Kind.ENUM: str,
    Kind.REF: str,
    Kind.DIVISION_CODE: str,
    Kind.CREDIT_CODE: str,
    Kind.PHONE: str,
}


def _column(spec: FieldSpec, *, entity: str) -> tuple[Any, Any]:
    """The annotation and the sqlmodel Field for one declared field."""
    sortable = has_sort_index(entity, spec)
    if spec.kind is Kind.ENUMS:
        return list[str] | None, Field(default=None, sa_type=JSON, index=sortable)
    annotation = _PYTHON_TYPES[spec.kind] | None
    if spec.kind is Kind.REF:
        return annotation, Field(default=None, foreign_key=f"{spec.ref}.id", index=True)
    indexed = spec.name in ("name", "code", "credit_code") or (
        spec.kind is Kind.DATE and spec.required
    ) or sortable
    return annotation, Field(default=None, index=indexed)


def _table_class(entity: EntitySpec) -> type[Record]:
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__tablename__": entity.name, "__module__": __name__}
    for spec in entity.fields:
        annotations[spec.column], namespace[spec.column] = _column(spec, entity=entity.name)
        if spec.pinyin and not spec.personal:  # its pinyin sort key (app/store/sort_keys.py)
            sort = f"{spec.column}_sort"
            annotations[sort], namespace[sort] = str | None, Field(default=None, index=True)
    namespace["__annotations__"] = annotations
    class_name = "".join(part.title() for part in entity.name.split("_")) + "Row"
    metaclass: Any = type(Record)
    cls: type[Record] = metaclass(class_name, (Record,), namespace, table=True)
    return cls


ROW_CLASSES: dict[str, type[Record]] = {
    spec.name: _table_class(spec) for spec in (*ENTITIES.values(), ATTACHMENT)
}
"""The table class of every entity."""


def table(entity: str) -> Table:
    """The SQLAlchemy table of an entity."""
    found: Table = ROW_CLASSES[entity].__table__  # type: ignore[attr-defined]
    return found


Index("ix_demand_scope", table("demand").c.community_id, table("demand").c.received_on)
Index("ix_demand_received_on", table("demand").c.received_on)  # the demand list's usual order
# the overview's counts of open and urgent demands, read from the index alone (migration 0006)
Index("ix_demand_counts", *(table("demand").c[c] for c in ("deleted", "status", "urgency")))
Index("ix_attachment_record_id", table("attachment").c.record_id)
Index(
    "ix_function_status_function",
    table("function_status").c.function,
    table("function_status").c.status,
)


class History(SQLModel, table=True):
    """One row per record change, in the same transaction: old and new value of every field."""

    id: int | None = Field(default=None, primary_key=True)
    entity: str
    record_id: str = Field(index=True)
    action: str  # create, update, delete, restore, merge
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    hlc: str
    device: str
    user: str = ""
    at: str  # when this ledger wrote it (UTC)
    # when it was made, on the device that made it (UTC): what calendar figures count by
    made_at: str | None = Field(default=None, index=True)


class ChangeLog(SQLModel, table=True):
    """The device's sequence of committed record changes, from which bundles are made."""

    __tablename__ = "change_log"

    seq: int | None = Field(default=None, primary_key=True)
    entity: str
    record_id: str
    fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    hlc: str = Field(index=True)  # the clock starts after max(hlc): no scan at every opening
    device: str
    at: str
    made_at: str | None = None  # when it was made, on the device that made it (UTC)


class Device(SQLModel, table=True):
    """A device identity: this database's own (self), an enrolled sender or the trusted upstream."""

    fingerprint: str = Field(primary_key=True, max_length=16)
    public_key: str  # base64 of the raw 32-byte Ed25519 public key
    role: str  # self, retired, enrolled, upstream
    scope_level: str | None = None
    scope_id: str | None = None
    label: str = ""
    created_at: str
    encryption_key: str | None = None  # base64 of its raw X25519 public key, if announced
    formats: str | None = None  # bundle formats it accepts, space-separated (None: format 1)
    revoked_from: int | None = None  # its bundles from this sequence on are refused
    rotated_from: str | None = None  # the key this one replaced (a rotation statement)
    rotated_after: int | None = None  # the old key's last sequence, as the statement names it
    last_contact: str | None = None  # origin time of its last bundle or checkpoint (UTC, ISO)


class Setting(SQLModel, table=True):
    """Installation settings: role, area, city, preparer names."""

    key: str = Field(primary_key=True)
    value: Any = Field(default=None, sa_column=Column(JSON))


class DataKeyRow(SQLModel, table=True):
    """The id of the ledger's data key (one row): the key itself is never in the ledger."""

    __tablename__ = "data_key"

    id: str = Field(primary_key=True, max_length=16)
    created_at: str


class PersonalReveal(SQLModel, table=True):
    """Who was shown personal fields unmasked, when, and of which record (or which list)."""

    __tablename__ = "personal_reveal"

    id: int | None = Field(default=None, primary_key=True)
    entity: str
    record_id: str | None = Field(default=None, index=True)
    listing: str | None = None  # a whole list: what it showed (area, search, filters)
    user: str = ""
    device: str
    at: str  # UTC


class PersonalIndex(SQLModel, table=True):
    """Exact search on personal fields: an HMAC of each normalized value, never the value."""

    __tablename__ = "personal_index"
    __table_args__ = (Index("ix_personal_index_digest", "entity", "field", "digest"),)

    entity: str = Field(primary_key=True)
    record_id: str = Field(primary_key=True)
    field: str = Field(primary_key=True)
    digest: str
