"""The body of `PATCH /api/v1/sources/{id}`: a webhook source's new secrets and settings."""

from typing import Any

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ticketrelay.web.schemas.relation import RelationPatch
from ticketrelay.web.schemas.shared import ApiToken, Body
from ticketrelay.web.schemas.source_fields import Email, HelpdeskUrl, IdleMinutes, Subdomain


class ChatwootPatch(Body):
    """What changes of a Chatwoot source; what is left out stays as it is."""

    webhook_secret: ApiToken | None = None
    base_url: HelpdeskUrl | None = None
    chat_idle_minutes: IdleMinutes | None = None
    api_access_token: ApiToken | None = None

    def public(self) -> dict[str, Any]:
        """The non-secret settings given."""
        given = {"base_url": self.base_url, "chat_idle_minutes": self.chat_idle_minutes}
        return {key: value for key, value in given.items() if value is not None}

    def secret(self) -> str | None:
        """The webhook's new secret, if given."""
        return self.webhook_secret

    def poll_secret(self) -> str | None:
        """The new API access token, if given."""
        return self.api_access_token


class ZendeskPatch(Body):
    """What changes of a Zendesk source; what is left out stays as it is."""

    signing_secret: ApiToken | None = None
    subdomain: Subdomain | None = None
    api_email: Email | None = None
    api_token: ApiToken | None = None
    api_base_url: HelpdeskUrl | None = None

    def public(self) -> dict[str, Any]:
        """The non-secret settings given."""
        given = {
            "subdomain": self.subdomain,
            "api_email": self.api_email,
            "api_base_url": self.api_base_url,
        }
        return {key: value for key, value in given.items() if value is not None}

    def secret(self) -> str | None:
        """The webhook's new signing secret, if given."""
        return self.signing_secret

    def poll_secret(self) -> str | None:
        """The new API token, if given."""
        return self.api_token


class SourcePatch(Body):
    """New secrets or settings for one webhook source, under its kind's name."""

    chatwoot: ChatwootPatch | None = None
    zendesk: ZendeskPatch | None = None
    relation: RelationPatch | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "SourcePatch":
        if len(self._given()) != 1:
            raise PydanticCustomError(
                "one_kind",
                'needs exactly one of "chatwoot", "zendesk" or "relation": the kind of the '
                "source to change",
            )
        return self

    def _given(self) -> dict[str, ChatwootPatch | ZendeskPatch | RelationPatch]:
        found = {"chatwoot": self.chatwoot, "zendesk": self.zendesk, "relation": self.relation}
        return {kind: value for kind, value in found.items() if value is not None}

    def given(self) -> ChatwootPatch | ZendeskPatch | RelationPatch:
        """The settings given, of whichever kind."""
        return next(iter(self._given().values()))

    @property
    def kind(self) -> str:
        """The kind of source this patch is for."""
        return next(iter(self._given()))
