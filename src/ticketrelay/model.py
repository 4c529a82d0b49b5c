"""Plain records that the store returns and the core reads: no SQLAlchemy, no I/O."""

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Literal

SourceKind = Literal["api", "chatwoot", "zendesk", "relation"]
WEBHOOK_KINDS: tuple[SourceKind, ...] = ("chatwoot", "zendesk")
# The kinds with settings of their own: the webhook kinds, and those only ever polled.
HELPDESK_KINDS: tuple[SourceKind, ...] = (*WEBHOOK_KINDS, "relation")


@dataclass(frozen=True, kw_only=True)
class Source:
    """A helpdesk account's sender of events: by bearer token (`api`) or signed webhooks.

    `settings` holds a webhook source's non-secret settings; its signing secret is only
    ever here encrypted.
    """

    id: int
    account: str
    name: str
    created_at: datetime
    revoked_at: datetime | None
    kind: str = "api"
    settings: dict[str, Any] = field(default_factory=dict, hash=False)
    secret_encrypted: str | None = field(default=None, repr=False)


IntegrationStatus = Literal["active", "paused", "off"]


@dataclass(frozen=True, kw_only=True)
class IntegrationSettings:
    """What a person sets for an integration (the API token only in its encrypted form)."""

    name: str
    account: str
    base_url: str
    app: int
    guest_space_id: int | None = None
    api_token_encrypted: str
    timezone: str = "Asia/Tokyo"
    channels: tuple[str, ...] = ()
    inboxes: tuple[str, ...] = ()
    mapping: dict[str, str] = field(default_factory=dict)
    enabled: bool = True


@dataclass(frozen=True, kw_only=True)
class Integration(IntegrationSettings):
    """A stored integration with its pause state."""

    id: int
    version: int
    paused_code: str | None = None
    paused_reason: str | None = None
    paused_at: datetime | None = None
    probe_at: datetime | None = None
    probe_attempts: int = 0
    created_at: datetime
    updated_at: datetime

    @property
    def status(self) -> IntegrationStatus:
        """Off when disabled, paused while kintone refuses its settings, else active."""
        if not self.enabled:
            return "off"
        return "paused" if self.paused_at is not None else "active"

    @property
    def settings(self) -> IntegrationSettings:
        """Just the settings a person chose."""
        names = {f.name for f in fields(IntegrationSettings)}
        return IntegrationSettings(**{n: getattr(self, n) for n in names})


@dataclass(frozen=True, kw_only=True)
class Due:
    """A pending delivery whose time has come, with its activity's frozen values."""

    id: int
    activity_id: str
    attempts: int
    first_attempt_at: datetime | None
    triggered_at: datetime
    values: str


Severity = Literal["error", "alert"]


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One line of the error log: when, which activity, which field, why, and kintone's words."""

    integration_id: int
    at: datetime
    severity: Severity
    activity_id: str
    channel_name: str
    operator: str
    start_time: datetime | None
    value_key: str | None
    field_code: str | None
    reason: str
    message_ja: str
    message_en: str
    kintone_code: str | None = None
    kintone_message: str | None = None
    kintone_id: str | None = None
    value: str | None = None
    resent_at: datetime | None = None
    id: int = 0


@dataclass(frozen=True, kw_only=True)
class ActivityView:
    """An activity with its values and the fate of each of its deliveries."""

    id: str
    account: str
    channel: str
    triggered_at: datetime
    due_at: datetime
    cancelled: bool
    values: dict[str, Any]
    deliveries: list[dict[str, Any]] = field(default_factory=list)
