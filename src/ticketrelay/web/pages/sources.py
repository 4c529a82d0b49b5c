"""Sources: the helpdesks that may send events; create one (its token shown once), revoke."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from ticketrelay.relay import NotFound
from ticketrelay.store.admin import Session
from ticketrelay.web.pages.context import PageNotFound, Pages


def routes(pages: Pages) -> APIRouter:
    """The sources page's routes."""
    router = APIRouter()
    checked = Annotated[Session, Depends(pages.checked)]
    signed_in = Annotated[Session, Depends(pages.signed_in)]
    relay = pages.relay

    def page(
        request: Request,
        session: Session,
        *,
        token: str = "",
        error: str = "",
        name: str = "",
        account: str = "",
        status_code: int = 200,
    ) -> Response:
        return pages.renderer.page(
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

    @router.get("/sources")
    def sources_page(request: Request, session: signed_in) -> Response:
        return page(request, session)

    @router.post("/sources")
    def create(
        request: Request,
        session: checked,
        name: Annotated[str, Form()] = "",
        account: Annotated[str, Form()] = "",
    ) -> Response:
        name, account = name.strip(), account.strip()
        if not name or not account or len(name) > 200 or len(account) > 128:
            return page(
                request,
                session,
                error="sources.invalid",
                name=name,
                account=account,
                status_code=422,
            )
        _, token = relay.create_source(account, name)
        return page(request, session, token=token.reveal())

    @router.post("/sources/{source_id:int}/revoke")
    def revoke(request: Request, source_id: int, session: checked) -> Response:
        try:
            relay.revoke_source(source_id)
        except NotFound as exc:
            raise PageNotFound from exc
        return RedirectResponse("/sources?msg=source_revoked", status_code=303)

    return router
