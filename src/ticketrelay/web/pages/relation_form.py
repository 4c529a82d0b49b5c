"""The Re:lation part of the add-source form: its address, message boxes and pace.

The message boxes offered are those Re:lation listed when the token was checked; they come
back with the form (names are not secret) so that a refused form offers them again. The
token is the form's secret (`source_form`): read once per request, never put in the page.
"""

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from starlette.datastructures import FormData

from ticketrelay.rules.channels import CALL_KINDS, CALL_NAMES
from ticketrelay.web.pages.render import TOKYO
from ticketrelay.web.schemas.relation import RelationIn

TOKEN_FIELD = "relation_token"  # noqa: S105 - an input's name, not a secret
# Each setting of the API's `relation` body, by the name of its input on the form.
INPUTS = {
    "base_url": "relation_url",
    "api_token": TOKEN_FIELD,
    "message_boxes": "message_boxes",
    "poll_seconds": "poll_seconds",
    "requests_per_minute": "requests_per_minute",
    "since": "since",
    "call_kind": "call_kind",
}
CALL_CHOICES = tuple((kind, CALL_NAMES[kind]) for kind in CALL_KINDS)


def _bounds(name: str) -> tuple[int, int, int]:
    """A number's least, greatest and default value, read from the API's schema."""
    found = RelationIn.model_json_schema()["properties"][name]
    return int(found["minimum"]), int(found["maximum"]), int(found["default"])


POLL_BOUNDS = _bounds("poll_seconds")
RATE_BOUNDS = _bounds("requests_per_minute")


@dataclass(frozen=True, kw_only=True)
class RelationFields:
    """The Re:lation inputs as typed but the token; `listed`: what Re:lation last listed."""

    url: str = ""
    boxes: tuple[str, ...] = ()
    poll_seconds: str = str(POLL_BOUNDS[2])
    requests_per_minute: str = str(RATE_BOUNDS[2])
    since: str = ""
    call_kind: str = ""
    listed: tuple[tuple[int, str], ...] = ()

    @classmethod
    def read(cls, form: FormData) -> "RelationFields":
        """The Re:lation inputs of a submitted form."""

        def get(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""

        boxes = tuple(v.strip() for v in form.getlist("message_boxes") if isinstance(v, str))
        return cls(
            url=get("relation_url").rstrip("/"),
            boxes=boxes,
            poll_seconds=get("poll_seconds"),
            requests_per_minute=get("requests_per_minute"),
            since=get("since"),
            call_kind=get("call_kind"),
            listed=_listed(get("listed_boxes")),
        )

    def with_listed(self, listed: list[tuple[int, str]]) -> "RelationFields":
        """The same inputs, offering the message boxes Re:lation just listed."""
        return replace(self, listed=tuple(listed))

    def listed_json(self) -> str:
        """The listed message boxes, for the form's hidden input."""
        return json.dumps(self.listed, ensure_ascii=False)

    def body(self, token: str, today: date) -> tuple[dict[str, Any], dict[str, str]]:
        """The API's `relation` body, and the message key of each input refused before it."""
        since, refused = _since(self.since, today)
        found: dict[str, Any] = {
            "base_url": self.url,
            "api_token": token or None,
            "message_boxes": [int(b) if b.isdigit() else b for b in self.boxes],
            "poll_seconds": self.poll_seconds or None,
            "requests_per_minute": self.requests_per_minute or None,
            "since": since,
            "call_kind": self.call_kind or None,
        }
        return {k: v for k, v in found.items() if v is not None}, refused


def _since(typed: str, today: date) -> tuple[str | None, dict[str, str]]:
    """A date typed as the start of that day in Tokyo; empty is now; later than today is not."""
    if not typed:
        return None, {}
    try:
        day = date.fromisoformat(typed)
    except ValueError:
        return None, {"since": "sources.error.since"}
    if day > today:
        return None, {"since": "sources.error.since"}
    # The page shows times in Tokyo (render.local_time), so a date typed there is Tokyo's.
    return datetime.combine(day, time(), TOKYO).isoformat(), {}


def _listed(typed: str) -> tuple[tuple[int, str], ...]:
    """The message boxes carried back by the form; nothing when they do not read as such."""
    try:
        found = json.loads(typed) if typed else []
        return tuple((int(box_id), str(name)) for box_id, name in found)
    except (ValueError, TypeError):
        return ()
