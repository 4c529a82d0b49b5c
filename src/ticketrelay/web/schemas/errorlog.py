"""The bodies of an integration's error log: its entries, and which ERRORs to send again."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from ticketrelay.web.schemas.shared import Body, Id, Severity


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
