"""The editor as one request sees it: its whole page, or for htmx one part of the page."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from zoneinfo import available_timezones

from fastapi import Depends, Request
from fastapi.responses import Response

from ticketrelay.integrations.sample import SampleOutcome
from ticketrelay.kintone.errors import KintoneError
from ticketrelay.model import Integration
from ticketrelay.relay import Relay
from ticketrelay.rules.channels import CHANNEL_KEYS
from ticketrelay.rules.mapping_check import check_mapping
from ticketrelay.rules.problems import Problem, writable
from ticketrelay.store.admin import Session
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.pages.editor_form import (
    EditorForm,
    general_problems,
    mapping_rows,
    unwritable,
)
from ticketrelay.web.pages.guards import (
    Checked,
    Pages,
    PagesDep,
    SignedIn,
    find_integration,
)
from ticketrelay.web.pages.messages import (
    CHANNEL_LABELS,
    OUTCOMES,
    PAUSE_OTHER,
    PAUSES,
    TYPE_NAMES,
)
from ticketrelay.web.pages.render import Renderer
from ticketrelay.web.pages.usage import Usage

CHOICES = {
    "channel_keys": CHANNEL_KEYS,
    "channel_labels": CHANNEL_LABELS,
    "type_names": TYPE_NAMES,
    "outcomes": OUTCOMES,
    "pauses": PAUSES,
    "pause_other": PAUSE_OTHER,
    "zones": sorted(available_timezones()),
}
"""What the editor's menus offer, the same on every page."""


@dataclass(frozen=True, kw_only=True)
class Connection:
    """What "Check connection" found: the number of fields, or why it failed."""

    field_count: int | None = None
    error: KintoneError | None = None
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class EditorView:
    """The editor for one request: who asks, the relay, how to render the answer, and the
    daily request budget."""

    request: Request
    session: Session
    relay: Relay
    renderer: Renderer
    budget: int

    def page(self, form: EditorForm, *, status_code: int = 200, **extra: Any) -> Response:
        """The whole editor showing `form`."""
        context = self._context(form, **extra)
        return self.renderer.page(
            self.request, "editor.html", session=self.session, status_code=status_code, **context
        )

    def part(self, form: EditorForm, part: str, **extra: Any) -> Response:
        """One part of the editor for htmx, or the whole editor without JavaScript."""
        fields = form.fields()
        problems = check_mapping(form.mapping, fields, form.timezone).problems if fields else ()
        if not self.request.headers.get("HX-Request"):
            return self.page(form, problems=problems, **extra)
        context = self._context(form, problems=problems, **extra)
        body = self.renderer.render(
            self.request, f"editor_{part}.html", session=self.session, **context
        )
        return self.renderer.html(body)

    async def usage(self, integration: Integration) -> Usage:
        """The integration's kintone requests today against the budget."""
        used = await self.relay.requests_today(integration.id)
        return Usage.of(integration, used, self.budget)

    def accounts(self) -> list[str]:
        """The accounts of the live sources and of the integrations, to choose from."""
        found = {s.account for s in self.relay.list_sources() if s.revoked_at is None}
        found |= {i.account for i in self.relay.list_integrations()}
        return sorted(found)

    def _context(
        self,
        form: EditorForm,
        *,
        problems: Sequence[Problem] = (),
        connection: Connection | None = None,
        errors: Sequence[str] = (),
        saved: bool = False,
        test: SampleOutcome | None = None,
        usage: Usage | None = None,
        refused: str = "",
    ) -> dict[str, Any]:
        fields = form.fields()
        integration = (
            find_integration(self.relay, form.integration_id) if form.integration_id else None
        )
        return {
            "form": form,
            "integration": integration,
            "fields_loaded": fields is not None,
            "rows": mapping_rows(form.mapping, fields or {}, problems),
            "general": general_problems(problems),
            "has_errors": not writable(problems),
            "unwritable": unwritable(fields or {}),
            "connection": connection,
            "errors": list(errors),
            "saved": saved,
            "test": test,
            "usage": usage,
            "refused": refused,
            "record_url": _record_url(form, test),
            "accounts": self.accounts(),
            **CHOICES,
        }


def viewing(request: Request, session: SignedIn, relay: RelayDep, pages: PagesDep) -> EditorView:
    """The editor for a signed-in visitor."""
    return _editor(request, session, relay, pages)


def editing(request: Request, session: Checked, relay: RelayDep, pages: PagesDep) -> EditorView:
    """The editor for a form sent with the session's CSRF token."""
    return _editor(request, session, relay, pages)


def _editor(request: Request, session: Session, relay: Relay, pages: Pages) -> EditorView:
    return EditorView(
        request=request,
        session=session,
        relay=relay,
        renderer=pages.renderer,
        budget=pages.daily_budget,
    )


Viewing = Annotated[EditorView, Depends(viewing)]
Editing = Annotated[EditorView, Depends(editing)]


def _record_url(form: EditorForm, test: SampleOutcome | None) -> str:
    if test is None or test.record_id is None:
        return ""
    space = f"/guest/{form.guest_space_id}" if form.guest_space_id else ""
    return f"{form.base_url.rstrip('/')}/k{space}/{form.app}/show#record={test.record_id}"
