"""Every text of the settings page, in Japanese (the default) and English, by key.

Templates call `t("key", name=value)`; a text may hold `{name}` placeholders. The values
filled in are escaped by Jinja2 like any other data, because `t` returns a plain string.
"""

from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

# key: (Japanese, English)
TEXTS: dict[str, tuple[str, str]] = {
    # Frame
    "app.name": ("ticketrelay", "ticketrelay"),
    "app.tagline": ("kintone チケット同期連携", "kintone ticket sync"),
    "nav.integrations": ("連携一覧", "Integrations"),
    "nav.sources": ("送信元", "Sources"),
    "nav.password": ("パスワード変更", "Change password"),
    "nav.logout": ("ログアウト", "Log out"),
    "nav.lang_switch": ("English", "日本語"),
    "nav.main": ("メインメニュー", "Main menu"),
    "common.save": ("保存", "Save"),
    "common.cancel": ("キャンセル", "Cancel"),
    "common.back": ("戻る", "Back"),
    "common.edit": ("編集", "Edit"),
    "common.none": ("なし", "None"),
    "common.optional": ("任意", "optional"),
    "common.required": ("必須", "required"),
    "common.previous": ("前へ", "Previous"),
    "common.next": ("次へ", "Next"),
    "common.all": ("すべて", "All"),
    "common.filter": ("絞り込む", "Filter"),
    "common.clear": ("クリア", "Clear"),
    "common.loading": ("読み込み中…", "Loading…"),
    "common.time_zone_note": ("時刻は {zone} で表示しています。", "Times are shown in {zone}."),
    "severity.error": ("エラー", "ERROR"),
    "severity.alert": ("アラート", "ALERT"),
    "severity.warning": ("注意", "WARNING"),
    "status.active": ("有効", "Active"),
    "status.paused": ("一時停止", "Paused"),
    "status.off": ("無効", "Off"),
    # Flash messages (redirects carry only these keys)
    "flash.password_changed": ("パスワードを変更しました。", "The password was changed."),
    "flash.logged_out": ("ログアウトしました。", "You are logged out."),
    "flash.source_revoked": (
        "送信元のトークンを無効にしました。",
        "The source's token was revoked.",
    ),
    "flash.saved": ("保存しました。", "Saved."),
    "flash.resent": (
        "{count}件のアクティビティを再送キューに入れました。",
        "{count} activities were queued again.",
    ),
    "flash.nothing_resent": (
        "再送できるエラーはありませんでした。",
        "There was no ERROR to resend.",
    ),
    # Login and password
    "login.title": ("ログイン", "Log in"),
    "login.lead": (
        "管理者パスワードを入力してください。",
        "Enter the administrator password.",
    ),
    "login.password": ("パスワード", "Password"),
    "login.submit": ("ログイン", "Log in"),
    "login.first_time": (
        "初回は環境変数 TICKETRELAY_ADMIN_TOKEN の値がパスワードです。ログイン後に変更できます。",
        "The first password is the value of TICKETRELAY_ADMIN_TOKEN. "
        "You can change it after logging in.",
    ),
    "login.wrong": ("パスワードが違います。", "The password is wrong."),
    "login.throttled": (
        "ログインの失敗が続いたため、しばらく受け付けません。{minutes}分ほど後にお試しください。",
        "Too many failed logins. Please try again in about {minutes} minutes.",
    ),
    "login.no_password": (
        "パスワードが設定されていません。サーバーの環境変数 TICKETRELAY_ADMIN_TOKEN を設定して"
        "再起動してください。",
        "No password is set. Set TICKETRELAY_ADMIN_TOKEN in the server's environment and restart.",
    ),
    "password.title": ("パスワード変更", "Change password"),
    "password.lead": (
        "ログインに使うパスワードを変更します。変更すると、ほかの端末のログインはすべて終了します。",
        "Change the password used to log in. Every other login session ends when you do.",
    ),
    "password.current": ("現在のパスワード", "Current password"),
    "password.new": ("新しいパスワード", "New password"),
    "password.confirm": ("新しいパスワード(確認)", "New password (again)"),
    "password.rule": ("{min}文字以上で入力してください。", "At least {min} characters."),
    "password.submit": ("変更する", "Change password"),
    "password.wrong_current": (
        "現在のパスワードが違います。",
        "The current password is wrong.",
    ),
    "password.too_short": (
        "新しいパスワードは{min}文字以上にしてください。",
        "The new password must have at least {min} characters.",
    ),
    "password.mismatch": (
        "確認用のパスワードが一致しません。",
        "The two new passwords differ.",
    ),
    "csrf.title": ("フォームを送信できませんでした", "The form could not be sent"),
    "csrf.lead": (
        "ページの有効期限が切れたか、ほかのサイトから送信されました。"
        "ページを再読み込みしてから、もう一度お試しください。",
        "The page expired or the form came from another site. Reload the page and try again.",
    ),
    "notfound.title": ("ページが見つかりません", "Page not found"),
    "notfound.lead": (
        "お探しの連携やエラーログは削除されたか、存在しません。",
        "The integration or error-log entry does not exist or was deleted.",
    ),
    # Integrations list
    "list.title": ("連携一覧", "Integrations"),
    "list.new": ("連携を作成", "New integration"),
    "list.empty": (
        "まだ連携がありません。「連携を作成」から kintone アプリとの連携を設定してください。",
        "There is no integration yet. Use “New integration” to connect a kintone app.",
    ),
    "list.name": ("連携名", "Name"),
    "list.app": ("kintone アプリ", "kintone app"),
    "list.status": ("状態", "Status"),
    "list.pending": ("送信待ち", "Pending"),
    "list.today": ("本日の登録", "Records today"),
    "list.errors": ("エラー(24時間)", "ERRORs (24 h)"),
    "list.alerts": ("アラート(24時間)", "ALERTs (24 h)"),
    "list.last": ("最終登録", "Last delivery"),
    "list.never": ("まだありません", "Never"),
    "list.error_log": ("エラーログ", "Error log"),
    "list.app_id": ("アプリ {app}", "App {app}"),
    "list.guest": ("ゲストスペース {space}", "Guest space {space}"),
    "list.account": ("アカウント: {account}", "Account: {account}"),
    "chart.title": ("チャネル別の登録件数(直近14日間)", "Records per channel, last 14 days"),
    "chart.desc": (
        "{first}から{last}までの日ごとの登録件数。合計{total}件。{days}",
        "Records per day from {first} to {last}, {total} in all. {days}",
    ),
    "chart.day_summary": ("{day}: {count}件", "{day}: {count}"),
    "chart.empty": (
        "直近14日間に登録されたレコードはありません。",
        "No record was written in the last 14 days.",
    ),
    "chart.table": ("数値で見る", "Show the numbers"),
    "chart.day": ("日付", "Day"),
    "chart.total": ("合計", "Total"),
    "chart.zone": ("日付は Asia/Tokyo の日付です。", "Days are days in Asia/Tokyo."),
    "chart.records": ("{count}件", "{count}"),
    # Editor
    "editor.new_title": ("連携を作成", "New integration"),
    "editor.edit_title": ("連携の設定", "Integration settings"),
    "editor.basics": ("基本設定", "Basics"),
    "editor.name": ("連携名", "Name"),
    "editor.name_help": (
        "一覧に表示される名前です(例: 対応履歴アプリ)。",
        "Shown in the list (e.g. Support history app).",
    ),
    "editor.account": ("ヘルプデスクのアカウント", "Helpdesk account"),
    "editor.account_help": (
        "送信元のアカウントと同じ値です。このアカウントのアクティビティが同期されます。",
        "The account of the sources whose activities this integration syncs.",
    ),
    "editor.enabled": ("同期を有効にする", "Sync is on"),
    "editor.enabled_help": (
        "オフにすると、新しいアクティビティは送信されず、送信待ちのまま残ります。",
        "When off, nothing is sent; new activities wait in the queue.",
    ),
    "editor.connection": ("kintone への接続", "Connection to kintone"),
    "editor.base_url": ("kintone の URL", "kintone URL"),
    "editor.base_url_help": (
        "https://サブドメイン.cybozu.com の形式です。",
        "Like https://SUBDOMAIN.cybozu.com.",
    ),
    "editor.guest_space": ("ゲストスペース ID", "Guest space ID"),
    "editor.guest_space_help": (
        "アプリがゲストスペースにある場合だけ入力します。",
        "Only when the app is in a guest space.",
    ),
    "editor.app": ("アプリ ID", "App ID"),
    "editor.app_help": (
        "アプリの URL の /k/ の後ろの数字です。",
        "The number after /k/ in the app's URL.",
    ),
    "editor.api_token": ("API トークン", "API token"),
    "editor.api_token_help": (
        "アプリの設定で「レコード閲覧」「レコード追加」「レコード編集」の権限を付けて生成します。",
        "Generate it in the app's settings with view, add and edit permissions.",
    ),
    "editor.api_token_stored": (
        "保存済みのトークンは表示しません。変更する場合だけ入力してください。",
        "The stored token is never shown. Enter one only to replace it.",
    ),
    "editor.api_token_placeholder": (
        "保存済み(変更する場合だけ入力)",
        "Stored (enter only to replace)",
    ),
    "editor.check": ("接続を確認", "Check connection"),
    "editor.check_ok": (
        "接続できました。アプリのフィールドを{count}件読み込みました。",
        "Connected. {count} fields of the app were loaded.",
    ),
    "editor.check_failed": (
        "アプリのフィールドを取得できませんでした。"
        "URL・アプリ ID・ゲストスペース ID・API トークンを確認してください。",
        "The app's fields could not be read. Check the URL, app ID, guest space ID and API token.",
    ),
    "editor.check_first": (
        "「接続を確認」を押すと、アプリのフィールドを読み込んでマッピングを設定できます。",
        "Press “Check connection” to load the app's fields and set up the mapping.",
    ),
    "editor.mapping": ("マッピング", "Mapping"),
    "editor.mapping_lead": (
        "ヘルプデスクの値ごとに、登録先の kintone フィールドを選びます。"
        "型が合うフィールドだけが選択肢に表示されます。",
        "Choose the kintone field for each value. Only fields of a compatible type are offered.",
    ),
    "editor.value": ("同期する値", "Value"),
    "editor.field": ("kintone のフィールド", "kintone field"),
    "editor.hint": ("送信される内容と注意点", "What is sent, and what can go wrong"),
    "editor.field_code": ("フィールドコード", "Field code"),
    "editor.unmapped": ("(マッピングしない)", "(not mapped)"),
    "editor.unmapped_hint": (
        "マッピングしない場合、この値は送信されません。",
        "When not mapped, this value is not sent.",
    ),
    "editor.missing_field": ("{code}(アプリにありません)", "{code} (not in the app)"),
    "editor.incompatible_field": ("{code}(型が合いません)", "{code} (incompatible type)"),
    "editor.sends": ("送信: {what}", "Sends: {what}"),
    "editor.link_mail": (
        "リンク(メールアドレス)型には常に空文字列が連携されます。"
        "メールアドレスを連携するには文字列フィールドを選んでください。",
        "A link (mail address) field always receives an empty string. "
        "To sync an address, choose a text field.",
    ),
    "editor.exactly_once": (
        "「値の重複を禁止する」文字列(1行)フィールドなので、kintone の応答が失われても"
        "レコードは1件だけ作成されます。",
        "The field prohibits duplicate values, so each activity makes exactly one record, "
        "even when a response from kintone is lost.",
    ),
    "editor.at_least_once": (
        "「値の重複を禁止する」を有効にした文字列(1行)フィールドを選ぶと、"
        "レコードが二重に作成されることがなくなります(推奨)。",
        "Choose a single-line text field with “Prohibit duplicate values” on, so that no "
        "record is ever created twice (recommended).",
    ),
    "editor.unsupported": (
        "選択できないフィールド",
        "Fields that cannot be chosen",
    ),
    "editor.unsupported_lead": (
        "次のフィールドは型の都合で同期先に選べません。",
        "These fields cannot receive values because of their type.",
    ),
    "editor.problems": ("マッピングの確認結果", "Mapping check"),
    "editor.problems_ok": (
        "問題は見つかりませんでした。",
        "No problem was found.",
    ),
    "editor.save_help": (
        "保存すると、kintone のアプリのフィールドでマッピングを確認します。",
        "Saving checks the mapping against the app's fields in kintone.",
    ),
    "editor.saved_with_errors": (
        "保存しましたが、エラーがあります。このままではレコードを登録できません。",
        "Saved, but there are ERRORs: records cannot be written until they are fixed.",
    ),
    "editor.filters": ("同期する対象", "What to sync"),
    "editor.channels": ("チャネル", "Channels"),
    "editor.channels_help": (
        "選択しない場合は、すべてのチャネルが同期されます。",
        "None selected: every channel syncs.",
    ),
    "editor.inboxes": ("受信箱", "Inboxes"),
    "editor.inboxes_help": (
        "1行に1つ入力します。空欄の場合は、すべての受信箱が同期されます。",
        "One per line. Empty: every inbox syncs.",
    ),
    "editor.timezone": ("タイムゾーン", "Time zone"),
    "editor.timezone_help": (
        "日付・時刻フィールドと文字列フィールドの時刻に使います(通常は Asia/Tokyo)。",
        "Used for date and time fields and times in text fields (usually Asia/Tokyo).",
    ),
    "editor.test": ("テストレコードを送信", "Send a test record"),
    "editor.test_help": (
        "サンプルのアクティビティを、画面上のマッピングで kintone に登録します。",
        "Writes a sample activity to kintone with the mapping on this page.",
    ),
    "editor.test_ok": (
        "テストレコードを登録しました(レコード ID: {id})。",
        "The test record was written (record ID: {id}).",
    ),
    "editor.test_open": ("kintone で開く", "Open in kintone"),
    "editor.test_refused": (
        "kintone がテストレコードを受け付けませんでした。",
        "kintone refused the test record.",
    ),
    "editor.test_not_sent": (
        "エラーがあるため、テストレコードは送信していません。",
        "The test record was not sent because of ERRORs.",
    ),
    "editor.kintone_code": ("kintone のエラーコード", "kintone error code"),
    "editor.paused": (
        "同期を一時停止しています: {reason}",
        "Sync is paused: {reason}",
    ),
    "editor.paused_detail": ("kintone の応答", "kintone's answer"),
    "editor.paused_help": (
        "設定を直して保存すると、同期を再開します。",
        "Fix the settings and save to resume.",
    ),
    "editor.invalid": ("入力内容を確認してください。", "Please check the form."),
    "editor.name_empty": ("連携名を入力してください。", "Enter a name."),
    "editor.account_empty": (
        "ヘルプデスクのアカウントを入力してください。",
        "Enter the helpdesk account.",
    ),
    "editor.app_invalid": (
        "アプリ ID は1以上の数字で入力してください。",
        "The app ID must be a number of 1 or more.",
    ),
    "editor.guest_invalid": (
        "ゲストスペース ID は1以上の数字で入力してください。",
        "The guest space ID must be a number of 1 or more.",
    ),
    "editor.url_invalid": (
        "kintone の URL は https://サブドメイン.cybozu.com の形式で入力してください"
        "(ほかのホストは TICKETRELAY_KINTONE_HOSTS での許可が必要です)。",
        "Enter the kintone URL as https://SUBDOMAIN.cybozu.com "
        "(other hosts must be allowed in TICKETRELAY_KINTONE_HOSTS).",
    ),
    "editor.token_missing": ("API トークンを入力してください。", "Enter the API token."),
    "editor.token_for_new_url": (
        "kintone の URL を変えるときは、API トークンも入力してください"
        "(保存済みのトークンは元の URL にだけ送ります)。",
        "When you change the kintone URL, enter the API token too "
        "(the stored token is only ever sent to the URL it was saved for).",
    ),
    "editor.timezone_invalid": (
        "タイムゾーンが見つかりません。Asia/Tokyo などを入力してください。",
        "Unknown time zone. Enter one such as Asia/Tokyo.",
    ),
    # Error log
    "log.title": ("エラーログ", "Error log"),
    "log.lead": (
        "同期に失敗したアクティビティ(エラー)と、一部の値を登録できなかったアクティビティ"
        "(アラート)の記録です。新しい順に表示します。",
        "Activities that could not be synced (ERROR) or were synced without some value "
        "(ALERT), newest first.",
    ),
    "log.severity": ("重要度", "Severity"),
    "log.since": ("開始日", "From"),
    "log.until": ("終了日", "To"),
    "log.channel": ("チャネル名", "Channel name"),
    "log.field": ("フィールド", "Field"),
    "log.when": ("日時", "When"),
    "log.operator": ("操作ユーザ", "Operator"),
    "log.message": ("内容", "Message"),
    "log.empty": ("条件に合うログはありません。", "No entry matches."),
    "log.count": ("{count}件", "{count} entries"),
    "log.resend_selected": ("選択したエラーを再送", "Resend selected"),
    "log.resend_all": ("すべてのエラーを再送", "Resend all ERRORs"),
    "log.resend_help": (
        "マッピングやアプリを直した後に再送すると、現在のマッピングで登録し直します。",
        "After fixing the mapping or the app, resending writes them with the current mapping.",
    ),
    "log.resend_confirm": (
        "すべてのエラーを再送しますか?",
        "Resend every ERROR?",
    ),
    "log.resent": ("再送済み", "Resent"),
    "log.select": ("選択", "Select"),
    "log.select_entry": ("このエラーを選択", "Select this ERROR"),
    "log.export": ("CSV エクスポート(直近1年)", "Export CSV (last year)"),
    "log.export_utf8": ("UTF-8(BOM付き)", "UTF-8 (with BOM)"),
    "log.export_cp932": ("Shift_JIS(Excel 向け)", "Shift_JIS (for older Excel)"),
    "log.detail": ("詳細", "Details"),
    "log.detail_title": ("エラーログの詳細", "Error-log entry"),
    "log.activity_id": ("アクティビティID", "Activity ID"),
    "log.start_time": ("開始時刻", "Start time"),
    "log.reason": ("理由コード", "Reason code"),
    "log.value": ("送ろうとした値", "Value"),
    "log.kintone_answer": ("kintone の応答", "kintone's answer"),
    "log.kintone_message": ("メッセージ", "Message"),
    "log.kintone_id": ("エラー ID", "Error ID"),
    "log.no_answer": (
        "kintone には送信していません(送信前の確認で見つかった問題です)。",
        "Nothing was sent to kintone: the problem was found before sending.",
    ),
    "log.values": ("アクティビティの値", "The activity's values"),
    "log.values_gone": (
        "このアクティビティの値はもう保存されていません。",
        "This activity's values are no longer stored.",
    ),
    "log.delivery": ("現在の状態", "Current state"),
    "log.delivery.pending": ("送信待ち", "Pending"),
    "log.delivery.delivered": ("登録済み(レコード ID: {id})", "Delivered (record ID {id})"),
    "log.delivery.error": ("エラー", "ERROR"),
    "log.delivery.cancelled": ("取り消し", "Cancelled"),
    "log.resend_one": ("このアクティビティを再送", "Resend this activity"),
    "log.back": ("エラーログに戻る", "Back to the error log"),
    # Sources
    "sources.title": ("送信元", "Sources"),
    "sources.lead": (
        "ヘルプデスクがイベントを送るときに使うトークンを管理します。",
        "Tokens that helpdesks use to send their events.",
    ),
    "sources.new": ("送信元を作成", "New source"),
    "sources.name": ("名前", "Name"),
    "sources.name_help": ("例: Re:lation 本番", "e.g. Helpdesk production"),
    "sources.account": ("アカウント", "Account"),
    "sources.account_help": (
        "ヘルプデスクのアカウント(テナント)です。連携の「ヘルプデスクのアカウント」と合わせます。",
        "The helpdesk account (tenant); integrations of this account receive its activities.",
    ),
    "sources.create": ("作成してトークンを発行", "Create and issue a token"),
    "sources.token_title": ("トークンを発行しました", "The token was issued"),
    "sources.token_once": (
        "このトークンは今回だけ表示されます。今すぐコピーして、ヘルプデスクの設定に貼り付けてください。",
        "This token is shown only this once. Copy it now into the helpdesk's settings.",
    ),
    "sources.copy": ("コピー", "Copy"),
    "sources.copied": ("コピーしました", "Copied"),
    "sources.usage": (
        "イベントの送信先: POST {url}  ヘッダー: Authorization: Bearer <トークン>",
        "Send events to: POST {url}  with the header Authorization: Bearer <token>",
    ),
    "sources.list": ("送信元の一覧", "All sources"),
    "sources.empty": ("まだ送信元がありません。", "There is no source yet."),
    "sources.created": ("作成日時", "Created"),
    "sources.state": ("状態", "State"),
    "sources.live": ("有効", "Active"),
    "sources.revoked": ("無効({when})", "Revoked ({when})"),
    "sources.revoke": ("無効にする", "Revoke"),
    "sources.revoke_confirm": (
        "この送信元のトークンを無効にしますか?このトークンで送られたイベントは受け付けられなくなります。",
        "Revoke this source's token? Events sent with it will be refused.",
    ),
    "sources.invalid": (
        "名前とアカウントを入力してください。",
        "Enter a name and an account.",
    ),
}

