"""`GET /api/v1/activities`: the newest activities with their status per integration."""

from typing import Annotated

import anyio
from fastapi import APIRouter, Query

from ticketrelay.model import ActivityView
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.schemas.activities import ActivityList, ActivityOut, DeliveryOut
from ticketrelay.web.schemas.shared import ActivityLimit, OptionalKey, OptionalStatus

router = APIRouter(tags=["activities"])


@router.get("/activities", summary="List the newest activities")
async def list_activities(
    relay: RelayDep,
    account: Annotated[OptionalKey, Query(description="Only this account's.")] = None,
    status: Annotated[
        OptionalStatus, Query(description="Only those with a delivery in this status.")
    ] = None,
    limit: Annotated[ActivityLimit, Query(description="At most this many (100).")] = None,
) -> ActivityList:
    """Activities, newest first, each with the status and kintone record ID per integration."""
    found = await anyio.to_thread.run_sync(
        lambda: relay.activities(account=account, status=status, limit=limit or 100)
    )
    return ActivityList(activities=[_out(a) for a in found])


def _out(view: ActivityView) -> ActivityOut:
    return ActivityOut(
        id=view.id,
        account=view.account,
        channel=view.channel,
        triggered_at=view.triggered_at,
        due_at=view.due_at,
        cancelled=view.cancelled,
        values=view.values,
        deliveries=[DeliveryOut.model_validate(d) for d in view.deliveries],
    )
