"""A Re:lation source on the settings page: check a token and list its message boxes to
choose from, create the source once Re:lation has said yes, and give it a new token.

"Check the token" is an htmx request that redraws the form's Re:lation part (the typed
token stays in its input); without JavaScript the whole page comes back, and the token
must be pasted again, since no page ever holds it.
"""

from dataclasses import replace
from functools import partial

import anyio
import httpx
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from ticketrelay.errors import NotFound, RetryLater
from ticketrelay.intake.pollers.relation_boxes import (
    BoxesForbidden,
    HostNotAllowed,
    TokenRefused,
    message_boxes,
)
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store.admin import Session
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.pages.guards import Checked, PageNotFound, RendererDep
from ticketrelay.web.pages.relation_form import TOKEN_FIELD
from ticketrelay.web.pages.render import Renderer
from ticketrelay.web.pages.source_form import SourceForm
from ticketrelay.web.pages.source_views import (
    find_source,
    form_context,
    list_page,
    source_page,
    today,
)
from ticketrelay.web.schemas.relation import RelationIn, RelationPatch
from ticketrelay.web.schemas.sources import SourceIn

router = APIRouter()
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
Boxes = list[tuple[int, str]]
# What the page says for each refusal of `message_boxes`, at the input it concerns.
REFUSALS: tuple[tuple[type[Exception], str, str], ...] = (
    (HostNotAllowed, "relation_url", "relation.error.host"),
    (TokenRefused, TOKEN_FIELD, "relation.error.token_refused"),
    (BoxesForbidden, TOKEN_FIELD, "relation.error.forbidden"),
    (RetryLater, "relation_url", "relation.error.later"),
)


@router.post("/sources/relation/boxes")
async def check_token(
    request: Request, session: Checked, relay: RelayDep, renderer: RendererDep
) -> Response:
    """The message boxes the typed token can read, offered as checkboxes; or why not."""
    form = SourceForm.read(await request.form())
    form = replace(form, kind="relation")
    boxes, errors = await list_boxes(relay, form.relation.url, form.secret.reveal())
    if boxes is not None:
        form = replace(form, relation=form.relation.with_listed(boxes))
    if not request.headers.get("HX-Request"):
        return await list_page(request, session, relay, renderer, form, errors=errors, checked=True)
    context = form_context(form, errors, today(relay), checked=True, kept=True)
    body = renderer.render(request, "relation_fields.html", session=session, **context)
    return renderer.html(body)  # htmx swaps only a 2xx answer, refusals included


async def create_relation(
    request: Request,
    session: Session,
    relay: Relay,
    renderer: Renderer,
    form: SourceForm,
    body: SourceIn,
) -> Response:
    """Create a Re:lation source once Re:lation lists every chosen message box for its token."""
    given = body.relation
    assert given is not None  # SourceIn checks that the kind's settings are there
    boxes, errors = await list_boxes(relay, given.base_url, given.api_token)
    if boxes is not None:
        form = replace(form, relation=form.relation.with_listed(boxes))
        if not set(given.message_boxes) <= {box_id for box_id, _ in boxes}:
            errors = {"message_boxes": "relation.error.box_unknown"}
    if errors:
        return await list_page(request, session, relay, renderer, form, errors=errors)
    source = await anyio.to_thread.run_sync(_create, relay, body.account, body.name, given)
    return RedirectResponse(f"/sources/{source.id}?msg=relation_created", status_code=303)


@router.post("/sources/{source_id:int}/token")
async def save_token(
    source_id: int, request: Request, session: Checked, relay: RelayDep, renderer: RendererDep
) -> Response:
    """Give a Re:lation source a new API token, checked first; a paused source resumes."""
    found = await anyio.to_thread.run_sync(find_source, relay, source_id)
    if found.kind != "relation" or found.revoked_at is not None:
        raise PageNotFound
    given = (await request.form()).get(TOKEN_FIELD)
    token = given.strip() if isinstance(given, str) else ""
    errors = await _token_refused(relay, found, token)
    if errors:
        return await source_page(request, session, relay, renderer, found, errors=errors)
    update = partial(relay.hooks.update_source, found.id, poll_secret=Secret(token))
    try:
        await anyio.to_thread.run_sync(update)
    except NotFound as exc:  # revoked in the meantime
        raise PageNotFound from exc
    return RedirectResponse(f"/sources/{found.id}?msg=token_saved#poll", status_code=303)


async def list_boxes(relay: Relay, url: str, token: str) -> tuple[Boxes | None, dict[str, str]]:
    """The message boxes Re:lation lists for the token, or the message key of each refusal."""
    if not url or not token:
        missing = {"relation_url": "sources.error.relation_url"} if not url else {}
        return None, missing | ({} if token else {TOKEN_FIELD: "sources.error.relation_token"})
    try:
        async with httpx.AsyncClient(transport=relay.source_transport, timeout=TIMEOUT) as http:
            return await message_boxes(http, url, token, relay.source_hosts), {}
    except (HostNotAllowed, TokenRefused, BoxesForbidden, RetryLater) as exc:
        _, name, key = next(r for r in REFUSALS if isinstance(exc, r[0]))
        return None, {name: key}


async def _token_refused(relay: Relay, source: Source, token: str) -> dict[str, str]:
    """Why a new token is refused: malformed, refused by Re:lation, or blind to a box read."""
    try:
        RelationPatch.model_validate({"api_token": token})
    except ValidationError:
        return {TOKEN_FIELD: "sources.error.relation_token"}
    boxes, errors = await list_boxes(relay, str(source.settings["base_url"]), token)
    if boxes is not None and not set(source.settings["message_boxes"]) <= {b for b, _ in boxes}:
        return {TOKEN_FIELD: "relation.error.token_boxes"}
    return {TOKEN_FIELD: errors["relation_url"]} if "relation_url" in errors else errors


def _create(relay: Relay, account: str, name: str, given: RelationIn) -> Source:
    return relay.hooks.create_source(
        account,
        name,
        "relation",
        given.public(relay.clock()),
        None,
        poll_secret=Secret(given.poll_secret()),
    )
