"""The channels that sync, and the exact channel names written to kintone (SPEC section 1).

A *channel key* is how events and integrations name a channel (`mail`, `line`, `memo`, ...);
a *channel name* is the exact text the activity carries in its channel-name value. Memos and
call memos take their name from their kind.
"""

from typing import Literal, get_args

MessageChannel = Literal["mail", "sms"]
ChatChannel = Literal[
    "line",
    "chatwork",
    "instagram_dm",
    "messenger",
    "chatplus",
    "r_messe",
    "yahoo",
    "chat_widget",
]
MemoKind = Literal["incoming_call", "outgoing_call", "meeting", "sales", "postal", "other"]
CallKind = Literal[
    "inbound_answered",
    "inbound_missed_business_hours",
    "inbound_missed_after_hours",
    "outbound_answered",
    "outbound_unanswered",
    "transfer_inbound",
    "transfer_outbound",
]

MESSAGE_CHANNELS: tuple[MessageChannel, ...] = get_args(MessageChannel)
CHAT_CHANNELS: tuple[ChatChannel, ...] = get_args(ChatChannel)
MEMO_KINDS: tuple[MemoKind, ...] = get_args(MemoKind)
CALL_KINDS: tuple[CallKind, ...] = get_args(CallKind)

# The keys an integration filters on (SPEC section 9): the twelve channels of section 1.
CHANNEL_KEYS: tuple[str, ...] = (*MESSAGE_CHANNELS, "memo", "call", *CHAT_CHANNELS)

CHANNEL_NAMES: dict[str, str] = {
    "mail": "メール",
    "sms": "SMS",
    "line": "LINE",
    "chatplus": "ChatPlus",
    "r_messe": "R-Messe",
    "yahoo": "Yahoo!",
    "instagram_dm": "InstagramDM",
    "chatwork": "Chatwork",
    "messenger": "Facebook",
    "chat_widget": "チャットウィジェット",
}

MEMO_NAMES: dict[str, str] = {
    "incoming_call": "応対メモ・受電",
    "outgoing_call": "応対メモ・架電",
    "meeting": "応対メモ・会議",
    "sales": "応対メモ・営業",
    "postal": "応対メモ・郵便物",
    "other": "応対メモ・その他",
}

CALL_NAMES: dict[str, str] = {
    "inbound_answered": "通話メモ・受電(接続)",
    "inbound_missed_business_hours": "通話メモ・受電(時間内不在)",
    "inbound_missed_after_hours": "通話メモ・受電(時間外不在)",
    "outbound_answered": "通話メモ・架電(接続)",
    "outbound_unanswered": "通話メモ・架電(不在)",
    "transfer_inbound": "通話メモ・転送(受電)",
    "transfer_outbound": "通話メモ・転送(架電)",
}

# Chat channels whose recipients come from the visitor / inquiry information (SPEC section 3).
VISITOR_CHANNELS: frozenset[str] = frozenset({"chatplus", "r_messe", "yahoo", "chat_widget"})
# Chat channels whose groups also contribute the contacts of their members.
GROUP_CHANNELS: frozenset[str] = frozenset({"line", "chatwork"})
