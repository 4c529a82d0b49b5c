"""Every endpoint answers with the shapes of Re:lation's API docs (docs/relation-api.md)."""

import pytest

from ticketrelay.fakes.relation import MessageBox, html

from .conftest import Relation

SEARCH_KEYS = [
    "ticket_id",
    "assignee",
    "status_cd",
    "created_at",
    "last_updated_at",
    "title",
    "color_cd",
    "case_category_ids",
    "label_ids",
    "pending_reason_id",
]


def test_message_boxes(relation: Relation, box: MessageBox) -> None:
    """GET /api/v2/message_boxes lists every box with message_box_api.md's five keys."""
    relation.state.add_message_box("営業部", color="green", customer_group_id=7)
    response = relation.get("message_boxes")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == [
        {
            "name": "カスタマーサポート",
            "color": "blue",
            "message_box_id": 1,
            "last_updated_at": "2026-12-01T09:00:10Z",
            "customer_group_id": 1,
        },
        {
            "name": "営業部",
            "color": "green",
            "message_box_id": 2,
            "last_updated_at": "2026-12-01T09:00:10Z",
            "customer_group_id": 7,
        },
    ]


def test_users_and_their_pages(relation: Relation) -> None:
    """GET /api/v2/users gives user_api.md's keys, 30 a page by default, per_page up to 100."""
    for i in range(35):
        relation.state.add_user(f"user{i}", "佐藤", "花子", f"user{i}@example.jp")
    first = relation.get("users").json()
    assert len(first) == 30
    assert first[0] == {
        "mention_name": "user0",
        "status_cd": "available",
        "first_name": "花子",
        "last_name": "佐藤",
        "department_name": None,
        "employee_no": None,
        "email": "user0@example.jp",
        "is_tenant_admin": False,
        "is_otp_required": False,
        "last_page_loaded_at": None,
    }
    second = relation.get("users", params={"page": 2}).json()
    assert [u["mention_name"] for u in second] == [f"user{i}" for i in range(30, 35)]
    assert relation.get("users", params={"per_page": 101}).status_code == 400


def test_search_lists_the_ticket_keys(relation: Relation, box: MessageBox) -> None:
    """A search answers a bare JSON array of ticket_api.md's ten keys."""
    relation.ticket(box, assignee="sato", label_ids=[1, 2], color_cd="red")
    response = relation.search(box.message_box_id, status_cds=["open"])
    assert response.status_code == 200
    (found,) = response.json()
    assert list(found) == SEARCH_KEYS
    assert found["assignee"] == "sato"
    assert found["label_ids"] == [1, 2]
    assert found["created_at"] == "2026-12-01T09:01:10Z"


def test_ticket_has_its_messages_with_html_and_comments(
    relation: Relation, box: MessageBox
) -> None:
    """GET /tickets/{id} carries the messages, oldest first, and each message's comments."""
    ticket = relation.ticket(box, title="応対メモ", status_cd="closed", assignee="admin")
    received = relation.state.add_message(
        ticket.ticket_id, method_cd="mail", action_cd="received", title="質問", body="<p>Q</p>"
    )
    relation.clock.advance(seconds=30)
    memo = relation.state.add_message(
        ticket.ticket_id,
        method_cd="record",
        action_cd="sent",
        title="応対メモ",
        body=html(["これは応対メモです。", "", "<b>"]),
    )
    relation.state.add_comment(
        memo.message_id, "承認よろしくお願いします。", commenter="y.suzuki", comment_type="request"
    )
    body = relation.get(f"{box.message_box_id}/tickets/{ticket.ticket_id}").json()
    assert [m["message_id"] for m in body["messages"]] == [received.message_id, memo.message_id]
    assert body["messages"][1] == {
        "message_id": memo.message_id,
        "sent_at": "2026-12-01T09:01:40Z",
        "title": "応対メモ",
        "body": "<div>これは応対メモです。</div><div><br></div><div>&lt;b&gt;</div>",
        "method_cd": "record",
        "action_cd": "sent",
        "comments": [
            {
                "commenter": "y.suzuki",
                "comment_type": "request",
                "comment": "承認よろしくお願いします。",
                "commented_at": "2026-12-01T09:01:40Z",
            }
        ],
    }
    assert body["last_updated_at"] == "2026-12-01T09:01:40Z"
    assert [body[k] for k in ("status_cd", "assignee", "color_cd")] == ["closed", "admin", None]


@pytest.mark.parametrize(
    ("method_cd", "details", "auto_send"),
    [
        ("line", {"account", "channel_id", "group_name"}, True),
        ("chatplus", {"account", "account_key", "email", "company_name", "site"}, True),
        ("yahoo", {"account", "store_account", "email", "order_id", "item_url"}, False),
        ("r_messe", {"account", "email", "inquiry_number", "item_name"}, False),
    ],
)
def test_chat_endpoints(
    relation: Relation, box: MessageBox, method_cd: str, details: set[str], auto_send: bool
) -> None:
    """A chat endpoint gives its channel's details and conversations, keyed as chat_api.md."""
    ticket = relation.ticket(box)
    chat = relation.state.add_message(
        ticket.ticket_id, method_cd=method_cd, action_cd="conversation", title="t", body=""
    )
    relation.state.add_conversation(chat.message_id, "届きません", speaker_name="山田 太郎")
    relation.state.add_conversation(
        chat.message_id, "確認します", action_cd="sent", speaker_name="佐藤 花子", sent_by="sato"
    )
    path = f"{box.message_box_id}/tickets/{ticket.ticket_id}/messages/{chat.message_id}"
    body = relation.get(f"{path}/{method_cd}").json()
    assert details <= set(body)
    first, second = body["conversations"]
    assert first[f"{method_cd}_conversation_id"] < second[f"{method_cd}_conversation_id"]
    assert ("auto_send" in first) is auto_send
    assert {k: second[k] for k in ("action_cd", "speaker_name", "sent_by", "note")} == {
        "action_cd": "sent",
        "speaker_name": "佐藤 花子",
        "sent_by": "sato",
        "note": "確認します",
    }
    assert second["conversation_type"] == "text"
    assert second["file_name"] is None
    other = "yahoo" if method_cd == "line" else "line"
    assert relation.get(f"{path}/{other}").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "9/tickets/1",
        "1/tickets/99",
        "2/tickets/1",
        "1/tickets/1/messages/1/line",
        "1/tickets/1/messages/99/line",
        "1/tickets",
        "nothing",
    ],
)
def test_what_does_not_exist_is_404_with_a_message(
    relation: Relation, box: MessageBox, path: str
) -> None:
    """A missing box, ticket, chat or endpoint answers 404 `{"message": …}`."""
    relation.state.add_message_box("別の受信箱")
    ticket = relation.ticket(box)
    relation.state.add_message(
        ticket.ticket_id, method_cd="mail", action_cd="sent", title="t", body=""
    )
    response = relation.get(path)
    assert response.status_code == 404
    assert list(response.json()) == ["message"]


def test_chat_paths_are_get_only(relation: Relation, box: MessageBox) -> None:
    """chat_api.md's curl examples say -XPOST, but its endpoints say GET: POST is 404."""
    ticket = relation.ticket(box)
    chat = relation.state.add_message(
        ticket.ticket_id, method_cd="line", action_cd="conversation", title="t", body=""
    )
    path = f"/api/v2/1/tickets/{ticket.ticket_id}/messages/{chat.message_id}/line"
    response = relation.http.post(path, json={}, headers=relation.sim.headers())
    assert response.status_code == 404
