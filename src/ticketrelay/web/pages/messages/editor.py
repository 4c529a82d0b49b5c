"""The texts of the integration editor, and its names of field types, outcomes and pauses."""

TEXTS: dict[str, tuple[str, str]] = {
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
    "editor.token_invalid": (
        "API トークンに kintone が受け付けない文字があります。kintone のアプリの設定"
        "(アプリの設定 > API トークン)からトークンをもう一度コピーして貼り付けてください。"
        "トークンは半角英数字だけで、複数のときは半角カンマで区切ります(空白や余分なカンマは不可)。",
        "The API token holds characters kintone does not take. Copy the token again from the "
        "app's settings in kintone (App settings > API token) and paste it here. A token has "
        "only letters and digits; separate several with commas (no spaces, no extra commas).",
    ),
    "editor.refused": ("保存できませんでした。", "The integration could not be saved."),
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
    "BAD_TOKEN": (
        "保存されている API トークンを使えません。トークンを入力し直してください",
        "The stored API token cannot be used: enter it again",
    ),
    "INTERNAL": (
        "ticketrelay の内部エラーで止まっています(自動で再試行します。続く場合は報告してください)",
        "Stopped by an internal error of ticketrelay (retried by itself; report it if it lasts)",
    ),
}
PAUSE_OTHER = ("kintone が設定を受け付けません", "kintone refuses the settings")
