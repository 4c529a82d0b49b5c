"""The shipped helpdesk fakes: payloads the translators read as meant, signatures that verify,
deterministic traffic, and a replay that sums up what the receiver answered."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

import ticketrelay.fakes
from ticketrelay.fakes import chatwoot, stream, zendesk
from ticketrelay.fakes.replay import Pace, ReplayFailed, Summary, Unreachable, replay
from ticketrelay.fakes.stream import Delivery
from ticketrelay.fakes.traffic import SPAN, Helpdesk, chatwoot_traffic, traffic, zendesk_traffic
from ticketrelay.rules import chatwoot as chatwoot_rules
from ticketrelay.rules import zendesk as zendesk_rules
from ticketrelay.rules.chat_sessions import AgentMessage, ConversationResolved
from ticketrelay.rules.signatures import chatwoot_valid, zendesk_valid
from ticketrelay.rules.translation import Payload, Translation

AT = datetime(2026, 12, 1, 1, 0, 30, 250000, tzinfo=UTC)
UNTIL = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
SECRET = "fake-secret-0123456789"
CHATWOOT = chatwoot_rules.ChatwootSettings(account="acme", base_url="https://chat.example.jp")
ZENDESK = zendesk_rules.ZendeskSettings(account="acme", subdomain="acme")
AGENT = chatwoot.Agent(id=7, name="田中 健太", email="tanaka@demo-support.example")
CONTACT = chatwoot.Contact(
    id=51, name="小川 愛", email="ogawa@example.jp", phone_number="+819012345678"
)
STAFF = zendesk.User(id=8447388090495, name="田中 健太", staff=True)
REQUESTER = zendesk.User(id=8447388090111, name="小川 愛", staff=False)


def conversation(channel: str, medium: str = "sms") -> chatwoot.Conversation:
    """A conversation of Ogawa's, assigned to Tanaka, in an inbox of this channel type."""
    return chatwoot.Conversation(
        account=chatwoot.Account(id=3, name="デモサポート株式会社"),
        inbox=chatwoot.Inbox(id=4, name="窓口", channel=channel, medium=medium),
        display_id=1201,
        contact=CONTACT,
        contact_inbox_id=88,
        assignee=AGENT,
        created_at=AT - timedelta(minutes=5),
        subject="ご登録住所の変更について" if channel == chatwoot.EMAIL else "",
    )


def ticket(via: str) -> zendesk.Ticket:
    """Ogawa's ticket 5158, come by `via`, assigned to Tanaka."""
    return zendesk.Ticket(
        account_id=22129848,
        id=5158,
        subject="ログインできません",
        description="ログインできません。",
        requester=REQUESTER,
        assignee=STAFF,
        via=via,
        created_at=AT - timedelta(minutes=20),
        group_id=1,
        brand_id=2,
    )


def read_chatwoot(payload: dict[str, Any]) -> Translation:
    """What ticketrelay makes of the payload as Chatwoot posts it."""
    return chatwoot_rules.translate(json.loads(chatwoot.encode(payload)), CHATWOOT)


def read_zendesk(payload: dict[str, Any]) -> Translation:
    """What ticketrelay makes of the payload as Zendesk posts it."""
    return zendesk_rules.translate(json.loads(zendesk.encode(payload)), ZENDESK)


def test_an_agents_mail_is_a_sent_mail_with_its_subject_and_recipients() -> None:
    """To the contact, with cc and bcc; the subject is the conversation's mail subject."""
    payload = chatwoot.agent_mail(
        conversation(chatwoot.EMAIL),
        AGENT,
        message_id=90001,
        at=AT,
        content="小川様\n\nご案内いたします。",
        cc=("family@example.jp",),
        bcc=("audit@demo-support.example",),
    )
    (event,) = read_chatwoot(payload).events
    assert (event["id"], event["type"], event["occurred_at"]) == (
        "chatwoot:message:90001",
        "message.sent",
        "2026-12-01T01:00:30.250000+00:00",
    )
    data = event["data"]
    assert (data["channel"], data["subject"], data["body"]) == (
        "mail",
        "ご登録住所の変更について",
        "小川様\n\nご案内いたします。",
    )
    assert (data["to"], data["cc"], data["bcc"]) == (
        ["ogawa@example.jp"],
        ["family@example.jp"],
        ["audit@demo-support.example"],
    )
    assert data["url"] == "https://chat.example.jp/app/accounts/3/conversations/1201"
    assert event["operator"]["email"] == "tanaka@demo-support.example"


