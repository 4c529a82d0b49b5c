"""The people of the demo stream: the support team and their customers, all fictitious.

Agents write from `@demo-support.example`; customers live under `example.com` and
`example.jp`. One agent changes her name and address part-way through the stream, so that
the operator values can be seen to be those at the time of each operation.
"""

import random
from dataclasses import dataclass
from typing import Any

AGENT_DOMAIN = "demo-support.example"


@dataclass(frozen=True, kw_only=True)
class Agent:
    """A helpdesk user, as at one moment."""

    email: str
    family_name: str
    given_name: str

    def operator(self) -> dict[str, Any]:
        """The event's `operator` object."""
        return {
            "email": self.email,
            "family_name": self.family_name,
            "given_name": self.given_name,
        }


@dataclass(frozen=True, kw_only=True)
class Customer:
    """A customer contact with a default email address and phone number."""

    family_name: str
    given_name: str
    email: str
    phone: str

    def contact(self) -> dict[str, Any]:
        """The customer as an event's contact object."""
        return {"email": self.email, "phone": self.phone}


def _agent(romaji: str, family_name: str, given_name: str) -> Agent:
    return Agent(email=f"{romaji}@{AGENT_DOMAIN}", family_name=family_name, given_name=given_name)


AGENTS: tuple[Agent, ...] = (
    _agent("sato", "佐藤", "花子"),
    _agent("suzuki", "鈴木", "一郎"),
    _agent("takahashi", "高橋", "美咲"),
    _agent("tanaka", "田中", "健太"),
    _agent("ito", "伊藤", "由美"),
    _agent("watanabe", "渡辺", "翔"),
    _agent("yamamoto", "山本", "結衣"),
    _agent("nakamura", "中村", "大輔"),
)
RENAMED_FROM = AGENTS[2]
RENAMED_TO = _agent("kobayashi", "小林", "美咲")
RENAMED_AT_SECONDS = 45.0


def as_of(agent: Agent, seconds: float) -> Agent:
    """The agent as the helpdesk knew them `seconds` into the stream."""
    if agent == RENAMED_FROM and seconds >= RENAMED_AT_SECONDS:
        return RENAMED_TO
    return agent


_FAMILY: tuple[tuple[str, str], ...] = (
    ("山田", "yamada"),
    ("小川", "ogawa"),
    ("加藤", "kato"),
    ("吉田", "yoshida"),
    ("山口", "yamaguchi"),
    ("松本", "matsumoto"),
    ("井上", "inoue"),
    ("木村", "kimura"),
    ("林", "hayashi"),
    ("清水", "shimizu"),
    ("山崎", "yamazaki"),
    ("森", "mori"),
    ("池田", "ikeda"),
    ("橋本", "hashimoto"),
    ("阿部", "abe"),
    ("石川", "ishikawa"),
    ("前田", "maeda"),
    ("藤田", "fujita"),
    ("岡田", "okada"),
    ("後藤", "goto"),
)
_GIVEN: tuple[tuple[str, str], ...] = (
    ("太郎", "taro"),
    ("陽子", "yoko"),
    ("直樹", "naoki"),
    ("恵", "megumi"),
    ("誠", "makoto"),
    ("さくら", "sakura"),
    ("拓也", "takuya"),
    ("真由美", "mayumi"),
    ("浩二", "koji"),
    ("愛", "ai"),
    ("大輝", "daiki"),
    ("智子", "tomoko"),
    ("亮", "ryo"),
    ("千尋", "chihiro"),
    ("悠人", "yuto"),
)
_DOMAINS: tuple[str, ...] = ("example.com", "example.jp", "mail.example.jp", "shop.example.com")
_AREA_CODES: tuple[str, ...] = ("03", "06")
_MOBILE_PREFIXES: tuple[str, ...] = ("090", "080", "070")


def phone(rng: random.Random) -> str:
    """A Japanese mobile or Tokyo / Osaka landline number, written with hyphens."""
    prefix = rng.choice(_MOBILE_PREFIXES) if rng.random() < 0.7 else rng.choice(_AREA_CODES)
    return f"{prefix}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"


def customers(rng: random.Random, count: int) -> tuple[Customer, ...]:
    """`count` customers with distinct email addresses."""
    found: dict[str, Customer] = {}
    while len(found) < count:
        family, family_romaji = rng.choice(_FAMILY)
        given, given_romaji = rng.choice(_GIVEN)
        local = rng.choice(
            (f"{given_romaji}.{family_romaji}", f"{family_romaji}.{given_romaji}", family_romaji)
        )
        email = f"{local}{rng.choice(('', str(rng.randint(1, 99))))}@{rng.choice(_DOMAINS)}"
        if email not in found:
            found[email] = Customer(
                family_name=family, given_name=given, email=email, phone=phone(rng)
            )
    return tuple(found.values())
