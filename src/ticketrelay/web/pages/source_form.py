"""The form that adds a source, and the one that gives a webhook source its secret: read as
typed, checked by the API's own rules, refused field by field; a secret is never shown again."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from ticketrelay.secret import Secret
from ticketrelay.web.pages.relation_form import INPUTS, TOKEN_FIELD, RelationFields
from ticketrelay.web.schemas.source_patch import SourcePatch
from ticketrelay.web.schemas.sources import ChatwootIn, SourceIn

KINDS = ("api", "chatwoot", "zendesk", "relation")
SECRET_FIELDS = {"chatwoot": "webhook_secret", "zendesk": "signing_secret"}
# The secret each kind's form takes when a source is added.
NEW_SECRETS = {**SECRET_FIELDS, "relation": TOKEN_FIELD}
FIELDS = (
    "name",
    "account",
    "kind",
    "webhook_secret",
    "base_url",
    "chat_idle_minutes",
    "signing_secret",
    "subdomain",
)


def _idle_bounds() -> tuple[int, int]:
    """The chat idle minutes the API accepts, read from its schema so that both agree."""
    found = ChatwootIn.model_json_schema()["properties"]["chat_idle_minutes"]
    number = next(s for s in found.get("anyOf", [found]) if s.get("type") == "integer")
    return int(number["minimum"]), int(number["maximum"])


IDLE_MIN, IDLE_MAX = _idle_bounds()


@dataclass(frozen=True, kw_only=True)
class SourceForm:
    """The form as typed, so that a refused form comes back with its non-secret values."""

    name: str = ""
    account: str = ""
    kind: str = "api"
    base_url: str = ""
    chat_idle_minutes: str = ""
    subdomain: str = ""
    relation: RelationFields = field(default_factory=RelationFields)
    secret: Secret = field(default_factory=lambda: Secret(""), repr=False)

    @classmethod
    def read(cls, form: FormData) -> "SourceForm":
        """The form as submitted; only the chosen kind's secret is read."""

        def get(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""

        kind = get("kind") or "api"
        return cls(
            name=get("name"),
            account=get("account"),
            kind=kind,
            base_url=get("base_url").rstrip("/"),
            chat_idle_minutes=get("chat_idle_minutes"),
            subdomain=get("subdomain"),
            relation=RelationFields.read(form),
            secret=Secret(get(NEW_SECRETS[kind]) if kind in NEW_SECRETS else ""),
        )

    def check(self, today: date) -> tuple[SourceIn | None, dict[str, str]]:
        """The body the API would take, or the message key of each refused field."""
        body, refused = self._body(today)
        try:
            found = SourceIn.model_validate(body)
        except ValidationError as exc:
            return None, {**_errors(exc), **refused}
        return (None, refused) if refused else (found, {})

    def _body(self, today: date) -> tuple[dict[str, Any], dict[str, str]]:
        body: dict[str, Any] = {"account": self.account, "name": self.name, "kind": self.kind}
        if self.kind == "relation":
            body["relation"], refused = self.relation.body(self.secret.reveal(), today)
            return body, refused
        if self.kind == "chatwoot":
            body["chatwoot"] = {
                "webhook_secret": self.secret.reveal() or None,
                "base_url": self.base_url,
                "chat_idle_minutes": self.chat_idle_minutes or None,
            }
        elif self.kind == "zendesk":
            body["zendesk"] = {
                "signing_secret": self.secret.reveal() or None,
                "subdomain": self.subdomain,
            }
        return body, {}


def secret_refused(kind: str, secret: Secret) -> str | None:
    """Why a webhook source's secret, pasted on its page, is refused: a message key, or None."""
    name = SECRET_FIELDS[kind]
    try:
        SourcePatch.model_validate({kind: {name: secret.reveal() or None}})
    except ValidationError:
        return f"sources.error.{name}"
    return None if secret else f"sources.error.{name}"


def _errors(exc: ValidationError) -> dict[str, str]:
    """The message key of each refused field, by the name of its input."""
    refused: dict[str, str] = {}
    for error in exc.errors():
        parts = [part for part in error["loc"] if isinstance(part, str)]
        if "relation" in parts:
            named = [INPUTS[part] for part in parts if part in INPUTS]
        else:
            named = [part for part in parts if part in FIELDS]
        name = named[-1] if named else "kind"
        refused.setdefault(name, f"sources.error.{name}")
    return refused
