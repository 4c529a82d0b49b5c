"""Schema drift at scale (issue 10): the app changes under a stream of activities; nothing is
lost silently, and once the admin fixes the app, one resend repairs every record in place.

The stream is `TICKETRELAY_DRIFT_ACTIVITIES` mails (600), delivered 50 at a time while the
clock moves a minute, so that the field cache (five minutes) notices the change late, as it
would in production. A third of the way in, a mapped field is deleted, changes its type, or
gets a lower maxLength.
"""

import base64
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.bodies import ACCOUNT, mail
from tests.integration.relay.helpers import NOW, Clock, connect, drain, report
from ticketrelay.crypto import Cipher
from ticketrelay.kintone.sim import Simulator
from ticketrelay.model import ActivityView
from ticketrelay.relay import Relay
from ticketrelay.rules.events import parse_event
from ticketrelay.secret import Secret
from ticketrelay.store import Store
from ticketrelay.store.errorlog import Filter

pytestmark = [pytest.mark.anyio, pytest.mark.heavy]

SIZE = int(os.environ.get("TICKETRELAY_DRIFT_ACTIVITIES", "600"))
CHUNK = 50
ADMIN = {"X-Cybozu-Authorization": base64.b64encode(b"admin:admin").decode()}
SUBJECT = {"type": "SINGLE_LINE_TEXT", "code": "subject", "label": "件名", "maxLength": "100"}


@dataclass(frozen=True, kw_only=True)
class Drift:
    """A change to the app's form (method and body of preview/app/form/fields.json) that
    breaks the field mapped from `key`, and the change that fixes it."""

    key: str
    code: str
    breaks: tuple[str, dict[str, Any]]
    fixes: tuple[str, dict[str, Any]]


DRIFTS = {
    "deleted": Drift(
        key="subject",
        code="subject",
        breaks=("DELETE", {"fields": ["subject"]}),
        fixes=("POST", {"properties": {"subject": SUBJECT}}),
    ),
    "type changed": Drift(
        key="operator_name",
        code="operator_name",
        breaks=("PUT", {"properties": {"operator_name": {"type": "NUMBER"}}}),
        fixes=("PUT", {"properties": {"operator_name": {"type": "SINGLE_LINE_TEXT"}}}),
    ),
    "maxLength lowered": Drift(
        key="subject",
        code="subject",
        breaks=("PUT", {"properties": {"subject": {"maxLength": "20"}}}),
        fixes=("PUT", {"properties": {"subject": {"maxLength": "100"}}}),
    ),
}


def _subject(n: int) -> str:
    """8, 18, 28 or 38 characters: half of them too long once maxLength is 20."""
    return f"件名 {n:05d}" + "。" * (10 * (n % 4))


async def _change_form(sim: Simulator, app: int, change: tuple[str, dict[str, Any]]) -> None:
    """Change the app's form as its admin would, and deploy it."""
    method, body = change
    async with httpx.AsyncClient(base_url=f"{sim.url}/k/v1", headers=ADMIN) as http:
        answer = await http.request(
            method, "/preview/app/form/fields.json", json={"app": app, **body}
        )
        assert answer.status_code == 200, answer.text
        deployed = await http.post("/preview/app/deploy.json", json={"apps": [{"app": app}]})
        assert deployed.status_code == 200, deployed.text


async def _stream(
    relay: Relay,
    clock: Clock,
    sim: Simulator,
    app: int,
    drift: Drift,
    *,
    size: int = SIZE,
    drift_at: float = 1 / 3,
) -> AsyncIterator[int]:
    """Ingest and deliver `size` mails a chunk a minute, yielding each chunk's number once it
    is delivered; the app drifts before the chunk at `drift_at` of the way."""
    source, _ = relay.create_source(ACCOUNT, "desk")
    starts = range(0, size, CHUNK)
    for n, start in enumerate(starts):
        if n == int(len(starts) * drift_at):
            await _change_form(sim, app, drift.breaks)
        numbers = range(start, min(start + CHUNK, size))
        relay.ingest(
            source, [parse_event(mail(f"e{i}", f"m{i}", subject=_subject(i))) for i in numbers]
        )
        await drain(relay)
        yield n
        clock.advance(minutes=1)


