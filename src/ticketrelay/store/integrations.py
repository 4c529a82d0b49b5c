"""The `integrations` table: where an account's activities go, how they map, and pauses."""

from dataclasses import fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ticketrelay.model import Integration, IntegrationSettings
from ticketrelay.store.base import UTCDateTime, metadata

integrations = sa.Table(
    "integrations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account", sa.String(128), nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("base_url", sa.String(300), nullable=False),
    sa.Column("app", sa.Integer, nullable=False),
    sa.Column("guest_space_id", sa.Integer),
    sa.Column("api_token_encrypted", sa.Text, nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("channels", sa.JSON, nullable=False),
    sa.Column("inboxes", sa.JSON, nullable=False),
    sa.Column("mapping", sa.JSON, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("paused_code", sa.String(64)),
    sa.Column("paused_reason", sa.Text),
    sa.Column("paused_at", UTCDateTime),
    sa.Column("probe_at", UTCDateTime),
    sa.Column("probe_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)


def add(conn: Connection, settings: IntegrationSettings, now: datetime) -> Integration:
    """Store a new integration."""
    row = {**_settings_row(settings), "version": 1, "created_at": now, "updated_at": now}
    new_id = conn.execute(sa.insert(integrations).values(row).returning(integrations.c.id))
    return _require(conn, new_id.scalar_one())


def update(
    conn: Connection, integration_id: int, settings: IntegrationSettings, now: datetime
) -> Integration | None:
    """Save new settings; saving also lifts a pause, so delivery is tried again at once."""
    result = conn.execute(
        sa.update(integrations)
        .where(integrations.c.id == integration_id)
        .values(
            **_settings_row(settings),
            **_unpaused(),
            version=integrations.c.version + 1,
            updated_at=now,
        )
    )
    return _require(conn, integration_id) if result.rowcount else None


def get(conn: Connection, integration_id: int) -> Integration | None:
    """One integration by ID."""
    row = conn.execute(sa.select(integrations).where(integrations.c.id == integration_id)).first()
    return None if row is None else _from_row(row)


_ALL = sa.select(integrations).order_by(integrations.c.id)
_OF_ACCOUNT = _ALL.where(integrations.c.account == sa.bindparam("account"))


def list_all(conn: Connection, account: str | None = None) -> list[Integration]:
    """Every integration (of one account, when given), oldest first."""
    rows = (
        conn.execute(_ALL) if account is None else conn.execute(_OF_ACCOUNT, {"account": account})
    )
    return [_from_row(row) for row in rows]


def delete(conn: Connection, integration_id: int) -> bool:
    """Delete an integration with its deliveries, error log and caches."""
    result = conn.execute(sa.delete(integrations).where(integrations.c.id == integration_id))
    return result.rowcount == 1


def pause(
    conn: Connection,
    integration_id: int,
    *,
    code: str,
    reason: str,
    now: datetime,
    probe_at: datetime,
) -> None:
    """Pause delivery with a visible reason, and say when to probe kintone again."""
    c = integrations.c
    conn.execute(
        sa.update(integrations)
        .where(c.id == integration_id)
        .values(
            paused_code=code,
            paused_reason=reason,
            paused_at=sa.func.coalesce(c.paused_at, now),
            probe_at=probe_at,
            probe_attempts=c.probe_attempts + 1,
        )
    )


def resume(conn: Connection, integration_id: int) -> None:
    """Lift a pause because kintone accepts the settings again."""
    conn.execute(
        sa.update(integrations).where(integrations.c.id == integration_id).values(**_unpaused())
    )


def _unpaused() -> dict[str, Any]:
    return {
        "paused_code": None,
        "paused_reason": None,
        "paused_at": None,
        "probe_at": None,
        "probe_attempts": 0,
    }


def _settings_row(settings: IntegrationSettings) -> dict[str, Any]:
    row = {f.name: getattr(settings, f.name) for f in fields(IntegrationSettings)}
    row["channels"] = list(settings.channels)
    row["inboxes"] = list(settings.inboxes)
    return row


def _require(conn: Connection, integration_id: int) -> Integration:
    found = get(conn, integration_id)
    assert found is not None
    return found


def _from_row(row: Row[Any]) -> Integration:
    values = dict(row._mapping)
    values["channels"] = tuple(values["channels"])
    values["inboxes"] = tuple(values["inboxes"])
    return Integration(**values)
