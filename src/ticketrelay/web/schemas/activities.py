"""The bodies of `/api/v1/activities`."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from ticketrelay.web.schemas.shared import Status


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
