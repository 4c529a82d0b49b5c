"""`/api/v1/hooks/{kind}/{id}`: signed helpdesk webhooks in, kintone records out."""

import json
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from tests.bodies import ACCOUNT, integration
from tests.e2e.conftest import QUICK
from tests.e2e.server import Service, serving, settings_of, wait_for
from ticketrelay.fakes import chatwoot as cw
from ticketrelay.fakes import zendesk as zd
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.store import Store, chat_sessions, hooks, sources
from ticketrelay.web import create_app

PAYLOADS = Path(__file__).parents[1] / "unit" / "helpdesk_payloads"
CHATWOOT_SECRET = "cw-secret-0123456789"
ZENDESK_SECRET = "zd-secret-0123456789"


def payload(name: str) -> bytes:
    """A fixture payload as a helpdesk would send it, without the note on its shape."""
    found: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text("utf-8"))
    del found["_source"]
    return json.dumps(found, ensure_ascii=False).encode("utf-8")


def chatwoot_source(service: Service) -> dict[str, Any]:
    """A new Chatwoot source of the test account."""
    settings = {"webhook_secret": CHATWOOT_SECRET, "base_url": "https://chat.example.jp"}
    body = {"account": ACCOUNT, "name": "cw", "kind": "chatwoot", "chatwoot": settings}
    created = service.admin("POST", "/sources", json=body)
    assert created.status_code == 201, created.text
    found: dict[str, Any] = created.json()
    return found


def zendesk_source(service: Service) -> dict[str, Any]:
    """A new Zendesk source of the test account."""
    settings = {"signing_secret": ZENDESK_SECRET, "subdomain": "acme"}
    body = {"account": ACCOUNT, "name": "zd", "kind": "zendesk", "zendesk": settings}
    created = service.admin("POST", "/sources", json=body)
    assert created.status_code == 201, created.text
    found: dict[str, Any] = created.json()
    return found


def chatwoot_headers(
    body: bytes, delivery: str, secret: str = CHATWOOT_SECRET, at: float | None = None
) -> dict[str, str]:
    """Headers signed as Chatwoot signs them (the shipped fake's `sign`), now or at `at`."""
    moment = datetime.fromtimestamp(time.time() if at is None else at, UTC)
    return cw.sign(secret, body, delivery, moment)


def zendesk_headers(body: bytes, invocation: str) -> dict[str, str]:
    """Headers signed as Zendesk signs them (the shipped fake's `sign`), now."""
    return zd.sign(ZENDESK_SECRET, body, invocation, datetime.now(UTC))


