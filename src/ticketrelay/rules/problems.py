"""What can go wrong between an activity's values and a kintone app: ERROR, ALERT, WARNING.

Each problem has a stable reason code, the value key and field code it concerns, and a
message in English and in Japanese that says what happened to which field and what to do.
ERROR: the activity is not written to that app. ALERT: the record is written without that
field. WARNING: the mapping check's advice; nothing is blocked.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "alert", "warning"]

VALUE_LABELS: dict[str, tuple[str, str]] = {
    "channel_name": ("channel name", "チャネル名"),
    "subject": ("message subject", "メッセージ件名"),
    "body": ("message body", "メッセージ本文"),
    "url": ("message URL", "メッセージURL"),
    "operator_email": ("operator email", "操作ユーザ メールアドレス"),
    "operator_name": ("operator name", "操作ユーザ名"),
    "recipient_emails": ("recipient emails", "送信先メールアドレス"),
    "recipient_phones": ("recipient phones", "送信先電話番号"),
    "start_time": ("start time", "開始時刻"),
    "end_time": ("end time", "終了時刻"),
    "activity_id": ("activity ID", "アクティビティID"),
}

TYPE_LABELS: dict[str, str] = {
    "SINGLE_LINE_TEXT": "文字列(1行)",
    "MULTI_LINE_TEXT": "文字列(複数行)",
    "RICH_TEXT": "リッチエディター",
    "NUMBER": "数値",
    "DATE": "日付",
    "TIME": "時刻",
    "DATETIME": "日時",
    "LINK": "リンク",
    "RADIO_BUTTON": "ラジオボタン",
    "DROP_DOWN": "ドロップダウン",
}

_TEXT = "Map it to a text field instead."
_TEXT_JA = "文字列フィールドにマッピングしてください。"
_DEFAULT = "The field was left out, so kintone fills in its default value."
_DEFAULT_JA = "このフィールドは送信せず、kintoneの初期値で登録しました。"

# reason: (severity, English template, Japanese template)
CATALOGUE: dict[str, tuple[Severity, str, str]] = {
    "required_empty": (
        "error",
        "The {value} is empty, but field {field} is required. "
        "Make the field optional in kintone or map another value to it.",
        "{value_ja}が空ですが、フィールド「{field}」は必須項目です。"
        "kintoneで必須を外すか、別の値をマッピングしてください。",
    ),
    "too_long": (
        "error",
        "The {value} has {length} characters, more than the {limit} that field {field} "
        "allows. Raise the field's maximum length in kintone or map it to a multi-line field.",
        "{value_ja}が{length}文字あり、フィールド「{field}」の最大文字数{limit}を超えています。"
        "kintoneで最大文字数を変更するか、文字列(複数行)フィールドにマッピングしてください。",
    ),
    "too_short": (
        "error",
        "The {value} has {length} characters, fewer than the {limit} that field {field} "
        "needs. Lower the field's minimum length in kintone.",
        "{value_ja}が{length}文字しかなく、フィールド「{field}」の最小文字数{limit}に"
        "足りません。kintoneで最小文字数を変更してください。",
    ),
    "not_a_number": (
        "error",
        'The {value} ("{preview}") is not a number, so number field {field} cannot take it. '
        + _TEXT,
        "{value_ja}(「{preview}」)は数値ではないため、数値フィールド「{field}」に登録できません。"
        + _TEXT_JA,
    ),
    "below_min": (
        "error",
        "The {value} ({preview}) is less than the minimum {limit} of field {field}. "
        "Lower the field's minimum value in kintone.",
        "{value_ja}({preview})がフィールド「{field}」の最小値{limit}より小さいです。"
        "kintoneで最小値を変更してください。",
    ),
    "above_max": (
        "error",
        "The {value} ({preview}) is more than the maximum {limit} of field {field}. "
        "Raise the field's maximum value in kintone.",
        "{value_ja}({preview})がフィールド「{field}」の最大値{limit}より大きいです。"
        "kintoneで最大値を変更してください。",
    ),
    "not_a_time": (
        "error",
        "The {value} is not a time, so {type} field {field} cannot take it. "
        "Map the start or end time to it, or map the {value} to a text field.",
        "{value_ja}は時刻ではないため、{type_ja}フィールド「{field}」に登録できません。"
        "開始時刻か終了時刻をマッピングするか、{value_ja}は文字列フィールドにマッピングしてください。",
    ),
    "time_out_of_range": (
        "error",
        "The {value} cannot be shown in time zone {zone}, so field {field} cannot take it. "
        "Check the time the helpdesk sent.",
        "{value_ja}をタイムゾーン{zone}で表せないため、フィールド「{field}」に登録できません。"
        "ヘルプデスクから送られた時刻を確認してください。",
    ),
    "contains_line_break": (
        "error",
        "The {value} contains a line break, which link field {field} does not allow. " + _TEXT,
        "{value_ja}に改行が含まれているため、リンクフィールド「{field}」に登録できません。"
        + _TEXT_JA,
    ),
    "not_a_url": (
        "error",
        'The {value} ("{preview}") is not a URL, so web link field {field} cannot take it. '
        + _TEXT,
        "{value_ja}(「{preview}」)はURLではないため、リンク(Webサイトのアドレス)フィールド"
        "「{field}」に登録できません。" + _TEXT_JA,
    ),
    "not_an_option": (
        "alert",
        'The {value} "{preview}" is not one of the options of field {field}. '
        + _DEFAULT
        + " Add it as an option in kintone to keep it.",
        "{value_ja}「{preview}」はフィールド「{field}」の選択肢にありません。"
        + _DEFAULT_JA
        + "値を残すには、kintoneで選択肢を追加してください。",
    ),
    "empty_not_an_option": (
        "alert",
        "The {value} is empty, which is not an option of field {field}. " + _DEFAULT,
        "{value_ja}が空のため、フィールド「{field}」の選択肢にありません。" + _DEFAULT_JA,
    ),
    "option_required_no_default": (
        "error",
        'The {value} "{preview}" is not an option of field {field}, which is required and has '
        "no default value. Add the option or a default value in kintone.",
        "{value_ja}「{preview}」はフィールド「{field}」の選択肢になく、必須項目で初期値もありません。"
        "kintoneで選択肢か初期値を設定してください。",
    ),
    "unknown_value": (
        "error",
        'The mapping names "{value}", which is not a value ticketrelay syncs. Remove it.',
        "マッピングの「{value}」は同期できる値ではありません。削除してください。",
    ),
    "unknown_field": (
        "error",
        "Field {field}, mapped from the {value}, does not exist in the app. "
        "Choose another field or create it in kintone.",
        "{value_ja}のマッピング先フィールド「{field}」がアプリにありません。"
        "別のフィールドを選ぶか、kintoneでフィールドを作成してください。",
    ),
    "unsupported_type": (
        "error",
        "Field {field} is a {type} field, which ticketrelay cannot write: {why} "
        "Map the {value} to another field.",
        "フィールド「{field}」は{type}型で、同期できません({why_ja})。"
        "{value_ja}は別のフィールドにマッピングしてください。",
    ),
    "incompatible_type": (
        "error",
        "The {value} cannot go into {type} field {field}: {why} Choose a field of another type.",
        "{value_ja}は{type_ja}フィールド「{field}」に登録できません({why_ja})。"
        "別の型のフィールドを選んでください。",
    ),
    "mapped_twice": (
        "error",
        "Field {field} is the target of several values ({values}). Map one value to it.",
        "フィールド「{field}」に複数の値({values_ja})がマッピングされています。"
        "一つにしてください。",
    ),
    "required_unmapped": (
        "error",
        "Field {field} is required and has no default value, but no value is mapped to it, "
        "so kintone refuses every record. Map a value to it, or set a default in kintone.",
        "フィールド「{field}」は必須項目で初期値もありませんが、値がマッピングされていないため、"
        "kintoneがレコードを登録できません。値をマッピングするか、kintoneで初期値を設定してください。",
    ),
    "required_unsupported": (
        "warning",
        "Field {field} is a required {type} field, which ticketrelay cannot write: unless it "
        "has a default value, kintone refuses every record. Give it a default or make it optional.",
        "フィールド「{field}」は同期できない{type}型の必須項目です。初期値がなければ"
        "kintoneがレコードを登録できません。初期値を設定するか、必須を外してください。",
    ),
    "unknown_time_zone": (
        "error",
        'The time zone "{zone}" is unknown. Choose one such as Asia/Tokyo.',
        "タイムゾーン「{zone}」が見つかりません。Asia/Tokyoなどを指定してください。",
    ),
    "link_mail_empty": (
        "warning",
        "Field {field} is a link (mail address) field: as in the original product, an empty "
        "string is written to it. To sync the {value}, map it to a text field.",
        "フィールド「{field}」はリンク(メールアドレス)型のため、空文字列で連携されます。"
        "{value_ja}を連携するには、文字列フィールドにマッピングしてください。",
    ),
    "at_least_once": (
        "warning",
        "The activity ID is not mapped to a single-line text field with 'Prohibit duplicate "
        "values' on, so delivery is at-least-once: a lost response from kintone can create a "
        "record twice. Map the activity ID to such a field for exactly-once records.",
        "アクティビティIDが「値の重複を禁止する」文字列(1行)フィールドにマッピングされていないため、"
        "kintoneの応答が失われると、レコードが二重に作成されることがあります。"
        "そのようなフィールドにマッピングしてください。",
    ),
    "unique_field": (
        "warning",
        "Field {field} prohibits duplicate values, but the {value} repeats across activities, "
        "so kintone will refuse later records. Turn off 'Prohibit duplicate values' on it.",
        "フィールド「{field}」は値の重複が禁止されていますが、{value_ja}は複数のアクティビティで"
        "同じ値になり得るため、登録できないレコードが出ます。重複禁止を外してください。",
    ),
}


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One ERROR, ALERT or WARNING about one value and field."""

    severity: Severity
    reason: str
    value_key: str | None
    field_code: str | None
    en: str
    ja: str


