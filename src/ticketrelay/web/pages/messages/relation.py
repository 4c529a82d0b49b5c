"""The texts of a Re:lation source on the sources page: its form, guide, poll and what a
poller can only approximate (Japanese, English).

Where Re:lation issues a token is as its API documentation's 認証 section says
(docs/relation-api.md); the screen's name may differ by version, and the guide says so.
"""

from ticketrelay.rules.problems import VALUE_LABELS
from ticketrelay.rules.relation_limits import APPROXIMATIONS

TEXTS: dict[str, tuple[str, str]] = {
    "flash.relation_created": (
        "送信元を作成しました。Re:lation からの読み取りを始めます。",
        "The source was created: ticketrelay starts reading Re:lation.",
    ),
    "flash.token_saved": (
        "新しい API トークンを保存しました。読み取りを再開します。",
        "The new API token was saved: reading resumes.",
    ),
    "flash.relation_revoked": (
        "送信元を無効にしました。Re:lation からの読み取りを止めました。",
        "The source was revoked: ticketrelay no longer reads Re:lation.",
    ),
    # The form
    "relation.url": ("Re:lation の URL", "Re:lation URL"),
    "relation.url_help": (
        "Re:lation を開くアドレス。例: https://acme.relationapp.jp",
        "The address you open Re:lation at, e.g. https://acme.relationapp.jp",
    ),
    "relation.token": ("API トークン", "API token"),
    "relation.token_help": (
        "暗号化して保存し、二度と表示しません。",
        "Stored encrypted, never shown again.",
    ),
    "relation.check": ("トークンを確認", "Check the token"),
    "relation.checking": ("確認中…", "Checking…"),
    "relation.boxes": ("読み取る受信箱", "Message boxes to read"),
    "relation.boxes_help": (
        "「トークンを確認」を押すと、このトークンで読める受信箱が表示されます。",
        "Check the token to list the message boxes it can read.",
    ),
    "relation.boxes_found": (
        "トークンを確認しました。読める受信箱は {count} 件です。",
        "The token works: it can read {count} message boxes.",
    ),
    "relation.no_boxes": (
        "このトークンで読める受信箱がありません。トークンのユーザーに受信箱の権限を付けてください。",
        "The token can read no message box: give its user access to the boxes.",
    ),
    "relation.token_again": (
        "トークンは画面に残さないため、作成する前にもう一度貼り付けてください。",
        "Tokens are never kept on the page: paste it again before creating the source.",
    ),
    "relation.poll_seconds": ("読み取りの間隔(秒)", "Poll interval (seconds)"),
    "relation.poll_help": (
        "既定は60秒です。短くしても、1分あたりの回数の上限は超えません。",
        "Default 60. A shorter interval never exceeds the requests a minute below.",
    ),
    "relation.rate": ("1分あたりのリクエスト数", "Requests a minute"),
    "relation.rate_help": (
        "既定は20回です。Re:lation の上限60回は、同じテナントのほかのツールと共有です。",
        "Default 20. Re:lation's limit of 60 is shared with your other tools.",
    ),
    "relation.since": ("読み取りを始める日", "Read from"),
    "relation.since_help": (
        "空欄なら今から読みます。過去の日付を選ぶと、その日(日本時間 0:00)から読み直します"
        "(バックフィル)。件数が多いと時間がかかります。",
        "Empty: from now. A past date reads again from that day (00:00 Japan time), a "
        "backfill; many tickets take a while.",
    ),
    "relation.call_kind": ("通話メモの種類", "Kind of call memos"),
    "relation.call_none": ("同期しない", "Do not sync them"),
    "relation.call_help": (
        "Re:lation の API は通話メモが受電か架電かを返しません。選んだ種類で同期します。"
        "空欄なら通話メモは同期しません。",
        "Re:lation's API does not say whether a call was incoming or outgoing: call memos "
        "sync with the kind chosen here, or not at all.",
    ),
    "relation.create": ("作成して読み取りを開始", "Create and start reading"),
    # Errors
    "sources.error.relation_url": (
        "https://(サブドメイン).relationapp.jp の形で入力してください。",
        "Enter an address like https://SUBDOMAIN.relationapp.jp.",
    ),
    "sources.error.relation_token": (
        "Re:lation の API トークンを貼り付けてください(2,000文字まで)。",
        "Paste the Re:lation API token (up to 2,000 characters).",
    ),
    "sources.error.message_boxes": (
        "読み取る受信箱を1つ以上選んでください(50個まで)。",
        "Choose at least one message box (up to 50).",
    ),
    "sources.error.poll_seconds": (
        "{poll_min}〜{poll_max} の整数(秒)で入力してください。",
        "Enter whole seconds from {poll_min} to {poll_max}.",
    ),
    "sources.error.requests_per_minute": (
        "{rate_min}〜{rate_max} の整数で入力してください。",
        "Enter a whole number from {rate_min} to {rate_max}.",
    ),
    "sources.error.since": (
        "今日までの日付を選んでください。",
        "Choose a date no later than today.",
    ),
    "sources.error.call_kind": ("一覧から選んでください。", "Choose one from the list."),
    "relation.error.token_refused": (
        "Re:lation がこの API トークンを拒否しました(401)。トークンが正しいか、削除されて"
        "いないか確認してください。",
        "Re:lation refused this API token (401): check that it is right and not deleted.",
    ),
    "relation.error.forbidden": (
        "Re:lation が受信箱の一覧を拒否しました(403)。トークンのユーザーの権限を確認してください。",
        "Re:lation refused to list the message boxes (403): check the token's user's access.",
    ),
    "relation.error.host": (
        "この URL には接続できません。https://(サブドメイン).relationapp.jp か、"
        "TICKETRELAY_SOURCE_HOSTS に書いたホストだけです。",
        "ticketrelay may not reach this URL: only https://SUBDOMAIN.relationapp.jp or the "
        "hosts in TICKETRELAY_SOURCE_HOSTS.",
    ),
    "relation.error.later": (
        "いまは Re:lation に確認できませんでした(応答がないか、1分あたりの上限に達しています)。"
        "URL を確認し、しばらくしてからもう一度お試しください。",
        "Re:lation could not be asked just now (no answer, or its limit a minute is used up): "
        "check the URL and try again in a while.",
    ),
    "relation.error.token_boxes": (
        "このトークンでは、この送信元が読む受信箱の一部を読めません。トークンのユーザーの権限を"
        "確認してください。",
        "This token cannot read every message box of this source: check its user's access.",
    ),
    "relation.error.box_unknown": (
        "選んだ受信箱がこのトークンでは読めません。もう一度「トークンを確認」してください。",
        "The token cannot read a chosen message box: check the token again.",
    ),
    # The guide
    "relation.guide_title": ("Re:lation での準備", "Preparing Re:lation"),
    "relation.guide.token": (
        "API トークンは、Re:lation の管理者が「システム設定」›「API トークン」で発行します"
        "(画面の名前は版によって異なることがあります)。",
        "A Re:lation administrator issues the API token under システム設定 (system "
        "settings) › API トークン (screen names may differ by version).",
    ),
    "relation.guide.user": (
        "トークンのユーザーが、読み取る受信箱を閲覧できる必要があります。",
        "The token's user must be able to read the chosen message boxes.",
    ),
    "relation.guide.limit": (
        "Re:lation の API は1分間に60回までで、同じテナントのほかのツールと共有です。"
        "ticketrelay は設定した回数までしか使わず、残りが少なくなると待ちます。",
        "Re:lation's API allows 60 requests a minute, shared with your other tools; "
        "ticketrelay spends no more than the number set here and waits when few are left.",
    ),
    # A Re:lation source's page
    "relation.revoke_confirm": (
        "この送信元を無効にしますか?Re:lation からの読み取りを止めます。",
        "Revoke this source? ticketrelay stops reading Re:lation.",
    ),
    "relation.settings_boxes": ("受信箱 ID", "Message box IDs"),
    "relation.seconds": ("{count} 秒", "{count} s"),
    "relation.poll": ("読み取りの状況", "Reading"),
    "relation.polled_at": ("前回の読み取り", "Last read"),
    "relation.never": ("まだ読んでいません", "Not read yet"),
    "relation.next_at": ("次の読み取り", "Next read"),
    "relation.failures": ("続けて失敗した回数", "Failures in a row"),
    "relation.last_error": ("最後のエラー", "Last error"),
    "relation.paused": (
        "読み取りを止めています。Re:lation が API トークンを拒否しました。"
        "新しいトークンを保存すると再開します。",
        "Reading is paused: Re:lation refused the API token. Save a new token to resume.",
    ),
    "relation.paused_other": (
        "読み取りを止めています。設定を確認してください。",
        "Reading is paused: check the settings.",
    ),
    "relation.paused_badge": ("一時停止", "Paused"),
    "relation.reason": ("Re:lation の応答", "Re:lation's answer"),
    "relation.new_token": ("API トークンの差し替え", "Replace the API token"),
    "relation.new_token_help": (
        "保存する前に Re:lation で確認します。保存すると、止まっていた読み取りも再開します。",
        "It is checked with Re:lation before it is saved; saving resumes a paused source.",
    ),
    "relation.token_save": ("トークンを保存", "Save the token"),
    "relation.progress": ("バックフィルの進み具合", "Backfill progress"),
    "relation.progress_text": (
        "{since} から今までのうち {percent}% を読みました。",
        "{percent}% of the time from {since} to now is read.",
    ),
    "relation.progress_help": (
        "いちばん遅れている受信箱の進み具合です。",
        "The progress of the message box furthest behind.",
    ),
    "relation.approx": ("Re:lation から近い値しか取れない項目", "Values only approximated"),
    "relation.approx_lead": (
        "Re:lation の API が返さない情報があるため、次の項目は FAQ の定義どおりではなく、"
        "近い値を入れます。",
        "Re:lation's API does not give everything: these values are approximations, not as "
        "the FAQ defines them.",
    ),
    "relation.unconfirmed": (
        "Re:lation の公式ドキュメントで未確認の前提(英語)",
        "What is assumed beyond Re:lation's documentation",
    ),
}

