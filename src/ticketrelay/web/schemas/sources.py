"""The bodies of `/api/v1/sources`."""

from datetime import datetime

from pydantic import BaseModel

from ticketrelay.web.schemas.shared import Body, Key, Name


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
