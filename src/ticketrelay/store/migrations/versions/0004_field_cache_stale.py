"""Mark a stale field cache with a flag, keeping when its fields were really read.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("field_cache", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("stale", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Caches marked stale the old way (read in 2000) are stale; when they were read is lost.
    op.execute("UPDATE field_cache SET stale = TRUE WHERE fetched_at < '2000-01-02'")


def downgrade() -> None:
    with op.batch_alter_table("field_cache", schema=None) as batch_op:
        batch_op.drop_column("stale")
