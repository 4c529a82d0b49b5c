"""The bodies of `/api/v1/integrations`: the settings, the kintone connection, the check."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictBool

from ticketrelay.rules.channels import CHANNEL_KEYS
from ticketrelay.rules.mapping import DEFAULT_TIME_ZONE
from ticketrelay.rules.values import VALUE_KEYS
from ticketrelay.web.schemas.shared import (
    ApiToken,
    BaseUrl,
    Body,
    FieldCode,
    Key,
    KintoneId,
    Name,
    Text,
    ZoneName,
)


class KintoneIn(Body):
    """Where the records go."""

    base_url: BaseUrl
    app: KintoneId
    api_token: ApiToken
    guest_space_id: KintoneId | None = None


class KintoneUpdate(KintoneIn):
    """Where the records go; without `api_token`, the stored one is kept."""

    api_token: ApiToken | None = None  # type: ignore[assignment]


class IntegrationFields(Body):
    """The settings of an integration, but the kintone connection."""

    name: Name
    account: Key
    timezone: ZoneName = DEFAULT_TIME_ZONE
    channels: Annotated[
        list[Text], Field(max_length=100, json_schema_extra={"items": {"enum": [*CHANNEL_KEYS]}})
    ] = Field(default_factory=list)
    inboxes: Annotated[list[Key], Field(max_length=1000)] = Field(default_factory=list)
    mapping: Annotated[
        dict[Text, FieldCode],
        Field(max_length=100, json_schema_extra={"propertyNames": {"enum": [*VALUE_KEYS]}}),
    ]
    enabled: StrictBool = True


class IntegrationIn(IntegrationFields):
    """A new integration."""

    kintone: KintoneIn


class IntegrationUpdate(IntegrationFields):
    """New settings for an integration."""

    kintone: KintoneUpdate


class KintoneOut(BaseModel):
    """Where the records go; the API token is never shown."""

    base_url: str
    app: int
    guest_space_id: int | None


class ProblemOut(BaseModel):
    """One ERROR, ALERT or WARNING of a mapping check."""

    severity: Literal["error", "alert", "warning"]
    reason: str
    value_key: str | None
    field_code: str | None
    en: str
    ja: str


class CheckOut(BaseModel):
    """The result of checking a mapping against the app's live fields."""

    ok: bool
    problems: list[ProblemOut]


class IntegrationOut(BaseModel):
    """A stored integration."""

    id: int
    name: str
    account: str
    kintone: KintoneOut
    timezone: str
    channels: list[str]
    inboxes: list[str]
    mapping: dict[str, str]
    enabled: bool
    status: Literal["active", "paused", "off"]
    paused_reason: str | None
    created_at: datetime
    updated_at: datetime


class IntegrationChecked(IntegrationOut):
    """A stored integration with the check of its mapping."""

    check: CheckOut


class IntegrationList(BaseModel):
    """Integrations, oldest first."""

    integrations: list[IntegrationOut]
