"""personal at rest: data key id, HMAC index, personal values sealed

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 05:00:00.000000

Personal fields (a demand's reporter and phone, an operator's contact and phone) are sealed with
the ledger's data key (AES-GCM, app/store/personal.py) in the record tables and in the history;
the change log holds field names only. Exact search on them moves to `personal_index` (HMAC), and
the full-text tables of the entities that have them are rebuilt from their searchable fields only.
`personal_reveal` records who was shown them unmasked in the window, and when.
The key comes from the Vault the app put on this connection (made and kept before the upgrade);
a database with personal values and no Vault is refused rather than left half-sealed. The upgrade
runs with `secure_delete`, so that the plain values' old bytes are zeroed, not left in free pages.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

from app.domain.entities import ENTITIES
from app.store import personal, search

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    op.create_table(
        'data_key',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'personal_index',
        sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('field', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('entity', 'record_id', 'field'),
    )
    op.create_index('ix_personal_index_digest', 'personal_index',
                    ['entity', 'field', 'digest'], unique=False)
    op.create_table(
        'personal_reveal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('listing', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('user', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('device', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_personal_reveal_record_id', 'personal_reveal', ['record_id'],
                    unique=False)
    conn = op.get_bind()
    vault = personal.vault_of(conn)
    if vault.missing:
        if _holds_personal(conn):
            raise RuntimeError("personal values to seal and no data key on this connection")
        return
    conn.exec_driver_sql("PRAGMA secure_delete = ON")
    conn.exec_driver_sql("INSERT INTO data_key (id, created_at) VALUES (?, ?)",
                         (vault.key_id, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
    for entity in personal.PERSONAL:
        _seal_records(conn, vault, entity)
        _seal_history(conn, vault, entity)
        if ENTITIES[entity].searchable:
            _rebuild_search(conn, entity)


def _holds_personal(conn: sa.Connection) -> bool:
    for entity, fields in personal.PERSONAL.items():
        present = " OR ".join(f"{f.column} IS NOT NULL" for f in fields)
        if conn.exec_driver_sql(f"SELECT 1 FROM {entity} WHERE {present} LIMIT 1").first():
            return True
        if conn.exec_driver_sql("SELECT 1 FROM history WHERE entity = ? LIMIT 1",
                                (entity,)).first():
            return True
    return False


def _seal_records(conn: sa.Connection, vault: personal.Vault, entity: str) -> None:
    fields = personal.PERSONAL[entity]
    spec = ENTITIES[entity]
    columns = ", ".join(f.column for f in fields)
    rows = conn.exec_driver_sql(f"SELECT id, {columns} FROM {entity}").all()
    sets = ", ".join(f"{f.column} = ?" for f in fields)
    for start in range(0, len(rows), BATCH):
        updates, put = [], []
        for record_id, *values in rows[start:start + BATCH]:
            plain = {f.name: vault.open(record_id, f.name, v)
                     for f, v in zip(fields, values, strict=True)}
            updates.append((*(vault.seal(record_id, f.name, plain[f.name]) for f in fields),
                            record_id))
            put += personal.index_rows(vault, spec, record_id, plain)[0]
        conn.exec_driver_sql(f"UPDATE {entity} SET {sets} WHERE id = ?", updates)
        personal.write_index(conn, put, ())


def _seal_history(conn: sa.Connection, vault: personal.Vault, entity: str) -> None:
    spec = ENTITIES[entity]
    names = [f.name for f in personal.PERSONAL[entity]]
    like = " OR ".join(f"changes LIKE '%\"{name}\"%'" for name in names)
    rows = conn.exec_driver_sql(
        f"SELECT id, record_id, changes FROM history WHERE entity = ? AND ({like})", (entity,)
    ).all()
    updates = []
    for history_id, record_id, changes in rows:
        diff = json.loads(changes) if isinstance(changes, str) else changes
        if not isinstance(diff, dict):
            continue
        plain = personal.open_diff(vault, entity, record_id, diff)
        sealed = personal.seal_diff(vault, spec, record_id, plain)
        updates.append((json.dumps(sealed, ensure_ascii=False), history_id))
    for start in range(0, len(updates), BATCH):
        conn.exec_driver_sql("UPDATE history SET changes = ? WHERE id = ?",
                             updates[start:start + BATCH])


def _rebuild_search(conn: sa.Connection, entity: str) -> None:
    spec = ENTITIES[entity]
    tri, bi = search.trigram_table(entity), search.bigram_table(entity)
    conn.exec_driver_sql(f"DELETE FROM {tri}")
    conn.exec_driver_sql(f"INSERT INTO {bi} ({bi}) VALUES ('delete-all')")
    columns = ", ".join(f.column for f in spec.searchable)
    rows = conn.exec_driver_sql(f"SELECT rowid, {columns} FROM {entity}").all()
    for start in range(0, len(rows), BATCH):
        entries = [(int(row[0]), search.record_text(spec, dict(
            zip((f.name for f in spec.searchable), row[1:], strict=True))))
            for row in rows[start:start + BATCH]]
        search.reindex(conn, spec, entries)


def downgrade() -> None:
    op.drop_index('ix_personal_reveal_record_id', table_name='personal_reveal')
    op.drop_table('personal_reveal')
    op.drop_index('ix_personal_index_digest', table_name='personal_index')
    op.drop_table('personal_index')
    op.drop_table('data_key')
