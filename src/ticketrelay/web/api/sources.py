"""`/api/v1/sources`: where events come from: the event API's tokens, or helpdesk webhooks."""

from datetime import datetime
from typing import Annotated

import anyio
from fastapi import APIRouter, Path, Request, Response

from ticketrelay.errors import InvalidInput, NotFound
from ticketrelay.intake.pollers.relation import backfill_progress
from ticketrelay.model import HELPDESK_KINDS, WEBHOOK_KINDS, Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store.hooks import HookDelivery
from ticketrelay.store.polls import Poll
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.hook_urls import webhook_url
from ticketrelay.web.schemas.relation import RelationIn
from ticketrelay.web.schemas.shared import MAX_ID
from ticketrelay.web.schemas.source_patch import SourcePatch
from ticketrelay.web.schemas.sources import (
    HookDeliveryList,
    HookDeliveryOut,
    HookSourceCreated,
    PollOut,
    SourceCreated,
    SourceIn,
    SourceList,
    SourceOut,
)

router = APIRouter(tags=["sources"])


@router.post("/sources", status_code=201, summary="Create a source: a token or a webhook URL")
async def create_source(
    body: SourceIn, request: Request, relay: RelayDep
) -> SourceCreated | HookSourceCreated:
    """A new source: an `api` token shown this once, or a helpdesk's webhook URL."""
    if body.kind == "api":
        source, token = await anyio.to_thread.run_sync(relay.create_source, body.account, body.name)
        return SourceCreated(
            id=source.id, account=source.account, name=source.name, kind="api", token=token.reveal()
        )
    source = await anyio.to_thread.run_sync(_create_hook_source, relay, body)
    return _created(request, source)


@router.patch("/sources/{source_id}", summary="Give a webhook source its secret, or change it")
async def update_source(
    source_id: Annotated[int, Path()], body: SourcePatch, request: Request, relay: RelayDep
) -> HookSourceCreated:
    """Replace the secrets and settings given; what is left out stays as it is."""
    if not 1 <= source_id <= MAX_ID:
        raise NotFound(f"There is no live helpdesk source {source_id}.")
    source = await anyio.to_thread.run_sync(_update_hook_source, relay, source_id, body)
    return _created(request, source)


@router.get("/sources", summary="List the sources")
async def list_sources(request: Request, relay: RelayDep) -> SourceList:
    """Every source, newest first, revoked ones included, with how its poll goes if it is read
    through its helpdesk's API; never a token or a secret."""
    found = await anyio.to_thread.run_sync(relay.list_sources)
    read = await anyio.to_thread.run_sync(relay.hooks.polls)
    now = relay.clock()
    return SourceList(sources=[_out(request, s, read.get(s.id), now) for s in found])


@router.get("/sources/{source_id}/hooks", summary="A webhook source's latest deliveries")
async def list_hook_deliveries(
    source_id: Annotated[int, Path()], relay: RelayDep
) -> HookDeliveryList:
    """The newest 100 deliveries of a source, each with its status and why it did not sync."""
    found = None
    if 1 <= source_id <= MAX_ID:
        found = await anyio.to_thread.run_sync(relay.hooks.deliveries, source_id)
    if found is None:
        raise NotFound(f"There is no source {source_id}.")
    return HookDeliveryList(deliveries=[_delivery(d) for d in found])


@router.delete("/sources/{source_id}", status_code=204, summary="Revoke a source")
async def revoke_source(source_id: Annotated[int, Path()], relay: RelayDep) -> Response:
    """Revoke a source: its token or webhooks are refused from now on."""
    if not 1 <= source_id <= MAX_ID:
        raise NotFound(f"There is no live source {source_id}.")
    await anyio.to_thread.run_sync(relay.revoke_source, source_id)
    return Response(status_code=204)


def _create_hook_source(relay: Relay, body: SourceIn) -> Source:
    settings = {"chatwoot": body.chatwoot, "zendesk": body.zendesk, "relation": body.relation}
    given = settings[body.kind]
    assert given is not None  # SourceIn checks that the kind's settings are there
    public = given.public(relay.clock()) if isinstance(given, RelationIn) else given.public()
    return relay.hooks.create_source(
        body.account,
        body.name,
        body.kind,
        public,
        _secret(given.secret()),
        poll_secret=_secret(given.poll_secret()),
    )


def _update_hook_source(relay: Relay, source_id: int, body: SourcePatch) -> Source:
    found = next((s for s in relay.list_sources() if s.id == source_id), None)
    if found is not None and found.kind in HELPDESK_KINDS and found.kind != body.kind:
        raise InvalidInput(
            f"Source {source_id} is a {found.kind} source: send its settings as "
            f'"{found.kind}": {{…}}, not "{body.kind}".'
        )
    given = body.given()
    email = getattr(given, "api_email", None) or (found and found.settings.get("api_email"))
    if body.zendesk is not None and given.poll_secret() is not None and not email:
        raise InvalidInput(
            'An api_token needs the api_email it belongs to: send both in "zendesk": {…}.'
        )
    return relay.hooks.update_source(
        source_id,
        settings=given.public() or None,
        secret=_secret(given.secret()),
        poll_secret=_secret(given.poll_secret()),
    )


def _secret(value: str | None) -> Secret | None:
    return None if value is None else Secret(value)


def _created(request: Request, source: Source) -> HookSourceCreated:
    return HookSourceCreated(
        id=source.id,
        account=source.account,
        name=source.name,
        kind=source.kind,
        settings=source.settings,
        webhook_url=webhook_url(request, source),
        secret_set=_secret_set(source),
        created_at=source.created_at,
    )


def _secret_set(source: Source) -> bool | None:
    return bool(source.secret_encrypted) if source.kind in WEBHOOK_KINDS else None


def _poll(source: Source, poll: Poll, now: datetime) -> PollOut:
    found = PollOut.model_validate(poll, from_attributes=True)
    if source.kind != "relation":
        return found
    done = backfill_progress(source.settings, poll.cursor, now)
    return found.model_copy(update={"progress": round(done, 4)})


def _out(request: Request, source: Source, poll: Poll | None, now: datetime) -> SourceOut:
    return SourceOut(
        id=source.id,
        account=source.account,
        name=source.name,
        kind=source.kind,
        settings=source.settings if source.kind in HELPDESK_KINDS else None,
        webhook_url=webhook_url(request, source),
        secret_set=_secret_set(source),
        poll=None if poll is None else _poll(source, poll, now),
        created_at=source.created_at,
        revoked_at=source.revoked_at,
    )


def _delivery(found: HookDelivery) -> HookDeliveryOut:
    return HookDeliveryOut(
        id=found.id,
        delivery_id=found.delivery_id,
        received_at=found.received_at,
        status=found.status,
        code=found.code,
        detail=found.detail,
        processed_at=found.processed_at,
    )
