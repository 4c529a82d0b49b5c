"""Every case of issue 11's translation, signed as the helpdesk signs it, to its kintone record.

The payloads come from the shipped fakes (`ticketrelay.fakes`), which take their shapes from
Chatwoot's code and Zendesk's docs; each case asserts what kintone then holds.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.bodies import ACCOUNT, integration
from tests.e2e.server import Service, wait_for
from ticketrelay.fakes import chatwoot as cw
from ticketrelay.fakes import zendesk as zd
from ticketrelay.kintone.sim import Simulator

SECRET = "case-secret-0123456789"
BASE = "https://chat.example.jp"
AT = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
ACME = cw.Account(id=3, name="デモサポート株式会社")
AGENT = cw.Agent(id=7, name="田中 健太", email="tanaka@demo-support.example")
CUSTOMER = cw.Contact(id=51, name="小川 愛", email="ogawa@example.jp", phone_number="+819012345678")
FIELDS = ("channel", "subject", "body", "operator_name", "recipient_emails", "recipient_phones")


def conversation(inbox_id: int, channel: str, display_id: int, **extra: Any) -> cw.Conversation:
    """A conversation of the customer in an inbox of this channel type."""
    inbox = cw.Inbox(id=inbox_id, name=channel, channel=channel, **extra)
    return cw.Conversation(
        account=ACME,
        inbox=inbox,
        display_id=display_id,
        contact=CUSTOMER,
        contact_inbox_id=inbox_id * 100,
        assignee=AGENT,
        created_at=AT - timedelta(hours=1),
        subject="ご登録住所の変更について" if channel == cw.EMAIL else "",
    )


def source(service: Service, kind: str, settings: dict[str, Any]) -> str:
    """A webhook source of this kind; its URL."""
    body = {"account": ACCOUNT, "name": kind, "kind": kind, kind: settings}
    created = service.admin("POST", "/sources", json=body)
    assert created.status_code == 201, created.text
    url: str = created.json()["webhook_url"]
    return url


def send(service: Service, url: str, payloads: list[dict[str, Any]], kind: str) -> list[str]:
    """Post each payload signed; the statuses the receiver answered."""
    sign, encode = (cw.sign, cw.encode) if kind == "chatwoot" else (zd.sign, zd.encode)
    statuses = []
    for n, payload in enumerate(payloads):
        body = encode(payload)
        headers = sign(SECRET, body, f"{kind}-{n}", datetime.now(UTC))
        answer = service.http.post(url, content=body, headers=headers)
        assert answer.status_code == 200, answer.text
        statuses.append(answer.json()["status"])
    return statuses


def by_url(kintone: Simulator, app: int, count: int) -> dict[str, dict[str, Any]]:
    """Once `count` records have landed, each record's values by its URL and channel."""
    records = wait_for(lambda: len(kintone.records(app)) >= count and kintone.records(app), "all")
    assert len(records) == count
    return {
        f"{r['url']['value']} {r['channel']['value']}": {f: r[f]["value"] for f in FIELDS}
        for r in records
    }


def chatwoot_cases() -> list[dict[str, Any]]:
    """A reply by SMS and by Twilio SMS, an HTML mail, three chat sessions, and what never
    syncs: a Twilio WhatsApp reply and a reply in an API inbox."""
    mail = conversation(1, cw.EMAIL, 501, address="support@demo-support.example")
    html = "<p>小川様</p><p>住所を<b>変更</b>しました。<br>田中</p>"
    cases = [
        cw.agent_message(conversation(2, cw.SMS, 502), AGENT, message_id=1, at=AT, content="SMS"),
        cw.agent_message(
            conversation(3, cw.TWILIO_SMS, 503), AGENT, message_id=2, at=AT, content="Twilio"
        ),
        cw.agent_mail(mail, AGENT, message_id=3, at=AT, content=html, cc=("audit@x.jp",)),
        cw.agent_message(
            conversation(4, cw.TWILIO_SMS, 504, medium="whatsapp"),
            AGENT,
            message_id=4,
            at=AT,
            content="WhatsApp",
        ),
        cw.agent_message(
            conversation(5, "Channel::Api", 505), AGENT, message_id=5, at=AT, content="API"
        ),
    ]
    for n, channel in enumerate((cw.FACEBOOK, cw.INSTAGRAM, cw.WEB_WIDGET)):
        chat = conversation(6 + n, channel, 506 + n)
        cases.append(cw.agent_message(chat, AGENT, message_id=10 + n, at=AT, content=f"chat {n}"))
        cases.append(cw.conversation_resolved(chat, at=AT + timedelta(minutes=3)))
    return cases


