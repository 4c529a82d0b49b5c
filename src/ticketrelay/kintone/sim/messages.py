"""kintone's messages in Japanese and English, and the error that carries them to a response.

Texts quoted in kintone-api.md (§4, §5, §6.3) are used verbatim; the others (marked "guess"
in kintone-api.md's sense of UNCONFIRMED) follow kintone's phrasing as closely as known.
"""

import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ticketrelay.kintone.sim.settings import Language

CATALOGUE: Final[Mapping[str, tuple[str, str]]] = {
    "CB_VA01": ("入力内容が正しくありません。", "Missing or invalid input."),
    "CB_IJ01": ("不正なJSON文字列です。", "Invalid JSON string."),
    "CB_AU01": ("ログインしてください。", "Please login."),
    "CB_WA01": (
        "パスワード認証に失敗しました。X-Cybozu-Authorizationヘッダーの値が正しくありません。",
        "Password authentication failed. "
        "The value in http header of X-Cybozu-Authorization is not valid.",
    ),
    "CB_NO02": ("権限がありません。", "No privilege to proceed."),
    "CB_NF01": ("指定したAPIが見つかりません。", "The specified API is not found."),
    "GAIA_IA02": (
        "指定したAPIトークンが、アプリで生成されたAPIトークンと一致しません。",
        "The specified API token does not match the API token generated via an app.",
    ),
    "GAIA_NO01": (
        "このAPIトークンでは、指定したAPIを実行できません。",
        "Using this API token, you cannot run the specified API.",
    ),
    "GAIA_DA03": (
        "同じアプリのAPIトークンを重複して指定することはできません。",
        "You cannot specify a duplicate API token for the same app.",
    ),
    "GAIA_AP15": (
        "APIトークンとアプリ(id: {0})の組み合わせが正しくありません。",
        "The API token does not match the app (ID: {0}).",
    ),
    "GAIA_AP01": (
        "指定したアプリ（id: {0}）が見つかりません。削除されている可能性があります。",
        "The app (ID: {0}) not found. The app may have been deleted.",
    ),
    "GAIA_RE01": (
        "指定したレコード（id: {0}）が見つかりません。",
        "The specified record (ID: {0}) is not found.",
    ),
    "RE01_KEY": (
        "指定したレコード（{0}: {1}）が見つかりません。",
        "The specified record ({0}: {1}) is not found.",
    ),
    "GAIA_RE09": (
        "レコード（id: {0}）の指定が重複しています。",
        "The record (ID: {0}) is specified more than once.",
    ),
    "GAIA_CO02": (
        "指定したrevisionは最新ではありません。ほかのユーザーがレコードを更新した可能性があります。",
        "The revision is not the latest. Someone may update a record.",
    ),
    "GAIA_DA02": (
        "データベースのロックに失敗したため、変更を保存できませんでした。時間をおいて再度お試しください。",
        "Failed to lock the database. Please wait a while and try again.",
    ),
    "GAIA_TO04": (
        "APIの同時リクエスト数が上限を超えています。",
        "The number of concurrent API requests exceeds the limit.",
    ),
    "GAIA_TM12": (
        "作成できるカーソルの上限に達しているため、カーソルを作成できません。"
        "不要なカーソルを削除するか、しばらく経ってから再実行してください。",
        "Unable to create a cursor because the number of cursors has reached the limit. "
        "Delete unnecessary cursors or try again later.",
    ),
    "GAIA_CN01": ("指定したカーソルが見つかりません。", "The specified cursor is not found."),
    "GAIA_QU01": ("limitには500以下の値を指定してください。", "The limit must be 500 or less."),
    "GAIA_QU02": (
        "offsetには10000以下の値を指定してください。",
        "The offset must be 10000 or less.",
    ),
    "GAIA_IQ11": (
        "指定されたフィールド（code: {0}）が見つかりません。",
        "Specified field (code: {0}) not found.",
    ),
    "GAIA_IQ03": (
        "{0}フィールドには演算子「{1}」は使用できません。",
        "The operator {1} cannot be used for the field {0}.",
    ),
    "GAIA_IL23": (
        "ゲストスペース内のアプリを操作する場合は、"
        "リクエストの送信先を「/k/guest/（ゲストスペースのID）/v1/...」にしてください。",
        "To operate an app in a guest space, "
        'send the request to "/k/guest/(guest space ID)/v1/...".',
    ),
    "GAIA_UN03": ("アプリの設定が正しくありません。", "The app settings are not valid."),
    "SIM_DAILY_LIMIT": (
        "アプリ（id: {0}）の1日あたりのAPIリクエスト数が上限に達しました。",
        "The daily API request limit of the app (ID: {0}) has been reached.",
    ),
    "SIM_FAULT": ("サーバーでエラーが発生しました。", "An error occurred on the server."),
    "required": ("必須です。", "Required."),
    "required_param": ("必須です。", "Required field."),
    "max_length": ("{0}文字より短くなければなりません。", "Enter less than {0} characters."),
    "min_length": ("{0}文字より長くなければなりません。", "Enter more than {0} characters."),
    "max_value": ("{0}以下である必要があります。", "The value must be {0} or less."),
    "min_value": ("{0}以上である必要があります。", "The value must be {0} or more."),
    "not_number": ("数字でなければなりません。", "Only numbers are allowed."),
    "not_option": ('"{0}"は選択肢にありません。', 'The value, "{0}", is not in options.'),
    "not_unique": (
        "値がほかのレコードと重複しています。",
        "This value already exists in another record.",
    ),
    "bad_date": ("日付の形式が不正です。", "The date format is invalid."),
    "bad_time": ("時刻の形式が不正です。", "The time format is invalid."),
    "bad_datetime": ("日時の形式が不正です。", "The date and time format is invalid."),
    "bad_link": ("URLの形式が不正です。", "The URL format is invalid."),
    "bad_query": ("クエリ記法が間違っています。", "The query is invalid."),
    "query_limit_in_cursor": (
        "カーソルのクエリにlimit句とoffset句は指定できません。",
        "The query of a cursor cannot contain limit or offset.",
    ),
    "too_many_add": (
        "一度に100件までのレコードを追加できます。",
        "A maximum of 100 records can be added at one time.",
    ),
    "too_many_update": (
        "一度に100件までのレコードを更新できます。",
        "A maximum of 100 records can be updated at one time.",
    ),
    "too_many_delete": (
        "一度に100件までのレコードを削除できます。",
        "A maximum of 100 records can be deleted at one time.",
    ),
    "too_many_requests": (
        "一度に20件までのリクエストを実行できます。",
        "A maximum of 20 requests can be sent at one time.",
    ),
    "too_many_tokens": (
        "APIトークンは9個まで指定できます。",
        "A maximum of 9 API tokens can be specified.",
    ),
    "bad_update_key": (
        "updateKeyには重複禁止が設定された文字列（1行）または数値フィールドを指定してください。",
        "Specify a Text or Number field with Prohibit duplicate values as the updateKey.",
    ),
    "id_and_key": (
        "idとupdateKeyを同時に指定することはできません。",
        "You cannot specify both id and updateKey.",
    ),
    "size_range": ("1から500までの値を指定してください。", "Specify a value from 1 to 500."),
    "bad_api": (
        "指定したAPIは一括リクエストで使用できません。",
        "This API cannot be bulk requested.",
    ),
    "guest_mismatch": (
        "ゲストスペースが一致しません。",
        "The guest space does not match.",
    ),
    "bad_field": ("フィールドの設定が正しくありません。", "The field settings are not valid."),
    "duplicate_code": (
        "フィールドコードが重複しています。",
        "The field code is already in use.",
    ),
}

