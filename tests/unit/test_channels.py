"""SPEC section 1: the channels that sync and their exact channel names."""

import pytest

from ticketrelay.rules import channels


def test_twelve_channels_sync() -> None:
    """Exactly twelve channels sync: mail, SMS, the two memos and eight chat channels."""
    assert len(channels.CHANNEL_KEYS) == 12
    assert set(channels.CHANNEL_KEYS) == {
        *channels.MESSAGE_CHANNELS,
        "memo",
        "call",
        *channels.CHAT_CHANNELS,
    }


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("mail", "メール"),
        ("sms", "SMS"),
        ("line", "LINE"),
        ("chatplus", "ChatPlus"),
        ("r_messe", "R-Messe"),
        ("yahoo", "Yahoo!"),
        ("instagram_dm", "InstagramDM"),
        ("chatwork", "Chatwork"),
        ("messenger", "Facebook"),
        ("chat_widget", "チャットウィジェット"),
    ],
)
def test_channel_names_follow_the_faq_name_table(key: str, name: str) -> None:
    """Each channel's name is exactly the one of the FAQ's name table."""
    assert channels.CHANNEL_NAMES[key] == name


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("incoming_call", "応対メモ・受電"),
        ("outgoing_call", "応対メモ・架電"),
        ("meeting", "応対メモ・会議"),
        ("sales", "応対メモ・営業"),
        ("postal", "応対メモ・郵便物"),
        ("other", "応対メモ・その他"),
    ],
)
def test_response_memo_names_follow_their_kind(kind: str, name: str) -> None:
    """A response memo's name comes from its kind."""
    assert channels.MEMO_NAMES[kind] == name


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("inbound_answered", "通話メモ・受電(接続)"),
        ("inbound_missed_business_hours", "通話メモ・受電(時間内不在)"),
        ("inbound_missed_after_hours", "通話メモ・受電(時間外不在)"),
        ("outbound_answered", "通話メモ・架電(接続)"),
        ("outbound_unanswered", "通話メモ・架電(不在)"),
        ("transfer_inbound", "通話メモ・転送(受電)"),
        ("transfer_outbound", "通話メモ・転送(架電)"),
    ],
)
def test_call_memo_names_follow_their_kind(kind: str, name: str) -> None:
    """A call memo's name comes from the call's kind."""
    assert channels.CALL_NAMES[kind] == name


def test_memo_names_use_the_full_width_dot_and_ascii_parentheses() -> None:
    """The dot is U+30FB and the parentheses are ASCII."""
    names = [*channels.MEMO_NAMES.values(), *channels.CALL_NAMES.values()]
    assert all("\u30fb" in name for name in names)
    assert not any(char in name for name in names for char in "（）·•")


def test_every_kind_and_channel_has_a_name() -> None:
    """The 10 channels, 6 memo kinds and 7 call kinds: 23 names, all distinct."""
    assert set(channels.CHANNEL_NAMES) == {*channels.MESSAGE_CHANNELS, *channels.CHAT_CHANNELS}
    assert set(channels.MEMO_NAMES) == set(channels.MEMO_KINDS)
    assert set(channels.CALL_NAMES) == set(channels.CALL_KINDS)
    names = [
        *channels.CHANNEL_NAMES.values(),
        *channels.MEMO_NAMES.values(),
        *channels.CALL_NAMES.values(),
    ]
    assert len(names) == len(set(names)) == 23
