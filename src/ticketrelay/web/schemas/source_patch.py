"""The body of `PATCH /api/v1/sources/{id}`: a webhook source's new secrets and settings."""

from typing import Any

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from ticketrelay.web.schemas.shared import ApiToken, Body
from ticketrelay.web.schemas.sources import Email, HelpdeskUrl, IdleMinutes, Subdomain


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

    @model_validator(mode="after")
    def _one_kind(self) -> "SourcePatch":
        if (self.chatwoot is None) == (self.zendesk is None):
            raise PydanticCustomError(
                "one_kind",
                'needs exactly one of "chatwoot" or "zendesk": the kind of the source to change',
            )
        return self

    def given(self) -> ChatwootPatch | ZendeskPatch:
        """The settings given, of whichever kind."""
        found = self.chatwoot or self.zendesk
        assert found is not None  # _one_kind makes sure
        return found

    @property
    def kind(self) -> str:
        """The kind of source this patch is for."""
        return "chatwoot" if self.chatwoot is not None else "zendesk"
