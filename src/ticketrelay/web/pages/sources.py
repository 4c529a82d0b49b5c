"""Sources: the helpdesks that may send events. Create one (an event-API token shown once, a
Chatwoot or Zendesk webhook: its URL to copy, a guide, then its secret pasted, or Re:lation
read through its API: see `relation_source`), see a webhook's deliveries, revoke."""

from contextlib import suppress
from functools import partial

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ticketrelay.errors import NotFound
from ticketrelay.model import WEBHOOK_KINDS, Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.pages.guards import Checked, PageNotFound, RendererDep, SignedIn
from ticketrelay.web.pages.relation_source import create_relation
from ticketrelay.web.pages.relation_source import router as relation_router
from ticketrelay.web.pages.source_form import SECRET_FIELDS, SourceForm, secret_refused
from ticketrelay.web.pages.source_views import find_source, list_page, source_page, today
from ticketrelay.web.schemas.sources import SourceIn

router = APIRouter()
router.include_router(relation_router)
REVOKED = {"api": "source_revoked", "relation": "relation_revoked"}


@router.get("/sources")
async def sources_page(
    request: Request, session: SignedIn, relay: RelayDep, renderer: RendererDep
) -> Response:
    """Every source, with the form that adds one."""
    return await list_page(request, session, relay, renderer, SourceForm())


@router.post("/sources")
async def create(
    request: Request, session: Checked, relay: RelayDep, renderer: RendererDep
) -> Response:
    """Add a source: show an API token this once, or go to the new source's page."""
    form = SourceForm.read(await request.form())
    body, errors = form.check(today(relay))
    if body is None:
        return await list_page(request, session, relay, renderer, form, errors=errors)
    if body.kind == "api":
        _, token = await anyio.to_thread.run_sync(relay.create_source, body.account, body.name)
        blank = SourceForm()
        return await list_page(request, session, relay, renderer, blank, token=token.reveal())
    if body.kind == "relation":
        return await create_relation(request, session, relay, renderer, form, body)
    source = await anyio.to_thread.run_sync(_create_hook_source, relay, body)
    return RedirectResponse(f"/sources/{source.id}?msg=source_created", status_code=303)


@router.get("/sources/{source_id:int}")
async def source(
    source_id: int, request: Request, session: SignedIn, relay: RelayDep, renderer: RendererDep
) -> Response:
    """One source: its settings; a webhook's URL, guide, secret and deliveries; a poll's state."""
    found = await anyio.to_thread.run_sync(find_source, relay, source_id)
    return await source_page(request, session, relay, renderer, found)


@router.post("/sources/{source_id:int}/secret")
async def save_secret(
    source_id: int, request: Request, session: Checked, relay: RelayDep, renderer: RendererDep
) -> Response:
    """Give a webhook source the secret its helpdesk showed, or replace it."""
    found = await anyio.to_thread.run_sync(find_source, relay, source_id)
    if found.kind not in WEBHOOK_KINDS or found.revoked_at is not None:
        raise PageNotFound
    given = (await request.form()).get(SECRET_FIELDS[found.kind])
    secret = Secret(given.strip() if isinstance(given, str) else "")
    refused = secret_refused(found.kind, secret)
    if refused is not None:
        errors = {SECRET_FIELDS[found.kind]: refused}
        return await source_page(request, session, relay, renderer, found, errors=errors)
    try:
        await anyio.to_thread.run_sync(partial(relay.hooks.update_source, found.id, secret=secret))
    except NotFound as exc:  # revoked in the meantime
        raise PageNotFound from exc
    return RedirectResponse(f"/sources/{found.id}?msg=secret_saved#secret", status_code=303)


@router.post("/sources/{source_id:int}/revoke")
async def revoke(source_id: int, session: Checked, relay: RelayDep) -> Response:
    """Revoke a source: its token or webhook URL is refused, or its helpdesk no longer read."""
    found = await anyio.to_thread.run_sync(find_source, relay, source_id)
    with suppress(NotFound):  # revoked already, maybe just now in another tab
        await anyio.to_thread.run_sync(relay.revoke_source, found.id)
    done = REVOKED.get(found.kind, "webhook_revoked")
    return RedirectResponse(f"/sources?msg={done}", status_code=303)


def _create_hook_source(relay: Relay, body: SourceIn) -> Source:
    settings = body.chatwoot if body.kind == "chatwoot" else body.zendesk
    assert settings is not None  # SourceIn checks that the kind's settings are there
    secret, polled = settings.secret(), settings.poll_secret()
    return relay.hooks.create_source(
        body.account,
        body.name,
        body.kind,
        settings.public(),
        None if secret is None else Secret(secret),
        poll_secret=None if polled is None else Secret(polled),
    )