def problem(
    reason: str, value_key: str | None = None, field_code: str | None = None, **params: object
) -> Problem:
    """A problem of this reason, with its messages filled in from `params`."""
    severity, en, ja = CATALOGUE[reason]
    value_en, value_ja = VALUE_LABELS.get(value_key or "", (value_key or "", value_key or ""))
    names = {"value": value_en, "value_ja": value_ja, "field": field_code or "", **params}
    return Problem(
        severity=severity,
        reason=reason,
        value_key=value_key,
        field_code=field_code,
        en=en.format(**names),
        ja=ja.format(**names),
    )


def writable(problems: Iterable[Problem]) -> bool:
    """Whether a record with these problems may be written: none of them is an ERROR."""
    return all(p.severity != "error" for p in problems)


def preview(text: str, limit: int = 40) -> str:
    """A short, single-line excerpt of a value for a message."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


_UNSUPPORTED: dict[str, tuple[str, str]] = {
    "CHECK_BOX": ("it holds a list of options.", "複数の選択肢を持つ型のため"),
    "USER_SELECT": ("it holds kintone users.", "ユーザーを選択する型のため"),
    "FILE": ("it holds attached files.", "添付ファイルの型のため"),
    "SUBTABLE": ("it is a table.", "テーブルのため"),
    "CALC": ("kintone calculates its value.", "kintoneが計算する値のため"),
    "RECORD_NUMBER": ("kintone sets its value itself.", "kintoneが自動で設定する値のため"),
    "LABEL": ("it holds no value.", "値を持たない型のため"),
}
_UNSUPPORTED_ALIASES: dict[str, str] = {
    "MULTI_SELECT": "CHECK_BOX",
    "ORGANIZATION_SELECT": "USER_SELECT",
    "GROUP_SELECT": "USER_SELECT",
    "CREATOR": "RECORD_NUMBER",
    "CREATED_TIME": "RECORD_NUMBER",
    "MODIFIER": "RECORD_NUMBER",
    "UPDATED_TIME": "RECORD_NUMBER",
    "STATUS": "RECORD_NUMBER",
    "STATUS_ASSIGNEE": "RECORD_NUMBER",
    "CATEGORY": "RECORD_NUMBER",
    "__ID__": "RECORD_NUMBER",
    "__REVISION__": "RECORD_NUMBER",
    "REFERENCE_TABLE": "LABEL",
    "GROUP": "LABEL",
    "SPACER": "LABEL",
    "HR": "LABEL",
}
_OTHER_TYPE = ("kintone's record API cannot write it.", "レコードAPIで書き込めない型のため")


def unsupported_why(type_name: str) -> tuple[str, str]:
    """Why ticketrelay cannot write a field of this type, in English and Japanese."""
    return _UNSUPPORTED.get(_UNSUPPORTED_ALIASES.get(type_name, type_name), _OTHER_TYPE)
