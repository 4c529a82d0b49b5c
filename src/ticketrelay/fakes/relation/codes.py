"""Re:lation's code lists, as ticket_api.md, chat_api.md and user_api.md of its API docs say."""

from typing import Final

STATUS_CDS: Final = ("open", "ongoing", "closed", "unwanted", "trash", "spam")
COLOR_CDS: Final = ("red", "orange", "yellow", "blue", "pink")
BOX_COLORS: Final = ("red", "orange", "green", "blue", "purple", "brown")
METHOD_CDS: Final = (
    "mail",
    "tweet",
    "twitter_dm",
    "record",
    "line",
    "chatplus",
    "r_messe",
    "yahoo",
    "sms",
    "call",
)
ACTION_CDS: Final = (
    "received",
    "sent",
    "draft",
    "requested",
    "approved",
    "rejected",
    "sending",
    "scheduled",
    "send_error",
    "conversation",
    "end_conversation",
)
COMMENT_TYPES: Final = (
    "comment",
    "request",
    "approve",
    "reject",
    "pullback",
    "assign",
    "snooze",
    "canceled_snooze",
)
CHAT_METHODS: Final = ("line", "chatplus", "r_messe", "yahoo")
CONVERSATION_TYPES: Final = (
    "text",
    "file",
    "image",
    "video",
    "audio",
    "location",
    "sticker",
    "chatplus_textform",
    "chatplus_carousel",
    "chatplus_chatbot",
    "chatplus_imagemap",
)
USER_STATUS_CDS: Final = ("available", "confirming", "locked", "deleted")

# The channel details above a chat's conversations, with the values of chat_api.md's examples.
CHAT_DETAILS: Final[dict[str, dict[str, str]]] = {
    "line": {
        "account": "test-account",
        "channel_id": "1234567890",
        "group_name": "テストグループ名<0123456789abcdef0123456789abcdef>",
    },
    "chatplus": {
        "account": "test-account",
        "account_key": "abcdefgh",
        "email": "test@example.com",
        "company_name": "ingage",
        "site": "chatplus_site",
    },
    "r_messe": {
        "account": "test-account",
        "email": "test@example.com",
        "inquiry_status": "完了",
        "inquiry_category": "配送",
        "inquiry_type": "店舗問い合わせ",
        "inquiry_number": "1234567-20261201-01",
        "inquiry_url": "https://r-messe.example.jp/inquiry/1234567-20261201-01",
        "order_number": "1234567_1234567",
        "item_number": "1",
        "item_name": "商品A",
        "item_url": "https://item.example.jp/shop/item-a/",
    },
    "yahoo": {
        "account": "test-account",
        "store_account": "demo-store",
        "email": "test@example.com",
        "inquiry_status": "未完了",
        "inquiry_kind": "注文前（非公開）",
        "inquiry_category": "その他ストアへの連絡事項",
        "order_id": "demo-store-10000001",
        "order_url": "https://store.example.jp/order/demo-store-10000001",
        "item_number": "item_number",
        "item_url": "https://store.example.jp/item/item_number",
    },
}
# chat_api.md shows `auto_send` on LINE's and ChatPlus's conversations only.
AUTO_SEND_METHODS: Final = ("line", "chatplus")
