"""made_at: when a change was made, on the device that made it

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 12:00:00.000000

History and change-log rows get `made_at`, the origin device's wall-clock time (UTC), carried in
bundles, so that calendar figures count a change in the month it was made, not the month a
district merged it (issue 11). Rows written here are backfilled with their own time; merged rows
with the wall-clock part of their clock, the closest the old data knows.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

FROM_CLOCK = ("strftime('%Y-%m-%dT%H:%M:%f', CAST(substr(hlc, 1, 16) AS INTEGER) / 1000.0, "
              "'unixepoch') || '+00:00'")


def upgrade() -> None:
    for table in ('history', 'change_log'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('made_at', sqlmodel.sql.sqltypes.AutoString(),
                                          nullable=True))
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_history_made_at'), ['made_at'], unique=False)
    op.execute(f"UPDATE history SET made_at = CASE WHEN action IN ('merge', 'conflict') "
               f"THEN {FROM_CLOCK} ELSE at END")
    op.execute(f"UPDATE change_log SET made_at = CASE WHEN device IN "
               f"(SELECT fingerprint FROM device WHERE role IN ('self', 'retired')) "
               f"THEN at ELSE {FROM_CLOCK} END")


def downgrade() -> None:
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_history_made_at'))
    for table in ('change_log', 'history'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('made_at')
