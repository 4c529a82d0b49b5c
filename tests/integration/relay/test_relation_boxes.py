"""Checking a Re:lation API token against the shipped simulator: its message boxes, or why not."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from ticketrelay.errors import RetryLater
from ticketrelay.fakes.relation import RelationSimulator, run_relation_sim
from ticketrelay.fakes.relation.state import RelationState
from ticketrelay.intake.pollers.relation_boxes import (
    BoxesForbidden,
    HostNotAllowed,
    TokenRefused,
    message_boxes,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def relation() -> Iterator[RelationSimulator]:
    """The Re:lation simulator on loopback, with two message boxes."""
    state = RelationState()
    state.add_message_box("カスタマーサポート")
    state.add_message_box("営業窓口")
    with run_relation_sim(state) as sim:
        yield sim


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client."""
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


def _host(sim: RelationSimulator) -> tuple[str, ...]:
    return (sim.url.removeprefix("http://"),)


async def test_a_valid_token_lists_the_boxes_by_id(
    relation: RelationSimulator, http: httpx.AsyncClient
) -> None:
    """Each box comes as its ID and name, in ID order; a trailing slash does not matter."""
    found = await message_boxes(http, relation.url + "/", relation.token, _host(relation))
    assert found == [(1, "カスタマーサポート"), (2, "営業窓口")]


async def test_a_wrong_token_is_refused_as_the_tokens_fault(
    relation: RelationSimulator, http: httpx.AsyncClient
) -> None:
    """Re:lation's 401 says that the token is wrong, and where to issue another."""
    with pytest.raises(TokenRefused, match="システム設定 › API トークン"):
        await message_boxes(http, relation.url, "not-the-token", _host(relation))


async def test_a_revoked_token_is_refused_too(
    relation: RelationSimulator, http: httpx.AsyncClient
) -> None:
    """A token deleted in Re:lation answers 401 like a wrong one."""
    token = relation.state.issue_token()
    relation.state.revoke_token(token)
    with pytest.raises(TokenRefused):
        await message_boxes(http, relation.url, token, _host(relation))


async def test_a_host_not_allowed_is_never_asked(http: httpx.AsyncClient) -> None:
    """Only https Re:lation domains and the allowed hosts are reached; nothing is sent."""
    for url in ("http://acme.relationapp.jp", "https://relation.example.com", "ftp://x"):
        with pytest.raises(HostNotAllowed, match="TICKETRELAY_SOURCE_HOSTS"):
            await message_boxes(http, url, "token", ())


async def test_a_forbidden_list_names_the_tokens_user(
    relation: RelationSimulator, http: httpx.AsyncClient
) -> None:
    """A 403 that is not the rate limit is the user's access, a person's to fix."""
    relation.add_fault("error", status=403, path="/api/v2/message_boxes")
    with pytest.raises(BoxesForbidden, match="token's user"):
        await message_boxes(http, relation.url, relation.token, _host(relation))


async def test_the_rate_limit_used_up_is_for_later() -> None:
    """Re:lation's 403 with no requests left means try again in a minute."""
    state = RelationState(rate_limit=1)
    state.add_message_box("カスタマーサポート")
    with run_relation_sim(state) as sim:
        async with httpx.AsyncClient(timeout=5) as http:
            await message_boxes(http, sim.url, sim.token, _host(sim))
            with pytest.raises(RetryLater, match="in a minute"):
                await message_boxes(http, sim.url, sim.token, _host(sim))


async def test_no_answer_is_for_later(http: httpx.AsyncClient) -> None:
    """A server that does not answer is a retry, not a wrong setting."""
    with pytest.raises(RetryLater, match="did not answer"):
        await message_boxes(http, "http://localhost:9", "token", ("localhost:9",))


async def test_a_server_error_is_for_later(
    relation: RelationSimulator, http: httpx.AsyncClient
) -> None:
    """Re:lation's 503 during maintenance is a retry."""
    relation.add_fault("unavailable")
    with pytest.raises(RetryLater, match="503"):
        await message_boxes(http, relation.url, relation.token, _host(relation))