def _wrong(sim: Simulator, app: int, views: list[ActivityView], drift: Drift) -> set[str]:
    """Activities whose record is missing from kintone or lacks the drifted value."""
    held = {r["activity_id"]["value"]: r for r in sim.records(app)}
    return {
        v.id
        for v in views
        if v.id not in held or held[v.id][drift.code]["value"] != v.values[drift.key]
    }


def _record_ids(sim: Simulator, app: int) -> dict[str, str]:
    return {r["activity_id"]["value"]: r["$id"]["value"] for r in sim.records(app)}


@pytest.mark.parametrize("name", DRIFTS)
async def test_drift_loses_nothing_silently_and_a_resend_repairs_every_record(
    store: Store,
    kintone: Simulator,
    name: str,
    record_property: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each record that lacks its value has an ERROR; after the fix one resend of all ERRORs
    leaves exactly one complete record per activity, updated in place where it existed."""
    drift = DRIFTS[name]
    clock = Clock(NOW)
    relay = Relay(store, Cipher(Secret("k")), allowed_hosts=("localhost",), clock=clock)
    target = await connect(relay, kintone)
    async for _ in _stream(relay, clock, kintone, target.app, drift):
        pass
    await _change_form(kintone, target.app, drift.fixes)
    await relay.check(target.integration.id)
    views = relay.activities(account=ACCOUNT, limit=SIZE + 1)
    errors = relay.error_log.find(target.integration.id, Filter(severity="error"))
    errored = {e.activity_id for e in errors}
    wrong = _wrong(kintone, target.app, views, drift)
    assert len(views) == SIZE
    assert wrong
    assert wrong <= errored
    assert {e.field_code for e in errors} == {drift.code}
    before = _record_ids(kintone, target.app)

    resent = relay.error_log.resend(target.integration.id, None)
    await drain(relay)

    after = _record_ids(kintone, target.app)
    report(
        record_property,
        capsys,
        f"drift, {name}",
        activities=SIZE,
        wrong_or_missing=len(wrong),
        errors_logged=len(errors),
        resent=resent,
        records_after=len(kintone.records(target.app)),
        repaired_in_place=len(wrong & set(before)),
        created=len(set(after) - set(before)),
    )
    assert resent == len(errored)
    assert len(kintone.records(target.app)) == SIZE
    assert set(after) == {v.id for v in views}
    assert _wrong(kintone, target.app, views, drift) == set()
    assert {a: after[a] for a in before} == before
    assert relay.activities(account=ACCOUNT, status="error", limit=SIZE) == []


async def test_a_type_change_found_by_a_rejection_flags_only_records_sent_since_the_last_read(
    store: Store, kintone: Simulator
) -> None:
    """Records delivered before the last read that saw the field intact kept their value:
    no `field_gone_after_delivery` ERROR names them."""
    clock = Clock(NOW)
    relay = Relay(store, Cipher(Secret("k")), allowed_hosts=("localhost",), clock=clock)
    target = await connect(relay, kintone)
    early: set[str] = set()
    # Twelve chunks a minute apart: the fields are read at minutes 0, 5 and 10; the type
    # changes at minute 8, and kintone's rejection of that chunk is what reveals it.
    async for n in _stream(
        relay, clock, kintone, target.app, DRIFTS["type changed"], size=12 * CHUNK, drift_at=8 / 12
    ):
        if n == 4:
            early = {v.id for v in relay.activities(account=ACCOUNT, limit=SIZE)}
    errors = relay.error_log.find(target.integration.id, Filter(severity="error"))
    flagged = {e.activity_id for e in errors if e.reason == "field_gone_after_delivery"}
    assert flagged
    assert flagged & early == set()
