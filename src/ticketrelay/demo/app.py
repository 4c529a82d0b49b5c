"""The kintone app that `ticketrelay demo` creates, and the mapping of the activity values onto it.

It is the app a support manager would build to analyse the team's work: one record per
activity, with the channel as a drop-down, the operator, the recipients, the start and end
as date-times (so that response times can be computed), and the activity ID as a text field
with "prohibit duplicate values" (so that delivery is exactly-once).

A value maps onto one field at most, and the two time values feed the two DATETIME fields.
The DATE field `activity_date` (対応日) is therefore left unmapped with "today" as its
default: kintone fills it when the record is created, which, seconds after the activity,
is the activity's own day. The RADIO_BUTTON `status` (対応状況) is unmapped too; it is
required and has a default, as in real apps that track follow-ups by hand.

Some settings are deliberately strict so that the demo shows ERRORs and ALERTs:
`subject` allows 100 characters, `url` is a web link, `start_at` is required (an activity
without a start time cannot be written), and the `channel` drop-down lacks the rare
`通話メモ・転送(架電)`, whose activities land with the drop-down's default `その他`.
"""

from ticketrelay.kintone.fields import (
    Date,
    DateTime,
    DropDown,
    Field,
    Link,
    MultiLineText,
    RadioButton,
    SingleLineText,
)
from ticketrelay.rules.channels import CALL_NAMES, CHANNEL_NAMES, MEMO_NAMES

DEMO_ACCOUNT = "demo-support"
DEMO_ACCOUNT_NAME = "デモサポート株式会社"
DEMO_APP_NAME = "対応履歴(ticketrelay デモ)"

UNLISTED_CHANNEL_NAMES: tuple[str, ...] = ("通話メモ・転送(架電)",)
OTHER_CHANNEL = "その他"
SUBJECT_MAX_LENGTH = 100
ACTIVITY_ID_MAX_LENGTH = 64

_CHANNEL_OPTIONS: tuple[str, ...] = (
    *(
        name
        for name in (*CHANNEL_NAMES.values(), *MEMO_NAMES.values(), *CALL_NAMES.values())
        if name not in UNLISTED_CHANNEL_NAMES
    ),
    OTHER_CHANNEL,
)

DEMO_MAPPING: dict[str, str] = {
    "channel_name": "channel",
    "subject": "subject",
    "body": "body",
    "url": "url",
    "operator_email": "operator_email",
    "operator_name": "operator_name",
    "recipient_emails": "recipient_emails",
    "recipient_phones": "recipient_phones",
    "start_time": "start_at",
    "end_time": "end_at",
    "activity_id": "activity_id",
}


def demo_fields() -> list[Field]:
    """The fields of the demo app, in form order."""
    return [
        DropDown(
            code="channel",
            label="チャネル",
            required=True,
            options=_CHANNEL_OPTIONS,
            default=OTHER_CHANNEL,
        ),
        SingleLineText(code="subject", label="件名", max_length=SUBJECT_MAX_LENGTH),
        MultiLineText(code="body", label="本文"),
        Link(code="url", label="メッセージURL", protocol="WEB"),
        SingleLineText(code="operator_email", label="担当者メールアドレス"),
        SingleLineText(code="operator_name", label="担当者名"),
        MultiLineText(code="recipient_emails", label="送信先メールアドレス"),
        SingleLineText(code="recipient_phones", label="送信先電話番号"),
        DateTime(code="start_at", label="開始日時", required=True),
        DateTime(code="end_at", label="終了日時"),
        Date(code="activity_date", label="対応日", default_now=True),
        RadioButton(
            code="status",
            label="対応状況",
            required=True,
            options=("未確認", "確認済み", "要フォロー"),
            default="未確認",
        ),
        SingleLineText(
            code="activity_id",
            label="アクティビティID",
            required=True,
            unique=True,
            max_length=ACTIVITY_ID_MAX_LENGTH,
        ),
    ]
