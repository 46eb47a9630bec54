"""Schema revisions: read the database's, refuse a newer one, upgrade via Alembic after a backup."""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine

from app import paths

REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
"""Every released schema revision, oldest first; the last is what this app writes."""
HEAD = REVISIONS[-1]
DATA_KEY = "0004"
"""The revision that seals personal fields with the ledger's data key."""


def before_data_key(revision: str | None) -> bool:
    """Whether a database at this revision (None: a new one) has no data key yet."""
    return revision is None or REVISIONS.index(revision) < REVISIONS.index(DATA_KEY)


def current_revision(conn: sqlite3.Connection) -> str | None:
    """The Alembic revision stored in the database, or None for a database without one."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def user_tables(conn: sqlite3.Connection) -> list[str]:
    """Names of the tables in a database (to tell an empty file from somebody else's database)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [r[0] for r in rows]


def alembic_config() -> object:
    """The Alembic configuration of this app (script location in migrations/)."""
    from alembic.config import Config  # imported here: Alembic is only needed when upgrading

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.MIGRATIONS))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to a revision (head by default) inside one transaction."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn  # type: ignore[attr-defined]
        command.upgrade(cfg, revision)  # type: ignore[arg-type]
