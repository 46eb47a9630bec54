"""A project's tier is read-only below the city (GLOSSARY.md): the city's directory decides it.

Where the ledger is not the city's and holds a directory, a project's 项目类型 may only be what
the directory says for that project today; anything else is refused naming the project, the
directory's tier and its version. Forms, the command line and imports all go through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain import china_time
from app.domain.entities import PROJECT
from app.domain.enums import ProjectTier, Role
from app.domain.programme import Directory
from app.errors import FieldError
from app.store.db import Ledger
from app.store.programme import directory
from app.store.settings import get_setting

NOTE = "项目类型以市级名录为准"
"""What a form says beside the read-only 项目类型."""


@dataclass(frozen=True)
class TierRule:
    """The directory a ledger below the city holds, as of a day."""

    held: Directory
    day: dt.date

    def tier_of(self, project: str) -> ProjectTier:
        """The tier the directory gives a project on the rule's day (其他 when not listed)."""
        return self.held.tier_on(project, self.day)

    def errors(self, record: Mapping[str, Any], old: Mapping[str, Any] | None
               ) -> list[FieldError]:
        """The refusal of a new record's tier, or of a changed one, that the directory denies."""
        tier = ProjectTier.parse(record.get("tier") or "")
        if tier is None or (old is not None and ProjectTier.parse(old.get("tier")) is tier):
            return []
        name = str(record.get("name") or "")
        wanted = self.tier_of(name)
        if tier is wanted:
            return []
        label = PROJECT.field("tier").label
        return [FieldError("tier", label,
                           f"“{name}”的{label}以市级名录为准：名录（第 {self.held.version} 版）"
                           f"中为{wanted.label}，不能填{tier.label}")]


def tier_rule(ledger: Ledger, day: dt.date | None = None) -> TierRule | None:
    """The rule in force here (None at the city, or where no directory arrived yet)."""
    if get_setting(ledger, "role") == Role.CITY.value:
        return None
    held = directory(ledger)
    if not held:
        return None
    return TierRule(held, day or china_time.today())