def deliver(service: Service, url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    """POST a webhook delivery to the URL a source was given."""
    return service.http.post(url, content=body, headers=headers)


def stored(service: Service) -> int:
    """How many webhook deliveries the database holds."""
    with service.relay.store.read() as conn:
        return hooks.count(conn)


def values(record: dict[str, Any], *codes: str) -> tuple[Any, ...]:
    """The values of some fields of a kintone record."""
    return tuple(record[code]["value"] for code in codes)


def test_a_signed_chatwoot_mail_becomes_its_kintone_record(
    service: Service, kintone: Simulator
) -> None:
    """An agent's outgoing mail lands with its subject, body, recipients, operator and URL."""
    app = integration(kintone)
    service.admin("POST", "/integrations", json=app)
    source = chatwoot_source(service)
    body = payload("chatwoot_mail_sent")
    answer = deliver(service, source["webhook_url"], body, chatwoot_headers(body, "d1"))
    assert (answer.status_code, answer.json()) == (200, {"duplicate": False, "status": "synced"})
    (record,) = wait_for(lambda: kintone.records(app["kintone"]["app"]), "the record")
    assert values(record, "channel", "subject", "url") == (
        "メール",
        "ご登録住所の変更について",
        "https://chat.example.jp/app/accounts/3/conversations/1201",
    )
    assert record["body"]["value"].startswith("小川様\n\nお問い合わせありがとうございます。")
    assert values(record, "operator_email", "operator_name") == (
        "tanaka@demo-support.example",
        "田中 健太",
    )
    assert record["recipient_emails"]["value"] == (
        "ogawa@example.jp,ogawa.family@example.jp,audit@demo-support.example"
    )


def test_a_signed_zendesk_public_comment_becomes_a_mail_record(
    service: Service, kintone: Simulator
) -> None:
    """Staff's public comment on an e-mail ticket lands as a sent mail with the ticket's URL."""
    app = integration(kintone)
    service.admin("POST", "/integrations", json=app)
    source = zendesk_source(service)
    body = payload("zendesk_public_comment")
    answer = deliver(service, source["webhook_url"], body, zendesk_headers(body, "i1"))
    assert answer.status_code == 200
    (record,) = wait_for(lambda: kintone.records(app["kintone"]["app"]), "the record")
    assert values(record, "channel", "subject", "url", "operator_name", "operator_email") == (
        "メール",
        "ログインできません",
        "https://acme.zendesk.com/agent/tickets/5158",
        "Tanaka Kenta",
        "",
    )
    assert (
        record["body"]["value"]
        == "小川様\n\nパスワード再設定のリンクをお送りしました。\n\nTanaka Kenta"
    )


def test_private_notes_of_both_helpdesks_become_memo_records(
    service: Service, kintone: Simulator
) -> None:
    """A Chatwoot private note and a Zendesk private comment are response memos (other)."""
    app = integration(kintone)
    service.admin("POST", "/integrations", json=app)
    chatwoot, zendesk = chatwoot_source(service), zendesk_source(service)
    note = payload("chatwoot_private_note")
    deliver(service, chatwoot["webhook_url"], note, chatwoot_headers(note, "d1"))
    comment = payload("zendesk_private_comment")
    deliver(service, zendesk["webhook_url"], comment, zendesk_headers(comment, "i1"))
    records = wait_for(
        lambda: len(kintone.records(app["kintone"]["app"])) == 2, "two records"
    ) and kintone.records(app["kintone"]["app"])
    assert [r["channel"]["value"] for r in records] == ["応対メモ・その他"] * 2


def test_bad_signatures_and_unknown_sources_are_401_and_store_nothing(
    service: Service, kintone: Simulator
) -> None:
    """Wrong secret, old timestamp, unknown ID, other kind, revoked: one 401, nothing kept."""
    app = integration(kintone)
    service.admin("POST", "/integrations", json=app)
    source, other = chatwoot_source(service), zendesk_source(service)
    body = payload("chatwoot_mail_sent")
    url, base = source["webhook_url"], source["webhook_url"].rsplit("/", 1)[0]
    refused = [
        deliver(service, url, body, chatwoot_headers(body, "d1", secret="wrong")),
        deliver(service, url, body, chatwoot_headers(body, "d2", at=time.time() - 600)),
        deliver(service, url, body, {"X-Chatwoot-Delivery": "d3"}),
        deliver(service, f"{base}/99999", body, chatwoot_headers(body, "d4")),
        deliver(service, f"{base}/{other['id']}", body, chatwoot_headers(body, "d5")),
    ]
    service.admin("DELETE", f"/sources/{source['id']}")
    refused.append(deliver(service, url, body, chatwoot_headers(body, "d6")))
    assert [a.status_code for a in refused] == [401] * 6
    assert len({a.text for a in refused}) == 1
    assert stored(service) == 0
    assert kintone.records(app["kintone"]["app"]) == []


def test_a_replayed_delivery_is_stored_once(service: Service, kintone: Simulator) -> None:
    """The same X-Chatwoot-Delivery again answers 200 as a duplicate and adds nothing."""
    app = integration(kintone)
    service.admin("POST", "/integrations", json=app)
    source = chatwoot_source(service)
    body = payload("chatwoot_mail_sent")
    headers = chatwoot_headers(body, "d1")
    first = deliver(service, source["webhook_url"], body, headers)
    again = deliver(service, source["webhook_url"], body, headers)
    assert (first.json()["duplicate"], again.status_code, again.json()["duplicate"]) == (
        False,
        200,
        True,
    )
    assert stored(service) == 1
    wait_for(lambda: kintone.records(app["kintone"]["app"]), "the record")
    assert len(kintone.records(app["kintone"]["app"])) == 1


def test_signed_garbage_is_kept_and_shown_as_not_synced(service: Service) -> None:
    """A signed body that is not JSON answers 200 and is listed as not synced (malformed)."""
    source = zendesk_source(service)
    body = b"\x00 not json {"
    answer = deliver(service, source["webhook_url"], body, zendesk_headers(body, "i1"))
    assert (answer.status_code, answer.json()["status"]) == (200, "not_synced")
    listed = service.admin("GET", f"/sources/{source['id']}/hooks").json()["deliveries"]
    assert [(d["delivery_id"], d["status"], d["code"]) for d in listed] == [
        ("i1", "not_synced", "malformed")
    ]


def line_message(message_id: int, at: datetime, text: str) -> bytes:
    """Chatwoot's webhook for an agent's LINE message with this ID and text, sent at `at`."""
    found: dict[str, Any] = json.loads(payload("chatwoot_line_message"))
    found.update(id=message_id, created_at=at.isoformat(), content=text)
    return json.dumps(found, ensure_ascii=False).encode("utf-8")


def line_source(service: Service, idle: int) -> dict[str, Any]:
    """A Chatwoot source whose chat sessions close after `idle` minutes."""
    settings = {"webhook_secret": CHATWOOT_SECRET, "base_url": "https://chat.example.jp"}
    settings["chat_idle_minutes"] = idle  # type: ignore[assignment]
    body = {"account": ACCOUNT, "name": "cw", "kind": "chatwoot", "chatwoot": settings}
    created = service.admin("POST", "/sources", json=body)
    assert created.status_code == 201, created.text
    found: dict[str, Any] = created.json()
    return found


def test_agent_line_messages_and_a_resolve_become_one_chat_record(
    service: Service, kintone: Simulator
) -> None:
    """Two agent messages in a LINE inbox, then the resolve: one LINE chat record."""
    app = integration(kintone)
    service.admin("POST", "/integrations", json=app)
    source = line_source(service, idle=10)
    start = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    bodies = [
        line_message(90020, start, "担当の田中です。"),
        line_message(90021, start + timedelta(minutes=2), "ご住所を変更しました。"),
        payload("chatwoot_conversation_resolved"),
    ]
    answers = [
        deliver(service, source["webhook_url"], body, chatwoot_headers(body, f"d{n}")).json()
        for n, body in enumerate(bodies)
    ]
    assert [a["status"] for a in answers] == ["synced"] * 3
    (record,) = wait_for(lambda: kintone.records(app["kintone"]["app"]), "the chat record")
    assert values(record, "channel", "operator_name", "url") == (
        "LINE",
        "田中 健太",
        "https://chat.example.jp/app/accounts/3/conversations/1410",
    )
    assert values(record, "body", "start_at", "end_at") == (
        "担当の田中です。\nご住所を変更しました。",
        "2026-11-25T01:00:00Z",
        "2026-11-25T01:05:00Z",
    )


def test_an_idle_chat_session_closes_after_a_restart(
    relay: Relay, kintone: Simulator, store: Store
) -> None:
    """The session's timer is in the database: a service started after the first stopped
    closes the session once idle, and its record lands."""
    sent_at = datetime.now(UTC) - timedelta(seconds=30)
    body = line_message(90020, sent_at, "担当の田中です。")
    app = create_app(relay, settings_of(store), worker_options=QUICK)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        first = Service(url=url, relay=relay, http=http)
        app_body = integration(kintone)
        first.admin("POST", "/integrations", json=app_body)
        source = line_source(first, idle=1)
        deliver(first, source["webhook_url"], body, chatwoot_headers(body, "d1"))
    with store.read() as conn:
        (due,) = conn.execute(sa.select(chat_sessions.chat_sessions.c.due_at)).scalars()
    assert due == sent_at + timedelta(minutes=1)
    assert kintone.records(app_body["kintone"]["app"]) == []
    later = Relay(
        store,
        relay.cipher,
        allowed_hosts=("localhost",),
        clock=lambda: datetime.now(UTC) + timedelta(minutes=2),
    )
    quick = replace(QUICK, chat_timers=timedelta(0))
    with serving(create_app(later, settings_of(store), worker_options=quick)):
        (record,) = wait_for(lambda: kintone.records(app_body["kintone"]["app"]), "the record")
    assert values(record, "channel", "operator_name") == ("LINE", "田中 健太")


def test_sources_are_listed_with_settings_but_never_a_secret(service: Service) -> None:
    """GET /sources shows kind, webhook URL and non-secret settings; the secrets never."""
    chatwoot, zendesk = chatwoot_source(service), zendesk_source(service)
    assert "webhook_secret" not in chatwoot["settings"]
    listed = service.admin("GET", "/sources")
    assert CHATWOOT_SECRET not in listed.text
    assert ZENDESK_SECRET not in listed.text
    with service.relay.store.read() as conn:
        rows = conn.execute(sa.select(sources.sources.c.secret_encrypted)).scalars().all()
    assert len(rows) == 2
    assert not {CHATWOOT_SECRET, ZENDESK_SECRET} & set(rows)
    found = {s["kind"]: s for s in listed.json()["sources"]}
    assert found["zendesk"]["settings"] == {"subdomain": "acme"}
    assert found["zendesk"]["webhook_url"] == zendesk["webhook_url"]
    assert zendesk["webhook_url"] == f"{service.url}/api/v1/hooks/zendesk/{zendesk['id']}"
    assert found["chatwoot"]["settings"]["base_url"] == "https://chat.example.jp"


def test_bad_webhook_source_settings_are_clear_422s(service: Service) -> None:
    """A missing secret, a non-http base URL, a bad subdomain or an unknown kind is a 422."""
    cases: list[dict[str, Any]] = [
        {"kind": "chatwoot", "chatwoot": {"webhook_secret": 5, "base_url": "https://c.jp"}},
        {"kind": "chatwoot", "chatwoot": {"webhook_secret": "s", "base_url": "ftp://x.jp"}},
        {"kind": "zendesk", "zendesk": {"signing_secret": "s", "subdomain": "a.zendesk.com"}},
        {"kind": "zendesk"},
        {"kind": "freshdesk"},
    ]
    answers = [
        service.admin("POST", "/sources", json={"account": ACCOUNT, "name": "x", **case})
        for case in cases
    ]
    assert [a.status_code for a in answers] == [422] * 5
    paths = [[e["path"] for e in a.json()["errors"]] for a in answers]
    assert paths == [
        ["$.chatwoot.webhook_secret"],
        ["$.chatwoot.base_url"],
        ["$.zendesk.subdomain"],
        ["$"],
        ["$.kind"],
    ]
    assert service.admin("GET", "/sources").json()["sources"] == []


def test_a_source_made_before_its_secret_refuses_until_given_one(service: Service) -> None:
    """URL first, secret later: 401 until PATCH gives the secret, then synced."""
    settings = {"base_url": "https://chat.example.jp"}
    body = {"account": ACCOUNT, "name": "cw", "kind": "chatwoot", "chatwoot": settings}
    created = service.admin("POST", "/sources", json=body).json()
    assert created["secret_set"] is False
    mail = payload("chatwoot_mail_sent")
    refused = deliver(service, created["webhook_url"], mail, chatwoot_headers(mail, "d1"))
    assert refused.status_code == 401
    patch = {"chatwoot": {"webhook_secret": CHATWOOT_SECRET, "chat_idle_minutes": 5}}
    changed = service.admin("PATCH", f"/sources/{created['id']}", json=patch)
    assert changed.status_code == 200, changed.text
    assert (changed.json()["secret_set"], changed.json()["settings"]) == (
        True,
        {"base_url": "https://chat.example.jp", "chat_idle_minutes": 5},
    )
    assert CHATWOOT_SECRET not in changed.text
    answer = deliver(service, created["webhook_url"], mail, chatwoot_headers(mail, "d2"))
    assert (answer.status_code, answer.json()["status"]) == (200, "synced")


def test_a_new_secret_replaces_the_old_one(service: Service) -> None:
    """After PATCH, deliveries signed with the old secret are refused."""
    source = chatwoot_source(service)
    service.admin("PATCH", f"/sources/{source['id']}", json={"chatwoot": {"webhook_secret": "n"}})
    mail = payload("chatwoot_mail_sent")
    old = deliver(service, source["webhook_url"], mail, chatwoot_headers(mail, "d1"))
    new = deliver(service, source["webhook_url"], mail, chatwoot_headers(mail, "d2", secret="n"))
    assert (old.status_code, new.status_code) == (401, 200)


def test_bad_source_patches_are_clear_4xx(service: Service) -> None:
    """Wrong kind, both kinds, no such source, an api source, a token without its e-mail."""
    chatwoot, zendesk = chatwoot_source(service), zendesk_source(service)
    api = service.admin("POST", "/sources", json={"account": ACCOUNT, "name": "api"}).json()
    cases: list[tuple[Any, dict[str, Any]]] = [
        (chatwoot["id"], {"zendesk": {"signing_secret": "s"}}),
        (chatwoot["id"], {"chatwoot": {}, "zendesk": {}}),
        (99999, {"chatwoot": {"webhook_secret": "s"}}),
        (api["id"], {"chatwoot": {"webhook_secret": "s"}}),
        (zendesk["id"], {"zendesk": {"api_token": "t"}}),
        (chatwoot["id"], {"chatwoot": {"base_url": "ftp://x.jp"}}),
        (0, {"chatwoot": {"webhook_secret": "s"}}),
    ]
    answers = [service.admin("PATCH", f"/sources/{i}", json=body) for i, body in cases]
    assert [a.status_code for a in answers] == [422, 422, 404, 404, 422, 422, 404]
    assert answers[0].json()["error"] == (
        f'Source {chatwoot["id"]} is a chatwoot source: send its settings as "chatwoot": {{…}}, '
        'not "zendesk".'
    )
    assert answers[4].json()["error"] == (
        'An api_token needs the api_email it belongs to: send both in "zendesk": {…}.'
    )


def test_an_api_credential_is_taken_and_never_shown(service: Service) -> None:
    """PATCH with a Zendesk API e-mail and token: the e-mail is a setting, the token secret."""
    source = zendesk_source(service)
    credential = {"zendesk": {"api_email": "admin@acme.example", "api_token": "t1-secret"}}
    answer = service.admin("PATCH", f"/sources/{source['id']}", json=credential)
    assert answer.status_code == 200
    assert answer.json()["settings"] == {"subdomain": "acme", "api_email": "admin@acme.example"}
    listed = service.admin("GET", "/sources")
    assert "t1-secret" not in answer.text + listed.text
    (poll,) = [s["poll"] for s in listed.json()["sources"] if s["poll"] is not None]
    assert set(poll) == {
        "next_at",
        "polled_at",
        "paused_code",
        "paused_reason",
        "failures",
        "last_error",
        "progress",
    }
    assert poll["progress"] is None


def test_webhook_urls_use_the_public_url_when_set(relay: Relay, store: Store) -> None:
    """Behind a proxy, TICKETRELAY_PUBLIC_URL is the base of every webhook URL shown."""
    settings = replace(settings_of(store), public_url="https://relay.example.jp")
    app = create_app(relay, settings, worker_options=QUICK)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        service = Service(url=url, relay=relay, http=http)
        created = chatwoot_source(service)
        listed = service.admin("GET", "/sources").json()["sources"]
    expected = f"https://relay.example.jp/api/v1/hooks/chatwoot/{created['id']}"
    assert (created["webhook_url"], listed[0]["webhook_url"]) == (expected, expected)
