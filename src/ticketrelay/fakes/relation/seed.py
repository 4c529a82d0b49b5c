"""Realistic tickets of every kind, in Japanese, from the demo's people and texts.

Mail received and answered (one answer scheduled), SMS, response memos, call memos, and
chats on LINE, ChatPlus, R-Messe and Yahoo!ショッピング; spread over the hours before now.
"""

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from html import escape
from typing import Final

from ticketrelay.demo.people import AGENTS, Agent, Customer, customers
from ticketrelay.demo.texts import (
    FOLLOW_UPS,
    POSTAL_ITEMS,
    TEAMS,
    chat_bubbles,
    fill,
    mail_lines,
    memo_lines,
    memo_subject,
)
from ticketrelay.demo.topics import TOPICS, Topic, facts
from ticketrelay.fakes.relation.records import Ticket
from ticketrelay.fakes.relation.state import RelationState

KINDS: Final = (
    *("mail", "scheduled", "sms", "record", "call"),
    *("line", "chatplus", "r_messe", "yahoo"),
)
MEMO_KINDS: Final = ("meeting", "sales", "postal", "other")
CALL_KINDS: Final = ("incoming_call", "outgoing_call")
STEP: Final = timedelta(minutes=7)


def html(lines: list[str]) -> str:
    """Text lines as the HTML of a message body: one `<div>` a line, `<br>` for an empty one."""
    return "".join(f"<div>{escape(line)}</div>" if line else "<div><br></div>" for line in lines)


def mention(agent: Agent) -> str:
    """An agent's Re:lation mention name: the local part of the address."""
    return agent.email.split("@")[0]


class Scene:
    """One ticket being written: its topic, numbers, people and clock."""

    def __init__(self, state: RelationState, rng: random.Random, people: tuple[Customer, ...]):
        self.state, self.rng = state, rng
        self.topic: Topic = rng.choice(TOPICS)
        self.facts = facts(rng)
        self.agent: Agent = rng.choice(AGENTS)
        self.customer: Customer = rng.choice(people)

    def ticket(self, box: int, at: datetime) -> Ticket:
        """The ticket, assigned to the agent most of the time."""
        assignee = mention(self.agent) if self.rng.random() < 0.8 else None
        status = self.rng.choice(("open", "ongoing", "closed", "closed"))
        title = fill(self.topic.subject, self.facts)
        return self.state.add_ticket(box, title, at=at, status_cd=status, assignee=assignee)

    def question(self, ticket: Ticket, at: datetime) -> None:
        """The customer's mail that opened the ticket."""
        lines = [fill(self.topic.question, self.facts), "", self.customer.family_name]
        self.state.add_message(
            ticket.ticket_id,
            method_cd="mail",
            action_cd="received",
            title=ticket.title,
            body=html(lines),
            at=at,
        )

    def reply(self, ticket: Ticket, at: datetime, *, scheduled: bool = False) -> None:
        """The agent's answer by mail, sent or scheduled for the next morning."""
        lines = mail_lines(self.topic, self.facts, self.agent, self.customer)
        message = self.state.add_message(
            ticket.ticket_id,
            method_cd="mail",
            action_cd="scheduled" if scheduled else "sent",
            title=f"Re: {ticket.title}",
            body=html(lines),
            at=at,
            sent_at=at + timedelta(hours=15) if scheduled else None,
        )
        if self.rng.random() < 0.3:
            reviewer = mention(self.rng.choice(AGENTS))
            self.state.add_comment(
                message.message_id, "確認しました。問題ありません。", commenter=reviewer, at=at
            )

    def sms(self, ticket: Ticket, at: datetime) -> None:
        """An SMS to the customer."""
        self.state.add_message(
            ticket.ticket_id,
            method_cd="sms",
            action_cd="sent",
            title=self.topic.title,
            body=html([fill(self.topic.sms, self.facts)]),
            at=at,
        )

    def memo(self, ticket: Ticket, at: datetime, kind: str) -> None:
        """A response memo (`record`) or, for the call kinds, a call memo (`call`)."""
        item = self.rng.choice(POSTAL_ITEMS)
        lines = memo_lines(self.topic, self.facts, self.rng.choice(FOLLOW_UPS))
        self.state.add_message(
            ticket.ticket_id,
            method_cd="call" if kind.endswith("_call") else "record",
            action_cd="sent",
            title=memo_subject(kind, self.topic, self.customer, item),
            body=html(lines),
            at=at,
        )

    def chat(self, ticket: Ticket, at: datetime, method_cd: str) -> None:
        """A chat: the customer asks, the agent answers in bubbles; ended unless still open."""
        ended = ticket.status_cd != "open"
        customer = f"{self.customer.family_name} {self.customer.given_name}"
        question = fill(self.topic.question, self.facts)
        message = self.state.add_message(
            ticket.ticket_id,
            method_cd=method_cd,
            action_cd="end_conversation" if ended else "conversation",
            title=f"{customer}様とのチャット",
            body=html([question]),
            at=at,
        )
        # chat_api.md's Yahoo! example gives the type in Japanese; the others in English.
        kind = "テキスト" if method_cd == "yahoo" else "text"
        talk = self.state.add_conversation
        talk(message.message_id, question, at=at, speaker_name=customer, conversation_type=kind)
        speaker = f"{self.agent.family_name} {self.agent.given_name}"
        for i, note in enumerate(chat_bubbles(self.topic, self.facts, self.agent), start=1):
            talk(
                message.message_id,
                note,
                at=at + timedelta(seconds=40 * i),
                action_cd="sent",
                speaker_name=speaker,
                sent_by=mention(self.agent),
                conversation_type=kind,
            )


def _writer(scene: Scene, kind: str) -> Callable[[Ticket, datetime], None]:
    if kind in ("mail", "scheduled"):
        return lambda t, at: scene.reply(t, at, scheduled=kind == "scheduled")
    if kind == "sms":
        return scene.sms
    if kind in ("record", "call"):
        memo = scene.rng.choice(MEMO_KINDS if kind == "record" else CALL_KINDS)
        return lambda t, at: scene.memo(t, at, memo)
    return lambda t, at: scene.chat(t, at, kind)


def ensure_people(state: RelationState) -> list[int]:
    """The demo's agents as users and one message box per team, unless there are boxes already."""
    if not state.users:
        for agent in AGENTS:
            state.add_user(mention(agent), agent.family_name, agent.given_name, agent.email)
    if not state.boxes:
        for color, team in zip(("blue", "green", "orange"), TEAMS.values(), strict=True):
            state.add_message_box(team, color=color)
    return sorted(state.boxes)


def seed(state: RelationState, tickets: int, rng: random.Random) -> list[Ticket]:
    """`tickets` new tickets across every kind, the last of them updated just before now."""
    with state.lock:
        boxes = ensure_people(state)
        people = customers(rng, max(4, tickets // 2))
        start = state.clock() - STEP * (tickets + 1)
        made = []
        for i in range(tickets):
            scene, at = Scene(state, rng, people), start + STEP * i
            kind = KINDS[i % len(KINDS)]
            ticket = scene.ticket(rng.choice(boxes), at)
            if kind in ("mail", "scheduled"):
                scene.question(ticket, at)
            _writer(scene, kind)(ticket, at + timedelta(minutes=3))
            made.append(ticket)
        return made
