"""The texts of the sources page: the form, the list, a source's deliveries, and the short
guide to each helpdesk's webhook screen (Japanese, English).

Chatwoot's screen names are those of its own Japanese and English translations; Zendesk's
are given in English, as its Admin Center shows them, since no Japanese label was checked.
"""

from ticketrelay.web.pages.messages import relation

TEXTS: dict[str, tuple[str, str]] = {
    **relation.TEXTS,
    "flash.source_created": (
        "送信元を作成しました。Webhook URL をヘルプデスクに設定し、表示されたシークレットを"
        "下で保存してください。",
        "The source was created. Put its webhook URL into the helpdesk, then save the secret "
        "the helpdesk shows below.",
    ),
    "flash.secret_saved": (
        "シークレットを保存しました。署名が合う受信を受け付けます。",
        "The secret was saved: deliveries signed with it are accepted.",
    ),
    "flash.webhook_revoked": (
        "送信元を無効にしました。この Webhook URL への送信は受け付けません。",
        "The source was revoked: deliveries to its webhook URL are refused.",
    ),
    "sources.title": ("送信元", "Sources"),
    "sources.lead": (
        "ヘルプデスクからイベントを受け取る送信元です。イベント API のトークンのほか、"
        "Chatwoot と Zendesk の Webhook から直接受け取り、Re:lation は API で読み取れます。",
        "Where events come from: a token for the event API, the webhooks of Chatwoot and "
        "Zendesk received directly, or Re:lation read through its API.",
    ),
    # The form
    "sources.new": ("送信元を作成", "New source"),
    "sources.name": ("名前", "Name"),
    "sources.name_help": ("例: Chatwoot 本番", "e.g. Chatwoot production"),
    "sources.account": ("アカウント", "Account"),
    "sources.account_help": (
        "ヘルプデスクのアカウント(テナント)です。連携の「ヘルプデスクのアカウント」と合わせます。",
        "The helpdesk account (tenant); integrations of this account receive its activities.",
    ),
    "sources.kind": ("種類", "Kind"),
    "sources.kind_help": (
        "イベント API はトークンを付けてイベントを送る方式です。Chatwoot と Zendesk は、"
        "それぞれの Webhook を受け取ります。Re:lation は ticketrelay が API で読み取ります。",
        "The event API takes events sent with a token; Chatwoot and Zendesk send their "
        "webhooks; ticketrelay reads Re:lation through its API.",
    ),
    "sources.fields_of": ("{kind} の設定", "{kind} settings"),
    "sources.fields_when": (
        "種類で {kind} を選んだときだけ使います。",
        "Used only when the kind is {kind}.",
    ),
    "sources.webhook_secret": ("Webhook のシークレット", "Webhook secret"),
    "sources.signing_secret": ("署名シークレット", "Signing secret"),
    "sources.secret_help": (
        "ヘルプデスクで Webhook を作成すると表示されます。空欄のまま作成し、あとで送信元の画面で"
        "貼り付けることもできます。暗号化して保存し、二度と表示しません。",
        "The helpdesk shows it once its webhook exists: you may leave it empty now and paste it "
        "on the source's page later. Stored encrypted, never shown again.",
    ),
    "sources.base_url": ("Chatwoot の URL", "Chatwoot URL"),
    "sources.base_url_help": (
        "担当者が Chatwoot を開くアドレス。例: https://chat.example.com(レコードのリンクに使います)",
        "The address agents open Chatwoot at, e.g. https://chat.example.com (used for the "
        "records' links).",
    ),
    "sources.chat_idle_minutes": ("チャットの区切り(分)", "Chat idle minutes"),
    "sources.chat_idle_help": (
        "担当者の送信がこの時間ないと、チャットを終えたものとして1件のレコードにします。既定は10分。",
        "A chat counts as finished, and becomes one record, after this many minutes without "
        "an agent message. Default 10.",
    ),
    "sources.subdomain": ("サブドメイン", "Subdomain"),
    "sources.subdomain_help": ("acme.zendesk.com なら acme", "acme for acme.zendesk.com"),
    "sources.create_token": ("作成してトークンを発行", "Create and issue a token"),
    "sources.create_hook": ("作成して Webhook URL を表示", "Create and show the webhook URL"),
    "sources.invalid": ("入力内容を確認してください。", "Please check the form."),
    "sources.secret_again": (
        "シークレットは画面に残さないため、もう一度貼り付けてください。",
        "Secrets are never kept on the page: paste it again.",
    ),
    "sources.error.name": (
        "名前を入力してください(200文字まで)。",
        "Enter a name (up to 200 characters).",
    ),
    "sources.error.account": (
        "アカウントを入力してください(128文字まで)。",
        "Enter an account (up to 128 characters).",
    ),
    "sources.error.kind": ("種類を選んでください。", "Choose a kind."),
    "sources.error.webhook_secret": (
        "Chatwoot の Webhook のシークレットを貼り付けてください(2,000文字まで)。",
        "Paste the secret of the Chatwoot webhook (up to 2,000 characters).",
    ),
    "sources.error.base_url": (
        "http:// または https:// で始まる URL を入力してください。例: https://chat.example.com",
        "Enter an http:// or https:// URL, such as https://chat.example.com.",
    ),
    "sources.error.chat_idle_minutes": (
        "{min}〜{max} の整数(分)で入力してください。空欄なら10分です。",
        "Enter whole minutes from {min} to {max}, or leave it empty for 10.",
    ),
    "sources.error.signing_secret": (
        "Zendesk の Webhook の署名シークレットを貼り付けてください(2,000文字まで)。",
        "Paste the signing secret of the Zendesk webhook (up to 2,000 characters).",
    ),
    "sources.error.subdomain": (
        "サブドメインだけを入力してください(英数字とハイフン)。acme.zendesk.com なら acme です。",
        "Enter the subdomain alone (letters, digits, hyphens): acme for acme.zendesk.com.",
    ),
    # The token, shown once
    "sources.token_title": ("トークンを発行しました", "The token was issued"),
    "sources.token_once": (
        "このトークンは今回だけ表示されます。今すぐコピーして、ヘルプデスクの設定に貼り付けてください。",
        "This token is shown only this once. Copy it now into the helpdesk's settings.",
    ),
    "sources.copy": ("コピー", "Copy"),
    "sources.copied": ("コピーしました", "Copied"),
    "sources.selected": (
        "選択しました。Ctrl+C(Mac は ⌘C)でコピーしてください",
        "Selected: press Ctrl+C (⌘C on a Mac) to copy",
    ),
    "sources.usage": (
        "イベントの送信先: POST {url}  ヘッダー: Authorization: Bearer <トークン>",
        "Send events to: POST {url}  with the header Authorization: Bearer <token>",
    ),
    # The list and a source's page
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
    "sources.revoke_hook_confirm": (
        "この送信元を無効にしますか?この Webhook URL への送信は受け付けられなくなります。",
        "Revoke this source? Deliveries to its webhook URL will be refused.",
    ),
    "sources.webhook_url": ("Webhook URL", "Webhook URL"),
    "sources.open": ("受信履歴", "Deliveries"),
    "sources.open_label": ("「{name}」の設定と受信履歴", "Settings and deliveries of “{name}”"),
    "sources.back": ("送信元の一覧", "All sources"),
    "sources.url_help": (
        "この URL を {kind} の Webhook に設定します。",
        "Put this URL into the {kind} webhook.",
    ),
    "sources.settings": ("設定", "Settings"),
    "sources.secret_stored": ("保存済み(表示しません)", "Stored, never shown"),
    "sources.secret_missing": ("未設定", "Not set"),
    "sources.secret_title": ("シークレット", "Secret"),
    "sources.secret_unset": (
        "シークレットがまだ保存されていません。保存するまで、この送信元への受信はすべて拒否されます。"
        "ヘルプデスクで Webhook を作成し、表示されたシークレットを下に貼り付けてください。",
        "No secret is saved yet: every delivery to this source is refused until it is. Create "
        "the webhook in the helpdesk and paste the secret it shows below.",
    ),
    "sources.secret_replace": (
        "新しいシークレットを保存すると置き換わり、古いシークレットで署名された受信は拒否されます。",
        "Saving a new secret replaces the old one: deliveries signed with the old one are "
        "refused from then on.",
    ),
    "sources.secret_save": ("シークレットを保存", "Save the secret"),
    "sources.no_secret_badge": ("シークレット未設定", "No secret yet"),
    "sources.token_stored": (
        "トークンは作成時にだけ表示しました。紛失した場合は、この送信元を無効にして作り直してください。",
        "The token was shown only when it was created. If it is lost, revoke this source and "
        "create a new one.",
    ),
    "sources.deliveries": (
        "最近の受信(新しい順、{limit}件まで)",
        "Latest deliveries (newest first, up to {limit})",
    ),
    "sources.received_at": ("受信日時", "Received"),
    "sources.delivery_status": ("状態", "Status"),
    "sources.delivery_why": ("理由", "Why"),
    "sources.delivery_id": ("配信 ID", "Delivery ID"),
    "sources.no_deliveries": (
        "まだ受信はありません。ヘルプデスクで操作しても表示されない場合は、Webhook URL と"
        "シークレット、サーバーの時刻(5分以内のずれ)を確認してください。署名を確認できない"
        "受信は記録されません。",
        "Nothing has arrived yet. If activity in the helpdesk does not show here, check the "
        "webhook URL, the secret and the servers' clocks (within 5 minutes): deliveries whose "
        "signature does not verify are not recorded.",
    ),
    # The guides
    "guide.title": ("{kind} での設定", "Setting up {kind}"),
    "guide.chatwoot.where": (
        "Chatwoot の 設定 › 連携 › Webhook(Settings › Integrations › Webhooks)で「設定」"
        "(Configure)を押します。",
        "In Chatwoot, open Settings › Integrations › Webhooks and click Configure.",
    ),
    "guide.chatwoot.url": (
        "「新しいWebhookを追加」(Add new webhook)を押し、Webhook URL に上の URL を貼り付けます。",
        "Click Add new webhook and paste the URL above as its Webhook URL.",
    ),
    "guide.chatwoot.events": (
        "イベントは「メッセージが作成されました」(Message created)と「会話のステータスが"
        "変更されました」(Conversation Status Changed)の2つにチェックを入れます。ほかは不要です"
        "(チェックしても「同期対象外」として記録されるだけです)。",
        "Tick two events: Message created and Conversation Status Changed. Others are not "
        "needed (if ticked, they are only recorded as not synced).",
    ),
    "guide.chatwoot.secret": (
        "「Webhookを作成」(Create webhook)を押すとシークレット(Secret)が表示されます(あとから "
        "Webhook の編集画面でも確認できます)。それを下の「Webhook のシークレット」に貼り付けて"
        "保存します。",
        "Click Create webhook: Chatwoot shows the webhook's Secret (also found later in its edit "
        "form). Paste it below as the webhook secret and save it.",
    ),
    "guide.chatwoot.note": (
        "Chatwoot v4.11.2 以降が必要です(アカウントの Webhook に署名が付くのはこの版からです)。"
        "画面の名前は版や表示言語によって異なることがあります。",
        "Chatwoot v4.11.2 or later is needed: account webhooks are signed from that version "
        "on. Screen names may differ by version and language.",
    ),
    "guide.zendesk.where": (
        "Zendesk の管理センター(Admin Center)で Apps and integrations › Webhooks › Webhooks を"
        "開きます(アカウントによっては Apps and integrations › Actions and webhooks › Webhooks)。",
        "In Zendesk's Admin Center, open Apps and integrations › Webhooks › Webhooks (on some "
        "accounts: Apps and integrations › Actions and webhooks › Webhooks).",
    ),
    "guide.zendesk.url": (
        "Endpoint URL に上の URL を貼り付けます。送信は POST・JSON に固定され、認証"
        "(Authentication)は不要です。",
        "Paste the URL above as the Endpoint URL. It always sends POST with JSON; no "
        "authentication is needed.",
    ),
    "guide.zendesk.events": (
        "「Create webhook」を押し、接続方法に「Zendesk events」を選び(トリガやオートメーション"
        "ではありません)、チケットのコメント追加のイベント zen:event-type:ticket.comment_added "
        "を選びます。",
        "Click Create webhook, connect it to Zendesk events (not to a trigger or automation) "
        "and subscribe to the ticket event for an added comment, "
        "zen:event-type:ticket.comment_added.",
    ),
    "guide.zendesk.secret": (
        "作成した Webhook の画面で「Reveal secret」を押すと署名シークレット(Signing secret)が"
        "表示されます。それを下の「署名シークレット」に貼り付けて保存します。",
        "On the created webhook's page, Reveal secret shows its signing secret. Paste it below "
        "as the signing secret and save it.",
    ),
    "guide.zendesk.note": (
        "画面の名前は英語表示のものです。日本語表示では異なる名前になっていることがあります。",
        "Screen names are those of Zendesk in English; they may differ in other languages.",
    ),
    "guide.soon": (
        "Webhook を作成したら、すぐにシークレットを保存してください。保存するまでの受信は拒否され、"
        "ヘルプデスクによっては再送されません。",
        "Save the secret as soon as the webhook exists: until then deliveries are refused, and "
        "some helpdesks do not send them again.",
    ),
}
