"""The JSON bodies of the HTTP API as pydantic models, so that the OpenAPI schema is precise."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from ticketrelay.rules.channels import CHANNEL_KEYS
from ticketrelay.rules.mapping import DEFAULT_TIME_ZONE
from ticketrelay.rules.values import VALUE_KEYS

MAX_ID = 2**31 - 1
"""The largest ID the database holds (PostgreSQL's INTEGER)."""


def plain_text(value: str) -> str:
    """Refuse what no database column can hold: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "lone_surrogate", "must be valid Unicode (it contains a lone surrogate)"
        ) from None
    return value


def _numeric(value: object) -> object:
    """A numeric string as its number; anything else is left for the integer check."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 20:
        return int(value)
    return value


def _blank_is_none(value: object) -> object:
    """An empty query parameter (`?account=`) is one not given."""
    return None if value == "" else value


_Plain = AfterValidator(plain_text)
Text = Annotated[str, _Plain]
Key = Annotated[str, Field(min_length=1, max_length=128), _Plain]
Name = Annotated[str, Field(min_length=1, max_length=200), _Plain]
BaseUrl = Annotated[str, Field(min_length=1, max_length=300), _Plain]
ApiToken = Annotated[str, Field(min_length=1, max_length=2000), _Plain]
ZoneName = Annotated[str, Field(min_length=1, max_length=64), _Plain]
FieldCode = Annotated[str, Field(max_length=128), _Plain]
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
KintoneId = Annotated[
    StrictInt,
    BeforeValidator(_numeric),
    Field(ge=1, le=MAX_ID),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                {"type": "string", "pattern": "^0{0,9}[1-9][0-9]{0,9}$"},
            ]
        }
    ),
]
Status = Literal["pending", "delivered", "error", "cancelled"]
Severity = Literal["error", "alert"]
OptionalKey = Annotated[Key | None, BeforeValidator(_blank_is_none)]
OptionalStatus = Annotated[Status | None, BeforeValidator(_blank_is_none)]
OptionalSeverity = Annotated[Severity | None, BeforeValidator(_blank_is_none)]
ActivityLimit = Annotated[
    Annotated[int, Field(ge=1, le=1000)] | None, BeforeValidator(_blank_is_none)
]
EntryLimit = Annotated[
    Annotated[int, Field(ge=1, le=10_000)] | None, BeforeValidator(_blank_is_none)
]


class Body(BaseModel):
    """A request body: unknown keys are ignored, so a GET's answer can be PUT back."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class ErrorBody(BaseModel):
    """Every error: one clear sentence, and the problems one by one where there are several."""

    error: str
    errors: list[dict[str, Any]] | None = None


class Accepted(BaseModel):
    """The answer to a stored batch of events."""

    accepted: int
    duplicates: int


class SourceIn(Body):
    """A new source of events."""

    account: Key
    name: Name


class SourceOut(BaseModel):
    """A source, without its token."""

    id: int
    account: str
    name: str
    created_at: datetime
    revoked_at: datetime | None


class SourceCreated(BaseModel):
    """A new source with its token, shown this once."""

    id: int
    account: str
    name: str
    token: str


class SourceList(BaseModel):
    """Every source, newest first."""

    sources: list[SourceOut]


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


class DeliveryOut(BaseModel):
    """The fate of an activity at one integration."""

    integration_id: int
    status: Status
    record_id: str | None
    attempts: int
    last_error: str | None


class ActivityOut(BaseModel):
    """An activity with its values and its status per integration."""

    id: str
    account: str
    channel: str
    triggered_at: datetime
    due_at: datetime
    cancelled: bool
    values: dict[str, Any]
    deliveries: list[DeliveryOut]


class ActivityList(BaseModel):
    """The newest activities first."""

    activities: list[ActivityOut]


class EntryOut(BaseModel):
    """One line of the error log."""

    id: int
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
    kintone_code: str | None
    kintone_message: str | None
    kintone_id: str | None
    value: str | None
    resent_at: datetime | None


class EntryList(BaseModel):
    """Error-log entries, newest first."""

    entries: list[EntryOut]


class ResendIn(Body):
    """Which ERRORs to queue again: some entries by ID, or all."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["ids"], "properties": {"all": {"const": False}}},
                {
                    "required": ["all"],
                    "properties": {"all": {"const": True}, "ids": {"type": "null"}},
                },
            ]
        }
    )
    ids: Annotated[list[Id], Field(max_length=1000)] | None = None
    all: StrictBool = False


class Resent(BaseModel):
    """How many activities were queued again."""

    queued: int
