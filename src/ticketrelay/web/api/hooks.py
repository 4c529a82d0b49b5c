"""`POST /api/v1/hooks/{kind}/{source_id}`: Chatwoot's and Zendesk's signed webhooks.

Whatever is wrong (no such live source of the kind, no signature, a wrong or stale one), the
answer is the same 401, so that source IDs cannot be probed; the reason is only logged.
"""

import logging
from functools import partial
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Path, Request

from ticketrelay.intake.hooks import NotAuthentic
from ticketrelay.relay import Relay
from ticketrelay.web.auth import Unauthorized
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.schemas.shared import MAX_ID, ErrorBody
from ticketrelay.web.schemas.sources import HookAnswer

log = logging.getLogger(__name__)
router = APIRouter(tags=["hooks"])
REFUSED = (
    "The delivery is refused: its signature is missing, wrong or stale, or the URL names no "
    "live source of this helpdesk. Check the secret pasted into the helpdesk."
)


@router.post(
    "/hooks/{kind}/{source_id}",
    summary="Receive a helpdesk's signed webhook",
    responses={
        401: {"model": ErrorBody, "description": "Not signed by a live source of this kind."},
        413: {"model": ErrorBody, "description": "The body is over 5 MiB."},
        503: {"model": ErrorBody, "description": "The database is busy; retry."},
    },
)
async def receive_hook(
    kind: Literal["chatwoot", "zendesk"],
    source_id: Annotated[int, Path()],
    request: Request,
    relay: RelayDep,
) -> HookAnswer:
    """Verify, store (once per delivery ID), translate; 200 even when nothing syncs."""
    body = await request.body()
    headers = {name.lower(): value for name, value in request.headers.items()}
    work = partial(_receive, relay, kind, source_id, headers, body)
    return await anyio.to_thread.run_sync(work)


def _receive(
    relay: Relay, kind: str, source_id: int, headers: dict[str, str], body: bytes
) -> HookAnswer:
    if not 1 <= source_id <= MAX_ID:
        raise Unauthorized(REFUSED)
    try:
        receipt = relay.hooks.receive(kind, source_id, headers, body)
    except NotAuthentic as exc:
        log.info("Refused a webhook delivery: %s", exc)
        raise Unauthorized(REFUSED) from None
    status = "received" if receipt.outcome is None else receipt.outcome.status
    return HookAnswer(duplicate=receipt.duplicate, status=None if receipt.duplicate else status)
