"""Chat sessions of the demo: the editor opens, the agent sends bubbles, the editor closes.

Also the sessions that must not sync (closed without a bubble) and the stray events after a
close (a late bubble, a second close), as a second browser tab produces them.
"""

from typing import Any

from ticketrelay.demo.texts import chat_bubbles, guide_bubble
from ticketrelay.demo.timeline import TEAMS, Talk, Timeline
from ticketrelay.rules.channels import GROUP_CHANNELS, VISITOR_CHANNELS


def chat(
    line: Timeline,
    at: float,
    *,
    channel: str,
    bubbles: list[str] | None = None,
    relay: bool = False,
    url: str | None = None,
) -> tuple[float, Talk, str]:
    """A session with bubbles; with `relay` a colleague sends the second half and closes."""
    rng = line.rng
    talk, session = _open(line, at, channel, url)
    if bubbles is None:
        bubbles = chat_bubbles(talk.topic, talk.facts, talk.agent)
        bubbles = bubbles[: rng.randint(1 + relay, len(bubbles))]
    if rng.random() < 0.1:
        bubbles = [text.replace("\n", "\r\n") for text in bubbles]
    sender, colleague = talk.agent, rng.choice([a for a in TEAMS[talk.inbox] if a != talk.agent])
    for index, text in enumerate(bubbles):
        at += rng.uniform(1.5, 4.0)
        sender = colleague if relay and index >= len(bubbles) // 2 else sender
        line.emit(at, "chat.message_sent", talk, {"session_id": session, "text": text}, by=sender)
    at += rng.uniform(1.0, 3.0)
    line.emit(at, "chat.editor_closed", talk, _closed(line, talk, session, channel), by=sender)
    return at, talk, session


def _open(line: Timeline, at: float, channel: str, url: str | None) -> tuple[Talk, str]:
    talk = line.talk()
    session = line.new_id("chat")
    data = {
        "session_id": session,
        "ticket_id": talk.ticket,
        "channel": channel,
        "subject": f"{talk.topic.title}({talk.customer.family_name}様)",
        "url": talk.url("chats", session) if url is None else url,
    }
    line.emit(at, "chat.editor_opened", talk, data, by=talk.agent)
    return talk, session


def _closed(line: Timeline, talk: Talk, session: str, channel: str) -> dict[str, Any]:
    rng = line.rng
    data: dict[str, Any] = {"session_id": session}
    customer = talk.customer.contact()
    if rng.random() < 0.1:
        customer["email" if channel not in VISITOR_CHANNELS else "phone"] = ""
    if channel in VISITOR_CHANNELS:
        data["visitor"] = customer
        if rng.random() < 0.3:
            data["contacts"] = [talk.customer.contact()]
        return data
    contacts = [customer] if rng.random() < 0.92 else []
    if rng.random() < 0.1:
        contacts.append(line.customer().contact())
    data["contacts"] = contacts
    if channel in GROUP_CHANNELS and rng.random() < 0.35:
        members = [line.customer().contact() for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.3:
            members.append(talk.customer.contact())
        data["group_members"] = members
    return data


def empty_chat(line: Timeline, at: float, *, channel: str) -> None:
    """The editor opened and closed again without a bubble."""
    talk, session = _open(line, at, channel, None)
    closed = _closed(line, talk, session, channel)
    line.emit(at + line.rng.uniform(2.0, 12.0), "chat.editor_closed", talk, closed, by=talk.agent)


def late_bubble(line: Timeline, at: float, *, channel: str) -> None:
    """A bubble that arrives after its session was closed."""
    closed_at, talk, session = chat(line, at, channel=channel)
    data = {"session_id": session, "text": "先ほどの件、追加でご案内いたします。"}
    line.emit(
        closed_at + line.rng.uniform(1.0, 4.0), "chat.message_sent", talk, data, by=talk.agent
    )


def closed_twice(line: Timeline, at: float, *, channel: str) -> None:
    """A session closed a second time."""
    closed_at, talk, session = chat(line, at, channel=channel)
    closed = _closed(line, talk, session, channel)
    line.emit(
        closed_at + line.rng.uniform(0.5, 3.0), "chat.editor_closed", talk, closed, by=talk.agent
    )


def long_chat(line: Timeline, at: float, *, channel: str) -> None:
    """A session whose bubbles add up to more than 50 lines."""
    bubbles = ["通知の設定方法をご案内します。", guide_bubble(30), guide_bubble(26), "以上です。"]
    chat(line, at, channel=channel, bubbles=bubbles)
