"""The names of source kinds, and of what became of a webhook delivery (Japanese, English)."""

KIND_LABELS: dict[str, tuple[str, str]] = {
    "api": ("イベント API(トークン)", "Event API (token)"),
    "chatwoot": ("Chatwoot(Webhook)", "Chatwoot (webhook)"),
    "zendesk": ("Zendesk(Webhook)", "Zendesk (webhook)"),
    "relation": ("Re:lation(API で読み取り)", "Re:lation (read through its API)"),
}

HOOK_STATUSES: dict[str, tuple[str, str]] = {
    "received": ("受信済み", "Received"),
    "synced": ("同期済み", "Synced"),
    "not_synced": ("同期対象外", "Not synced"),
    "pending_chat": ("チャット待ち", "Waiting for the chat"),
}

HOOK_CODES: dict[str, tuple[str, str]] = {
    "incoming": (
        "お客様からのメッセージです(同期するのは担当者の送信だけです)",
        "The customer wrote it; only what agents send syncs",
    ),
    "bot_sender": (
        "ボット・自動処理・キャンペーンが送ったものです",
        "A bot, an automation or a campaign sent it",
    ),
    "not_a_message": (
        "担当者の送信ではないイベントです",
        "An event that is no agent's message",
    ),
    "channel_not_synced": (
        "同期対象のチャネルではありません",
        "Its channel is not one that syncs",
    ),
    "unknown_event": ("ヘルプデスクのイベントとして読めません", "Not an event of the helpdesk"),
    "malformed": ("内容の形が想定と違います", "The content has an unexpected shape"),
    "gone": ("受信した内容が残っていません", "The delivery is gone"),
}

# The order of each helpdesk's guide: the keys `guide.{kind}.{step}` of the sources texts.
GUIDE_STEPS: dict[str, tuple[str, ...]] = {
    "chatwoot": ("where", "url", "events", "secret"),
    "zendesk": ("where", "events", "url", "secret"),
}
