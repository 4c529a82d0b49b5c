"""The kintone client against the simulator over real loopback HTTP."""

from typing import Any

import httpx
import pytest

from tests.integration.kintone.conftest import App
from ticketrelay.errors import Bug
from ticketrelay.kintone.auth import ApiTokens, Basic, Password
from ticketrelay.kintone.client import BulkRequest, KintoneClient, Update
from ticketrelay.kintone.errors import (
    KintoneAccessError,
    KintoneRecordError,
    KintoneTransientError,
    RecordError,
)
from ticketrelay.kintone.fields import DateTime, DropDown, Link, SingleLineText
from ticketrelay.kintone.sim import Simulator
from ticketrelay.secret import Secret

pytestmark = pytest.mark.anyio


def client(sim: Simulator, token: str, **options: Any) -> KintoneClient:
    """A client with one API token."""
    return KintoneClient(sim.url, ApiTokens.of(token), **options)


def title(n: int) -> dict[str, dict[str, str]]:
    """A record with a title and a unique key."""
    return {"title": {"value": f"t{n}"}, "key": {"value": f"k{n}"}}


async def test_add_and_read_records(sim: Simulator, app: App) -> None:
    """Added records come back with string IDs, their values, and kintone's defaults."""
    async with client(sim, app.token) as kintone:
        refs = await kintone.add_records(app.id, [title(1), title(2)])
        page = await kintone.get_records(app.id, "order by $id asc", total_count=True)
        one = await kintone.get_record(app.id, refs[0].id)
    assert [r.revision for r in refs] == ["1", "1"]
    assert page.total_count == 2
    assert [r["title"]["value"] for r in page.records] == ["t1", "t2"]
    assert one["key"]["value"] == "k1"


async def test_more_than_one_hundred_records_are_split(sim: Simulator, app: App) -> None:
    """250 records go out in three requests, in order."""
    before = sim.state.stats.by_api[("/k/v1/records.json", "POST")]
    async with client(sim, app.token) as kintone:
        refs = await kintone.add_records(app.id, [title(n) for n in range(250)])
    assert len(refs) == 250
    assert sim.state.stats.by_api[("/k/v1/records.json", "POST")] - before == 3
    assert [r["title"]["value"] for r in sim.records(app.id)][:3] == ["t0", "t1", "t2"]


async def test_record_errors_name_index_field_and_messages(sim: Simulator, app: App) -> None:
    """A rejected batch raises with kintone's per-record errors, counted from the caller's list."""
    records = [title(n) for n in range(150)]
    records[120] = {"title": {"value": "x" * 21}}
    async with client(sim, app.token, language="en") as kintone:
        with pytest.raises(KintoneRecordError) as caught:
            await kintone.add_records(app.id, records)
    error = caught.value
    assert (error.status, error.code, error.committed) == (400, "CB_VA01", 100)
    assert error.record_errors == (
        RecordError(index=120, field="title", messages=("Enter less than 21 characters.",)),
    )
    assert error.error_id
    assert len(sim.records(app.id)) == 100


async def test_upsert_inserts_then_updates(sim: Simulator, app: App) -> None:
    """Upsert by a unique key adds a missing record and updates an existing one."""
    async with client(sim, app.token) as kintone:
        first = await kintone.upsert_records(app.id, "key", [title(1)])
        again = await kintone.upsert_records(
            app.id, "key", [{"title": {"value": "new"}, "key": {"value": "k1"}}, title(2)]
        )
    assert first[0].operation == "INSERT"
    assert [(r.id, r.operation) for r in again] == [
        (first[0].id, "UPDATE"),
        (again[1].id, "INSERT"),
    ]
    assert [r["title"]["value"] for r in sim.records(app.id)] == ["new", "t2"]


