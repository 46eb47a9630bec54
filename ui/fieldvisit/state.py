"""Where a field visit is (community, task, record, what was typed, photos) and its draft file."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.services import drafts
from app.services.drafts import Draft

FORM_ID = "fieldvisit"
"""The drafts service's form id of the flow: its drafts are `<entity>-new-fieldvisit`."""

MARKER = "field_visit"
"""The key in a draft's values that marks it as the field-visit flow's (the flow's own layout)."""

LAYOUT = 1
"""The version of the layout of the draft's values."""


class Task(StrEnum):
    """What the worker came to do."""

    NEW_SPACE = "new_space"
    UPDATE_SPACE = "update_space"
    NEW_DEMAND = "new_demand"

    @property
    def entity(self) -> str:
        """The entity (spec.name) the task writes."""
        return "demand" if self is Task.NEW_DEMAND else "space"

    @property
    def creates(self) -> bool:
        """Whether the task makes a new record (else it edits one)."""
        return self is not Task.UPDATE_SPACE

    @property
    def has_photos(self) -> bool:
        """Whether the task ends with the photos step."""
        return self.entity == "space"


FIELD_PAGES: dict[str, tuple[tuple[str, ...], ...]] = {
    "space": (("name", "kind"), ("address", "floor_area", "owner"), ("usage", "notes")),
    "demand": (("content", "function"), ("residents", "urgency"), ("reporter", "phone")),
}
"""The essential fields a worker fills on a visit, one screen per group (field identifiers only:
labels, kinds and checks come from the one declaration)."""


def fields_of(entity: str) -> tuple[str, ...]:
    """Every field the flow shows for an entity, in order."""
    return tuple(name for page in FIELD_PAGES[entity] for name in page)


@dataclass
class Visit:
    """The flow's state, as much as a draft must bring back."""

    community_id: str | None = None
    task: Task | None = None
    record_id: str | None = None
    """The record updated (UPDATE_SPACE); None while a new one is filled."""
    fields: dict[str, Any] = field(default_factory=dict)
    """What the editors hold, as typed (field identifier -> raw value)."""
    photos: list[str] = field(default_factory=list)
    """Photo files chosen and not yet attached (they are attached once the record is saved)."""
    removed: list[str] = field(default_factory=list)
    """Attachments of the record to remove when it is saved."""
    step: str = ""
    """The step the worker was on (a step name of the flow)."""

    @property
    def entity(self) -> str | None:
        """The entity being written, once a task is chosen."""
        return self.task.entity if self.task else None

    def draft_values(self) -> dict[str, Any]:
        """The draft's values: the fields as typed at the top (as every form's draft has them),
        and the flow's own state under MARKER."""
        return {
            **self.fields,
            MARKER: {
                "layout": LAYOUT,
                "community": self.community_id,
                "task": self.task.value if self.task else None,
                "fields": list(self.fields),
                "photos": list(self.photos),
                "removed": list(self.removed),
                "step": self.step,
            },
        }

    @classmethod
    def from_draft(cls, draft: Draft) -> Visit | None:
        """The visit a draft holds; None if it is not a field-visit draft or cannot be read."""
        flow = draft.values.get(MARKER)
        if not isinstance(flow, dict) or flow.get("layout") != LAYOUT:
            return None
        try:
            task = Task(flow["task"])
            names = [str(n) for n in flow.get("fields", [])]
            return cls(
                community_id=flow.get("community") or None,
                task=task,
                record_id=draft.record_id,
                fields={n: draft.values.get(n) for n in names},
                photos=[str(p) for p in flow.get("photos", [])],
                removed=[str(a) for a in flow.get("removed", [])],
                step=str(flow.get("step", "")),
            )
        except (KeyError, ValueError, TypeError):
            return None


def draft_key(entity: str) -> str:
    """The key of the flow's draft for an entity (one field-visit draft at a time)."""
    return drafts.draft_key(entity, None, FORM_ID)


def is_field_visit_draft(draft: Draft) -> bool:
    """Whether a draft is the field-visit flow's (the desktop forms should leave it alone)."""
    return draft.key.endswith(f"-{FORM_ID}") and isinstance(draft.values.get(MARKER), dict)


def latest_draft(db_path: Path) -> tuple[Draft, Visit] | None:
    """The newest field-visit draft left behind, with its visit; None if there is none."""
    found = [d for d in drafts.list_drafts(db_path) if is_field_visit_draft(d)]
    for draft in reversed(found):
        visit = Visit.from_draft(draft)
        if visit is not None:
            return draft, visit
    return None


def save(db_path: Path, visit: Visit) -> None:
    """Write the visit as the flow's only draft (an older one for the other entity goes)."""
    entity = visit.entity
    assert entity is not None
    drafts.save_draft(db_path, draft_key(entity), entity, visit.record_id, visit.draft_values())
    for other in FIELD_PAGES:
        if other != entity:
            drafts.discard_draft(db_path, draft_key(other))


def discard(db_path: Path) -> None:
    """Remove the flow's drafts (saved, or thrown away by the worker)."""
    for entity in FIELD_PAGES:
        drafts.discard_draft(db_path, draft_key(entity))