def test_an_html_mail_arrives_as_its_text() -> None:
    """HTML content (escaped as Rails writes JSON) is read back as text."""
    html = "<p>小川様</p><p>ご案内いたします。<br>田中 &amp; 佐藤</p>"
    payload = chatwoot.agent_mail(
        conversation(chatwoot.EMAIL), AGENT, message_id=1, at=AT, content=html
    )
    (event,) = read_chatwoot(payload).events
    assert "小川様" in event["data"]["body"]
    assert "<p>" not in event["data"]["body"]
    assert "田中 & 佐藤" in event["data"]["body"]


@pytest.mark.parametrize("channel", [chatwoot.SMS, chatwoot.TWILIO_SMS])
def test_an_agents_sms_is_a_sent_sms_to_the_contacts_number(channel: str) -> None:
    """`Channel::Sms`, and `Channel::TwilioSms` with medium sms."""
    payload = chatwoot.agent_message(
        conversation(channel), AGENT, message_id=2, at=AT, content="発送しました。"
    )
    (event,) = read_chatwoot(payload).events
    assert (event["data"]["channel"], event["data"]["phones"]) == ("sms", ["+819012345678"])


def test_whatsapp_through_twilio_is_not_synced() -> None:
    """A `Channel::TwilioSms` inbox with medium whatsapp is none of the twelve channels."""
    payload = chatwoot.agent_message(
        conversation(chatwoot.TWILIO_SMS, medium="whatsapp"),
        AGENT,
        message_id=3,
        at=AT,
        content="x",
    )
    reason = read_chatwoot(payload).not_synced
    assert reason is not None
    assert reason.code == "channel_not_synced"


def test_a_private_note_is_a_response_memo() -> None:
    """A note on a mail conversation: memo `other`, with the conversation's subject."""
    payload = chatwoot.private_note(
        conversation(chatwoot.EMAIL), AGENT, message_id=4, at=AT, content="折り返し不要。"
    )
    (event,) = read_chatwoot(payload).events
    assert (event["type"], event["data"]["kind"], event["data"]["subject"]) == (
        "memo.recorded",
        "other",
        "ご登録住所の変更について",
    )


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda c: chatwoot.incoming_message(c, message_id=5, at=AT, content="?"), "incoming"),
        (
            lambda c: chatwoot.bot_message(
                c, chatwoot.Bot(id=2, name="ボット"), message_id=6, at=AT, content="!"
            ),
            "bot_sender",
        ),
        (lambda c: chatwoot.conversation_resolved(c, at=AT), "not_a_message"),
    ],
    ids=["incoming", "bot", "mail resolved"],
)
def test_what_no_agent_sent_is_not_synced(
    build: Callable[[chatwoot.Conversation], dict[str, Any]], code: str
) -> None:
    """A contact's mail, a bot's message, the resolve of a mail conversation."""
    reason = read_chatwoot(build(conversation(chatwoot.EMAIL))).not_synced
    assert reason is not None
    assert reason.code == code


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        (chatwoot.LINE, "line"),
        (chatwoot.FACEBOOK, "messenger"),
        (chatwoot.INSTAGRAM, "instagram_dm"),
        (chatwoot.WEB_WIDGET, "chat_widget"),
    ],
)
def test_an_agents_chat_message_feeds_the_chat_session(channel: str, expected: str) -> None:
    """The translator hands it to the conversation's chat session, with its channel."""
    payload = chatwoot.agent_message(
        conversation(channel), AGENT, message_id=7, at=AT, content="担当の田中です。"
    )
    chat = read_chatwoot(payload).chat
    assert isinstance(chat, AgentMessage)
    assert (chat.conversation.channel, chat.message_id, chat.text) == (
        expected,
        7,
        "担当の田中です。",
    )


