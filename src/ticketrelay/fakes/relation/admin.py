"""The `/_sim/` admin API: add data while the simulator runs, tokens, faults, counters, reset.

No authentication; JSON in and out; errors are `{"error": "…"}` with 400 or 404. The paths
start with `/_sim/`, which Re:lation's `/api/v2/` can never reach.
"""

import random
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from ticketrelay.fakes.relation.faults import Fault
from ticketrelay.fakes.relation.limits import Busiest
from ticketrelay.fakes.relation.seed import seed
from ticketrelay.fakes.relation.state import Missing, RelationState
from ticketrelay.fakes.relation.wire import Answer, Request

Reply = tuple[int, Any]
Action = Callable[..., Reply]
MOMENTS: Final = ("at", "sent_at")


class Refused(ValueError):
    """A malformed `/_sim/` request."""


class Admin:
    """Dispatches `/_sim/` requests to the state's methods."""

    def __init__(self, state: RelationState) -> None:
        self.state = state
        self.routes: Final[tuple[tuple[str, re.Pattern[str], Action], ...]] = tuple(
            (method, re.compile(path), action)
            for method, path, action in (
                ("GET", r"/_sim/health", self.health),
                ("GET", r"/_sim/stats", self.stats),
                ("POST", r"/_sim/reset", self.reset),
                ("POST", r"/_sim/seed", self.seed),
                ("POST", r"/_sim/tokens", self.issue_token),
                ("DELETE", r"/_sim/tokens/([^/]+)", self.revoke_token),
                ("POST", r"/_sim/message_boxes", self.add_message_box),
                ("POST", r"/_sim/users", self.add_user),
                ("POST", r"/_sim/tickets", self.add_ticket),
                ("PATCH", r"/_sim/tickets/(\d+)", self.update_ticket),
                ("POST", r"/_sim/tickets/(\d+)/messages", self.add_message),
                ("POST", r"/_sim/messages/(\d+)/comments", self.add_comment),
                ("POST", r"/_sim/messages/(\d+)/conversations", self.add_conversation),
                ("GET", r"/_sim/faults", self.faults),
                ("POST", r"/_sim/faults", self.add_faults),
                ("DELETE", r"/_sim/faults(?:/(\w+))?", self.clear_faults),
            )
        )

    def handle(self, request: Request) -> Answer:
        """Answer one `/_sim/` request."""
        for method, pattern, action in self.routes:
            match = pattern.fullmatch(request.path)
            if match and method == request.method:
                try:
                    with self.state.lock:
                        return Answer(*action(_body(request), *match.groups()))
                except Missing as failure:
                    return Answer(404, {"error": str(failure)})
                except KeyError as failure:
                    return Answer(400, {"error": f"missing key {failure}"})
                except (ValueError, TypeError) as failure:
                    return Answer(400, {"error": str(failure)})
        return Answer(404, {"error": f"no such endpoint: {request.method} {request.path}"})

    def health(self, body: Mapping[str, Any]) -> Reply:
        """GET /_sim/health → {"ok": true}."""
        return 200, {"ok": True}

    def stats(self, body: Mapping[str, Any]) -> Reply:
        """GET /_sim/stats → requests per token and minute, and the busiest minutes."""
        limiter = self.state.limiter
        tokens = {
            name: {
                "busiest": _busiest(limiter.busiest(name)),
                "per_minute": {_minute(w): n for w, n in limiter.per_minute(name).items()},
            }
            for name in limiter.tokens()
        }
        busiest = _busiest(limiter.busiest())
        return 200, {"limit": limiter.limit, "busiest": busiest, "tokens": tokens}

    def reset(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/reset → {}; data, faults and counters emptied, tokens kept."""
        self.state.reset()
        return 200, {}

    def seed(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/seed {"tickets": N, "seed"?: 1} → {"tickets": [ids]}."""
        made = seed(self.state, int(body.get("tickets", 10)), random.Random(body.get("seed", 1)))  # noqa: S311
        return 201, {"tickets": [t.ticket_id for t in made]}

    def issue_token(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/tokens {"token"?, "name"?} → {"token"}."""
        return 201, {"token": self.state.issue_token(body.get("token"), name=body.get("name"))}

    def revoke_token(self, body: Mapping[str, Any], token: str) -> Reply:
        """DELETE /_sim/tokens/{token} → {"revoked": bool}."""
        return 200, {"revoked": self.state.revoke_token(token)}

    def add_message_box(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/message_boxes {"name", "color"?, "customer_group_id"?} → the box."""
        return 201, self.state.add_message_box(**body).to_json()

    def add_user(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/users {"mention_name", "last_name", "first_name", "email", …} → the user."""
        return 201, self.state.add_user(**body).to_json()

    def add_ticket(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/tickets {"message_box_id", "title", …} → the ticket as search lists it."""
        fields = _times(body)
        box, title = int(fields.pop("message_box_id")), str(fields.pop("title"))
        return 201, self.state.add_ticket(box, title, **fields).summary_json()

    def update_ticket(self, body: Mapping[str, Any], ticket_id: str) -> Reply:
        """PATCH /_sim/tickets/{id} {"status_cd"?, "assignee"?, …} → the ticket."""
        return 200, self.state.update_ticket(int(ticket_id), **_times(body)).summary_json()

    def add_message(self, body: Mapping[str, Any], ticket_id: str) -> Reply:
        """POST /_sim/tickets/{id}/messages {"method_cd", "action_cd", "title", "body", …}."""
        message = self.state.add_message(int(ticket_id), **_times(body))
        return 201, {"ticket_id": int(ticket_id), **message.to_json()}

    def add_comment(self, body: Mapping[str, Any], message_id: str) -> Reply:
        """POST /_sim/messages/{id}/comments {"comment", "commenter", "comment_type"?, "at"?}."""
        fields = _times(body)
        comment = self.state.add_comment(int(message_id), fields.pop("comment"), **fields)
        return 201, comment.to_json()

    def add_conversation(self, body: Mapping[str, Any], message_id: str) -> Reply:
        """POST /_sim/messages/{id}/conversations {"note", "action_cd", "speaker_name", …}."""
        fields = _times(body)
        talk = self.state.add_conversation(int(message_id), fields.pop("note"), **fields)
        _, message = self.state.find_message(int(message_id))
        return 201, talk.to_json(message.method_cd)

    def faults(self, body: Mapping[str, Any]) -> Reply:
        """GET /_sim/faults → {"faults": [...]}."""
        return 200, {"faults": self.state.faults.listing()}

    def add_faults(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/faults {fault} | {"faults": [...]} → {"ids": [...]}."""
        specs = body.get("faults", [body])
        faults = [Fault.from_json(spec) for spec in specs]
        return 201, {"ids": [self.state.faults.add(f).id for f in faults]}

    def clear_faults(self, body: Mapping[str, Any], fault_id: str | None = None) -> Reply:
        """DELETE /_sim/faults[/{id}] → {"removed": n}."""
        return 200, {"removed": self.state.faults.remove(fault_id)}


def _body(request: Request) -> dict[str, Any]:
    body = request.json()
    if not isinstance(body, dict):
        raise Refused("the body must be a JSON object")
    return body


def _times(body: Mapping[str, Any]) -> dict[str, Any]:
    fields = dict(body)
    for key in MOMENTS:
        if key in fields:
            moment = datetime.fromisoformat(str(fields[key]))
            if moment.tzinfo is None:
                raise Refused(f"{key} needs a UTC offset")
            fields[key] = moment
    return fields


def _minute(window: int) -> str:
    return datetime.fromtimestamp(window, UTC).isoformat()


def _busiest(busiest: Busiest | None) -> dict[str, Any] | None:
    return None if busiest is None else busiest.to_json()
