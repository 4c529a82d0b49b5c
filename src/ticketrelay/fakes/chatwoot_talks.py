"""The conversations of the fake Chatwoot traffic, each planned on a `Stream` as it unfolds.

One account with an e-mail inbox, two SMS inboxes (`Channel::Sms`, `Channel::TwilioSms`) and
four chat inboxes (LINE, a Facebook page, Instagram, the website's widget). A mail
conversation: the customer's mail, the agent's reply (plain or HTML, sometimes with cc and
bcc), now and then a private note, a thank-you and a resolve. An SMS conversation: the
agent's SMS, sometimes after the customer's. A chat: the customer's question, often a bot's
greeting, the agent's messages with the customer's answers in between, sometimes a private
note, and the resolve that closes the chat session. A chat's messages are under a minute
apart, far below a Chatwoot source's `chat_idle_minutes`.
"""

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from ticketrelay.demo.people import AGENTS
from ticketrelay.fakes import chatwoot
from ticketrelay.fakes.cases import BOT_LINES, REPLIES, THANKS, Case, e164, full_name
from ticketrelay.fakes.chatwoot import (
    EMAIL,
    FACEBOOK,
    INSTAGRAM,
    LINE,
    SMS,
    TWILIO_SMS,
    WEB_WIDGET,
    Account,
    Agent,
    Bot,
    Contact,
    Conversation,
    Inbox,
)
from ticketrelay.fakes.stream import BOT, CHAT, CLOSED, INCOMING, MAIL, MEMO, RESOLVED, Stream
from ticketrelay.fakes.stream import SMS as SMS_SENT

ACCOUNT = Account(id=1, name="デモサポート株式会社")
SUPPORT_BOT = Bot(id=1, name="サポートボット")
INBOXES: tuple[tuple[Inbox, int], ...] = (
    (Inbox(id=1, name="サポート窓口", channel=EMAIL, address="support@demo-support.example"), 40),
    (Inbox(id=2, name="SMS", channel=SMS), 8),
    (Inbox(id=3, name="SMS(Twilio)", channel=TWILIO_SMS, medium="sms"), 7),
    (Inbox(id=4, name="LINE公式アカウント", channel=LINE), 15),
    (Inbox(id=5, name="Facebookページ", channel=FACEBOOK), 10),
    (Inbox(id=6, name="Instagram", channel=INSTAGRAM), 8),
    (Inbox(id=7, name="Webサイトのチャット", channel=WEB_WIDGET), 12),
)
SECONDS_PER_CONVERSATION = 10.0
MAX_WINDOW = 180.0
_JST = timezone(timedelta(hours=9))


class _Talk:
    """One conversation being planned: the stream, the conversation, its agent and case."""

    def __init__(
        self, stream: Stream, conversation: Conversation, agent: Agent, case: Case
    ) -> None:
        self.stream, self.rng = stream, stream.rng
        self.conversation, self.agent, self.case = conversation, agent, case

    def plan(self, offset: float, kind: str, build: Callable[..., Any], **given: Any) -> None:
        """Plan a message of this conversation, numbered and timed by the stream."""
        self.stream.add(
            offset,
            kind,
            lambda ident, at: build(self.conversation, message_id=ident, at=at, **given),
        )

    def resolve(self, offset: float, kind: str) -> None:
        """Plan the resolve of this conversation."""
        resolved = chatwoot.conversation_resolved
        self.stream.add(offset, kind, lambda _, at: resolved(self.conversation, at=at))


def plan(stream: Stream, cases: list[Case], *, base_url: str) -> None:
    """Plan one conversation per case, starting at random times in a window."""
    rng = stream.rng
    window = min(MAX_WINDOW, SECONDS_PER_CONVERSATION * len(cases))
    starts = sorted(rng.uniform(0, window) for _ in cases)
    display_id, contact_id = rng.randint(1000, 4000), rng.randint(100, 900)
    inboxes, weights = zip(*INBOXES, strict=True)
    for start, case in zip(starts, cases, strict=True):
        display_id, contact_id = display_id + 1 + rng.randrange(2), contact_id + 1
        inbox = rng.choices(inboxes, weights)[0]
        agent = _agent(case, base_url)
        conversation = _conversation(stream, inbox, (display_id, contact_id), case, agent, start)
        talk = _Talk(stream, conversation, agent, case)
        _SCENES[inbox.channel](talk, start)


def _mail(talk: _Talk, t: float) -> None:
    rng, case = talk.rng, talk.case
    talk.plan(t, INCOMING, chatwoot.incoming_message, content=case.question)
    t += rng.uniform(30, 120)
    content = case.mail_html() if rng.random() < 0.5 else case.mail()
    cc = (f"{case.customer.email.split('@')[0]}.family@example.jp",) if rng.random() < 0.25 else ()
    bcc = ("audit@demo-support.example",) if rng.random() < 0.15 else ()
    talk.plan(t, MAIL, chatwoot.agent_mail, agent=talk.agent, content=content, cc=cc, bcc=bcc)
    if rng.random() < 0.3:
        t += rng.uniform(5, 40)
        talk.plan(t, MEMO, chatwoot.private_note, agent=talk.agent, content=case.memo(rng))
    if rng.random() < 0.3:
        t += rng.uniform(30, 90)
        talk.plan(t, INCOMING, chatwoot.incoming_message, content=rng.choice(THANKS))
    if rng.random() < 0.5:
        talk.resolve(t + rng.uniform(5, 30), CLOSED)