def test_a_resolved_chat_closes_its_session() -> None:
    """`conversation_status_changed` to resolved is the session's close, at its update time."""
    chat = read_chatwoot(chatwoot.conversation_resolved(conversation(chatwoot.LINE), at=AT)).chat
    assert isinstance(chat, ConversationResolved)
    assert chat.key == "chatwoot:inbox:4:conversation:1201"
    assert chat.resolved_at == AT.replace(microsecond=250000)


def test_chatwoot_bodies_escape_html_as_rails_does() -> None:
    """No raw `<`, `>` or `&` in the bytes; the JSON still reads back as the payload."""
    payload = chatwoot.agent_message(
        conversation(chatwoot.LINE), AGENT, message_id=8, at=AT, content="<b>A&B</b>"
    )
    body = chatwoot.encode(payload)
    assert not {b"<", b">", b"&"} & {bytes([c]) for c in body}
    assert json.loads(body) == payload


def test_chatwoot_signatures_verify_with_the_secret_only() -> None:
    """What `rules.signatures` accepts, signed at the moment of sending."""
    body = b'{"event":"message_created"}'
    headers = chatwoot.sign(SECRET, body, "d1", AT)
    stamp, signature = headers["X-Chatwoot-Timestamp"], headers["X-Chatwoot-Signature"]
    assert chatwoot_valid(SECRET, stamp, body, signature, AT).valid
    assert chatwoot_valid("other", stamp, body, signature, AT).reason == "bad_signature"
    assert headers["X-Chatwoot-Delivery"] == "d1"


@pytest.mark.parametrize(
    ("via", "author", "public", "expected"),
    [
        ("email", STAFF, True, ("message.sent", "mail")),
        ("web", STAFF, True, ("message.sent", "mail")),
        ("sms", STAFF, True, ("message.sent", "sms")),
        ("email", STAFF, False, ("memo.recorded", "other")),
    ],
)
def test_a_zendesk_staff_comment_is_a_sent_message_or_a_memo(
    via: str, author: zendesk.User, public: bool, expected: tuple[str, str]
) -> None:
    """Public: a mail (an SMS on an SMS ticket); private: a response memo."""
    payload = zendesk.comment_added(
        ticket(via), author, comment_id=9876543210, event_id="e1", at=AT, body="本文", public=public
    )
    (event,) = read_zendesk(payload).events
    data = event["data"]
    assert (event["type"], data.get("channel", data.get("kind"))) == expected
    assert (event["id"], data["subject"], data["body"]) == (
        "zendesk:comment:9876543210",
        "ログインできません",
        "本文",
    )
    assert data["url"] == "https://acme.zendesk.com/agent/tickets/5158"


@pytest.mark.parametrize(
    ("via", "author", "code"),
    [("email", REQUESTER, "incoming"), ("native_messaging", STAFF, "channel_not_synced")],
)
def test_zendesk_comments_that_do_not_sync(via: str, author: zendesk.User, code: str) -> None:
    """The requester's own comment, and a reply in a messaging conversation."""
    payload = zendesk.comment_added(
        ticket(via), author, comment_id=1, event_id="e2", at=AT, body="ありがとう"
    )
    reason = read_zendesk(payload).not_synced
    assert reason is not None
    assert reason.code == code


def test_zendesk_signatures_verify_with_the_secret_only() -> None:
    """Base64 HMAC of the ISO timestamp and the body, as `rules.signatures` checks it."""
    body = zendesk.encode({"type": zendesk.COMMENT_ADDED})
    headers = zendesk.sign(SECRET, body, "inv-1", AT)
    stamp = headers["X-Zendesk-Webhook-Signature-Timestamp"]
    signature = headers["X-Zendesk-Webhook-Signature"]
    assert stamp == "2026-12-01T01:00:30Z"
    assert zendesk_valid(SECRET, stamp, body, signature, AT).valid
    assert zendesk_valid("other", stamp, body, signature, AT).reason == "bad_signature"
    assert headers["X-Zendesk-Webhook-Invocation-Id"] == "inv-1"


