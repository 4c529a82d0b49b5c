"""The texts of the error log (Japanese, English)."""

TEXTS: dict[str, tuple[str, str]] = {
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
}
