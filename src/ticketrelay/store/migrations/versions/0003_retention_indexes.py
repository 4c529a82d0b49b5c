"""Index what the retention purge looks for: old activities and subject states, the
activities of a subject, and the error-log entries of an activity.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index("ix_activities_triggered", ["triggered_at", "id"], unique=False)
        batch_op.create_index("ix_activities_account_subject", ["account", "subject"], unique=False)
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.create_index(
            "ix_subjects_updated", ["updated_at", "account", "subject"], unique=False
        )
    with op.batch_alter_table("error_log", schema=None) as batch_op:
        batch_op.create_index("ix_error_log_activity_id", ["activity_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("error_log", schema=None) as batch_op:
        batch_op.drop_index("ix_error_log_activity_id")
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.drop_index("ix_subjects_updated")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index("ix_activities_account_subject")
        batch_op.drop_index("ix_activities_triggered")