EXPECTED = {
    stream.MAIL: "events",
    stream.SMS: "events",
    stream.MEMO: "events",
    stream.CHAT: "chat",
    stream.RESOLVED: "chat",
    stream.INCOMING: "incoming",
    stream.BOT: "bot_sender",
    stream.CLOSED: "not_a_message",
    stream.MESSAGING: "channel_not_synced",
}
HELPDESKS: list[Helpdesk] = ["chatwoot", "zendesk"]


def outcome(helpdesk: Helpdesk, delivery: Delivery) -> str:
    """What ticketrelay makes of a delivery: events, a chat input, or why it does not sync."""
    payload = json.loads(delivery.body)
    if helpdesk == "chatwoot":
        translation = chatwoot_rules.translate(payload, CHATWOOT)
    else:
        translation = zendesk_rules.translate(payload, ZENDESK)
    if translation.events:
        return "events"
    if translation.chat is not None:
        return "chat"
    assert translation.not_synced is not None
    return translation.not_synced.code


def ids_and_times(helpdesk: Helpdesk, deliveries: list[Delivery]) -> list[tuple[int, datetime]]:
    """The helpdesk's message (comment) ID and the time of each delivery that has one."""
    found = []
    for delivery in deliveries:
        payload = json.loads(delivery.body)
        if helpdesk == "zendesk":
            comment = Payload(payload)
            found.append((comment.ident("event.comment.id"), comment.time("time")))
        elif payload["event"] == "message_created":
            message = Payload(payload)
            found.append((message.ident("id"), message.time("created_at")))
    return found


