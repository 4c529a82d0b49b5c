"""Sources: the helpdesks that may send events; create one (its token shown once), revoke."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ticketrelay.errors import NotFound
from ticketrelay.relay import Relay
from ticketrelay.store.admin import Session
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.pages.guards import Checked, PageNotFound, RendererDep, SignedIn
from ticketrelay.web.pages.render import Renderer

router = APIRouter()


@router.get("/sources")
def sources_page(
    request: Request, session: SignedIn, relay: RelayDep, renderer: RendererDep
) -> Response:
    """Every source, with the form that adds one."""
    return _page(request, session, relay, renderer)


@router.post("/sources")
def create(
    request: Request,
    session: Checked,
    relay: RelayDep,
    renderer: RendererDep,
    name: Annotated[str, Form()] = "",
    account: Annotated[str, Form()] = "",
) -> Response:
    """Add a source and show its token, this once."""
    name, account = name.strip(), account.strip()
    if not name or not account or len(name) > 200 or len(account) > 128:
        return _page(
            request,
            session,
            relay,
            renderer,
            error="sources.invalid",
            name=name,
            account=account,
            status_code=422,
        )
    _, token = relay.create_source(account, name)
    return _page(request, session, relay, renderer, token=token.reveal())


@router.post("/sources/{source_id:int}/revoke")
def revoke(source_id: int, session: Checked, relay: RelayDep) -> Response:
    """Revoke a source's token."""
    try:
        relay.revoke_source(source_id)
    except NotFound as exc:
        raise PageNotFound from exc
    return RedirectResponse("/sources?msg=source_revoked", status_code=303)


def _page(
    request: Request,
    session: Session,
    relay: Relay,
    renderer: Renderer,
    *,
    token: str = "",
    error: str = "",
    name: str = "",
    account: str = "",
    status_code: int = 200,
) -> Response:
    """The sources page, with a new token to show or a refused form and why."""
    return renderer.page(
        request,
        "sources.html",
        session=session,
        sources=relay.list_sources(),
        token=token,
        error=error,
        name=name,
        account=account,
        events_url=str(request.base_url).rstrip("/") + "/api/v1/events",
        status_code=status_code,
    )
