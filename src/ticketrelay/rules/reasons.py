"""Why an event changed no record: stable reason codes with English and Japanese texts."""

from typing import Literal, get_args

Reason = Literal[
    "broadcast",
    "already_synced",
    "undone",
    "undo_before_send",
    "undo_window_passed",
    "already_undone",
    "nothing_to_undo",
    "schedule_cancelled",
    "not_scheduled",
    "nothing_scheduled",
    "memo_already_recorded",
    "waiting_for_memo",
    "waiting_for_call_end",
    "call_already_ended",
    "call_memo_already_recorded",
    "waiting_for_close",
    "already_opened",
    "session_closed",
    "already_closed",
    "never_opened",
    "no_message_sent",
]
REASONS: tuple[Reason, ...] = get_args(Reason)

TEXTS: dict[Reason, tuple[str, str]] = {
    "broadcast": (
        "Broadcast deliveries never sync.",
        "一斉配信(ブロードキャスト配信)は同期されません。",
    ),
    "already_synced": (
        "This send already has its activity; a repeated send event creates none.",
        "この送信は同期済みです。重複した送信イベントではレコードを作成しません。",
    ),
    "undone": (
        "This send was undone within its undo window, so it never syncs.",
        "この送信は取り消されたため、同期されません。",
    ),
    "undo_before_send": (
        "The undo arrived before its send; a send within the undo window will not sync.",
        "送信より先に送信取り消しが届きました。取り消し期限内の送信は同期されません。",
    ),
    "undo_window_passed": (
        "The undo came after the undo window had closed: the activity was already released.",
        "送信取り消しの期限を過ぎていたため、アクティビティは既に同期に回っています。",
    ),
    "already_undone": (
        "The send was already undone.",
        "この送信は既に取り消されています。",
    ),
    "nothing_to_undo": (
        "No send of this message is pending, so there is nothing to undo.",
        "取り消せる送信がありません。",
    ),
    "schedule_cancelled": (
        "The schedule was cancelled. The record already created stays; "
        "scheduling again creates a new one.",
        "予約が取り消されました。作成済みのレコードは削除されず、"
        "再度予約すると新しいレコードが作成されます。",
    ),
    "not_scheduled": (
        "The message was sent, not scheduled: there is no schedule to cancel.",
        "このメッセージは予約送信ではないため、取り消す予約がありません。",
    ),
    "nothing_scheduled": (
        "No schedule of this message is active: there is nothing to cancel.",
        "有効な予約がないため、取り消す予約がありません。",
    ),
    "memo_already_recorded": (
        "Only the first record of a response memo syncs; recording it again does not.",
        "応対メモは初回の記録のみ同期されます。再編集して記録しても同期されません。",
    ),
    "waiting_for_memo": (
        "The call has ended; the activity is created when its memo is recorded.",
        "通話が終了しました。通話メモが記録されるとアクティビティが作成されます。",
    ),
    "waiting_for_call_end": (
        "The call memo is recorded; the activity is created when the call ends.",
        "通話メモが記録されました。通話が終了するとアクティビティが作成されます。",
    ),
    "call_already_ended": (
        "The call had already ended; a repeated end changes nothing.",
        "この通話は既に終了しています。",
    ),
    "call_memo_already_recorded": (
        "Only the first record of a call memo syncs; recording it again does not.",
        "通話メモは初回の記録のみ同期されます。再編集して記録しても同期されません。",
    ),
    "waiting_for_close": (
        "The activity is created when the chat editor closes after a sent message.",
        "メッセージを送信してチャット編集画面を閉じると、アクティビティが作成されます。",
    ),
    "already_opened": (
        "The chat editor session was already open.",
        "このチャット編集画面は既に開かれています。",
    ),
    "session_closed": (
        "The chat editor session is closed; its later events change nothing.",
        "このチャット編集画面は既に閉じられています。",
    ),
    "already_closed": (
        "The chat editor session was already closed.",
        "このチャット編集画面は既に閉じられています。",
    ),
    "never_opened": (
        "The chat editor was closed but its opening never arrived, so it cannot sync.",
        "チャット編集画面を開いたイベントが届いていないため、同期できません。",
    ),
    "no_message_sent": (
        "The chat editor was closed without sending a message, so it does not sync.",
        "メッセージを送信せずにチャット編集画面を閉じたため、同期されません。",
    ),
}


def english(reason: Reason) -> str:
    """The reason in English."""
    return TEXTS[reason][0]


def japanese(reason: Reason) -> str:
    """The reason in Japanese."""
    return TEXTS[reason][1]
