"""The texts of the integrations list and its chart (Japanese, English)."""

TEXTS: dict[str, tuple[str, str]] = {
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
