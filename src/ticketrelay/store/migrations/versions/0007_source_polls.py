"""Keep the sources that are read from a helpdesk's API: credential, cursor, schedule.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from ticketrelay.store.base import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_polls",
        sa.Column("source_id", sa.Integer, nullable=False),
        sa.Column("secret_encrypted", sa.Text, nullable=False),
        sa.Column("cursor", sa.Text, nullable=False),
        sa.Column("next_at", UTCDateTime, nullable=False),
        sa.Column("owner", sa.String(100)),
        sa.Column("lease_until", UTCDateTime),
        sa.Column("paused_code", sa.String(40)),
        sa.Column("paused_reason", sa.Text),
        sa.Column("polled_at", UTCDateTime),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name="fk_source_polls_source_id_sources",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", name="pk_source_polls"),
    )
    op.create_index("ix_source_polls_next_at", "source_polls", ["next_at"])


def downgrade() -> None:
    op.drop_index("ix_source_polls_next_at", table_name="source_polls")
    op.drop_table("source_polls")
