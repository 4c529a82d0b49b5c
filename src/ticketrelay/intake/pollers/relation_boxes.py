"""The message boxes a Re:lation API token can read: how the settings page checks a token.

PollRefused             a person must fix the settings
├── HostNotAllowed      ticketrelay may not reach the base URL's host
├── TokenRefused        401: the token is wrong or was deleted
└── BoxesForbidden      403: the token's user may not list the message boxes
RetryLater              no answer, Re:lation's limit used up, or an answer it cannot read
"""

from collections.abc import Sequence

import httpx

from ticketrelay.errors import RetryLater
from ticketrelay.intake.polling import PollRefused, reachable

OWN_DOMAINS = ("relationapp.jp",)


class HostNotAllowed(PollRefused):
    """The base URL is not Re:lation's (https *.relationapp.jp) nor a host allowed to sources."""


class TokenRefused(PollRefused):
    """Re:lation answered 401: the API token is wrong or was deleted."""


class BoxesForbidden(PollRefused):
    """Re:lation answered 403 (not for its rate limit): the token may not list message boxes."""


async def message_boxes(
    http: httpx.AsyncClient, base_url: str, token: str, allowed_hosts: Sequence[str]
) -> list[tuple[int, str]]:
    """The (ID, name) of every message box the token can read, by ID."""
    try:
        base = reachable(base_url, OWN_DOMAINS, allowed_hosts)
    except PollRefused as exc:
        raise HostNotAllowed(str(exc)) from exc
    url = f"{base}/api/v2/message_boxes"
    headers = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
    try:
        answer = await http.get(url, headers=headers)
    except httpx.HTTPError as exc:
        raise RetryLater(f"Re:lation did not answer GET {url} ({exc!r}).") from exc
    _check(answer, url)
    return _boxes(answer, url)


def _check(answer: httpx.Response, url: str) -> None:
    status = answer.status_code
    if status == 401:
        raise TokenRefused(
            f"Re:lation refused the API token (401) at {url}: it is wrong or was deleted. "
            "Issue a token in Re:lation (システム設定 › API トークン) and paste it again."
        )
    if status == 403 and answer.headers.get("x-ratelimit-remaining") == "0":
        raise RetryLater(
            f"Re:lation's limit of requests a minute is used up (403 at {url}): try again "
            "in a minute."
        )
    if status == 403:
        raise BoxesForbidden(
            f"Re:lation refused to list the message boxes (403 at {url}): give the token's "
            "user access to the message boxes, or use another user's token."
        )
    if status != 200:
        raise RetryLater(f"Re:lation answered GET {url} with {status}: try again later.")


def _boxes(answer: httpx.Response, url: str) -> list[tuple[int, str]]:
    try:
        found = [(int(b["message_box_id"]), str(b["name"])) for b in answer.json()]
    except (ValueError, TypeError, KeyError) as exc:
        raise RetryLater(f"Re:lation answered GET {url} with no list of message boxes.") from exc
    return sorted(found)