@pytest.mark.parametrize("helpdesk", HELPDESKS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_delivery_means_what_its_kind_says(helpdesk: Helpdesk, seed: int) -> None:
    """Kinds that sync make events, chat kinds feed sessions, the rest is not synced."""
    deliveries = traffic(helpdesk, seed=seed, conversations=30, until=UNTIL)
    assert [(d.kind, outcome(helpdesk, d)) for d in deliveries] == [
        (d.kind, EXPECTED[d.kind]) for d in deliveries
    ]


@pytest.mark.parametrize("helpdesk", HELPDESKS)
def test_the_same_seed_plays_the_same_traffic(helpdesk: Helpdesk) -> None:
    """Byte for byte, delivery IDs included; another seed plays other traffic."""
    first = traffic(helpdesk, seed=7, conversations=12, until=UNTIL)
    assert traffic(helpdesk, seed=7, conversations=12, until=UNTIL) == first
    assert traffic(helpdesk, seed=8, conversations=12, until=UNTIL) != first


@pytest.mark.parametrize("helpdesk", HELPDESKS)
def test_ids_and_times_rise_and_end_by_until(helpdesk: Helpdesk) -> None:
    """Message IDs rise strictly, times never fall, all within SPAN before `until`."""
    deliveries = traffic(helpdesk, seed=5, conversations=40, until=UNTIL)
    found = ids_and_times(helpdesk, deliveries)
    ids, times = [i for i, _ in found], [t for _, t in found]
    assert len(found) > 40
    assert ids == sorted(set(ids))
    assert times == sorted(times)
    assert times[0] >= UNTIL - SPAN
    assert times[-1] <= UNTIL
    assert len({d.delivery_id for d in deliveries}) == len(deliveries)


@pytest.mark.parametrize(
    ("helpdesk", "kinds"),
    [
        ("chatwoot", {"mail", "sms", "memo", "chat", "resolved", "incoming", "bot", "closed"}),
        ("zendesk", {"mail", "sms", "memo", "incoming", "messaging"}),
    ],
)
def test_the_traffic_holds_what_does_not_sync_too(helpdesk: Helpdesk, kinds: set[str]) -> None:
    """Customers' messages, bots, resolves of mail and messaging replies come along."""
    deliveries = traffic(helpdesk, seed=1, conversations=30, until=UNTIL)
    assert {d.kind for d in deliveries} == kinds
    assert kinds & stream.NOT_SYNCING
    assert {d.kind for d in deliveries} <= stream.SYNCING | stream.CHATTING | stream.NOT_SYNCING


def test_every_chat_ends_with_its_resolve() -> None:
    """The last delivery of a conversation with chat messages is its resolve."""
    last: dict[int, str] = {}
    chats: set[int] = set()
    for delivery in chatwoot_traffic(seed=3, conversations=30, until=UNTIL):
        payload = json.loads(delivery.body)
        display_id = payload.get("conversation", payload)["id"]
        last[display_id] = delivery.kind
        if delivery.kind == stream.CHAT:
            chats.add(display_id)
    assert len(chats) > 5
    assert {last[display_id] for display_id in chats} == {stream.RESOLVED}


def test_traffic_needs_an_aware_end_and_a_conversation() -> None:
    """A naive `until` or no conversation at all is a ValueError."""
    with pytest.raises(ValueError, match="UTC offset"):
        chatwoot_traffic(seed=1, conversations=1, until=datetime(2026, 12, 1))
    with pytest.raises(ValueError, match="at least one conversation"):
        zendesk_traffic(seed=1, tickets=0, until=UNTIL)


class Receiver:
    """A stand-in for ticketrelay's webhook endpoint: verify, de-duplicate, answer."""

    def __init__(self, helpdesk: Helpdesk, secret: str = SECRET) -> None:
        self.helpdesk, self.secret = helpdesk, secret
        self.seen: set[str] = set()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one delivery as ticketrelay does."""
        body, headers = request.content, request.headers
        if self.helpdesk == "chatwoot":
            stamp, signature = headers["x-chatwoot-timestamp"], headers["x-chatwoot-signature"]
            verdict, delivery = (
                chatwoot_valid(self.secret, stamp, body, signature, AT),
                headers["x-chatwoot-delivery"],
            )
        else:
            stamp = headers["x-zendesk-webhook-signature-timestamp"]
            signature = headers["x-zendesk-webhook-signature"]
            verdict = zendesk_valid(self.secret, stamp, body, signature, AT)
            delivery = headers["x-zendesk-webhook-invocation-id"]
        if not verdict.valid:
            return httpx.Response(401, json={"detail": "refused"})
        if delivery in self.seen:
            return httpx.Response(200, json={"duplicate": True, "status": None})
        self.seen.add(delivery)
        kind = outcome(self.helpdesk, Delivery("", body, delivery))
        status = {"events": "synced", "chat": "pending_chat"}.get(kind, "not_synced")
        return httpx.Response(200, json={"duplicate": False, "status": status})


def post_all(
    deliveries: list[Delivery],
    handler: Callable[[httpx.Request], httpx.Response],
    helpdesk: Helpdesk = "chatwoot",
    pace: Pace | None = None,
) -> Summary:
    """Replay deliveries to a handler over a fake transport, signed at AT."""
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        return replay(
            deliveries,
            helpdesk=helpdesk,
            url="http://relay.test/api/v1/hooks/chatwoot/1",
            secret=SECRET,
            client=client,
            pace=pace,
            clock=lambda: AT,
        )


@pytest.mark.parametrize("helpdesk", HELPDESKS)
def test_a_replay_counts_what_the_receiver_said(helpdesk: Helpdesk) -> None:
    """Every delivery verified and answered 200: synced, pending chat or not synced."""
    deliveries = traffic(helpdesk, seed=2, conversations=15, until=AT)
    summary = post_all(deliveries, Receiver(helpdesk), helpdesk)
    kinds = [d.kind for d in deliveries]
    expected = {
        "synced": sum(k in stream.SYNCING for k in kinds),
        "pending_chat": sum(k in stream.CHATTING for k in kinds),
        "not_synced": sum(k in stream.NOT_SYNCING for k in kinds),
    }
    assert summary.ok
    assert (summary.sent, dict(summary.codes), summary.duplicates) == (
        len(deliveries),
        {200: len(deliveries)},
        0,
    )
    assert dict(summary.statuses) == {k: v for k, v in expected.items() if v}
    assert summary.problem() == ""
    assert summary.lines()[1] == f"  answers:  HTTP 200: {len(deliveries)}"


def test_a_delivery_sent_twice_is_counted_as_a_duplicate() -> None:
    """The receiver's `duplicate: true` is summed apart from the statuses."""
    delivery = chatwoot_traffic(seed=1, conversations=3, until=AT)[0]
    summary = post_all([delivery, delivery], Receiver("chatwoot"))
    assert (summary.duplicates, sum(summary.statuses.values()), summary.ok) == (1, 1, True)
    assert summary.lines()[2].endswith("duplicate 1")


def test_a_wrong_secret_is_a_failed_summary_of_401s() -> None:
    """Nothing raises: the summary counts the 401s and says which options to check."""
    deliveries = chatwoot_traffic(seed=1, conversations=2, until=AT)
    summary = post_all(deliveries, Receiver("chatwoot", secret="another secret"))
    assert (summary.ok, dict(summary.codes), dict(summary.statuses)) == (
        False,
        {401: len(deliveries)},
        {},
    )
    assert summary.problem() == (
        f"Of {len(deliveries)} deliveries, {len(deliveries)} answered HTTP 401: the signature "
        "did not verify, or the URL names no live Chatwoot source. Check --secret (the secret "
        "the source was created with) and --url (its webhook_url)."
    )


def test_server_errors_and_silence_are_failures_of_the_receiver() -> None:
    """A 500 and a read timeout are counted, and the replay goes on, as Chatwoot's does."""
    deliveries = chatwoot_traffic(seed=1, conversations=2, until=AT)[:3]
    answers: list[Callable[[httpx.Request], httpx.Response]] = [
        lambda r: httpx.Response(500, text="boom"),
        lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("timed out", request=r)),
        lambda r: httpx.Response(200, json={"duplicate": False, "status": "synced"}),
    ]
    summary = post_all(deliveries, lambda request: answers.pop(0)(request))
    assert (dict(summary.codes), summary.unanswered, dict(summary.statuses)) == (
        {200: 1, 500: 1},
        1,
        {"synced": 1},
    )
    assert summary.problem() == (
        "Of 3 deliveries, 1 answered HTTP 500 and 1 got no answer within 5 s: the receiver "
        "failed; see its log."
    )


