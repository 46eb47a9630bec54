"""Rules that involve more than one field of a record (dates in order, a reason for a refusal)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.domain.entities import DEMAND
from app.domain.enums import DemandStatus
from app.errors import FieldError


def _not_before(
    entity_fields: Any, record: Mapping[str, Any], earlier: str, later: str
) -> list[FieldError]:
    """An error on `later` if both dates are given and it is earlier than `earlier`."""
    first, second = record.get(earlier), record.get(later)
    if first is not None and second is not None and second < first:
        a, b = entity_fields.field(earlier), entity_fields.field(later)
        return [FieldError(later, b.label, f"{b.label}（{second}）不能早于{a.label}（{first}）")]
    return []


def _demand(record: Mapping[str, Any]) -> list[FieldError]:
    """Registered, then accepted, then resolved; a declined demand says why in its reply."""
    errors = _not_before(DEMAND, record, "received_on", "accepted_on")
    errors += _not_before(DEMAND, record, "accepted_on", "resolved_on") or _not_before(
        DEMAND, record, "received_on", "resolved_on"
    )
    declined = record.get("status") == DemandStatus.DECLINED.value
    if declined and not str(record.get("reply") or "").strip():
        reply = DEMAND.field("reply")
        errors.append(FieldError("reply", reply.label, "不予采纳时须在答复情况中写明理由"))
    return errors


_RULES: dict[str, Callable[[Mapping[str, Any]], list[FieldError]]] = {
    "demand": _demand,
}


def record_errors(entity: str, record: Mapping[str, Any]) -> list[FieldError]:
    """Errors that involve several fields of one record."""
    rule = _RULES.get(entity)
    return rule(record) if rule else []
