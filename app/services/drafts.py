"""Drafts of forms being filled, saved as the user types: a crash or a flat battery loses nothing.

A draft is a small JSON file beside the database (`<db name>.drafts/<key>.json`), written whole
(app.store.whole: temporary file, fsync, rename), so a draft is the previous one or the new one.
Personal fields (a reporter, a phone) are sealed in it with the ledger's data key, as in the
ledger; without the key they are left out of the draft (they could not be saved either).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain import china_time
from app.domain.entities import entity
from app.store import personal
from app.store.whole import make_dirs, write_whole

_KEY = re.compile(r"^[\w-]{1,100}$")


@dataclass(frozen=True)
class Draft:
    """What a form held: which record (None for a new one) and the text of each field."""

    key: str
    entity: str
    record_id: str | None
    values: dict[str, Any]
    saved_at: str


def drafts_dir(db_path: Path) -> Path:
    """The folder of a database's drafts."""
    return db_path.with_name(db_path.name + ".drafts")


def draft_key(entity: str, record_id: str | None, form_id: str) -> str:
    """A file-safe key: one draft per edited record, or per new-record form."""
    return f"{entity}-{record_id}" if record_id else f"{entity}-new-{form_id}"


def save_draft(db_path: Path, key: str, entity: str, record_id: str | None,
               values: dict[str, Any]) -> None:
    """Write (or replace) a draft."""
    if not _KEY.match(key):
        raise ValueError(f"bad draft key {key!r}")
    folder = drafts_dir(db_path)
    make_dirs(folder, private=True)
    payload = {"entity": entity, "record_id": record_id,
               "values": _sealed(db_path, key, entity, values),
               "saved_at": china_time.now().isoformat(timespec="seconds")}
    # what a form holds may be personal (a reporter's phone): the user's only, like the ledger
    write_whole(folder / f"{key}.json", json.dumps(payload, ensure_ascii=False), private=True)


def list_drafts(db_path: Path) -> list[Draft]:
    """Every draft left behind, oldest first (unreadable files are skipped, not deleted)."""
    folder = drafts_dir(db_path)
    found = []
    if folder.is_dir():
        for path in folder.glob("*.json"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                found.append(Draft(path.stem, str(data["entity"]), data.get("record_id"),
                                   _opened(db_path, path.stem, str(data["entity"]),
                                           dict(data["values"])),
                                   str(data.get("saved_at", ""))))
            except (OSError, ValueError, KeyError, TypeError):
                continue
    return sorted(found, key=lambda d: (d.saved_at, d.key))


def _personal_names(entity_name: str) -> set[str]:
    spec = entity(entity_name)
    if spec is None:
        return set()
    return {name for f in personal.personal_of(spec) for name in (f.name, f.label)}


def _sealed(db_path: Path, key: str, entity_name: str, values: dict[str, Any]) -> dict[str, Any]:
    names = _personal_names(entity_name)
    vault = personal.vault_for(db_path)
    kept: dict[str, Any] = {}
    for name, value in values.items():
        if name not in names or value in (None, ""):
            kept[name] = value
        elif not vault.missing:
            kept[name] = vault.seal(f"draft {key}", name, value)
    return kept


def _opened(db_path: Path, key: str, entity_name: str, values: dict[str, Any]) -> dict[str, Any]:
    names = _personal_names(entity_name)
    vault = personal.vault_for(db_path)
    opened = {name: vault.open(f"draft {key}", name, value) if name in names else value
              for name, value in values.items()}
    return {name: value for name, value in opened.items()
            if value not in personal.NOT_OPENED}  # a gap is not what the user typed


def discard_draft(db_path: Path, key: str) -> None:
    """Remove a draft (after its form was saved or the user threw it away)."""
    if _KEY.match(key):
        (drafts_dir(db_path) / f"{key}.json").unlink(missing_ok=True)
