"""The city's programme reference data kept in the ledger: the directory and the scoring rules.

Both are whole JSON values in settings, like the coverage targets (app/store/targets.py): the
city writes them, a reference bundle carries them down, and every office below reads the version
it last received. Neither is logged or sent upward.
"""

from __future__ import annotations

from sqlalchemy import Connection

from app.domain.programme import Directory, TierChange, parse_directory
from app.domain.scoring import Scoring, parse_scoring, with_setting, with_settings
from app.store.db import Ledger
from app.store.settings import get_setting, store_settings

DIRECTORY = "reference/programme"
"""The setting that holds the programme directory (version and dated changes)."""
SCORING = "reference/scoring"
"""The setting that holds the ranking weights and the assessment points table."""


def directory(ledger: Ledger) -> Directory:
    """The programme directory this ledger holds (empty when the city sent none yet)."""
    return parse_directory(get_setting(ledger, DIRECTORY))


def scoring(ledger: Ledger) -> Scoring:
    """The scoring rules in force: as the city last set or sent them, else the defaults."""
    return parse_scoring(get_setting(ledger, SCORING))


def add_change(ledger: Ledger, change: TierChange) -> Directory:
    """Record one directory change (checked; DirectoryError says why not); the new directory."""
    with ledger.write() as conn:
        changed = directory(ledger).with_change(change)
        store_settings(conn, {DIRECTORY: changed.to_json()})
    return changed


def add_changes(ledger: Ledger, changes: list[TierChange]) -> Directory:
    """Record several changes in one write, one version up; none if any is refused."""
    current = directory(ledger)
    version = current.version
    for change in changes:
        current = current.with_change(change)
    current = Directory(version + 1 if changes else version, current.changes)
    with ledger.write() as conn:
        store_settings(conn, {DIRECTORY: current.to_json()})
    return current


def set_scoring(ledger: Ledger, name: str, value: str) -> Scoring:
    """Change one scoring setting (ScoringError says why not); the new rules, one version up."""
    changed = with_setting(scoring(ledger), name, value)
    with ledger.write() as conn:
        store_settings(conn, {SCORING: changed.to_json()})
    return changed


def set_scorings(ledger: Ledger, settings: dict[str, str]) -> Scoring:
    """Change several scoring settings in one write, one version up; none if any is refused."""
    changed = with_settings(scoring(ledger), settings)
    with ledger.write() as conn:
        store_settings(conn, {SCORING: changed.to_json()})
    return changed


def store_received(conn: Connection, directory_json: object, scoring_json: object) -> None:
    """Keep what a reference bundle carried, inside the caller's write (checked by the caller)."""
    values = {}
    if directory_json is not None:
        values[DIRECTORY] = parse_directory(directory_json).to_json()
    if scoring_json is not None:
        values[SCORING] = parse_scoring(scoring_json).to_json()
    store_settings(conn, values)
