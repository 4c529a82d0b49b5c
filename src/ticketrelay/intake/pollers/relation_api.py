"""Re:lation's REST API as one poll reads it: Bearer token, a request budget, its limits.

Re:lation answers 60 requests a minute a token, shared with the customer's other tools, and
says how many are left (`X-RateLimit-Remaining`, `X-RateLimit-Reset`); past them it answers
403 (docs/relation-api.md). A poll spends at most its budget, stops early when Re:lation
says fewer than `RESERVE` are left, and waits for the reset after a 403 for the limit.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from ticketrelay.errors import RetryLater
from ticketrelay.intake.polling import PollRefused

# Left for the customer's other tools (and a person clicking in Re:lation's own screens).
RESERVE = 5
JSON = {"Accept": "application/json"}


class OutOfBudget(Exception):
    """The poll has spent its requests (or Re:lation's limit is near): go on after `wait`."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(f"out of requests for {wait}")
        self.wait = wait


class Gone(Exception):
    """Re:lation answered 404: the ticket (or message box) is not there any more."""


@dataclass(kw_only=True)
class RelationApi:
    """One poll's client: the base URL, the token, and the requests it may still make."""

    http: httpx.AsyncClient
    base: str
    token: str
    budget: int
    now: datetime
    spent: int = 0
    # How long Re:lation asks to wait before the next poll, once its limit is near.
    wait: timedelta = timedelta(0)
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.headers = {**JSON, "Authorization": f"Bearer {self.token}"}

    async def get(self, path: str, params: dict[str, Any] | None = None) -> object:
        """The JSON of `GET {base}/api/v2/{path}`."""
        return await self._send("GET", path, params=params)

    async def post(self, path: str, body: dict[str, Any]) -> object:
        """The JSON of `POST {base}/api/v2/{path}` with a JSON body."""
        return await self._send("POST", path, json=body)

    async def _send(self, method: str, path: str, **options: Any) -> object:
        if self.spent >= self.budget:
            raise OutOfBudget(timedelta(0))
        self.spent += 1
        url = f"{self.base}/api/v2/{path}"
        try:
            answer = await self.http.request(method, url, headers=self.headers, **options)
        except httpx.HTTPError as exc:
            raise RetryLater(f"Re:lation did not answer {method} {url} ({exc!r}).") from exc
        self._check(answer, method, url)
        try:
            return answer.json()
        except ValueError as exc:
            raise RetryLater(f"Re:lation answered {method} {url} with no JSON.") from exc

    def _check(self, answer: httpx.Response, method: str, url: str) -> None:
        status = answer.status_code
        if status == 401:
            raise PollRefused(
                f"Re:lation refused the API token (401) at {self.base}: it is wrong or was "
                "deleted. Issue a token in Re:lation (system settings › API トークン) and set "
                "it on this source with PATCH /api/v1/sources/{id}."
            )
        if status == 403 and answer.headers.get("x-ratelimit-remaining") == "0":
            raise OutOfBudget(self._until_reset(answer))
        if status == 404:
            raise Gone(f"{method} {url}")
        if status == 403:
            raise PollRefused(
                f"Re:lation refused {method} {url} (403): the token may not read this message "
                "box. Check the token's user, or the message boxes of this source."
            )
        if status >= 300:
            raise RetryLater(f"Re:lation answered {method} {url} with {status}.")
        remaining = answer.headers.get("x-ratelimit-remaining", "")
        if remaining.isdigit() and int(remaining) < RESERVE:
            self.budget = self.spent
            self.wait = self._until_reset(answer)

    def _until_reset(self, answer: httpx.Response) -> timedelta:
        reset = answer.headers.get("x-ratelimit-reset", "")
        if not reset.isdigit():
            return timedelta(minutes=1)
        at = datetime.fromtimestamp(int(reset), UTC)
        return max(timedelta(seconds=1), min(at - self.now, timedelta(hours=1)))
