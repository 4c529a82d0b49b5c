"""The integration editor: connection, mapping with hints, filters, test record, saving.

"Check connection", changing a mapping row and "Send a test record" are htmx requests that
answer with a part of the page; without JavaScript the same buttons submit the whole form
and get the whole page back.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from zoneinfo import available_timezones

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from ticketrelay.integrations.sample import SampleOutcome, sample_activity, send_sample
from ticketrelay.kintone.auth import ApiTokens
from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.errors import KintoneError
from ticketrelay.kintone.hosts import check_base_url
from ticketrelay.model import Integration
from ticketrelay.rules.channels import CHANNEL_KEYS
from ticketrelay.rules.mapping_check import check_mapping
from ticketrelay.rules.problems import Problem
from ticketrelay.secret import Secret
from ticketrelay.store import fieldcache
from ticketrelay.store.admin import Session
from ticketrelay.web.pages.context import PageNotFound, Pages
from ticketrelay.web.pages.editor_form import (
    EditorForm,
    general_problems,
    mapping_rows,
    unwritable,
)
from ticketrelay.web.pages.messages import (
    CHANNEL_LABELS,
    OUTCOMES,
    PAUSE_OTHER,
    PAUSES,
    TYPE_NAMES,
)
from ticketrelay.web.pages.render import language

ZONES = sorted(available_timezones())


@dataclass(frozen=True, kw_only=True)
class Connection:
    """What "Check connection" found: the number of fields, or why it failed."""

    field_count: int | None = None
    error: KintoneError | None = None
    errors: tuple[str, ...] = ()


def routes(pages: Pages) -> APIRouter:
    """The editor's routes."""
    router = APIRouter()
    checked = Annotated[Session, Depends(pages.checked)]
    signed_in = Annotated[Session, Depends(pages.signed_in)]
    relay = pages.relay

    @router.get("/integrations/new")
    def new_form(request: Request, session: signed_in) -> Response:
        form = EditorForm(account=_default_account(pages))
        return _page(pages, request, session, form)

    @router.post("/integrations/new")
    async def create(request: Request, session: checked) -> Response:
        form = EditorForm.read(await request.form(), None)
        errors = form.errors(relay.allowed_hosts, stored_url=None)
        if errors:
            return _page(pages, request, session, form, errors=errors, status_code=422)
        integration, _ = await relay.create_integration(form.spec())
        return RedirectResponse(f"/integrations/{integration.id}?saved=1", status_code=303)

    @router.get("/integrations/{integration_id:int}")
    async def edit_form(
        request: Request, integration_id: int, session: signed_in, saved: int = 0
    ) -> Response:
        integration = pages.integration(integration_id)
        problems: Sequence[Problem] | None = None
        if saved:
            problems = (await relay.check(integration_id)).problems
        cached = await relay.store.reading(lambda conn: fieldcache.get(conn, integration_id))
        form = EditorForm.of(integration, cached.properties if cached else None)
        fields = form.fields()
        if problems is None and fields is not None:
            problems = check_mapping(form.mapping, fields, form.timezone).problems
        return _page(pages, request, session, form, problems=problems or (), saved=bool(saved))

    @router.post("/integrations/{integration_id:int}")
    async def save(request: Request, integration_id: int, session: checked) -> Response:
        stored = pages.integration(integration_id)
        form = EditorForm.read(await request.form(), integration_id)
        errors = form.errors(relay.allowed_hosts, stored_url=stored.base_url)
        if errors:
            return _page(pages, request, session, form, errors=errors, status_code=422)
        await relay.update_integration(integration_id, form.spec())
        return RedirectResponse(f"/integrations/{integration_id}?saved=1", status_code=303)

    @router.post("/integrations/connect")
    async def connect(request: Request, session: checked) -> Response:
        form, stored = await _submitted(pages, request)
        errors = form.connection_errors(relay.allowed_hosts, _stored_url(stored))
        if errors:
            connection = Connection(errors=tuple(errors))
            return _part(pages, request, session, form, "mapping", connection=connection)
        try:
            async with _client(pages, request, form, stored) as client:
                found = await client.get_form_fields(int(form.app))
        except KintoneError as exc:
            connection = Connection(error=exc)
            return _part(pages, request, session, form, "mapping", connection=connection)
        form = form.with_fields(found.fields)
        connection = Connection(field_count=len(found.fields))
        return _part(pages, request, session, form, "mapping", connection=connection)

    @router.post("/integrations/mapping")
    async def refresh_mapping(request: Request, session: checked) -> Response:
        form, _ = await _submitted(pages, request)
        return _part(pages, request, session, form, "mapping")

    @router.post("/integrations/test-record")
    async def test_record(request: Request, session: checked) -> Response:
        form, stored = await _submitted(pages, request)
        errors = form.connection_errors(relay.allowed_hosts, _stored_url(stored))
        if errors:
            connection = Connection(errors=tuple(errors))
            return _part(pages, request, session, form, "test", connection=connection)
        activity = sample_activity(form.account or "test", pages.now())
        async with _client(pages, request, form, stored) as client:
            outcome = await send_sample(
                client, int(form.app), form.mapping, form.timezone, activity
            )
        return _part(pages, request, session, form, "test", test=outcome)

    return router