CHANNEL_LABELS: dict[str, tuple[str, str]] = {
    "mail": ("メール", "Mail"),
    "sms": ("SMS", "SMS"),
    "memo": ("応対メモ", "Response memo"),
    "call": ("通話メモ", "Call memo"),
    "line": ("LINE", "LINE"),
    "chatwork": ("Chatwork", "Chatwork"),
    "instagram_dm": ("Instagram DM", "Instagram DM"),
    "messenger": ("Messenger for Business", "Messenger for Business"),
    "chatplus": ("ChatPlus", "ChatPlus"),
    "r_messe": ("R-Messe", "R-Messe"),
    "yahoo": ("Yahoo!", "Yahoo!"),
    "chat_widget": ("チャットウィジェット", "Chat widget"),
}

TYPE_NAMES: dict[str, tuple[str, str]] = {
    "SINGLE_LINE_TEXT": ("文字列(1行)", "Text (single line)"),
    "MULTI_LINE_TEXT": ("文字列(複数行)", "Text (multiple lines)"),
    "RICH_TEXT": ("リッチエディター", "Rich text"),
    "NUMBER": ("数値", "Number"),
    "DATE": ("日付", "Date"),
    "TIME": ("時刻", "Time"),
    "DATETIME": ("日時", "Date and time"),
    "LINK:WEB": ("リンク(Webサイト)", "Link (web)"),
    "LINK:CALL": ("リンク(電話番号)", "Link (phone)"),
    "LINK:MAIL": ("リンク(メールアドレス)", "Link (mail)"),
    "RADIO_BUTTON": ("ラジオボタン", "Radio button"),
    "DROP_DOWN": ("ドロップダウン", "Drop-down"),
}