def _sms(talk: _Talk, t: float) -> None:
    rng = talk.rng
    if rng.random() < 0.5:
        talk.plan(t, INCOMING, chatwoot.incoming_message, content=talk.case.question)
        t += rng.uniform(20, 90)
    talk.plan(t, SMS_SENT, chatwoot.agent_message, agent=talk.agent, content=talk.case.sms())
    if rng.random() < 0.3:
        t += rng.uniform(20, 60)
        talk.plan(t, INCOMING, chatwoot.incoming_message, content=rng.choice(THANKS))
    if rng.random() < 0.3:
        talk.resolve(t + rng.uniform(5, 30), CLOSED)


def _chat(talk: _Talk, t: float) -> None:
    rng = talk.rng
    talk.plan(t, INCOMING, chatwoot.incoming_message, content=talk.case.question)
    if talk.conversation.inbox.channel in (LINE, WEB_WIDGET) and rng.random() < 0.6:
        bot_line = rng.choice(BOT_LINES)
        talk.plan(t + 1.5, BOT, chatwoot.bot_message, bot=SUPPORT_BOT, content=bot_line)
    t += rng.uniform(15, 60)
    for number, bubble in enumerate(talk.case.bubbles()):
        if number and rng.random() < 0.4:
            talk.plan(t, INCOMING, chatwoot.incoming_message, content=rng.choice(REPLIES))
            t += rng.uniform(3, 15)
        talk.plan(t, CHAT, chatwoot.agent_message, agent=talk.agent, content=bubble)
        t += rng.uniform(5, 30)
    if rng.random() < 0.2:
        talk.plan(t, MEMO, chatwoot.private_note, agent=talk.agent, content=talk.case.memo(rng))
        t += rng.uniform(5, 20)
    talk.resolve(t, RESOLVED)


_SCENES: dict[str, Callable[[_Talk, float], None]] = {
    EMAIL: _mail,
    SMS: _sms,
    TWILIO_SMS: _sms,
    LINE: _chat,
    FACEBOOK: _chat,
    INSTAGRAM: _chat,
    WEB_WIDGET: _chat,
}


def _conversation(
    stream: Stream, inbox: Inbox, ids: tuple[int, int], case: Case, agent: Agent, start: float
) -> Conversation:
    display_id, contact_id = ids
    customer, created = case.customer, stream.at(start)
    contact = Contact(
        id=contact_id,
        name=full_name(customer),
        email=customer.email,
        phone_number=e164(customer.phone),
    )
    mail = inbox.channel == EMAIL
    return Conversation(
        account=ACCOUNT,
        inbox=inbox,
        display_id=display_id,
        contact=contact,
        contact_inbox_id=contact_id * 10 + inbox.id,
        assignee=agent,
        created_at=created,
        subject=case.subject if mail else "",
        additional_attributes=_attributes(inbox, created),
    )


def _attributes(inbox: Inbox, created: datetime) -> dict[str, Any]:
    """The conversation's `additional_attributes` as its channel sets them."""
    if inbox.channel == EMAIL:
        # Mailbox::ConversationFinderStrategies::NewConversationStrategy#create_conversation.
        return {
            "in_reply_to": None,
            "source": "email",
            "auto_reply": False,
            "initiated_at": {"timestamp": chatwoot.rails_time(created)},
        }
    if inbox.channel == WEB_WIDGET:
        # Api::V1::Widget::BaseController#conversation_params; the timestamp is the browser's.
        browser = {
            "browser_name": "Chrome",
            "browser_version": "131.0.0.0",
            "device_name": "Unknown",
            "platform_name": "macOS",
            "platform_version": "10.15.7",
        }
        local = created.astimezone(_JST).strftime("%a %b %d %Y %H:%M:%S GMT+0900")
        return {
            "browser": browser,
            "referer": "https://shop.example.jp/mypage/orders",
            "initiated_at": {"timestamp": f"{local} (日本標準時)"},
        }
    return {}


def _agent(case: Case, base_url: str) -> Agent:
    """The case's agent as a Chatwoot user; IDs follow the demo team's order."""
    avatar = ""
    if base_url:
        # [I] ActiveStorage's redirect URL under Chatwoot's FRONTEND_URL.
        avatar = f"{base_url.rstrip('/')}/rails/active_storage/representations/redirect/"
        avatar += f"{case.agent.email.split('@')[0]}/avatar.png"
    return Agent(
        id=AGENTS.index(case.agent) + 1,
        name=full_name(case.agent),
        email=case.agent.email,
        avatar_url=avatar,
    )
