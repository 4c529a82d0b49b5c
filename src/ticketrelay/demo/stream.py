"""The demo's stream of helpdesk events: every channel, every rule, within about 90 seconds.

`demo_events` is deterministic: the same `start` and `seed` give the same events. Each
conversation starts at a random offset in the first 70 seconds and lasts at most about 25,
so that conversations interleave; the list is in the order a helpdesk hands the events in,
which is the order of `occurred_at` except for the few events handed in twice.

Besides the everyday traffic, `_cases` plays each rule of SPEC sections 2 and 8 several
times (undone sends, cancelled schedules, re-recorded memos, ...) and a few values that the
demo app (`ticketrelay.demo.app`) must refuse or can only partly take.
"""

import random
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from ticketrelay.demo import calls, chats, memos, messages
from ticketrelay.demo.timeline import Timeline
from ticketrelay.rules.channels import CALL_KINDS, CHAT_CHANNELS, MEMO_KINDS

BUNDLE_SEED = 20261125
BAD_URL = "not a url"
REDELIVERED = 10

Scene = Callable[[Timeline, float], Any]


def _everyday() -> list[tuple[Scene, int]]:
    return [
        (messages.mail, 150),
        (messages.sms, 40),
        *((partial(memos.memo, kind=kind), 12) for kind in MEMO_KINDS),
        *(
            (partial(calls.call, kind=kind), 4 if kind == "transfer_outbound" else 9)
            for kind in CALL_KINDS
        ),
        *((partial(chats.chat, channel=channel), 15) for channel in CHAT_CHANNELS),
    ]


def _cases() -> list[tuple[Scene, int]]:
    return [
        (partial(messages.undone_send, channel="mail"), 5),
        (partial(messages.undone_send, channel="sms"), 3),
        (partial(messages.late_undo, channel="mail"), 3),
        (partial(messages.late_undo, channel="sms"), 1),
        (partial(messages.scheduled, cancel=False, again=False), 3),
        (partial(messages.scheduled, cancel=True, again=False), 4),
        (partial(messages.scheduled, cancel=True, again=True), 3),
        (partial(messages.broadcast, channel="mail"), 4),
        (partial(messages.broadcast, channel="sms"), 2),
        *((partial(memos.reedited_memo, kind=kind), 1) for kind in MEMO_KINDS),
        (partial(calls.call, kind="inbound_answered", memo="before"), 3),
        (partial(calls.call, kind="outbound_answered", memo="before"), 2),
        (partial(calls.call, kind="inbound_answered", reedit=True), 2),
        (partial(calls.call, kind="transfer_inbound", reedit=True), 1),
        (partial(calls.call, kind="inbound_missed_after_hours", memo="never"), 3),
        (partial(calls.call, kind="outbound_unanswered", memo="never"), 2),
        (partial(calls.call, kind="inbound_answered", memo="never"), 1),
        *((partial(chats.empty_chat, channel=channel), 1) for channel in CHAT_CHANNELS),
        (partial(chats.late_bubble, channel="line"), 2),
        (partial(chats.late_bubble, channel="chat_widget"), 1),
        (partial(chats.closed_twice, channel="chatwork"), 2),
        (partial(chats.closed_twice, channel="instagram_dm"), 1),
        (partial(chats.chat, channel="chatplus", relay=True), 2),
        (partial(chats.chat, channel="line", relay=True), 1),
        (partial(chats.long_chat, channel="chat_widget"), 1),
        (partial(chats.long_chat, channel="line"), 1),
        (messages.long_subject_mail, 3),
        (partial(memos.memo_with_url, kind="other", url=BAD_URL), 1),
        (partial(calls.call, kind="inbound_answered", url=BAD_URL), 1),
        (partial(chats.chat, channel="messenger", url=BAD_URL), 1),
        (partial(memos.memo_with_url, kind="incoming_call", url=_broken_url()), 1),
        (partial(memos.timeless_memo, kind="incoming_call"), 2),
        (partial(memos.timeless_memo, kind="sales"), 1),
    ]


def _broken_url() -> str:
    return "https://helpdesk.example.com/demo-support/tickets/24999/memos/memo-09999\r\n"


def demo_events(*, start: datetime, seed: int = BUNDLE_SEED) -> list[dict[str, Any]]:
    """The demo stream starting at `start` (an aware time), as JSON-ready event objects."""
    if start.utcoffset() is None:
        raise ValueError(f"start must carry a UTC offset, got {start.isoformat()}")
    line = Timeline(random.Random(seed), start)  # noqa: S311 - demo data, not a secret
    for scene, count in [*_everyday(), *_cases()]:
        for _ in range(count):
            scene(line, line.begin())
    line.redeliver(REDELIVERED)
    return line.events()
