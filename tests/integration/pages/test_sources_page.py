"""The sources page over HTTP without a browser: the form of each kind, its refusals, the
webhook URL with its guide, the deliveries in plain words, a Re:lation source checked against
the simulator with its poll, and never a secret."""

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

import anyio
import httpx
import pytest
from markupsafe import escape

from tests.integration.pages.conftest import Clock, csrf
from ticketrelay.crypto import Cipher
from ticketrelay.fakes import zendesk
from ticketrelay.fakes.relation import RelationSimulator, run_relation_sim
from ticketrelay.fakes.relation.state import RelationState
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.rules.problems import VALUE_LABELS
from ticketrelay.rules.relation_limits import APPROXIMATIONS
from ticketrelay.secret import Secret
from ticketrelay.store import Store

pytestmark = pytest.mark.anyio
KINDS = ["api", "chatwoot", "zendesk", "relation"]
HOOK_INPUTS = ("webhook_secret", "base_url", "chat_idle_minutes", "signing_secret", "subdomain")
CLOSED = "http://localhost:9"  # a source host allowed where nothing listens
RELATION_INPUTS = ("relation_url", "relation_token", "poll_seconds", "requests_per_minute", "since")
CHATWOOT_SECRET = "cw-secret-do-not-show-0123456789"
ZENDESK_SECRET = "zd-secret-do-not-show-9876543210"
CHATWOOT = {
    "name": "Chatwoot 本番",
    "account": "acme",
    "kind": "chatwoot",
    "webhook_secret": CHATWOOT_SECRET,
    "base_url": "https://chat.acme.example/",
    "chat_idle_minutes": "15",
}
ZENDESK = {
    "name": "Zendesk",
    "account": "acme",
    "kind": "zendesk",
    "signing_secret": ZENDESK_SECRET,
    "subdomain": "Acme",
}


async def _post(admin: httpx.AsyncClient, **fields: str) -> httpx.Response:
    return await admin.post("/sources", data={"csrf_token": await csrf(admin), **fields})


def _only(relay: Relay) -> Source:
    [source] = relay.list_sources()
    return source


