"""Give sources a kind, settings and an encrypted secret; keep webhook deliveries.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from ticketrelay.store.base import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(20), nullable=False, server_default="api"))
        batch_op.add_column(sa.Column("settings", sa.Text, nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("secret_encrypted", sa.Text))
    op.create_table(
        "hook_deliveries",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("source_id", sa.Integer, nullable=False),
        sa.Column("delivery_id", sa.String(200), nullable=False),
        sa.Column("received_at", UTCDateTime, nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("code", sa.String(40)),
        sa.Column("detail", sa.Text),
        sa.Column("processed_at", UTCDateTime),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name="fk_hook_deliveries_source_id_sources",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_hook_deliveries"),
        sa.UniqueConstraint(
            "source_id", "delivery_id", name="uq_hook_deliveries_source_id_delivery_id"
        ),
    )
    op.create_index("ix_hook_deliveries_status", "hook_deliveries", ["status"])


def downgrade() -> None:
    op.drop_index("ix_hook_deliveries_status", table_name="hook_deliveries")
    op.drop_table("hook_deliveries")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("secret_encrypted")
        batch_op.drop_column("settings")
        batch_op.drop_column("kind")
