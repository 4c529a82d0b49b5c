"""`POST /api/v1/events`: a helpdesk hands in one event or a batch of up to 1,000."""

from functools import partial
from typing import Any

import anyio
from fastapi import APIRouter, Request
from pydantic import TypeAdapter

from ticketrelay.intake.ingest import IngestResult
from ticketrelay.relay import Relay
from ticketrelay.rules.events import EVENT_TYPES, MAX_BATCH, Event, TimeWindow, parse_batch
from ticketrelay.secret import Secret
from ticketrelay.web.auth import SourceToken, source_of
from ticketrelay.web.deps import RelayDep, SettingsDep
from ticketrelay.web.request_body import json_body_of
from ticketrelay.web.schemas.events import Accepted
from ticketrelay.web.schemas.shared import ErrorBody

router = APIRouter(tags=["events"])
COMPONENTS = "#/components/schemas/{model}"

_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [
                    {"$ref": COMPONENTS.format(model="Event")},
                    {"$ref": COMPONENTS.format(model="EventBatch")},
                ]
            }
        }
    },
}


@router.post(
    "/events",
    status_code=202,
    summary="Hand in events",
    openapi_extra={"requestBody": _BODY},
    responses={
        400: {"model": ErrorBody, "description": "The body is not JSON."},
        401: {"model": ErrorBody, "description": "No valid source token."},
        403: {"model": ErrorBody, "description": "An event names another account."},
        413: {"model": ErrorBody, "description": "The body is over 5 MiB."},
        422: {"model": ErrorBody, "description": "Bad events, one entry per problem."},
        503: {"model": ErrorBody, "description": "The database is busy; retry."},
    },
)
async def post_events(
    request: Request, token: SourceToken, relay: RelayDep, settings: SettingsDep
) -> Accepted:
    """Store one event or `{"events": [...]}` (1 to 1,000), all or nothing."""
    body = await request.body()
    work = partial(_ingest, relay, token, settings.admin_token, settings.time_window, body)
    result = await anyio.to_thread.run_sync(work)
    return Accepted(accepted=result.accepted, duplicates=result.duplicates)


def _ingest(
    relay: Relay, token: str, admin_token: Secret | None, window: TimeWindow, body: bytes
) -> IngestResult:
    """Check the token, read the body and store its events, in one trip off the event loop."""
    source = source_of(relay, token, admin_token)
    return relay.ingest(source, parse_batch(json_body_of(body), now=relay.clock(), window=window))


def event_schemas() -> dict[str, Any]:
    """The OpenAPI components of the event body: each event type, `Event` and `EventBatch`."""
    schema = TypeAdapter(Event).json_schema(ref_template=COMPONENTS)
    components: dict[str, Any] = schema.pop("$defs")
    for name in (cls.__name__ for cls in EVENT_TYPES.values()):
        definition = components[name]
        definition["properties"]["type"].pop("default", None)
        definition["required"] = ["type", *definition["required"]]
    components["Event"] = schema
    components["EventBatch"] = {
        "type": "object",
        "properties": {
            "events": {
                "type": "array",
                "items": {"$ref": COMPONENTS.format(model="Event")},
                "minItems": 1,
                "maxItems": MAX_BATCH,
            }
        },
        "required": ["events"],
    }
    return components
