"""A demand recorded again on the same day: offer to add its residents to the one already there."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.validate import Invalid
from app.errors import KnownError
from app.services import records
from app.task import TaskState

if TYPE_CHECKING:
    from app.store.db import Ledger


@dataclass(frozen=True)
class SameDemand:
    """The demand already recorded, and how many residents this entry would add to it."""

    existing_id: str
    existing: Mapping[str, Any]
    community: str
    """The community's name."""
    count: int


def same_demand(ledger: Ledger, error: BaseException | None,
                residents: Any) -> SameDemand | None:
    """The offer when saving a new demand was refused because it is already there, else None.

    `residents` is the entry's 涉及人数 as typed (empty: the declared default, 1).
    """
    if not isinstance(error, records.DuplicateRecord) or error.entity != "demand":
        return None
    return offer_for(ledger, error.existing_id, residents)


def offer_for(ledger: Ledger, existing_id: str, residents: Any) -> SameDemand | None:
    """The offer for the demand `existing_id` and an entry of `residents` (as typed); None when
    the number is not one to add, or the demand is gone meanwhile."""
    field = records.spec_of("demand").field("residents")
    try:
        parsed = field.parse(residents)
    except Invalid:
        return None
    count = int(parsed if parsed is not None else field.default_value() or 1)
    if count < 1:
        return None
    try:
        existing = records.get(ledger, "demands", existing_id)
        community = records.get(ledger, "communities", existing["community"],
                                include_deleted=True)
    except KnownError:
        return None
    return SameDemand(existing_id, existing, str(community.get("name") or ""), count)


def question(offer: SameDemand) -> str:
    """What the user is asked: the demand already there, and the number it would become."""
    existing = offer.existing
    spec = records.spec_of("demand")
    now = int(existing.get("residents") or 0)
    text = QCoreApplication.translate(
        "same_demand",
        "{community} already has this demand, recorded on {date}:\n“{content}”, "
        "residents involved: {now}.\n\nAdd the {count} of this entry to it, making {total}? "
        "The rest of what you entered here is not saved separately.")
    return text.format(community=offer.community,
                       date=spec.field("received_on").display(existing.get("received_on")),
                       content=existing.get("content") or "", now=now, count=offer.count,
                       total=now + offer.count)


def ask_to_add(parent: QWidget | None, offer: SameDemand, *, button_height: int = 0) -> bool:
    """Ask whether to add the residents to the demand already there (the safe answer: no)."""
    title = QCoreApplication.translate("same_demand", "This demand is already recorded")
    box = QMessageBox(QMessageBox.Icon.Question, title, question(offer),
                      QMessageBox.StandardButton.NoButton, parent)
    add_text = QCoreApplication.translate("same_demand", "Add {count} to it")
    add = box.addButton(add_text.format(count=offer.count), QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton(QCoreApplication.translate("same_demand", "Back to the entry"),
                         QMessageBox.ButtonRole.RejectRole)
    if button_height:
        for button in (add, back):
            button.setMinimumSize(160, button_height)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is add


def add_job(ledger: Ledger, offer: SameDemand) -> Callable[[TaskState], int]:
    """The write that adds the residents (for an Operation on the writer): the new number."""

    def job(_state: TaskState) -> int:
        return records.add_residents(ledger, offer.existing_id, offer.count)

    return job
