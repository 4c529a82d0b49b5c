"""The bodies of `/api/v1/sources`: the kinds of source and their settings (SPEC section 12)."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, model_validator
from pydantic_core import PydanticCustomError

from ticketrelay.web.schemas.relation import RelationIn
from ticketrelay.web.schemas.shared import ApiToken, Body, Key, Name
from ticketrelay.web.schemas.source_fields import Email, HelpdeskUrl, IdleMinutes, Subdomain

SourceKind = Literal["api", "chatwoot", "zendesk", "relation"]


class ChatwootIn(Body):
    """A Chatwoot source's settings: the webhook's secret, Chatwoot's own URL, and optionally
    an API access token with which gaps in the webhooks are filled."""

    webhook_secret: ApiToken | None = None
    base_url: HelpdeskUrl
    chat_idle_minutes: IdleMinutes | None = None
    api_access_token: ApiToken | None = None

    def public(self) -> dict[str, Any]:
        """The settings without the secrets."""
        return {"base_url": self.base_url, "chat_idle_minutes": self.chat_idle_minutes or 10}

    def secret(self) -> str | None:
        """The webhook's secret; None until Chatwoot has shown it."""
        return self.webhook_secret

    def poll_secret(self) -> str | None:
        """The API access token the filler reads Chatwoot's API with, if any."""
        return self.api_access_token


class ZendeskIn(Body):
    """A Zendesk source's settings: the webhook's signing secret and the subdomain, and
    optionally an agent's e-mail and API token with which Talk's calls are read."""

    signing_secret: ApiToken | None = None
    subdomain: Subdomain
    api_email: Email | None = None
    api_token: ApiToken | None = None
    api_base_url: HelpdeskUrl | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> "ZendeskIn":
        if (self.api_email is None) != (self.api_token is None):
            raise PydanticCustomError(
                "api_pair", "api_email and api_token go together: give both, or neither"
            )
        return self

    def public(self) -> dict[str, Any]:
        """The settings without the secrets."""
        found: dict[str, Any] = {"subdomain": self.subdomain}
        if self.api_email is not None:
            found["api_email"] = self.api_email
        if self.api_base_url is not None:
            found["api_base_url"] = self.api_base_url
        return found

    def secret(self) -> str | None:
        """The webhook's signing secret; None until Zendesk has shown it."""
        return self.signing_secret

    def poll_secret(self) -> str | None:
        """The API token Talk's calls are read with, if any."""
        return self.api_token


class SourceIn(Body):
    """A new source of events: the event API (`api`) or a helpdesk's signed webhooks."""

    account: Key
    name: Name
    kind: SourceKind = "api"
    chatwoot: ChatwootIn | None = None
    zendesk: ZendeskIn | None = None
    relation: RelationIn | None = None

    @model_validator(mode="after")
    def _settings_of_kind(self) -> "SourceIn":
        if self.kind == "relation" and self.relation is None:
            raise PydanticCustomError(
                "missing_settings",
                'needs "relation": {"base_url", "api_token", "message_boxes"} for a relation '
                "source",
            )
        if self.kind == "chatwoot" and self.chatwoot is None:
            raise PydanticCustomError(
                "missing_settings",
                'needs "chatwoot": {"webhook_secret", "base_url"} for a chatwoot source',
            )
        if self.kind == "zendesk" and self.zendesk is None:
            raise PydanticCustomError(
                "missing_settings",
                'needs "zendesk": {"signing_secret", "subdomain"} for a zendesk source',
            )
        return self


class PollOut(BaseModel):
    """How reading a source through its helpdesk's API goes: when, and why it is paused."""

    next_at: datetime
    polled_at: datetime | None
    paused_code: str | None
    paused_reason: str | None
    failures: int
    last_error: str | None
    progress: float | None = None


class SourceOut(BaseModel):
    """A source, without its token or secret; a webhook source with its URL and settings."""

    id: int
    account: str
    name: str
    kind: str
    settings: dict[str, Any] | None
    webhook_url: str | None
    secret_set: bool | None = None
    poll: PollOut | None = None
    created_at: datetime
    revoked_at: datetime | None


class SourceCreated(BaseModel):
    """A new `api` source with its token, shown this once."""

    id: int
    account: str
    name: str
    kind: Literal["api"]
    token: str


class HookSourceCreated(BaseModel):
    """A new helpdesk source: a webhook source with the URL to paste into the helpdesk, or a
    polled one; never a secret."""

    id: int
    account: str
    name: str
    kind: str
    settings: dict[str, Any]
    webhook_url: str | None
    secret_set: bool | None
    created_at: datetime


class SourceList(BaseModel):
    """Every source, newest first."""

    sources: list[SourceOut]


class HookDeliveryOut(BaseModel):
    """One webhook delivery as received, and what became of it."""

    id: int
    delivery_id: str
    received_at: datetime
    status: str
    code: str | None
    detail: str | None
    processed_at: datetime | None


class HookDeliveryList(BaseModel):
    """A source's newest webhook deliveries first."""

    deliveries: list[HookDeliveryOut]


class HookAnswer(BaseModel):
    """What a helpdesk is told: stored (or stored before), and the delivery's status."""

    duplicate: bool
    status: str | None = None
