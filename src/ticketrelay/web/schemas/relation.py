"""The settings of a `relation` source (SPEC section 12): Re:lation read through its API."""

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, Field, StrictInt

from ticketrelay.rules.channels import CallKind
from ticketrelay.web.schemas.shared import MAX_ID, ApiToken, Body
from ticketrelay.web.schemas.source_fields import HelpdeskUrl

MessageBoxes = Annotated[
    list[Annotated[StrictInt, Field(ge=1, le=MAX_ID)]], Field(min_length=1, max_length=50)
]
PollSeconds = Annotated[int, Field(ge=30, le=3600)]
# Re:lation allows 60 requests a minute a token, shared with the customer's other tools.
RequestsPerMinute = Annotated[int, Field(ge=1, le=60)]
DEFAULT_POLL_SECONDS = 60
DEFAULT_REQUESTS_PER_MINUTE = 20


def _distinct(boxes: list[int]) -> list[int]:
    return sorted(set(boxes))


class RelationIn(Body):
    """Re:lation's address and API token, the message boxes to read, and from when."""

    base_url: HelpdeskUrl
    api_token: ApiToken
    message_boxes: Annotated[MessageBoxes, AfterValidator(_distinct)]
    poll_seconds: PollSeconds = DEFAULT_POLL_SECONDS
    requests_per_minute: RequestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE
    since: AwareDatetime | None = None
    # Re:lation's API does not say a call memo's kind: without this, call memos do not sync.
    call_kind: CallKind | None = None

    def public(self, now: datetime) -> dict[str, Any]:
        """The settings without the token; `since` defaults to `now`."""
        found = {
            "base_url": self.base_url.rstrip("/"),
            "message_boxes": self.message_boxes,
            "poll_seconds": self.poll_seconds,
            "requests_per_minute": self.requests_per_minute,
            "since": (self.since or now).astimezone(UTC).isoformat(),
        }
        return found | ({} if self.call_kind is None else {"call_kind": self.call_kind})

    def secret(self) -> str | None:
        """A Re:lation source has no webhook secret."""
        return None

    def poll_secret(self) -> str:
        """The API token the poller reads Re:lation with."""
        return self.api_token


class RelationPatch(Body):
    """What changes of a Re:lation source; what is left out stays as it is."""

    api_token: ApiToken | None = None
    message_boxes: Annotated[MessageBoxes, AfterValidator(_distinct)] | None = None
    poll_seconds: PollSeconds | None = None
    requests_per_minute: RequestsPerMinute | None = None
    call_kind: CallKind | None = None

    def public(self) -> dict[str, Any]:
        """The non-secret settings given."""
        given = {
            "message_boxes": self.message_boxes,
            "poll_seconds": self.poll_seconds,
            "requests_per_minute": self.requests_per_minute,
            "call_kind": self.call_kind,
        }
        return {key: value for key, value in given.items() if value is not None}

    def secret(self) -> str | None:
        """A Re:lation source has no webhook secret."""
        return None

    def poll_secret(self) -> str | None:
        """The new API token, if given."""
        return self.api_token
