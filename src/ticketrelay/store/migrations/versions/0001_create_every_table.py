"""Create every table.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import ticketrelay.store.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("inbox", sa.String(length=128), nullable=True),
        sa.Column("values", sa.Text(), nullable=False),
        sa.Column(
            "triggered_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("due_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activities_account_triggered", ["account", "triggered_at"], unique=False
        )

    op.create_table(
        "domain_slots",
        sa.Column("domain", sa.String(length=300), nullable=False),
        sa.Column("slot", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=True),
        sa.Column("until", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("domain", "slot", name=op.f("pk_domain_slots")),
    )
    op.create_table(
        "integrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("base_url", sa.String(length=300), nullable=False),
        sa.Column("app", sa.Integer(), nullable=False),
        sa.Column("guest_space_id", sa.Integer(), nullable=True),
        sa.Column("api_token_encrypted", sa.Text(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("inboxes", sa.JSON(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("paused_code", sa.String(length=64), nullable=True),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.Column("paused_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("probe_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("probe_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrations")),
    )
    with op.batch_alter_table("integrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_integrations_account"), ["account"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sources_token_hash")),
    )
    op.create_table(
        "subjects",
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("updated_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", "subject", name=op.f("pk_subjects")),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(length=64), nullable=False),
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "first_attempt_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("record_id", sa.String(length=32), nullable=True),
        sa.Column("delivered_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_deliveries_activity_id_activities")
        ),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_deliveries_integration_id_integrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint(
            "activity_id", "integration_id", name=op.f("uq_deliveries_activity_id_integration_id")
        ),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_due", ["status", "due_at"], unique=False)
        batch_op.create_index(
            "ix_deliveries_queue", ["integration_id", "status", "due_at"], unique=False
        )

    op.create_table(
        "error_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("activity_id", sa.String(length=64), nullable=False),
        sa.Column("channel_name", sa.String(length=64), nullable=False),
        sa.Column("operator", sa.String(length=300), nullable=False),
        sa.Column("start_time", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("value_key", sa.String(length=32), nullable=True),
        sa.Column("field_code", sa.String(length=128), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("message_ja", sa.Text(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.Column("kintone_code", sa.String(length=32), nullable=True),
        sa.Column("kintone_message", sa.Text(), nullable=True),
        sa.Column("kintone_id", sa.String(length=64), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("resent_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_error_log_integration_id_integrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_error_log")),
    )
    with op.batch_alter_table("error_log", schema=None) as batch_op:
        batch_op.create_index("ix_error_log_at", ["at"], unique=False)
        batch_op.create_index("ix_error_log_integration_at", ["integration_id", "at"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("occurred_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("processed_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("activity_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_events_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("source_id", "event_id", name=op.f("uq_events_source_id_event_id")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_account_subject", ["account", "subject"], unique=False)
        batch_op.create_index("ix_events_unprocessed", ["processed_at", "id"], unique=False)

    op.create_table(
        "field_cache",
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("properties", sa.JSON(), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("fetched_at", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_field_cache_integration_id_integrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("integration_id", name=op.f("pk_field_cache")),
    )
    op.create_table(
        "leases",
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("until", ticketrelay.store.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_leases_integration_id_integrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("integration_id", name=op.f("pk_leases")),
    )
    op.create_table(
        "request_budgets",
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_request_budgets_integration_id_integrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("integration_id", "day", name=op.f("pk_request_budgets")),
    )