def _value(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found is not None, name
    return found.group(1)


async def test_the_form_offers_every_kind_and_all_their_fields(admin: httpx.AsyncClient) -> None:
    """Without JavaScript every kind's inputs are there, each with a label."""
    page = (await admin.get("/sources")).text
    kinds = re.search(r'name="kind".*?</select>', page, re.DOTALL)
    assert kinds is not None
    assert re.findall(r'<option value="(\w+)"', kinds.group(0)) == KINDS
    for name in (*HOOK_INPUTS, *RELATION_INPUTS):
        input_id = re.search(rf'id="([\w-]+)" name="{name}"', page)
        assert input_id is not None, name
        assert f'for="{input_id.group(1)}"' in page
    assert _value(page, "chat_idle_minutes") == "10"
    assert 'type="password" id="webhook-secret"' in page


async def test_a_chatwoot_source_leads_to_its_url_and_guide(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """The new source keeps its settings; its page gives the URL and where to paste it."""
    answer = await _post(admin, **CHATWOOT)
    source = _only(relay)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/sources/{source.id}?msg=source_created"
    assert source.kind == "chatwoot"
    assert source.settings == {"base_url": "https://chat.acme.example", "chat_idle_minutes": 15}
    assert relay.hooks.cipher.decrypt(source.secret_encrypted or "") == Secret(CHATWOOT_SECRET)
    page = (await admin.get(answer.headers["location"])).text
    assert f"http://pages.test/api/v1/hooks/chatwoot/{source.id}" in page
    assert "送信元を作成しました" in page
    assert "設定 › 連携 › Webhook" in page
    assert "メッセージが作成されました" in page
    assert "会話のステータスが変更されました" in page
    assert CHATWOOT_SECRET not in page


async def test_a_zendesk_source_takes_its_subdomain_in_lower_case(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """The Zendesk guide names the event to subscribe and where the signing secret is."""
    answer = await _post(admin, **ZENDESK)
    source = _only(relay)
    assert source.settings == {"subdomain": "acme"}
    page = (await admin.get(answer.headers["location"])).text
    assert f"http://pages.test/api/v1/hooks/zendesk/{source.id}" in page
    assert "zen:event-type:ticket.comment_added" in page
    assert "Reveal secret" in page
    assert ZENDESK_SECRET not in page


async def test_a_refused_form_keeps_what_was_typed_but_never_a_secret(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """Nothing is stored; the error sits by its field; the other values come back."""
    answer = await _post(admin, **{**CHATWOOT, "base_url": "chat.acme.example"})
    assert answer.status_code == 422
    page = answer.text
    assert relay.list_sources() == []
    assert 'aria-describedby="base_url-hint base_url-error"' in page
    assert _value(page, "name") == "Chatwoot 本番"
    assert _value(page, "base_url") == "chat.acme.example"
    assert _value(page, "chat_idle_minutes") == "15"
    assert _value(page, "webhook_secret") == ""
    assert '<option value="chatwoot" selected>' in page
    assert "シークレットは画面に残さないため、もう一度貼り付けてください。" in page
    assert CHATWOOT_SECRET not in page


async def test_a_source_made_without_its_secret_takes_it_on_its_page(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """Until its secret is pasted the source says it refuses everything; then it has it."""
    answer = await _post(admin, **{**CHATWOOT, "webhook_secret": ""})
    source = _only(relay)
    assert source.secret_encrypted is None
    page = (await admin.get(answer.headers["location"])).text
    assert 'id="secret-unset"' in page
    assert "シークレット未設定" in (await admin.get("/sources")).text
    path = f"/sources/{source.id}/secret"
    saved = await admin.post(
        path, data={"csrf_token": await csrf(admin), "webhook_secret": f" {CHATWOOT_SECRET}\n"}
    )
    assert saved.headers["location"] == f"/sources/{source.id}?msg=secret_saved#secret"
    assert relay.hooks.cipher.decrypt(_only(relay).secret_encrypted or "") == Secret(
        CHATWOOT_SECRET
    )
    page = (await admin.get(f"/sources/{source.id}?msg=secret_saved")).text
    assert "シークレットを保存しました。" in page
    assert 'id="secret-unset"' not in page
    assert CHATWOOT_SECRET not in page


async def test_a_missing_secret_is_refused_at_its_field(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """An empty secret changes nothing and is named next to the secret's input."""
    await _post(admin, **ZENDESK)
    source = _only(relay)
    path = f"/sources/{source.id}/secret"
    answer = await admin.post(path, data={"csrf_token": await csrf(admin), "signing_secret": " "})
    assert answer.status_code == 422
    error = re.search(r'id="signing_secret-error">([^<]+)<', answer.text)
    assert error is not None
    assert error.group(1).startswith("Zendesk の Webhook の署名シークレットを貼り付けてください")
    assert 'aria-describedby="signing_secret-error"' in answer.text
    assert relay.hooks.cipher.decrypt(_only(relay).secret_encrypted or "") == Secret(ZENDESK_SECRET)


async def test_only_a_live_webhook_source_takes_a_secret(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """An event-API source or a revoked one has no secret to give: not found."""
    await _post(admin, name="desk", account="acme")
    await _post(admin, **ZENDESK)
    api, hook = sorted(relay.list_sources(), key=lambda s: s.kind)
    await admin.post(f"/sources/{hook.id}/revoke", data={"csrf_token": await csrf(admin)})
    for source in (api, hook):
        data = {"csrf_token": await csrf(admin), "signing_secret": "new"}
        answer = await admin.post(f"/sources/{source.id}/secret", data=data)
        assert answer.status_code == 404


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({**CHATWOOT, "base_url": "chat.acme.example"}, "base_url"),
        ({**CHATWOOT, "chat_idle_minutes": "0"}, "chat_idle_minutes"),
        ({**CHATWOOT, "chat_idle_minutes": "ten"}, "chat_idle_minutes"),
        ({**ZENDESK, "subdomain": "acme.zendesk.com"}, "subdomain"),
        ({**ZENDESK, "signing_secret": "x" * 2001}, "signing_secret"),
        ({**ZENDESK, "kind": "freshdesk"}, "kind"),
        ({**ZENDESK, "account": ""}, "account"),
    ],
)
async def test_each_wrong_value_is_named_at_its_field(
    admin: httpx.AsyncClient, relay: Relay, fields: dict[str, str], refused: str
) -> None:
    """Every rule of the API refuses the form too, and says so at the field it concerns."""
    answer = await _post(admin, **fields)
    assert answer.status_code == 422
    assert re.findall(r'id="(\w+)-error"', answer.text) == [refused]
    assert relay.list_sources() == []
    assert CHATWOOT_SECRET not in answer.text
    assert ZENDESK_SECRET not in answer.text


async def test_the_idle_minutes_limit_is_the_apis(admin: httpx.AsyncClient) -> None:
    """The message and the input name the same upper bound as the API's schema."""
    answer = await _post(admin, **{**CHATWOOT, "chat_idle_minutes": "100000"})
    assert "1〜1440 の整数(分)で入力してください" in answer.text
    assert 'max="1440"' in answer.text


async def test_errors_read_in_english_in_english_mode(admin: httpx.AsyncClient) -> None:
    """The English page refuses in English."""
    await admin.get("/lang/en?next=/sources")
    answer = await _post(admin, **{**ZENDESK, "subdomain": "acme.zendesk.com"})
    assert "Enter the subdomain alone (letters, digits, hyphens)" in answer.text
    assert "Secrets are never kept on the page: paste it again." in answer.text


async def test_an_api_source_still_shows_its_token_once(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """Without a kind, the form issues an event-API token, as before."""
    answer = await _post(admin, name="desk", account="acme")
    token = re.search(r'id="new-token">(trs_[^<]+)<', answer.text)
    assert answer.status_code == 200
    assert token is not None
    assert relay.authenticate(token.group(1)) is not None
    assert token.group(1) not in (await admin.get("/sources")).text


async def test_the_list_shows_kinds_and_webhook_urls_never_secrets(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """Each row names its kind; a webhook source's row holds its URL to copy."""
    await _post(admin, **CHATWOOT)
    await _post(admin, **ZENDESK)
    await _post(admin, name="desk", account="acme")
    page = (await admin.get("/sources")).text
    rows = dict(re.findall(r'data-source="(\d+)" data-kind="(\w+)"', page))
    assert sorted(rows.values()) == ["api", "chatwoot", "zendesk"]
    for source_id, kind in rows.items():
        url = f"http://pages.test/api/v1/hooks/{kind}/{source_id}"
        assert (f'id="hook-url-{source_id}">{url}<' in page) == (kind != "api")
    assert CHATWOOT_SECRET not in page
    assert ZENDESK_SECRET not in page


def _deliver(relay: Relay, source: Source, delivery: str, **comment: Any) -> None:
    requester = zendesk.User(id=7, name="山田 太郎", staff=False)
    agent = zendesk.User(id=8, name="佐藤 花子", staff=True)
    now = relay.clock()
    ticket = zendesk.Ticket(
        account_id=1,
        id=42,
        subject="返品について",
        description="届いた商品が違います",
        requester=requester,
        assignee=agent,
        via="email",
        created_at=now,
        group_id=1,
        brand_id=1,
    )
    author = requester if comment.pop("from_requester", False) else agent
    payload = zendesk.comment_added(
        ticket, author, comment_id=int(delivery), event_id=delivery, at=now, **comment
    )
    body = zendesk.encode(payload)
    headers = {k.lower(): v for k, v in zendesk.sign(ZENDESK_SECRET, body, delivery, now).items()}
    relay.hooks.receive("zendesk", source.id, headers, body)


async def test_deliveries_read_in_plain_words(admin: httpx.AsyncClient, relay: Relay) -> None:
    """A signed comment is synced; a requester's is not synced, and the page says why."""
    await _post(admin, **ZENDESK)
    source = _only(relay)
    await anyio.to_thread.run_sync(partial(_deliver, relay, source, "1", body="承知しました"))
    asked = partial(_deliver, relay, source, "2", body="まだですか", from_requester=True)
    await anyio.to_thread.run_sync(asked)
    page = (await admin.get(f"/sources/{source.id}")).text
    statuses = re.findall(r'<tr data-status="(\w+)">', page)
    assert statuses == ["not_synced", "synced"]
    assert "同期対象外" in page
    assert "同期済み" in page
    assert "お客様からのメッセージです" in page
    assert "incoming" in page
    assert ZENDESK_SECRET not in page


async def test_revoking_a_webhook_source_says_its_url_is_refused(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """The flash speaks of the webhook, not of a token; a second revoke changes nothing."""
    await _post(admin, **CHATWOOT)
    source = _only(relay)
    path = f"/sources/{source.id}/revoke"
    answer = await admin.post(path, data={"csrf_token": await csrf(admin)})
    assert answer.headers["location"] == "/sources?msg=webhook_revoked"
    flash = (await admin.get(answer.headers["location"])).text
    assert "この Webhook URL への送信は受け付けません" in flash
    again = await admin.post(path, data={"csrf_token": await csrf(admin)})
    assert again.status_code == 303
    assert _only(relay).revoked_at is not None


async def test_an_unknown_source_is_not_found(admin: httpx.AsyncClient) -> None:
    """A source page or revoke for no source answers the not-found page."""
    assert (await admin.get("/sources/999")).status_code == 404
    answer = await admin.post("/sources/999/revoke", data={"csrf_token": await csrf(admin)})
    assert answer.status_code == 404


@pytest.fixture(scope="module")
def relation_sim() -> Iterator[RelationSimulator]:
    """One Re:lation simulator for this module's tests."""
    with run_relation_sim(RelationState(rate_limit=1000)) as sim:
        yield sim


@pytest.fixture
def relation(relation_sim: RelationSimulator) -> RelationSimulator:
    """The simulator emptied, with two message boxes: 1 and 2."""
    relation_sim.state.reset()
    relation_sim.state.add_message_box("カスタマーサポート")
    relation_sim.state.add_message_box("営業窓口")
    return relation_sim


@pytest.fixture
def relay(store: Store, clock: Clock, relation_sim: RelationSimulator) -> Relay:
    """A relay that may reach the kintone simulator and, as a source, the Re:lation one."""
    hosts = (relation_sim.url.removeprefix("http://"), CLOSED.removeprefix("http://"))
    cipher = Cipher(Secret("test key"))
    return Relay(store, cipher, allowed_hosts=("localhost",), source_hosts=hosts, clock=clock)


def _relation(sim: RelationSimulator, **fields: str | list[str]) -> dict[str, Any]:
    return {
        "name": "Re:lation 本番",
        "account": "acme",
        "kind": "relation",
        "relation_url": sim.url,
        "relation_token": sim.token,
        "message_boxes": ["1"],
        **fields,
    }


async def _check(
    admin: httpx.AsyncClient, data: dict[str, Any], *, htmx: bool = False
) -> httpx.Response:
    token = await csrf(admin)
    if htmx:
        headers = {"HX-Request": "true", "X-CSRF-Token": token}
        return await admin.post("/sources/relation/boxes", data=data, headers=headers)
    return await admin.post("/sources/relation/boxes", data={"csrf_token": token, **data})


def _boxes_offered(page: str) -> list[str]:
    return re.findall(r'name="message_boxes" value="(\d+)"', page)


async def test_checking_the_token_lists_its_boxes_without_javascript(
    admin: httpx.AsyncClient, relation: RelationSimulator
) -> None:
    """The whole page comes back with the boxes to tick, and asks for the token again."""
    answer = await _check(admin, _relation(relation, message_boxes=[]))
    assert answer.status_code == 200
    assert _boxes_offered(answer.text) == ["1", "2"]
    assert "カスタマーサポート" in answer.text
    assert "読める受信箱は 2 件です" in answer.text
    assert "作成する前にもう一度貼り付けてください" in answer.text
    assert '<option value="relation" selected>' in answer.text
    assert relation.token not in answer.text


async def test_checking_by_htmx_answers_the_relation_part_alone(
    admin: httpx.AsyncClient, relation: RelationSimulator
) -> None:
    """htmx gets the Re:lation fieldset, with the token's input kept by the browser."""
    answer = await _check(admin, _relation(relation, message_boxes=["2"]), htmx=True)
    assert answer.status_code == 200
    assert '<fieldset class="kind-fields" data-kind="relation" id="relation-fields">' in answer.text
    assert "<html" not in answer.text
    assert 'value="2" checked' in answer.text
    assert "もう一度貼り付けて" not in answer.text
    assert relation.token not in answer.text


@pytest.mark.parametrize(
    ("fields", "refused", "said"),
    [
        ({"relation_token": "wrong-token"}, "relation_token", "拒否しました(401)"),
        ({"relation_token": ""}, "relation_token", "API トークンを貼り付けてください"),
        ({"relation_url": "https://relation.example.com"}, "relation_url", "TICKETRELAY_SOURCE"),
        ({"relation_url": CLOSED}, "relation_url", "しばらくしてから"),
    ],
)
async def test_a_check_refused_says_why_at_its_field(
    admin: httpx.AsyncClient,
    relation: RelationSimulator,
    fields: dict[str, str],
    refused: str,
    said: str,
) -> None:
    """Re:lation's 401, a host not allowed or no answer are named at the input concerned."""
    answer = await _check(admin, _relation(relation, **fields))
    assert answer.status_code == 422
    assert re.findall(r'id="(\w+)-error"', answer.text) == [refused]
    assert said in answer.text
    assert _boxes_offered(answer.text) == []
    htmx = await _check(admin, _relation(relation, **fields), htmx=True)
    assert htmx.status_code == 200
    assert said in htmx.text


async def test_a_relation_source_is_created_with_its_settings_and_token_encrypted(
    admin: httpx.AsyncClient, relay: Relay, relation: RelationSimulator
) -> None:
    """Dates are Tokyo's; the token is stored encrypted and its poll starts now."""
    data = _relation(
        relation,
        message_boxes=["2", "1"],
        poll_seconds="120",
        requests_per_minute="10",
        since="2026-11-01",
        call_kind="inbound_answered",
    )
    answer = await admin.post("/sources", data={"csrf_token": await csrf(admin), **data})
    source = _only(relay)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/sources/{source.id}?msg=relation_created"
    assert source.kind == "relation"
    assert source.settings == {
        "base_url": relation.url,
        "message_boxes": [1, 2],
        "poll_seconds": 120,
        "requests_per_minute": 10,
        "since": "2026-10-31T15:00:00+00:00",
        "call_kind": "inbound_answered",
    }
    poll = relay.hooks.polls()[source.id]
    assert relay.hooks.cipher.decrypt(poll.secret_encrypted) == Secret(relation.token)


async def test_a_relation_sources_page_shows_its_poll_progress_and_approximations(
    admin: httpx.AsyncClient, relay: Relay, relation: RelationSimulator
) -> None:
    """Settings, the poll in plain words, the backfill in percent, every approximated value."""
    data = _relation(relation, since="2026-11-24")
    answer = await admin.post("/sources", data={"csrf_token": await csrf(admin), **data})
    page = (await admin.get(answer.headers["location"])).text
    assert "Re:lation からの読み取りを始めます" in page
    assert "まだ読んでいません" in page
    assert 'id="backfill" max="100" value="0"' in page
    assert "通話メモの種類" in page
    for key in APPROXIMATIONS:
        assert f'data-value="{key}">{VALUE_LABELS[key][1]}<' in page
    assert "システム設定」›「API トークン」" in page
    assert relation.token not in page
    await admin.get("/lang/en?next=/sources")
    english = (await admin.get(answer.headers["location"])).text
    assert f'data-value="url">{VALUE_LABELS["url"][0]}<' in english
    assert str(escape(APPROXIMATIONS["url"])) in english


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({"message_boxes": []}, "message_boxes"),
        ({"message_boxes": ["3"]}, "message_boxes"),
        ({"message_boxes": ["x"]}, "message_boxes"),
        ({"poll_seconds": "10"}, "poll_seconds"),
        ({"requests_per_minute": "61"}, "requests_per_minute"),
        ({"since": "2026-11-26"}, "since"),
        ({"since": "yesterday"}, "since"),
        ({"call_kind": "fax"}, "call_kind"),
        ({"relation_url": "acme.relationapp.jp"}, "relation_url"),
        ({"relation_token": "wrong-token"}, "relation_token"),
    ],
)
async def test_each_wrong_relation_value_is_named_at_its_field(
    admin: httpx.AsyncClient,
    relay: Relay,
    relation: RelationSimulator,
    fields: dict[str, Any],
    refused: str,
) -> None:
    """Nothing is created; the refusal sits at its field; the token is never in the page."""
    data = _relation(relation, **fields)
    answer = await admin.post("/sources", data={"csrf_token": await csrf(admin), **data})
    assert answer.status_code == 422
    assert re.findall(r'id="(\w+)-error"', answer.text) == [refused]
    assert relay.list_sources() == []
    assert relation.token not in answer.text
    assert "作成する前にもう一度貼り付けてください" in answer.text


async def test_the_boxes_listed_come_back_with_a_refused_form(
    admin: httpx.AsyncClient, relation: RelationSimulator
) -> None:
    """A refusal after a check still offers the boxes Re:lation listed, ticked as they were."""
    checked = await _check(admin, _relation(relation, message_boxes=[]))
    listed = re.search(r'name="listed_boxes" value="([^"]*)"', checked.text)
    assert listed is not None
    data = _relation(relation, message_boxes=["2"], poll_seconds="5")
    data["listed_boxes"] = listed.group(1).replace("&#34;", '"')
    answer = await admin.post("/sources", data={"csrf_token": await csrf(admin), **data})
    assert _boxes_offered(answer.text) == ["1", "2"]
    assert 'value="2" checked' in answer.text


async def _paused(relay: Relay, relation: RelationSimulator) -> Source:
    token = relation.state.issue_token()
    settings = {
        "base_url": relation.url,
        "message_boxes": [1],
        "poll_seconds": 60,
        "requests_per_minute": 20,
        "since": relay.clock().isoformat(),
    }
    source = relay.hooks.create_source(
        "acme", "re", "relation", settings, None, poll_secret=Secret(token)
    )
    relation.state.revoke_token(token)
    async with relay.worker() as worker:
        await worker.poll_due()
    return source


async def test_a_paused_source_shows_why_and_a_new_token_resumes_it(
    admin: httpx.AsyncClient, relay: Relay, relation: RelationSimulator
) -> None:
    """Re:lation's 401 pauses the poll; the page says so; a checked new token lifts it."""
    source = await _paused(relay, relation)
    page = (await admin.get(f"/sources/{source.id}")).text
    assert "Re:lation が API トークンを拒否しました" in page
    assert "(401)" in page
    assert "一時停止" in (await admin.get("/sources")).text
    path = f"/sources/{source.id}/token"
    wrong = await admin.post(path, data={"csrf_token": await csrf(admin), "relation_token": "no"})
    assert wrong.status_code == 422
    assert 'id="relation_token-error"' in wrong.text
    assert relay.hooks.polls()[source.id].paused_code is not None
    data = {"csrf_token": await csrf(admin), "relation_token": f" {relation.token} "}
    saved = await admin.post(path, data=data)
    assert saved.headers["location"] == f"/sources/{source.id}?msg=token_saved#poll"
    poll = relay.hooks.polls()[source.id]
    assert poll.paused_code is None
    assert relay.hooks.cipher.decrypt(poll.secret_encrypted) == Secret(relation.token)
    page = (await admin.get(f"/sources/{source.id}?msg=token_saved")).text
    assert "読み取りを再開します" in page
    assert 'id="paused"' not in page
    assert relation.token not in page


async def test_only_a_live_relation_source_takes_a_token(
    admin: httpx.AsyncClient, relay: Relay, relation: RelationSimulator
) -> None:
    """A webhook source, or a revoked Re:lation one, has no API token to give: not found."""
    await _post(admin, **ZENDESK)
    source = await _paused(relay, relation)
    await admin.post(f"/sources/{source.id}/revoke", data={"csrf_token": await csrf(admin)})
    for found in relay.list_sources():
        data = {"csrf_token": await csrf(admin), "relation_token": relation.token}
        answer = await admin.post(f"/sources/{found.id}/token", data=data)
        assert answer.status_code == 404


async def test_revoking_a_relation_source_says_it_is_no_longer_read(
    admin: httpx.AsyncClient, relay: Relay, relation: RelationSimulator
) -> None:
    """The flash speaks of reading Re:lation, not of a token or a webhook."""
    source = await _paused(relay, relation)
    path = f"/sources/{source.id}/revoke"
    answer = await admin.post(path, data={"csrf_token": await csrf(admin)})
    assert answer.headers["location"] == "/sources?msg=relation_revoked"
    assert (
        "Re:lation からの読み取りを止めました" in (await admin.get(answer.headers["location"])).text
    )