def test_every_chatwoot_case_lands_as_its_record(service: Service, kintone: Simulator) -> None:
    """Channel names, subject, body (HTML as text), operator, recipients and URL, per case."""
    app = integration(kintone)
    service.admin("POST", "/integrations", json=app)
    url = source(service, "chatwoot", {"webhook_secret": SECRET, "base_url": BASE})
    statuses = send(service, url, chatwoot_cases(), "chatwoot")
    assert statuses == ["synced"] * 3 + ["not_synced"] * 2 + ["synced"] * 6
    found = by_url(kintone, app["kintone"]["app"], 6)
    conversations = f"{BASE}/app/accounts/3/conversations"
    sms = ("SMS", "", "SMS", "田中 健太", "", "+819012345678")
    assert found[f"{conversations}/502 SMS"] == dict(zip(FIELDS, sms, strict=True))
    assert found[f"{conversations}/503 SMS"]["body"] == "Twilio"
    assert found[f"{conversations}/501 メール"] == {
        "channel": "メール",
        "subject": "ご登録住所の変更について",
        "body": "小川様\n\n住所を変更しました。\n田中",
        "operator_name": "田中 健太",
        "recipient_emails": "ogawa@example.jp,audit@x.jp",
        "recipient_phones": "",
    }
    chats = {key.split(" ", 1)[1]: value["body"] for key, value in found.items() if "/50" in key}
    assert {k: chats[k] for k in ("Facebook", "InstagramDM", "チャットウィジェット")} == {
        "Facebook": "chat 0",
        "InstagramDM": "chat 1",
        "チャットウィジェット": "chat 2",
    }


def test_every_zendesk_case_lands_as_its_record(service: Service, kintone: Simulator) -> None:
    """A public reply on a mail ticket and on an SMS ticket, a private comment; a reply in a
    messaging conversation and the requester's comment do not sync."""
    app = integration(kintone)
    service.admin("POST", "/integrations", json=app)
    url = source(service, "zendesk", {"signing_secret": SECRET, "subdomain": "acme"})
    agent = zd.User(id=7, name="Tanaka Kenta", staff=True)
    requester = zd.User(id=9, name="Ogawa Ai", staff=False)

    def ticket(number: int, via: str) -> zd.Ticket:
        return zd.Ticket(
            account_id=1,
            id=number,
            subject=f"件名 {number}",
            description="…",
            requester=requester,
            assignee=agent,
            via=via,
            created_at=AT - timedelta(hours=1),
            group_id=1,
            brand_id=1,
        )

    def comment(number: int, via: str, author: zd.User, public: bool = True) -> dict[str, Any]:
        return zd.comment_added(
            ticket(number, via),
            author,
            comment_id=number * 10,
            event_id=f"e{number}",
            at=AT,
            body=f"本文 {number}",
            public=public,
        )

    cases = [
        comment(1, "email", agent),
        comment(2, "sms", agent),
        comment(3, "web", agent, public=False),
        comment(4, "native_messaging", agent),
        comment(5, "email", requester),
    ]
    assert send(service, url, cases, "zendesk") == ["synced"] * 3 + ["not_synced"] * 2
    found = by_url(kintone, app["kintone"]["app"], 3)
    tickets = "https://acme.zendesk.com/agent/tickets"
    assert found[f"{tickets}/1 メール"] == {
        "channel": "メール",
        "subject": "件名 1",
        "body": "本文 1",
        "operator_name": "Tanaka Kenta",
        "recipient_emails": "",
        "recipient_phones": "",
    }
    assert found[f"{tickets}/2 SMS"]["body"] == "本文 2"
    assert found[f"{tickets}/3 応対メモ・その他"]["body"] == "本文 3"
