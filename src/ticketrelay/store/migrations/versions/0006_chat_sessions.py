"""Keep the chat sessions inferred from webhooks, with their idle timers.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from ticketrelay.store.base import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_sessions",
        sa.Column("source_id", sa.Integer, nullable=False),
        sa.Column("conversation_key", sa.String(200), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("due_at", UTCDateTime),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name="fk_chat_sessions_source_id_sources",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "conversation_key", name="pk_chat_sessions"),
    )
    op.create_index("ix_chat_sessions_due_at", "chat_sessions", ["due_at"])


def downgrade() -> None:
    op.drop_index("ix_chat_sessions_due_at", table_name="chat_sessions")
    op.drop_table("chat_sessions")