Msg = tuple[str, tuple[object, ...]]


def msg(key: str, *args: object) -> Msg:
    """A message of the catalogue with its arguments, rendered later in the caller's language."""
    return key, args


def render(message: Msg, lang: Language) -> str:
    """The message in Japanese or English."""
    key, args = message
    ja, en = CATALOGUE[key]
    return (ja if lang == "ja" else en).format(*args)


def request_id() -> str:
    """A random id like kintone's, for the `id` of an error body."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(20))


@dataclass(frozen=True)
class Problems:
    """Validation problems by kintone's `errors` key, in the order they were found."""

    by_key: dict[str, list[Msg]] = field(default_factory=dict)

    def add(self, key: str, message: Msg) -> None:
        """Record one problem under one key."""
        self.by_key.setdefault(key, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def check(self) -> None:
        """Raise CB_VA01 with every problem found, if there is any."""
        if self.by_key:
            raise invalid(self)


class SimError(Exception):
    """A kintone error answer: HTTP status, code, message and optional `errors`."""

    def __init__(
        self,
        status: int,
        code: str,
        *args: object,
        problems: Problems | None = None,
        headers: Mapping[str, str] | None = None,
        text: str | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = msg(text or (code if code in CATALOGUE else "SIM_FAULT"), *args)
        self.problems = problems
        self.headers = dict(headers or {})

    def body(self, lang: Language) -> dict[str, Any]:
        """The JSON body kintone sends for this error."""
        out: dict[str, Any] = {
            "code": self.code,
            "id": request_id(),
            "message": render(self.message, lang),
        }
        if self.problems is not None:
            out["errors"] = {
                key: {"messages": [render(m, lang) for m in messages]}
                for key, messages in self.problems.by_key.items()
            }
        return out


def invalid(problems: Problems) -> SimError:
    """CB_VA01 with its `errors`."""
    return SimError(400, "CB_VA01", problems=problems)


def invalid_param(key: str, message: Msg) -> SimError:
    """CB_VA01 with one problem under a parameter's name."""
    problems = Problems()
    problems.add(key, message)
    return invalid(problems)


def bad_json() -> SimError:
    """CB_IJ01: the body or a value has the wrong JSON shape."""
    return SimError(400, "CB_IJ01")
