"""Saving a visit through the services (run off the UI thread): the record, then its photos."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.errors import FieldError, InvalidInput, KnownError
from app.services import attachments, records
from ui.fieldvisit.state import Visit
from ui.forms.record_form import record_title

if TYPE_CHECKING:
    from app.store.db import Ledger


@dataclass(frozen=True)
class SaveResult:
    """How a save ended: the record's id and title, or why nothing was written."""

    record_id: str | None = None
    title: str = ""
    changed: bool = False
    """Whether the record or its photos changed (False: an update that changed nothing)."""
    errors: list[FieldError] = field(default_factory=list)
    """The service refused the values (nothing was written)."""
    duplicate_of: str | None = None
    """A new demand refused as already recorded that day: the id of the one there."""
    message: str = ""
    """The service refused for another reason (nothing was written)."""
    attached: int = 0
    removed: int = 0
    photo_problems: list[str] = field(default_factory=list)
    """Photos that could not be attached (the record itself was saved)."""

    @property
    def saved(self) -> bool:
        """Whether the record was written."""
        return self.record_id is not None


def save_visit(ledger: Ledger, visit: Visit, original: Mapping[str, Any]) -> SaveResult:
    """Create or update the record, then attach the chosen photos and remove the dropped ones."""
    assert visit.task is not None and visit.community_id is not None
    entity = visit.task.entity
    try:
        if visit.task.creates:
            saved = records.save(ledger, entity, None,
                                 {**visit.fields, "community": visit.community_id})
        else:
            assert visit.record_id is not None
            saved = records.save(ledger, entity, visit.record_id, visit.fields, original)
    except records.DuplicateRecord as exc:
        twin = exc.existing_id if exc.entity == "demand" else None
        return SaveResult(errors=list(exc.errors), duplicate_of=twin)
    except InvalidInput as exc:
        return SaveResult(errors=list(exc.errors))
    except KnownError as exc:
        return SaveResult(message=str(exc))
    record_id, changed = saved.id, saved.changed
    attached, removed, problems = 0, 0, []
    for photo in visit.photos:
        path = Path(photo)
        try:
            attachments.attach(ledger, entity, record_id, path)
            attached += 1
        except (KnownError, OSError) as exc:
            problems.append(
                QCoreApplication.translate("saving", "Photo {name} was not added: {error}")
                .format(name=path.name, error=exc)
            )
    for attachment_id in visit.removed:
        try:
            attachments.detach(ledger, attachment_id)
            removed += 1
        except KnownError:
            pass  # already removed elsewhere: what the worker wanted
    title = record_title(entity, records.get(ledger, entity, record_id))
    return SaveResult(record_id=record_id, title=title, changed=changed or bool(attached + removed),
                      attached=attached, removed=removed, photo_problems=problems)
