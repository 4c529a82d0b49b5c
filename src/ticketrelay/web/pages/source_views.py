"""How the sources pages are drawn: the list with the form that adds a source, one source's
page (a webhook's deliveries, or a Re:lation source's poll), and the form's Re:lation part."""

from datetime import date, datetime, timedelta
from typing import Any

import anyio
from fastapi import Request
from fastapi.responses import Response

from ticketrelay.intake.pollers.relation import backfill_progress
from ticketrelay.model import WEBHOOK_KINDS, Source
from ticketrelay.relay import Relay
from ticketrelay.rules.channels import CALL_NAMES
from ticketrelay.rules.relation_limits import UNCONFIRMED
from ticketrelay.store.admin import Session
from ticketrelay.store.polls import Poll
from ticketrelay.web.hook_urls import webhook_url
from ticketrelay.web.pages.guards import PageNotFound
from ticketrelay.web.pages.messages.relation import APPROXIMATED
from ticketrelay.web.pages.messages.source_labels import (
    GUIDE_STEPS,
    HOOK_CODES,
    HOOK_STATUSES,
    KIND_LABELS,
)
from ticketrelay.web.pages.relation_form import CALL_CHOICES, POLL_BOUNDS, RATE_BOUNDS
from ticketrelay.web.pages.render import TOKYO, Renderer
from ticketrelay.web.pages.source_form import IDLE_MAX, IDLE_MIN, KINDS, SECRET_FIELDS, SourceForm

DELIVERIES_SHOWN = 50
BACKFILL = timedelta(minutes=1)
LIMITS = {
    "poll_min": POLL_BOUNDS[0],
    "poll_max": POLL_BOUNDS[1],
    "rate_min": RATE_BOUNDS[0],
    "rate_max": RATE_BOUNDS[1],
}


async def list_page(
    request: Request,
    session: Session,
    relay: Relay,
    renderer: Renderer,
    form: SourceForm,
    *,
    errors: dict[str, str] | None = None,
    token: str = "",
    checked: bool = False,
) -> Response:
    """The sources page, with a new token to show, or a refused or checked form and why."""
    found = await anyio.to_thread.run_sync(relay.list_sources)
    read = await anyio.to_thread.run_sync(relay.hooks.polls)
    return renderer.page(
        request,
        "sources.html",
        session=session,
        sources=[(s, webhook_url(request, s)) for s in found],
        token=token,
        events_url=str(request.base_url).rstrip("/") + "/api/v1/events",
        paused={i for i, poll in read.items() if poll.paused_code},
        status_code=422 if errors else 200,
        **form_context(form, errors or {}, today(relay), checked=checked),
    )


def form_context(
    form: SourceForm, errors: dict[str, str], today: date, *, checked: bool, kept: bool = False
) -> dict[str, Any]:
    """What the add-source form (or its Re:lation part alone) is drawn with."""
    return {
        "form": form,
        "errors": errors,
        "kinds": KINDS,
        "idle_min": IDLE_MIN,
        "idle_max": IDLE_MAX,
        "limits": LIMITS,
        "call_choices": CALL_CHOICES,
        "today": today.isoformat(),
        "checked": checked,
        "token_kept": kept,
        **labels(),
    }


async def source_page(
    request: Request,
    session: Session,
    relay: Relay,
    renderer: Renderer,
    source: Source,
    *,
    errors: dict[str, str] | None = None,
) -> Response:
    """A source's page, with a refused secret or token and why."""
    deliveries = None
    if source.kind in WEBHOOK_KINDS:
        deliveries = await anyio.to_thread.run_sync(
            relay.hooks.deliveries, source.id, DELIVERIES_SHOWN
        )
    poll = (await anyio.to_thread.run_sync(relay.hooks.polls)).get(source.id)
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
        limits=LIMITS,
        paused={source.id} if poll and poll.paused_code else set(),
        status_code=422 if errors else 200,
        **_poll_context(source, poll, relay.clock()),
        **labels(),
    )


def _poll_context(source: Source, poll: Poll | None, now: datetime) -> dict[str, Any]:
    """A Re:lation source's poll, its backfill's progress in whole percent, what it guesses."""
    percent, since = None, None
    if source.kind == "relation":
        since = datetime.fromisoformat(str(source.settings["since"]))
    # Only a backfill has a way to go: a source read from its creation on is never behind.
    if poll is not None and since is not None and since < source.created_at - BACKFILL:
        percent = round(backfill_progress(source.settings, poll.cursor, now) * 100)
    return {
        "poll": poll,
        "percent": percent,
        "since": since,
        "approximated": APPROXIMATED,
        "unconfirmed": UNCONFIRMED,
        "call_names": CALL_NAMES,
    }


def labels() -> dict[str, Any]:
    """What the sources templates name: kinds, delivery statuses and codes, guide steps."""
    return {
        "kind_labels": KIND_LABELS,
        "statuses": HOOK_STATUSES,
        "codes": HOOK_CODES,
        "guide_steps": GUIDE_STEPS,
    }


def find_source(relay: Relay, source_id: int) -> Source:
    """A source, revoked ones included, or the not-found page."""
    for source in relay.list_sources():
        if source.id == source_id:
            return source
    raise PageNotFound


def today(relay: Relay) -> date:
    """Today in Tokyo, by the relay's clock."""
    return relay.clock().astimezone(TOKYO).date()
