"""device: encryption key, formats, revocation, rotation and last contact

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 17:00:00.000000

Bundle format 2 (issue 13): a device's announced X25519 encryption key and the bundle formats it
accepts; a receiver's revocation of a device from a sequence on; a rotated key's predecessor and
the predecessor's last sequence; the origin time of a device's last bundle or checkpoint. All
empty for the devices already known, which is what they mean: format 1, not revoked, not rotated,
no contact recorded yet.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TEXT = ('encryption_key', 'formats', 'rotated_from', 'last_contact')
NUMBERS = ('revoked_from', 'rotated_after')


def upgrade() -> None:
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('encryption_key', sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=True))
        batch_op.add_column(sa.Column('formats', sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=True))
        batch_op.add_column(sa.Column('revoked_from', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rotated_from', sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=True))
        batch_op.add_column(sa.Column('rotated_after', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_contact', sqlmodel.sql.sqltypes.AutoString(),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('device', schema=None) as batch_op:
        for name in (*TEXT, *NUMBERS):
            batch_op.drop_column(name)
