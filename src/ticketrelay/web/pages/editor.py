"""The integration editor: connection, mapping with hints, filters, test record, saving.

"Check connection", changing a mapping row and "Send a test record" are htmx requests that
answer with a part of the page; without JavaScript the same buttons submit the whole form
and get the whole page back.
"""

from collections.abc import Sequence

import anyio
from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from ticketrelay.errors import InvalidInput
from ticketrelay.integrations.sample import sample_activity, send_sample
from ticketrelay.kintone.auth import ApiTokens
from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.errors import KintoneError
from ticketrelay.kintone.hosts import check_base_url
from ticketrelay.model import Integration
from ticketrelay.rules.mapping_check import check_mapping
from ticketrelay.rules.problems import Problem
from ticketrelay.secret import Secret
from ticketrelay.web.pages.editor_form import EditorForm
from ticketrelay.web.pages.editor_view import Connection, Editing, EditorView, Viewing
from ticketrelay.web.pages.guards import PageNotFound, find_integration
from ticketrelay.web.pages.render import language

router = APIRouter()


@router.get("/integrations/new")
def new_form(editor: Viewing) -> Response:
    """An empty editor, for the only account there is if there is one."""
    accounts = editor.accounts()
    return editor.page(EditorForm(account=accounts[0] if len(accounts) == 1 else ""))


@router.post("/integrations/new")
async def create(editor: Editing) -> Response:
    """Store a new integration, or show the form again with what is wrong with it."""
    form = EditorForm.read(await editor.request.form(), None)
    errors = form.errors(editor.relay.allowed_hosts, stored_url=None)
    if errors:
        return editor.page(form, errors=errors, status_code=422)
    try:
        integration, _ = await editor.relay.create_integration(form.spec())
    except InvalidInput as exc:
        return _refused(editor, form, exc)
    return RedirectResponse(f"/integrations/{integration.id}?saved=1", status_code=303)


@router.get("/integrations/{integration_id:int}")
async def edit_form(integration_id: int, editor: Viewing, saved: int = 0) -> Response:
    """A stored integration; just after saving, checked against the app's live fields."""
    relay = editor.relay
    integration = find_integration(relay, integration_id)
    problems: Sequence[Problem] | None = None
    if saved:
        problems = (await relay.check(integration_id)).problems
    cached = await anyio.to_thread.run_sync(relay.cached_fields, integration_id)
    form = EditorForm.of(integration, cached.properties if cached else None)
    fields = form.fields()
    if problems is None and fields is not None:
        problems = check_mapping(form.mapping, fields, form.timezone).problems
    usage = await editor.usage(integration)
    return editor.page(form, problems=problems or (), saved=bool(saved), usage=usage)


@router.post("/integrations/{integration_id:int}")
async def save(integration_id: int, editor: Editing) -> Response:
    """Save an integration's new settings, or show the form again with what is wrong."""
    stored = find_integration(editor.relay, integration_id)
    form = EditorForm.read(await editor.request.form(), integration_id)
    errors = form.errors(editor.relay.allowed_hosts, stored_url=stored.base_url)
    if errors:
        return editor.page(form, errors=errors, status_code=422)
    try:
        await editor.relay.update_integration(integration_id, form.spec())
    except InvalidInput as exc:
        return _refused(editor, form, exc)
    return RedirectResponse(f"/integrations/{integration_id}?saved=1", status_code=303)


@router.post("/integrations/connect")
async def connect(editor: Editing) -> Response:
    """Read the app's fields from kintone and offer them in the mapping table."""
    form, stored = await _submitted(editor)
    errors = form.connection_errors(editor.relay.allowed_hosts, _stored_url(stored))
    if errors:
        return editor.part(form, "mapping", connection=Connection(errors=tuple(errors)))
    try:
        async with _client(editor, form, stored) as client:
            found = await client.get_form_fields(int(form.app))
    except KintoneError as exc:
        return editor.part(form, "mapping", connection=Connection(error=exc))
    connection = Connection(field_count=len(found.fields))
    return editor.part(form.with_fields(found.fields), "mapping", connection=connection)


@router.post("/integrations/mapping")
async def refresh_mapping(editor: Editing) -> Response:
    """The mapping table again, its hints and problems following the changed row."""
    form, _ = await _submitted(editor)
    return editor.part(form, "mapping")


@router.post("/integrations/test-record")
async def test_record(editor: Editing) -> Response:
    """Write a sample activity into the app as the form maps it, and say how it went."""
    form, stored = await _submitted(editor)
    errors = form.connection_errors(editor.relay.allowed_hosts, _stored_url(stored))
    if errors:
        return editor.part(form, "test", connection=Connection(errors=tuple(errors)))
    activity = sample_activity(form.account or "test", editor.relay.clock())
    async with _client(editor, form, stored) as client:
        outcome = await send_sample(client, int(form.app), form.mapping, form.timezone, activity)
    return editor.part(form, "test", test=outcome)


async def _submitted(editor: EditorView) -> tuple[EditorForm, Integration | None]:
    """The submitted form, and the stored integration it edits (whose token it may reuse)."""
    data = await editor.request.form()
    raw_id = data.get("integration_id")
    integration = None
    if isinstance(raw_id, str) and raw_id.isdigit():
        integration = find_integration(editor.relay, int(raw_id))
    elif raw_id:
        raise PageNotFound
    return EditorForm.read(data, integration.id if integration else None), integration


def _refused(editor: EditorView, form: EditorForm, exc: InvalidInput) -> Response:
    """The form again with the reason the integration was refused, which the page's own
    checks did not foresee."""
    return editor.page(form, errors=["editor.refused"], refused=str(exc), status_code=422)


def _stored_url(stored: Integration | None) -> str | None:
    return stored.base_url if stored is not None else None


def _client(editor: EditorView, form: EditorForm, stored: Integration | None) -> KintoneClient:
    """A kintone client for the form's app; with no token typed in, the stored one."""
    relay = editor.relay
    token = Secret(form.api_token) if form.api_token else None
    if token is None:
        assert stored is not None
        token = relay.cipher.decrypt(stored.api_token_encrypted)
    return KintoneClient(
        check_base_url(form.base_url, relay.allowed_hosts),
        ApiTokens(tokens=(token,)),
        guest_space_id=int(form.guest_space_id) if form.guest_space_id else None,
        transport=relay.transport,
        language=language(editor.request),
    )
