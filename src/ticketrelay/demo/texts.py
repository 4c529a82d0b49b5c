"""The subjects and bodies of the demo's messages, memos and chats, composed from topics.

Mail bodies use CRLF line breaks, as mail does; chat bubbles use LF; memos mostly LF.
The `long_*` variants run past the 50 lines that an activity's body keeps.
"""

from ticketrelay.demo.people import Agent, Customer
from ticketrelay.demo.topics import Topic

TEAMS: dict[str, str] = {"support": "カスタマーサポート", "sales": "営業部", "billing": "経理部"}
FOLLOW_UPS: tuple[str, ...] = (
    "特になし",
    "3営業日以内に折り返し連絡する。",
    "発送完了後、メールでご連絡する。",
    "来週の定例で再確認する。",
    "経理部に確認のうえ、回答する。",
)
POSTAL_ITEMS: tuple[str, ...] = ("返品商品の受領", "請求書の原本", "契約書の返送", "お手紙")
MEMO_TAGS: dict[str, str] = {
    "incoming_call": "受電",
    "outgoing_call": "架電",
    "meeting": "打合せ",
    "sales": "訪問",
    "postal": "郵便物",
    "other": "その他",
}
_GUIDE_STEPS: tuple[str, ...] = (
    "マイページにログインします。",
    "画面右上のメニューから「設定」を開きます。",
    "「通知」タブを選択します。",
    "「メール通知」の項目を確認します。",
    "必要な通知にチェックを入れます。",
    "画面下部の「保存」を押します。",
    "確認メールが届いていることを確認します。",
)


def fill(template: str, facts: dict[str, str]) -> str:
    """The template with this conversation's numbers filled in."""
    return template.format(**facts)


def mail_lines(topic: Topic, facts: dict[str, str], agent: Agent, customer: Customer) -> list[str]:
    """The lines of an agent's reply by mail."""
    team = TEAMS[topic.inbox]
    return [
        f"{customer.family_name} {customer.given_name}様",
        "",
        "いつもお世話になっております。",
        f"デモサポート株式会社 {team}の{agent.family_name}でございます。",
        "",
        "この度はお問い合わせいただき、誠にありがとうございます。",
        "",
        *(fill(line, facts) for line in topic.answer),
        "",
        "ご不明な点がございましたら、お気軽にお問い合わせください。",
        "今後ともよろしくお願いいたします。",
        "",
        "━━━━━━━━━━━━━━━━━━━━",
        f"デモサポート株式会社 {team}",
        f"{agent.family_name} {agent.given_name}",
        f"Mail: {topic.inbox}@demo-support.example",
        "━━━━━━━━━━━━━━━━━━━━",
    ]


def mail_body(
    topic: Topic, facts: dict[str, str], agent: Agent, customer: Customer, *, long: bool
) -> str:
    """A reply by mail with CRLF line breaks; a long one quotes the whole thread."""
    lines = mail_lines(topic, facts, agent, customer)
    if long:
        earlier = [f"> {line}" if line else ">" for line in lines]
        question = [f"> > {fill(topic.question, facts)}", "> >", f"> > {customer.family_name}"]
        lines += [
            "",
            f"{customer.family_name} {customer.given_name} <{customer.email}> wrote:",
            f"> {fill(topic.question, facts)}",
            "> 先日のご回答について、もう少し詳しく教えてください。",
            ">",
            "> ----- 以前のメッセージ -----",
            *earlier,
            *earlier,
            *question,
        ]
    return "\r\n".join(lines)


def long_subject(topic: Topic, facts: dict[str, str]) -> str:
    """A forwarded, replied-to subject that grew well past 100 characters."""
    return (
        f"Re: Re: Re: Fw: Re: 【至急・要確認】{fill(topic.subject, facts)}"
        "〔前回のお問い合わせ(11月18日付)、およびご注文内容・配送先・請求先の変更に関する"
        "ご相談の件につきまして、引き続きご確認とご対応のほど、何卒よろしくお願いいたします〕"
    )


def memo_subject(kind: str, topic: Topic, customer: Customer, item: str) -> str:
    """The subject of a response memo of this kind."""
    if kind == "postal":
        return f"【郵便物】{customer.family_name}様より{item}"
    return f"【{MEMO_TAGS[kind]}】{customer.family_name}様 {topic.title}"


def memo_lines(topic: Topic, facts: dict[str, str], follow_up: str) -> list[str]:
    """The lines of a response memo or a call memo."""
    return [
        "【ご用件】",
        fill(topic.memo[0], facts),
        "【対応内容】",
        fill(topic.memo[1], facts),
        "【次回対応】",
        follow_up,
    ]


def minutes_lines(topic: Topic, facts: dict[str, str], count: int) -> list[str]:
    """Meeting minutes of `count` numbered points, for the long memos."""
    points = [fill(line, facts) for line in topic.answer]
    return ["【議事録】", *(f"{i}. {points[i % len(points)]}" for i in range(1, count + 1))]


def missed_call_lines(customer: Customer) -> list[str]:
    """The memo of a call that nobody answered."""
    return [f"{customer.family_name}様より不在着信。", "折り返しのお電話をお願いします。"]


def guide_bubble(count: int) -> str:
    """A step-by-step guide sent as one chat bubble of `count` lines."""
    steps = [f"手順{i}: {_GUIDE_STEPS[i % len(_GUIDE_STEPS)]}" for i in range(1, count)]
    return "\n".join(["通知設定の手順をご案内します。", *steps])


def chat_bubbles(topic: Topic, facts: dict[str, str], agent: Agent) -> list[str]:
    """The bubbles an agent sends in one chat session, greeting first."""
    return [
        f"お問い合わせありがとうございます。担当の{agent.family_name}です。",
        *(fill(text, facts) for text in topic.chat),
        "他にご不明な点はございますか?",
    ]