# When mapping a value onto a field can give each ERROR or ALERT (the hint's words).
OUTCOMES: dict[str, tuple[str, str]] = {
    "required_empty": ("値が空のとき(必須項目)", "when the value is empty (required field)"),
    "too_long": ("最大文字数を超えるとき", "when it is longer than the field allows"),
    "too_short": ("最小文字数に満たないとき", "when it is shorter than the field needs"),
    "not_a_number": ("数値でないとき", "when it is not a number"),
    "below_min": ("最小値より小さいとき", "when it is below the minimum"),
    "above_max": ("最大値より大きいとき", "when it is above the maximum"),
    "contains_line_break": ("改行を含むとき", "when it contains a line break"),
    "not_a_url": ("URL でないとき", "when it is not a URL"),
    "not_an_option": (
        "選択肢にない値のとき(初期値で登録)",
        "when it is not one of the options (kintone fills the default)",
    ),
    "empty_not_an_option": (
        "値が空のとき(初期値で登録)",
        "when it is empty (kintone fills the default)",
    ),
    "option_required_no_default": (
        "選択肢にない値のとき(必須で初期値がないため)",
        "when it is not one of the options (required, no default)",
    ),
}


# Why delivery is paused, by the code the courier stored (kintone's error code, or its own).
PAUSES: dict[str, tuple[str, str]] = {
    "GAIA_IA02": ("API トークンが正しくありません", "The API token is not valid"),
    "CB_NO02": ("API トークンの権限が足りません", "The API token lacks a permission"),
    "GAIA_AP01": ("アプリが見つかりません", "The app does not exist"),
    "GAIA_NO01": ("アプリへのアクセス権がありません", "No access to the app"),
    "GAIA_IL23": ("ゲストスペース ID が正しくありません", "The guest space ID is wrong"),
    "CB_AU01": ("kintone の認証に失敗しました", "kintone refused the credentials"),
    "CB_WA01": ("kintone の認証に失敗しました", "kintone refused the credentials"),
    "DAILY_BUDGET": (
        "本日の API リクエスト数の上限に達しました(0:00 UTC に再開します)",
        "Today's API request budget is used up (resumes at 00:00 UTC)",
    ),
}
PAUSE_OTHER = ("kintone が設定を受け付けません", "kintone refuses the settings")


def text(key: str, lang: Lang, **params: object) -> str:
    """The text of `key` in `lang`, with its placeholders filled in."""
    template = TEXTS[key][LANGS.index(lang)]
    return template.format(**params) if params else template


def pick(pair: tuple[str, str], lang: Lang) -> str:
    """The Japanese or English half of a (Japanese, English) pair."""
    return pair[LANGS.index(lang)]