async def test_update_by_id_with_revision(sim: Simulator, app: App) -> None:
    """Updating by ID bumps the revision."""
    async with client(sim, app.token) as kintone:
        (ref,) = await kintone.add_records(app.id, [title(1)])
        (updated,) = await kintone.update_records(
            app.id, [Update(id=ref.id, revision=ref.revision, record={"count": {"value": "3"}})]
        )
    assert updated.revision == "2"


async def test_bulk_request_is_atomic(sim: Simulator, app: App) -> None:
    """A failing sub-request rolls back the others and names its index."""
    async with client(sim, app.token) as kintone:
        ok = await kintone.bulk([BulkRequest.add(app.id, [title(1)])])
        with pytest.raises(KintoneRecordError) as caught:
            await kintone.bulk(
                [
                    BulkRequest.add(app.id, [title(2)]),
                    BulkRequest.add(app.id, [{"title": {"value": ""}}]),
                ]
            )
        with pytest.raises(Bug, match="1 to 20 sub-requests, not 21"):
            await kintone.bulk([BulkRequest.add(app.id, [title(n)]) for n in range(21)])
    assert ok[0]["ids"]
    assert caught.value.bulk_index == 1
    assert [e.field for e in caught.value.record_errors] == ["title"]
    assert [r["title"]["value"] for r in sim.records(app.id)] == ["t1"]


async def test_cursor_reads_everything_and_frees_itself(sim: Simulator, app: App) -> None:
    """The cursor iterator pages through all records; leaving early deletes the cursor."""
    async with client(sim, app.token) as kintone:
        await kintone.add_records(app.id, [title(n) for n in range(230)])
        async with kintone.cursor(app.id, size=100) as records:
            seen = [r["key"]["value"] async for r in records]
        assert len(seen) == 230
        assert len(set(seen)) == 230
        # Ten cursors are kintone's limit: had the early exits leaked one, this would fail.
        for _ in range(12):
            async with kintone.cursor(app.id, size=1) as records:
                async for _ in records:
                    break


async def test_long_queries_move_into_the_body(sim: Simulator, app: App) -> None:
    """A query too long for a URL is sent with X-HTTP-Method-Override."""
    keys = ", ".join(f'"k{n}"' for n in range(800))
    async with client(sim, app.token) as kintone:
        await kintone.add_records(app.id, [title(1)])
        page = await kintone.get_records(app.id, f"key in ({keys})", fields=["key"])
    assert [r["key"]["value"] for r in page.records] == ["k1"]
    assert list(page.records[0]) == ["key"]


async def test_apps_are_created_and_deployed_like_kintone(sim: Simulator) -> None:
    """An app made through the app APIs has typed live fields after deploy."""
    async with KintoneClient(
        sim.url, Password(username="admin", password=Secret("admin"))
    ) as kintone:
        app = await kintone.add_app("作成テスト")
        await kintone.add_form_fields(
            app,
            [
                SingleLineText(code="activity_id", label="ID", unique=True, max_length=64),
                DropDown(code="channel", label="チャネル", options=("メール", "SMS")),
                DateTime(code="start_at", label="開始"),
                Link(code="url", label="URL", protocol="WEB"),
            ],
        )
        with pytest.raises(KintoneAccessError, match=r"GAIA_AP01|CB_NO02|404"):
            await kintone.get_form_fields(app)
        await kintone.deploy(app)
        form = await kintone.get_form_fields(app)
        await kintone.delete_form_fields(app, ["url"])
        await kintone.deploy(app)
        after = await kintone.get_form_fields(app)
    assert form.fields["activity_id"] == SingleLineText(
        code="activity_id", label="ID", unique=True, max_length=64
    )
    assert form.fields["channel"] == DropDown(
        code="channel", label="チャネル", options=("メール", "SMS")
    )
    assert "url" in form.fields
    assert "url" not in after.fields


