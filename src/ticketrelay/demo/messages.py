"""Mail and SMS conversations of the demo: sends, undone sends, scheduled sends, broadcasts.

The `support` and `billing` inboxes have undo-send switched on (a 5-second window, so that a
demo replayed now sees it close); `sales` has it off.
"""

from datetime import timedelta
from typing import Any

from ticketrelay.demo.people import AGENT_DOMAIN, phone
from ticketrelay.demo.texts import fill, long_subject, mail_body
from ticketrelay.demo.timeline import Talk, Timeline
from ticketrelay.demo.topics import BROADCASTS

UNDO_SECONDS: dict[str, float] = {"support": 5.0, "billing": 5.0}
UNDO_INBOXES: tuple[str, ...] = tuple(UNDO_SECONDS)
_BROADCAST_OPENING = (
    "お客様各位",
    "",
    "いつもデモサポートをご利用いただき、誠にありがとうございます。",
)
_BROADCAST_CLOSING = ("", "今後ともよろしくお願いいたします。", "", "デモサポート株式会社")


def send_mail(
    line: Timeline,
    at: float,
    talk: Talk,
    *,
    subject: str | None = None,
    long: bool | None = None,
    scheduled_for: str | None = None,
    message_id: str | None = None,
) -> dict[str, Any]:
    """An agent replies by mail (or schedules the reply), with recipients as real mail has."""
    rng = line.rng
    message_id = message_id or line.new_id("msg")
    long = rng.random() < 0.1 if long is None else long
    data: dict[str, Any] = {
        "message_id": message_id,
        "ticket_id": talk.ticket,
        "channel": "mail",
        "subject": fill(talk.topic.subject, talk.facts) if subject is None else subject,
        "body": mail_body(talk.topic, talk.facts, talk.agent, talk.customer, long=long),
        "url": talk.url("messages", message_id),
    }
    if rng.random() < 0.8:
        data["draft_saved_at"] = line.time(at - rng.uniform(20.0, 1800.0), whole=True)
    data.update(_mail_recipients(line, talk))
    _finish_send(line, at, talk, data, scheduled_for)
    return line.emit(at, "message.sent", talk, data, by=talk.agent)


def send_sms(line: Timeline, at: float, talk: Talk) -> dict[str, Any]:
    """An agent sends an SMS to the customer's phone (sometimes to a second one too)."""
    rng = line.rng
    message_id = line.new_id("msg")
    phones = [talk.customer.phone]
    if rng.random() < 0.15:
        phones.append(phone(rng))
    if rng.random() < 0.1:
        phones.append(talk.customer.phone)
    data: dict[str, Any] = {
        "message_id": message_id,
        "ticket_id": talk.ticket,
        "channel": "sms",
        "body": fill(talk.topic.sms, talk.facts),
        "url": talk.url("messages", message_id),
        "phones": phones,
    }
    if rng.random() < 0.5:
        data["draft_saved_at"] = line.time(at - rng.uniform(10.0, 600.0), whole=True)
    _finish_send(line, at, talk, data, None)
    return line.emit(at, "message.sent", talk, data, by=talk.agent)


def _finish_send(
    line: Timeline, at: float, talk: Talk, data: dict[str, Any], scheduled_for: str | None
) -> None:
    if scheduled_for is not None:
        data["scheduled_for"] = scheduled_for
    elif talk.inbox in UNDO_SECONDS:
        data["undo_until"] = line.time(at + UNDO_SECONDS[talk.inbox])


def _mail_recipients(line: Timeline, talk: Talk) -> dict[str, list[str]]:
    rng = line.rng
    to = [talk.customer.email]
    cc: list[str] = []
    if rng.random() < 0.1:
        to.append(line.customer().email)
    if rng.random() < 0.25:
        cc.append(line.customer().email)
    if rng.random() < 0.1:
        cc.append(talk.customer.email)
    if rng.random() < 0.04:
        cc.append("")
    recipients = {"to": to, "cc": cc}
    if rng.random() < 0.15:
        recipients["bcc"] = [f"{talk.inbox}-archive@{AGENT_DOMAIN}"]
    return recipients


