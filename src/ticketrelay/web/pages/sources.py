"""Sources: the helpdesks that may send events. Create one (an event-API token shown once, or
a Chatwoot or Zendesk webhook: its URL to copy, a guide, then its secret pasted), see a
webhook's deliveries, revoke."""

from contextlib import suppress
from functools import partial
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ticketrelay.errors import NotFound
from ticketrelay.model import WEBHOOK_KINDS, Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store.admin import Session
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.hook_urls import webhook_url
from ticketrelay.web.pages.guards import Checked, PageNotFound, RendererDep, SignedIn
from ticketrelay.web.pages.messages.source_labels import (
    GUIDE_STEPS,
    HOOK_CODES,
    HOOK_STATUSES,
    KIND_LABELS,
)
from ticketrelay.web.pages.render import Renderer
from ticketrelay.web.pages.source_form import (
    IDLE_MAX,
    IDLE_MIN,
    KINDS,
    SECRET_FIELDS,
    SourceForm,
    secret_refused,
)
from ticketrelay.web.schemas.sources import SourceIn

router = APIRouter()
DELIVERIES_SHOWN = 50


@router.get("/sources")
async def sources_page(
    request: Request, session: SignedIn, relay: RelayDep, renderer: RendererDep
) -> Response:
    """Every source, with the form that adds one."""
    return await _list(request, session, relay, renderer, SourceForm())


@router.post("/sources")
async def create(
    request: Request, session: Checked, relay: RelayDep, renderer: RendererDep
) -> Response:
    """Add a source: show an API token this once, or go to a webhook source's URL and guide."""
    form = SourceForm.read(await request.form())
    body, errors = form.check()
    if body is None:
        return await _list(request, session, relay, renderer, form, errors=errors)
    if body.kind == "api":
        _, token = await anyio.to_thread.run_sync(relay.create_source, body.account, body.name)
        return await _list(request, session, relay, renderer, SourceForm(), token=token.reveal())
    source = await anyio.to_thread.run_sync(_create_hook_source, relay, body)
    return RedirectResponse(f"/sources/{source.id}?msg=source_created", status_code=303)


@router.get("/sources/{source_id:int}")
async def source_page(
    source_id: int, request: Request, session: SignedIn, relay: RelayDep, renderer: RendererDep
) -> Response:
    """One source: its settings, and for a webhook source its URL, guide, secret, deliveries."""
    source = await anyio.to_thread.run_sync(_find, relay, source_id)
    return await _source(request, session, relay, renderer, source)


@router.post("/sources/{source_id:int}/secret")
async def save_secret(
    source_id: int, request: Request, session: Checked, relay: RelayDep, renderer: RendererDep
) -> Response:
    """Give a webhook source the secret its helpdesk showed, or replace it."""
    source = await anyio.to_thread.run_sync(_find, relay, source_id)
    if source.kind not in WEBHOOK_KINDS or source.revoked_at is not None:
        raise PageNotFound
    given = (await request.form()).get(SECRET_FIELDS[source.kind])
    secret = Secret(given.strip() if isinstance(given, str) else "")
    refused = secret_refused(source.kind, secret)
    if refused is not None:
        errors = {SECRET_FIELDS[source.kind]: refused}
        return await _source(request, session, relay, renderer, source, errors=errors)
    try:
        await anyio.to_thread.run_sync(partial(relay.hooks.update_source, source.id, secret=secret))
    except NotFound as exc:  # revoked in the meantime
        raise PageNotFound from exc
    return RedirectResponse(f"/sources/{source.id}?msg=secret_saved#secret", status_code=303)


@router.post("/sources/{source_id:int}/revoke")
async def revoke(source_id: int, session: Checked, relay: RelayDep) -> Response:
    """Revoke a source: its token or its webhook URL is refused from now on."""
    source = await anyio.to_thread.run_sync(_find, relay, source_id)
    with suppress(NotFound):  # revoked already, maybe just now in another tab
        await anyio.to_thread.run_sync(relay.revoke_source, source.id)
    done = "webhook_revoked" if source.kind in WEBHOOK_KINDS else "source_revoked"
    return RedirectResponse(f"/sources?msg={done}", status_code=303)


async def _list(
    request: Request,
    session: Session,
    relay: Relay,
    renderer: Renderer,
    form: SourceForm,
    *,
    errors: dict[str, str] | None = None,
    token: str = "",
) -> Response:
    """The sources page, with a new token to show or a refused form and why."""
    found = await anyio.to_thread.run_sync(relay.list_sources)
    return renderer.page(
        request,
        "sources.html",
        session=session,
        sources=[(s, webhook_url(request, s)) for s in found],
        form=form,
        errors=errors or {},
        token=token,
        events_url=str(request.base_url).rstrip("/") + "/api/v1/events",
        kinds=KINDS,
        idle_min=IDLE_MIN,
        idle_max=IDLE_MAX,
        status_code=422 if errors else 200,
        **_labels(),
    )


async def _source(
    request: Request,
    session: Session,
    relay: Relay,
    renderer: Renderer,
    source: Source,
    *,
    errors: dict[str, str] | None = None,
) -> Response:
    """A source's page, with a refused secret and why."""
    deliveries = None
    if source.kind in WEBHOOK_KINDS:
        deliveries = await anyio.to_thread.run_sync(
            relay.hooks.deliveries, source.id, DELIVERIES_SHOWN
        )
    return renderer.page(
        request,
        "source.html",
        session=session,
        source=source,
        url=webhook_url(request, source),
        deliveries=deliveries or [],
        shown=DELIVERIES_SHOWN,
        errors=errors or {},
        secret_field=SECRET_FIELDS.get(source.kind, ""),
        idle_min=IDLE_MIN,
        idle_max=IDLE_MAX,
        status_code=422 if errors else 200,
        **_labels(),
    )


def _labels() -> dict[str, Any]:
    """What the sources templates name: kinds, delivery statuses and codes, guide steps."""
    return {
        "kind_labels": KIND_LABELS,
        "statuses": HOOK_STATUSES,
        "codes": HOOK_CODES,
        "guide_steps": GUIDE_STEPS,
    }


def _find(relay: Relay, source_id: int) -> Source:
    """A source, revoked ones included, or the not-found page."""
    for source in relay.list_sources():
        if source.id == source_id:
            return source
    raise PageNotFound


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
