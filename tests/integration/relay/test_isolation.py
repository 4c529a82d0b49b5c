"""One integration's failure stays with it: it pauses with the reason, gives its lease back at
once, and the integrations of other accounts are delivered as if nothing happened."""

import logging
from collections.abc import Callable

import anyio
import pytest
import sqlalchemy as sa

from tests.integration.relay.helpers import Target, connect, drain, ingest_mails
from ticketrelay.crypto import Cipher
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.sender import SenderOptions
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.retry import RetryPolicy
from ticketrelay.secret import Secret
from ticketrelay.store import Store, deliveries, fieldcache, integrations, leases
from ticketrelay.store.base import now

pytestmark = pytest.mark.anyio
OTHER = "other-account"
BAD_TOKEN = "ひみつのトークン"  # cannot travel in an HTTP header


async def _two_accounts(relay: Relay, kintone: Simulator) -> tuple[Target, Target]:
    """An integration of the test account and one of another account, 40 mails each."""
    broken = await connect(relay, kintone)
    healthy = await connect(relay, kintone, account=OTHER)
    ingest_mails(relay, 40)
    ingest_mails(relay, 40, start=100, account=OTHER)
    return broken, healthy


def _unsendable(relay: Relay) -> str:
    """A token as one saved before tokens were checked would be (the API refuses it now)."""
    return relay.cipher.encrypt(Secret(BAD_TOKEN))


def _of_another_key(_relay: Relay) -> str:
    """A token encrypted with a key the relay does not have (the key was changed)."""
    return Cipher(Secret("another key")).encrypt(Secret("abc123"))


def _store_token(relay: Relay, integration_id: int, encrypted: str) -> None:
    table = integrations.integrations
    with relay.store.write() as conn:
        conn.execute(
            sa.update(table)
            .where(table.c.id == integration_id)
            .values(api_token_encrypted=encrypted)
        )


def _store_garbled_field_cache(store: Store, integration_id: int) -> None:
    """Cache app fields that cannot be parsed, as a damaged row would hold them."""
    garbled = fieldcache.CachedFields(
        properties={"subject": "not an object"}, revision="1", fetched_at=now()
    )
    with store.write() as conn:
        fieldcache.put(conn, integration_id, garbled)


def _leases(store: Store) -> list[int]:
    with store.read() as conn:
        return list(conn.execute(sa.select(leases.leases.c.integration_id)).scalars())


def _pending(store: Store, integration_id: int) -> int:
    with store.read() as conn:
        return deliveries.counts(conn, integration_id).get("pending", 0)


@pytest.mark.parametrize(
    ("token", "why"),
    [(_unsendable, "non-ASCII"), (_of_another_key, "cannot be decrypted")],
)
async def test_a_stored_token_that_cannot_be_used_pauses_only_its_integration(
    relay: Relay,
    kintone: Simulator,
    caplog: pytest.LogCaptureFixture,
    token: Callable[[Relay], str],
    why: str,
) -> None:
    """The other account's records all arrive; the bad one pauses, its lease is given back."""
    broken, healthy = await _two_accounts(relay, kintone)
    _store_token(relay, broken.integration.id, token(relay))
    await drain(relay, retry=RetryPolicy())
    assert len(kintone.records(healthy.app)) == 40
    assert kintone.records(broken.app) == []
    paused = relay.integration(broken.integration.id)
    assert (paused.status, paused.paused_code) == ("paused", "BAD_TOKEN")
    assert "API トークン" in (paused.paused_reason or "")
    assert why in (paused.paused_reason or "")
    assert _leases(relay.store) == []
    assert _pending(relay.store, broken.integration.id) == 40
    assert BAD_TOKEN not in caplog.text


async def test_a_bug_on_one_integration_pauses_it_and_the_others_go_on(
    relay: Relay, kintone: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    """An exception of ticketrelay's own is logged with its traceback and pauses only its
    integration, with a reason that says what failed and when it is tried again."""
    broken, healthy = await _two_accounts(relay, kintone)
    _store_garbled_field_cache(relay.store, broken.integration.id)
    with caplog.at_level(logging.ERROR):
        await drain(relay, retry=RetryPolicy())
    assert len(kintone.records(healthy.app)) == 40
    paused = relay.integration(broken.integration.id)
    assert (paused.status, paused.paused_code) == ("paused", "INTERNAL")
    reason = paused.paused_reason or ""
    assert "ticketrelay failed while delivering to this integration: AttributeError" in reason
    assert f"it is retried at {paused.probe_at:%Y-%m-%d %H:%M:%S} UTC" in reason
    assert _leases(relay.store) == []
    assert _pending(relay.store, broken.integration.id) == 40
    (logged,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged.exc_info is not None
    assert logged.exc_info[0] is AttributeError


async def test_a_running_worker_outlives_a_bad_token_and_delivers_the_others(
    relay: Relay, kintone: Simulator
) -> None:
    """Two tasks run on while one integration fails; the other's records all arrive."""
    broken, healthy = await _two_accounts(relay, kintone)
    _store_token(relay, broken.integration.id, _unsendable(relay))
    options = WorkerOptions(tasks=2, sender=SenderOptions(retry=RetryPolicy()))
    stop = anyio.Event()

    async def watch() -> None:
        while len(kintone.records(healthy.app)) < 40 or _leases(relay.store):
            await relay.doorbell.wait(0.05)
        stop.set()

    with anyio.fail_after(60):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(relay.worker(options).run, stop)
            tasks.start_soon(watch)
    assert len(kintone.records(healthy.app)) == 40
    assert relay.integration(broken.integration.id).paused_code == "BAD_TOKEN"
    assert _leases(relay.store) == []