def test_an_unreachable_url_raises_unreachable() -> None:
    """A refused connection stops the replay with one sentence saying what to check."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with pytest.raises(Unreachable) as raised:
        post_all(chatwoot_traffic(seed=1, conversations=1, until=AT), refuse)
    assert str(raised.value) == (
        "Cannot reach http://relay.test/api/v1/hooks/chatwoot/1: [Errno 111] Connection "
        "refused. Check --url (the source's webhook_url) and that ticketrelay is running there."
    )
    assert isinstance(ReplayFailed("x"), ticketrelay.errors.ActionRequired)


def test_the_pace_gives_each_delivery_its_turn() -> None:
    """At 4 a second the second delivery waits 0.25 s after the start, the third 0.5 s."""
    waits: list[float] = []
    pace = Pace(per_second=4, sleep=waits.append, monotonic=lambda: 10.0)
    deliveries = chatwoot_traffic(seed=1, conversations=3, until=AT)[:3]
    post_all(deliveries, Receiver("chatwoot"), pace=pace)
    assert waits == [0.25, 0.5]


def test_public_names() -> None:
    """What `ticketrelay.fakes` offers is a deliberate, pinned list."""
    assert sorted(ticketrelay.fakes.__all__) == [
        "CHATTING",
        "Delivery",
        "HELPDESKS",
        "Helpdesk",
        "NOT_SYNCING",
        "Pace",
        "ReplayFailed",
        "SYNCING",
        "Summary",
        "Unreachable",
        "chatwoot_traffic",
        "replay",
        "traffic",
        "zendesk_traffic",
    ]
    for name in ticketrelay.fakes.__all__:
        assert getattr(ticketrelay.fakes, name) is not None
