"""The texts of the integrations list, its chart, and the daily request budget (Japanese,
English)."""

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
    # The daily request budget, on the list and in the editor
    "budget.title": ("本日の kintone API リクエスト", "kintone API requests today"),
    "budget.column": ("本日のリクエスト", "Requests today"),
    "budget.count": ("{used:,} / {budget:,}回", "{used:,} of {budget:,}"),
    "budget.percent": ("上限の{percent}%", "{percent}% of the budget"),
    "budget.help": (
        "kintone はアプリごとに1日の API リクエスト数を制限しています(スタンダードコースは"
        "10,000回、0:00 UTC にリセット)。ticketrelay の上限は TICKETRELAY_DAILY_REQUEST_BUDGET "
        "で設定します。流量が多いと、この上限は1日のうちに尽きることがあります。",
        "kintone limits API requests per app per day (10,000 on the Standard course, reset at "
        "00:00 UTC). ticketrelay's budget is TICKETRELAY_DAILY_REQUEST_BUDGET. A busy helpdesk "
        "can use it up within the day.",
    ),
    "budget.warning": (
        "本日の kintone API リクエストが上限の{percent}%に達しました({used:,} / {budget:,}回)。"
        "上限に達すると、0:00 UTC(日本時間 9:00)まで同期が止まります。"
        "アクティビティは失われず、送信待ちのまま残ります。",
        "{percent}% of today's kintone API request budget is used ({used:,} of {budget:,}). "
        "When it runs out, syncing stops until 00:00 UTC (09:00 JST); "
        "activities are not lost but wait in the queue.",
    ),
    "budget.spent": (
        "本日の kintone API リクエストの上限({budget:,}回)に達したため、同期を一時停止しています。"
        "0:00 UTC(日本時間 9:00)に自動で再開します。送信待ちのアクティビティは失われません。",
        "Today's kintone API request budget ({budget:,} requests) is used up, so syncing is "
        "paused. It resumes by itself at 00:00 UTC (09:00 JST); queued activities are not lost.",
    ),
    "budget.named": ("「{name}」: ", "“{name}”: "),
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