def mail(line: Timeline, at: float) -> None:
    """A reply by mail."""
    send_mail(line, at, line.talk())


def sms(line: Timeline, at: float) -> None:
    """An SMS."""
    send_sms(line, at, line.talk())


def long_subject_mail(line: Timeline, at: float) -> None:
    """A reply whose subject grew past the 100 characters the demo app allows."""
    talk = line.talk()
    send_mail(line, at, talk, subject=long_subject(talk.topic, talk.facts))


def undone_send(line: Timeline, at: float, *, channel: str) -> None:
    """A send undone within its window; half the time a corrected message follows."""
    rng = line.rng
    talk = line.talk(inboxes=UNDO_INBOXES)
    sent = _send(line, at, talk, channel)
    undone_at = at + rng.uniform(1.0, UNDO_SECONDS[talk.inbox] - 1.0)
    _undo(line, undone_at, talk, sent)
    if rng.random() < 0.5:
        _send(line, undone_at + rng.uniform(3.0, 8.0), talk, channel)


def late_undo(line: Timeline, at: float, *, channel: str) -> None:
    """An undo that comes after the window closed: the message was sent."""
    talk = line.talk(inboxes=UNDO_INBOXES)
    sent = _send(line, at, talk, channel)
    _undo(line, at + UNDO_SECONDS[talk.inbox] + line.rng.uniform(2.0, 10.0), talk, sent)


def _send(line: Timeline, at: float, talk: Talk, channel: str) -> dict[str, Any]:
    return send_mail(line, at, talk) if channel == "mail" else send_sms(line, at, talk)


def _undo(line: Timeline, at: float, talk: Talk, sent: dict[str, Any]) -> None:
    data = {"message_id": sent["data"]["message_id"]}
    line.emit(at, "message.send_undone", talk, data, by=talk.agent)


def scheduled(line: Timeline, at: float, *, cancel: bool, again: bool) -> None:
    """A send scheduled for tomorrow morning; maybe cancelled, and maybe scheduled again."""
    rng = line.rng
    talk = line.talk()
    sent = send_mail(line, at, talk, long=False, scheduled_for=_tomorrow(line, 9))
    if not cancel:
        return
    cancelled_at = at + rng.uniform(3.0, 8.0)
    data = {"message_id": sent["data"]["message_id"]}
    line.emit(cancelled_at, "message.schedule_cancelled", talk, data, by=talk.agent)
    if again:
        again_at = cancelled_at + rng.uniform(3.0, 8.0)
        message_id = sent["data"]["message_id"]
        when = _tomorrow(line, 13)
        send_mail(line, again_at, talk, long=False, scheduled_for=when, message_id=message_id)


def _tomorrow(line: Timeline, hour: int) -> str:
    start = line.start
    morning = (start + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return line.time((morning - start).total_seconds() + 60 * line.rng.choice((0, 15, 30)))


def broadcast(line: Timeline, at: float, *, channel: str) -> None:
    """A broadcast of the 一斉配信+ option to many customers: it never syncs."""
    rng = line.rng
    talk = line.talk(inboxes=("sales",))
    subject, text = rng.choice(BROADCASTS)
    message_id = line.new_id("msg")
    people = [line.customer() for _ in range(rng.randint(8, 25))]
    data: dict[str, Any] = {"message_id": message_id, "ticket_id": talk.ticket, "channel": channel}
    if channel == "mail":
        data["subject"] = subject
        data["body"] = "\r\n".join((*_BROADCAST_OPENING, text, *_BROADCAST_CLOSING))
        data["to"] = [person.email for person in people]
    else:
        data["body"] = f"【デモサポート】{text}"
        data["phones"] = [person.phone for person in people]
    data["url"] = talk.url("messages", message_id)
    data["broadcast"] = True
    line.emit(at, "message.sent", talk, data, by=talk.agent)
