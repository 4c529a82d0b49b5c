"""What the fake traffic's customers ask and its agents answer, taken from the demo's texts.

A `Case` is one customer's inquiry about one demo topic, with the numbers of the
conversation filled in and the agent who takes it. The people and texts are the demo's
(`ticketrelay.demo.people`, `.topics`, `.texts`), all fictitious.
"""

import html
import random
from dataclasses import dataclass

from ticketrelay.demo.people import AGENTS, Agent, Customer, customers
from ticketrelay.demo.texts import FOLLOW_UPS, chat_bubbles, fill, mail_lines, memo_lines
from ticketrelay.demo.topics import TOPICS, Topic, facts

THANKS: tuple[str, ...] = (
    "ご回答ありがとうございました。",
    "承知しました。ありがとうございます。",
    "確認できました。助かりました。",
    "ありがとうございます。また何かあればご連絡します。",
)
REPLIES: tuple[str, ...] = ("はい、お願いします。", "わかりました。", "少々お待ちください。")
BOT_LINES: tuple[str, ...] = (
    "お問い合わせありがとうございます。担当者におつなぎしますので、少々お待ちください。",
    "ただいま混み合っております。順番にご案内いたします。",
    "営業時間は平日9時から18時です。担当者より折り返しご連絡いたします。",
)


@dataclass(frozen=True, kw_only=True)
class Case:
    """One customer's inquiry about one topic, and the agent who answers it."""

    topic: Topic
    facts: dict[str, str]
    customer: Customer
    agent: Agent

    @property
    def subject(self) -> str:
        """The subject of the customer's mail."""
        return fill(self.topic.subject, self.facts)

    @property
    def question(self) -> str:
        """What the customer first writes."""
        return fill(self.topic.question, self.facts)

    def mail(self) -> str:
        """The agent's reply by mail, in plain text."""
        return "\n".join(mail_lines(self.topic, self.facts, self.agent, self.customer))

    def mail_html(self) -> str:
        """The agent's reply by mail as HTML paragraphs."""
        lines = mail_lines(self.topic, self.facts, self.agent, self.customer)
        paragraphs: list[str] = []
        current: list[str] = []
        for line in [*lines, ""]:
            if line:
                current.append(html.escape(line))
            elif current:
                paragraphs.append(f"<p>{'<br>'.join(current)}</p>")
                current = []
        return "".join(paragraphs)

    def sms(self) -> str:
        """The agent's SMS."""
        return fill(self.topic.sms, self.facts)

    def bubbles(self) -> list[str]:
        """The agent's chat messages, greeting first."""
        return chat_bubbles(self.topic, self.facts, self.agent)

    def memo(self, rng: random.Random) -> str:
        """An agent's note on the conversation."""
        return "\n".join(memo_lines(self.topic, self.facts, rng.choice(FOLLOW_UPS)))


def cases(rng: random.Random, count: int) -> list[Case]:
    """`count` inquiries by distinct customers, each taken by one of the demo's agents."""
    return [
        Case(
            topic=rng.choice(TOPICS), facts=facts(rng), customer=customer, agent=rng.choice(AGENTS)
        )
        for customer in customers(rng, count)
    ]


def full_name(person: Agent | Customer) -> str:
    """A person's name as a helpdesk with one name field holds it: family name first."""
    return f"{person.family_name} {person.given_name}"


def e164(phone: str) -> str:
    """A Japanese number such as 090-1234-5678 in E.164: +819012345678."""
    return "+81" + phone.replace("-", "").removeprefix("0")
