"""pinyin sort keys: an indexed `<field>_sort` column beside every name, filled from the names

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 08:00:00.000000

Names of districts, zones, streets, communities, spaces, projects and operators sort by pinyin
(issue 19): each gets a sort-key column (app/domain/pinyin.py), indexed so that a list sorted by
name walks the index. Existing records are keyed here in batches of 2,000 by rowid; from now on
the writer keys every name it writes (app/store/sort_keys.py).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

from app.store import sort_keys

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

SORTED = {
    'district': 'name', 'zone': 'name', 'street': 'name', 'community': 'name', 'space': 'name',
    'project': 'name', 'operator': 'name',
}
"""Table -> the name column given a sort key, as this revision made them."""


def upgrade() -> None:
    for table, name in SORTED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(f'{name}_sort', sqlmodel.sql.sqltypes.AutoString(),
                                          nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_{name}_sort'), [f'{name}_sort'],
                                  unique=False)
    sort_keys.rekey_all(op.get_bind())


def downgrade() -> None:
    for table, name in SORTED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_{name}_sort'))
            batch_op.drop_column(f'{name}_sort')