async def _submitted(pages: Pages, request: Request) -> tuple[EditorForm, Integration | None]:
    """The submitted form, and the stored integration it edits (whose token it may reuse)."""
    data = await request.form()
    raw_id = data.get("integration_id")
    integration = None
    if isinstance(raw_id, str) and raw_id.isdigit():
        integration = pages.integration(int(raw_id))
    elif raw_id:
        raise PageNotFound
    return EditorForm.read(data, integration.id if integration else None), integration


def _stored_url(stored: Integration | None) -> str | None:
    return stored.base_url if stored is not None else None


def _client(
    pages: Pages, request: Request, form: EditorForm, stored: Integration | None
) -> KintoneClient:
    relay = pages.relay
    token = Secret(form.api_token) if form.api_token else None
    if token is None:
        assert stored is not None
        token = relay.cipher.decrypt(stored.api_token_encrypted)
    return KintoneClient(
        check_base_url(form.base_url, relay.allowed_hosts),
        ApiTokens(tokens=(token,)),
        guest_space_id=int(form.guest_space_id) if form.guest_space_id else None,
        transport=relay.transport,
        language=language(request),
    )


def _default_account(pages: Pages) -> str:
    accounts = _accounts(pages)
    return accounts[0] if len(accounts) == 1 else ""


def _accounts(pages: Pages) -> list[str]:
    found = {s.account for s in pages.relay.list_sources() if s.revoked_at is None}
    found |= {i.account for i in pages.relay.list_integrations()}
    return sorted(found)


def _part(
    pages: Pages,
    request: Request,
    session: Session,
    form: EditorForm,
    part: str,
    **extra: Any,
) -> Response:
    """One part of the editor for htmx, or the whole editor without JavaScript."""
    fields = form.fields()
    problems = check_mapping(form.mapping, fields, form.timezone).problems if fields else ()
    if not request.headers.get("HX-Request"):
        return _page(pages, request, session, form, problems=problems, **extra)
    context = _context(pages, form, problems=problems, **extra)
    body = pages.renderer.render(request, f"editor_{part}.html", session=session, **context)
    return pages.renderer.html(body)


def _page(
    pages: Pages,
    request: Request,
    session: Session,
    form: EditorForm,
    *,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    context = _context(pages, form, **extra)
    return pages.renderer.page(
        request, "editor.html", session=session, status_code=status_code, **context
    )


def _context(
    pages: Pages,
    form: EditorForm,
    *,
    problems: Sequence[Problem] = (),
    connection: Connection | None = None,
    errors: Sequence[str] = (),
    saved: bool = False,
    test: SampleOutcome | None = None,
) -> dict[str, Any]:
    fields = form.fields()
    integration = pages.integration(form.integration_id) if form.integration_id else None
    return {
        "form": form,
        "integration": integration,
        "fields_loaded": fields is not None,
        "rows": mapping_rows(form.mapping, fields or {}, problems),
        "general": general_problems(problems),
        "has_errors": any(p.severity == "error" for p in problems),
        "unwritable": unwritable(fields or {}),
        "connection": connection,
        "errors": list(errors),
        "saved": saved,
        "test": test,
        "record_url": _record_url(form, test),
        "channel_keys": CHANNEL_KEYS,
        "channel_labels": CHANNEL_LABELS,
        "type_names": TYPE_NAMES,
        "outcomes": OUTCOMES,
        "pauses": PAUSES,
        "pause_other": PAUSE_OTHER,
        "zones": ZONES,
        "accounts": _accounts(pages),
    }


def _record_url(form: EditorForm, test: SampleOutcome | None) -> str:
    if test is None or test.record_id is None:
        return ""
    space = f"/guest/{form.guest_space_id}" if form.guest_space_id else ""
    return f"{form.base_url.rstrip('/')}/k{space}/{form.app}/show#record={test.record_id}"
