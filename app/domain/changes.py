"""What a write changed: which records of which entities, and what else (settings, keys).

Anki's OpChanges is the model: an operation carries what it changed, and every page reads that to
decide whether to read its data again. A Changes is empty (false) when nothing was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

AREAS = frozenset({"zone", "district", "street", "community"})
"""The entities of the area tree (a community renamed changes the tree)."""


@dataclass(frozen=True)
class Changes:
    """The records (entity, id) a write changed, the entities it wrote, and what else changed."""

    records: frozenset[tuple[str, str]] = frozenset()
    """(entity, record id) of each record created, changed, deleted or restored."""
    entities: frozenset[str] = frozenset()
    """Every entity written, also those whose record ids are not known (area reference data)."""
    settings: bool = False
    """A ledger setting changed (sync state, reviewed conflicts, targets, the city …)."""
    keys: bool = False
    """A device key was enrolled or trusted."""
    everything: bool = False
    """Anything may have changed: an import, a sync, a restored backup, or too many records to
    list. Pages read everything again; nothing in it is one change to undo."""

    @classmethod
    def of(cls, entity: str, *record_ids: str) -> Changes:
        """These records of one entity changed."""
        return cls(frozenset((entity, i) for i in record_ids), frozenset({entity}))

    def __bool__(self) -> bool:
        return bool(self.entities or self.settings or self.keys or self.everything)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.records | other.records, self.entities | other.entities,
                       self.settings or other.settings, self.keys or other.keys,
                       self.everything or other.everything)

    def widened(self) -> Changes:
        """The same, marked as changing everything (what an import or a sync announces)."""
        return replace(self, everything=True)

    @property
    def data(self) -> bool:
        """Whether records (of any entity) may have changed: what most pages show."""
        return self.everything or bool(self.entities)

    @property
    def areas(self) -> bool:
        """Whether the area tree may have changed."""
        return self.everything or bool(self.entities & AREAS)

    def touches(self, entities: Iterable[str]) -> bool:
        """Whether records of any of these entities may have changed."""
        return self.everything or not self.entities.isdisjoint(entities)

    def ids(self, entity: str) -> set[str]:
        """The ids of the records of an entity that changed (as far as they are known)."""
        return {record_id for name, record_id in self.records if name == entity}

    def edited(self) -> Iterator[tuple[str, str]]:
        """(entity, id) of each record changed one by one (none when everything changed)."""
        if not self.everything:
            yield from sorted(self.records)