_APPROX_JA: dict[str, str] = {
    "channel_name": "応対メモの種類は Re:lation が返す icon_cd から決めます。返さないときは"
    "「応対メモ・その他」です。通話メモの種類は API が返さないため、送信元の設定で選んだ種類で"
    "同期します。",
    "body": "チャットの本文は、1回のやり取りでの担当者の吹き出しの文章です(文章のない吹き出しは"
    "ファイル名)。",
    "url": "読み取ったときのステータスでのチケットのページです。このアドレスの形は Re:lation の"
    "ドキュメントにありません。",
    "operator_email": "Re:lation の API はメールや SMS の送信者、メモの記録者を返しません。"
    "メモの操作者が返ればそれを、なければメッセージの承認を依頼した人、なければ読み取ったときの"
    "チケットの担当者です。チャットは吹き出しの送信者、なければ話者の名前だけです。名前と"
    "メールアドレスは読み取ったときのユーザー一覧のものです。",
    "recipient_emails": "メール: 返る場合は to・cc・bcc。応対メモ: 連絡先の最初のメール"
    "アドレス。LINE: 空(API が返しません)。ChatPlus・R-Messe・Yahoo!: 問い合わせの"
    "メールアドレス。",
    "recipient_phones": "SMS: 返る場合は宛先。応対メモ: 連絡先の最初の電話番号。通話メモと"
    "チャット: 空(API が返しません)。",
    "start_time": "メールと SMS: 送信時刻(下書きを最初に保存した時刻は API が返しません)。"
    "通話メモ: 記録した時刻。チャット: そのやり取りでの担当者の最初の吹き出し。",
    "end_time": "予約送信のメールと SMS: 予約を押した時刻ではなく、実際に送った時刻。通話メモ: 空"
    "(API が通話の終了時刻を返しません)。チャット: そのやり取りでの担当者の最後の吹き出し。",
}
_APPROX_JA["operator_name"] = _APPROX_JA["operator_email"]

# Each value a poller can only approximate: its name and what it gives, in both languages.
APPROXIMATED: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    key: ((VALUE_LABELS[key][1], VALUE_LABELS[key][0]), (_APPROX_JA[key], english))
    for key, english in APPROXIMATIONS.items()
}