async def test_guest_space_apps_use_the_guest_path(sim: Simulator) -> None:
    """A client with a guest space ID reaches an app of that guest space."""
    app = sim.create_app("guest", [SingleLineText(code="title")], space=5, guest=True)
    token = sim.issue_token(app)
    async with client(sim, token, guest_space_id=5) as guest:
        await guest.add_records(app, [{"title": {"value": "g"}}])
    async with client(sim, token) as plain:
        with pytest.raises(KintoneAccessError) as caught:
            await plain.add_records(app, [{"title": {"value": "g"}}])
    assert caught.value.code == "GAIA_IL23"
    assert len(sim.records(app)) == 1


async def test_a_bad_token_is_an_access_error_that_never_shows_the_token(
    sim: Simulator, app: App
) -> None:
    """GAIA_IA02 says what to check, and the token appears in no repr or message."""
    secret = "not-a-real-token-123456"
    async with client(sim, secret, language="en") as kintone:
        with pytest.raises(KintoneAccessError) as caught:
            await kintone.add_records(app.id, [title(1)])
        text = f"{caught.value} {caught.value!r} {kintone!r} {ApiTokens.of(secret)!r}"
    assert caught.value.code == "GAIA_IA02"
    assert caught.value.status == 400
    assert "API token" in str(caught.value)
    assert secret not in text


async def test_a_token_without_permission_is_refused(sim: Simulator, app: App) -> None:
    """A view-only token cannot add: 403 GAIA_NO01."""
    viewer = sim.issue_token(app.id, ["view"])
    async with client(sim, viewer) as kintone:
        with pytest.raises(KintoneAccessError) as caught:
            await kintone.add_records(app.id, [title(1)])
    assert (caught.value.status, caught.value.code) == (403, "GAIA_NO01")


async def test_basic_auth_goes_alongside(sim: Simulator, app: App) -> None:
    """A Basic front door does not stop the kintone credentials from working."""
    basic = Basic(username="front", password=Secret("door"))
    async with client(sim, app.token, basic=basic) as kintone:
        await kintone.add_records(app.id, [title(1)])
    assert [r["title"]["value"] for r in sim.records(app.id)] == ["t1"]


@pytest.mark.parametrize(
    ("kind", "options", "status", "code"),
    [
        ("error", {"status": 500, "code": "GAIA_UN03"}, 500, "GAIA_UN03"),
        ("error", {"status": 502, "code": "GAIA_XX"}, 502, "GAIA_XX"),
        ("unavailable", {}, 503, ""),
        ("throttle", {}, 429, "GAIA_TO04"),
        ("db_lock", {}, 400, "GAIA_DA02"),
    ],
)
async def test_transient_answers(
    sim: Simulator, app: App, kind: str, options: dict[str, object], status: int, code: str
) -> None:
    """5xx, a plain-text 503, 429 and GAIA_DA02 are transient, and nothing is written."""
    sim.add_fault(kind, times=1, **options)
    async with client(sim, app.token) as kintone:
        with pytest.raises(KintoneTransientError) as caught:
            await kintone.add_records(app.id, [title(1)])
        await kintone.add_records(app.id, [title(2)])
    assert (caught.value.status, caught.value.code) == (status, code)
    assert [r["title"]["value"] for r in sim.records(app.id)] == ["t2"]


async def test_a_dropped_response_is_transient_though_the_write_happened(
    sim: Simulator, app: App
) -> None:
    """kintone committed, the client saw a broken connection: retry with upsert to be safe."""
    sim.add_fault("drop", times=1)
    async with client(sim, app.token) as kintone:
        with pytest.raises(KintoneTransientError, match="before an answer"):
            await kintone.add_records(app.id, [title(1)])
    assert len(sim.records(app.id)) == 1


async def test_a_kintone_that_never_answers_times_out(sim: Simulator, app: App) -> None:
    """Every request has a timeout; hitting it is transient."""
    sim.add_fault("latency", times=1, latency_ms=2000)
    async with client(sim, app.token, timeout=httpx.Timeout(0.3)) as kintone:
        with pytest.raises(KintoneTransientError, match="timed out"):
            await kintone.get_records(app.id)
