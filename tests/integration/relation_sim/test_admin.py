"""The `/_sim/` admin API adds data while the simulator runs, and the API then serves it."""

from typing import Any

import httpx
import pytest

from .conftest import Relation

MAIL = {"action_cd": "sent", "title": "t", "body": ""}


def admin(relation: Relation, method: str, path: str, body: Any = None) -> httpx.Response:
    """Call a `/_sim/` endpoint with a JSON body."""
    return relation.http.request(method, f"/_sim/{path}", json=body)


def created(relation: Relation, path: str, body: Any) -> Any:
    """POST to `/_sim/{path}` and return the JSON of its 201."""
    response = admin(relation, "POST", path, body)
    assert response.status_code == 201, response.text
    return response.json()


def test_added_ticket_and_message_are_found(relation: Relation) -> None:
    """A box, a ticket and a sent mail added over HTTP are what the search and GET answer."""
    box = created(relation, "message_boxes", {"name": "サポート", "color": "green"})
    mb = box["message_box_id"]
    ticket = created(
        relation, "tickets", {"message_box_id": mb, "title": "返品の件", "assignee": "sato"}
    )
    mail = {
        "method_cd": "mail",
        "action_cd": "sent",
        "title": "Re: 返品の件",
        "body": "<div>承知しました。</div>",
        "at": "2026-12-01T09:05:00Z",
    }
    message = created(relation, f"tickets/{ticket['ticket_id']}/messages", mail)
    found = relation.search(mb, method_cds=["mail"], action_cds=["sent"]).json()
    assert [(t["ticket_id"], t["title"], t["assignee"]) for t in found] == [
        (ticket["ticket_id"], "返品の件", "sato")
    ]
    assert found[0]["last_updated_at"] == "2026-12-01T09:05:00Z"
    detail = relation.get(f"{mb}/tickets/{ticket['ticket_id']}").json()
    assert detail["messages"] == [{k: v for k, v in message.items() if k != "ticket_id"}]
    assert detail["messages"][0]["body"] == "<div>承知しました。</div>"


def test_comments_conversations_users_and_status(relation: Relation) -> None:
    """Comments, chat utterances, users and a status change arrive over HTTP."""
    mb = created(relation, "message_boxes", {"name": "LINE窓口"})["message_box_id"]
    ticket_id = created(relation, "tickets", {"message_box_id": mb, "title": "LINE"})["ticket_id"]
    chat = {"method_cd": "line", "action_cd": "conversation", "title": "LINE", "body": ""}
    message_id = created(relation, f"tickets/{ticket_id}/messages", chat)["message_id"]
    talk = {"note": "こんにちは", "action_cd": "sent", "speaker_name": "佐藤", "sent_by": "sato"}
    said = created(relation, f"messages/{message_id}/conversations", talk)
    assert said["sent_by"] == "sato"
    assert said["auto_send"] is False
    note = {"comment": "確認済み", "commenter": "suzuki"}
    assert created(relation, f"messages/{message_id}/comments", note)["comment_type"] == "comment"
    user = {"mention_name": "sato", "last_name": "佐藤", "first_name": "花子", "email": "s@x.jp"}
    created(relation, "users", user)
    patched = admin(relation, "PATCH", f"tickets/{ticket_id}", {"status_cd": "closed"})
    assert patched.json()["status_cd"] == "closed"
    path = f"{mb}/tickets/{ticket_id}/messages/{message_id}/line"
    assert relation.get(path).json()["conversations"][0]["note"] == "こんにちは"
    assert relation.get(f"{mb}/tickets/{ticket_id}").json()["messages"][0]["comments"][0] == {
        "commenter": "suzuki",
        "comment_type": "comment",
        "comment": "確認済み",
        "commented_at": "2026-12-01T09:00:10Z",
    }
    assert relation.get("users").json()[0]["mention_name"] == "sato"
    assert relation.ids(mb, status_cds=["closed"]) == [ticket_id]


def test_seed_fills_every_kind(relation: Relation) -> None:
    """POST /_sim/seed adds realistic tickets across mail, SMS, memos, calls and chats."""
    ids = created(relation, "seed", {"tickets": 18, "seed": 3})["tickets"]
    assert len(ids) == 18
    boxes = [b["message_box_id"] for b in relation.get("message_boxes").json()]
    kinds: set[tuple[str, str]] = set()
    for mb in boxes:
        for summary in relation.search(mb, per_page=50).json():
            detail = relation.get(f"{mb}/tickets/{summary['ticket_id']}").json()
            kinds |= {(m["method_cd"], m["action_cd"]) for m in detail["messages"]}
    methods = {method for method, _ in kinds}
    assert methods == {"mail", "sms", "record", "call", "line", "chatplus", "r_messe", "yahoo"}
    assert {("mail", "received"), ("mail", "sent"), ("mail", "scheduled")} <= kinds
    assert len(relation.get("users").json()) == 8


def test_tokens_faults_and_reset_over_http(relation: Relation) -> None:
    """Tokens are issued and revoked, and reset empties the data but keeps the tokens."""
    token = created(relation, "tokens", {"name": "ci"})["token"]
    assert relation.get("message_boxes", token=token).status_code == 200
    assert admin(relation, "DELETE", f"tokens/{token}").json() == {"revoked": True}
    assert relation.get("message_boxes", token=token).status_code == 401
    created(relation, "message_boxes", {"name": "x"})
    assert admin(relation, "POST", "reset").json() == {}
    assert relation.get("message_boxes").json() == []
    assert admin(relation, "GET", "health").json() == {"ok": True}


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "tickets", {"message_box_id": 9, "title": "x"}, 404),
        ("POST", "tickets", {"title": "x"}, 400),
        ("POST", "tickets/9/messages", {**MAIL, "method_cd": "mail"}, 404),
        ("POST", "message_boxes", {"name": "x", "colour": "red"}, 400),
        ("POST", "messages/1/comments", {"comment": "x", "commenter": "a"}, 404),
        ("POST", "faults", {"kind": "explode"}, 400),
        ("GET", "nothing", None, 404),
    ],
)
def test_admin_errors(relation: Relation, method: str, path: str, body: Any, status: int) -> None:
    """A malformed admin request is 400, one about something missing is 404: `{"error"}`."""
    response = admin(relation, method, path, body)
    assert response.status_code == status
    assert list(response.json()) == ["error"]


def test_a_bad_message_kind_is_400(relation: Relation) -> None:
    """Codes outside ticket_api.md's lists are refused."""
    mb = created(relation, "message_boxes", {"name": "x"})["message_box_id"]
    ticket_id = created(relation, "tickets", {"message_box_id": mb, "title": "x"})["ticket_id"]
    bad = {"method_cd": "fax", "action_cd": "sent", "title": "t", "body": ""}
    assert admin(relation, "POST", f"tickets/{ticket_id}/messages", bad).status_code == 400
    status = admin(relation, "PATCH", f"tickets/{ticket_id}", {"status_cd": "pending"})
    assert status.status_code == 400
