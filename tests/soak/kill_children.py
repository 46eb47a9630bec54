"""The writers tests/soak/test_kills.py kills: each does many operations per start and prints a
flushed line after each commit, so that the parent knows what was committed before the kill.

    python -m tests.soak.kill_children saves DB FIRST COUNT
    python -m tests.soak.kill_children backups DB COUNT
    python -m tests.soak.kill_children upgrade DB
    python -m tests.soak.kill_children sync STREET_DB DISTRICT_DB FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path


def say(line: str) -> None:
    """Report a commit: the parent counts only whole lines."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def saves(db: Path, first: int, count: int) -> None:
    """Demand `i` made ("i:v1"), changed ("i:v2"), and every third one deleted: one commit each."""
    from app.services import records
    from app.store.db import open_ledger

    ledger = open_ledger(db)
    try:
        community = records.list_records(ledger, "communities")[0]["id"]
        for i in range(first, first + count):
            made = records.create(ledger, "demands",
                                  {"community": community, "content": f"{i}:v1"})
            say(f"create {i} {made}")
            records.update(ledger, "demands", made, {"content": f"{i}:v2"})
            say(f"update {i} {made}")
            if i % 3 == 0:
                records.delete(ledger, "demands", made)
                say(f"delete {i} {made}")
    finally:
        ledger.close()


def backups(db: Path, count: int) -> None:
    """Backups of an unchanging ledger, one after another."""
    from app.store import backup

    for _ in range(count):
        say(f"backup {backup.create_backup(db, 'manual')}")


def upgrade(db: Path) -> None:
    """Open a ledger of an earlier schema revision: backed up, then upgraded."""
    from app.store.db import open_ledger

    ledger = open_ledger(db, renew_identity=True)  # the fixture's device has no key file here
    ledger.close()
    say("upgraded")


def sync(street_db: Path, district_db: Path, folder: Path) -> None:
    """A round on the stick by the street (bundle out), then by the district (applied, receipts)."""
    from app.store.db import open_ledger
    from app.sync.folder import sync_folder

    for name, db in (("street", street_db), ("district", district_db)):
        ledger = open_ledger(db)
        try:
            report = sync_folder(ledger, folder)
            applied = sum(1 for o in report.outcomes if o.status == "applied")
            say(f"{name} {applied}")
        finally:
            ledger.close()


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    if what == "saves":
        saves(Path(args[0]), int(args[1]), int(args[2]))
    elif what == "backups":
        backups(Path(args[0]), int(args[1]))
    elif what == "upgrade":
        upgrade(Path(args[0]))
    elif what == "sync":
        sync(Path(args[0]), Path(args[1]), Path(args[2]))
    else:
        raise SystemExit(f"unknown writer: {what}")
