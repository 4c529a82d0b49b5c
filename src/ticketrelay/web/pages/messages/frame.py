"""The texts every page shares: the frame, flash messages, login, password (ja, en)."""

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
        "ログインの失敗が続いたため、この接続元からのログインをしばらく受け付けません。"
        "{minutes}分ほど後にお試しください。",
        "Too many failed logins from this address. Please try again in about {minutes} minutes.",
    ),
    "login.throttled_way_in": (
        "お急ぎの場合は、パスワードの代わりにサーバーの環境変数 TICKETRELAY_ADMIN_TOKEN の値を"
        "入力すると、今すぐログインできます。",
        "If you cannot wait, enter the value of the server's TICKETRELAY_ADMIN_TOKEN instead of "
        "the password: it logs in at once.",
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
}
