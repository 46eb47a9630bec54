"""list sort indexes: every sortable column of the demands and spaces lists, and the overview's counts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 10:00:00.000000

At city scale a sort by a column without an index reads every one of 500,000 demands (or 50,000
spaces) to find the first page: 270-490 ms on the UI thread for 需求内容, 办理状态 or 涉及人数
(issue 19). With an index on the column, the first page is a walk of it. The overview's counts of
open and urgent demands read (deleted, status, urgency) from an index of their own instead of the
whole table (start-up: 0.55 s of CPU at city scale before), and the opening's max(hlc) of the
change log from an index of its own. Only indexes: no data changes, and a
downgrade drops them.
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

SORTED = {
    'demand': ('function', 'content', 'source', 'residents', 'urgency', 'status', 'reply',
               'accepted_on', 'resolved_on'),
    'space': ('kind', 'compound', 'address', 'owner', 'floor_area', 'land_area', 'usage',
              'permit_required', 'permit_delivered', 'permit_action', 'safety_assessed',
              'intended_functions', 'notes'),
}
"""Table -> the columns given an index of their own, as this revision made them."""
COUNTS = ('ix_demand_counts', 'demand', ['deleted', 'status', 'urgency'])
CLOCK = ('ix_change_log_hlc', 'change_log', ['hlc'])
"""The opening reads max(hlc) of the change log for the clock: 144 ms of a start at city scale
(576,000 rows) without an index, growing with the ledger's history; 0.8 µs more per logged change."""


def upgrade() -> None:
    for table, columns in SORTED.items():
        for column in columns:
            op.create_index(op.f(f'ix_{table}_{column}'), table, [column], unique=False)
    for name, table, columns in (COUNTS, CLOCK):
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in (CLOCK, COUNTS):
        op.drop_index(name, table_name=table)
    for table, columns in SORTED.items():
        for column in columns:
            op.drop_index(op.f(f'ix_{table}_{column}'), table_name=table)
