"""Integrations take turns: with equal due times and fewer tasks than integrations, every
integration is served within the first rounds, none waits for the others' backlogs."""

import anyio
import pytest

from tests.integration.relay.helpers import connect, ingest_mails
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.sender import SenderOptions
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.retry import NO_WAITING

pytestmark = pytest.mark.anyio


async def test_three_integrations_with_equal_due_times_share_two_tasks(
    relay: Relay, kintone: Simulator
) -> None:
    """Three rounds of two tasks, a batch of 10 each: every integration gets records."""
    apps = [(await connect(relay, kintone)).app for _ in range(3)]
    ingest_mails(relay, 60)
    sender = SenderOptions(retry=NO_WAITING, batch_size=10)
    options = WorkerOptions(tasks=2, batches_per_lease=1, sender=sender)
    async with relay.worker(options) as worker:
        for _ in range(3):
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(worker.run_once, "w/0")
                tasks.start_soon(worker.run_once, "w/1")
    counts = [len(kintone.records(app)) for app in apps]
    assert sum(counts) == 60
    assert min(counts) >= 10, counts


async def test_one_task_serves_each_integration_in_turn(relay: Relay, kintone: Simulator) -> None:
    """Rounds of one batch go to each integration in turn, then around again."""
    apps = [(await connect(relay, kintone)).app for _ in range(3)]
    ingest_mails(relay, 60)
    sender = SenderOptions(retry=NO_WAITING, batch_size=10)
    options = WorkerOptions(tasks=1, batches_per_lease=1, sender=sender)
    served: list[list[int]] = []
    async with relay.worker(options) as worker:
        for _ in range(4):
            await worker.run_once()
            served.append([len(kintone.records(app)) for app in apps])
    assert served == [[10, 0, 0], [10, 10, 0], [10, 10, 10], [20, 10, 10]]
