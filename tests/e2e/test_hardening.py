"""What a reliability and security probe found (issue 10), held shut over real HTTP."""

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.bodies import ACCOUNT, integration, mail
from tests.e2e.cli import environment, run
from tests.e2e.server import Service
from ticketrelay.kintone.sim import Simulator
from ticketrelay.model import Entry
from ticketrelay.secret import Secret
from ticketrelay.store import errorlog, integrations

FAR = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
TOKEN_ADVICE = (
    ": copy it again from the app's settings in kintone (App settings > API token). A token "
    "has only letters and digits; separate several tokens with commas, without spaces."
)


def _listed(service: Service) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = service.admin("GET", "/integrations").json()["integrations"]
    return listed


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("token\u00a0", "contains a non-ASCII character (U+00A0) at position 6"),
        ("é", "contains a non-ASCII character (U+00E9) at position 1"),
        ("トークン", "contains a non-ASCII character (U+30C8) at position 1"),
        ("tok\r\nen", "contains a line break (CR) at position 4"),
        ("to ken", "contains a space at position 3"),
        ("tok\x1ben", "contains a control character (U+001B) at position 4"),
    ],
)
def test_a_token_kintone_cannot_take_is_refused_and_nothing_is_saved(
    service: Service, kintone: Simulator, token: str, problem: str
) -> None:
    """POST answers 422 saying what is wrong and what to do; no integration appears."""
    body = integration(kintone)
    body["kintone"]["api_token"] = token
    answer = service.admin("POST", "/integrations", json=body)
    message = f"The integration cannot be saved: The kintone API token {problem}{TOKEN_ADVICE}"
    assert (answer.status_code, answer.json()) == (422, {"error": message})
    assert _listed(service) == []


def test_a_change_to_a_bad_token_is_refused_and_the_stored_one_kept(
    service: Service, kintone: Simulator
) -> None:
    """PUT with a bad token is a 422 too; the integration keeps working with its old token."""
    body = integration(kintone)
    created = service.admin("POST", "/integrations", json=body).json()
    before = _listed(service)
    body["kintone"]["api_token"] = "token\u00a0"
    answer = service.admin("PUT", f"/integrations/{created['id']}", json=body)
    assert answer.status_code == 422
    assert "U+00A0" in answer.json()["error"]
    assert _listed(service) == before
    check = service.admin("POST", f"/integrations/{created['id']}/check").json()
    assert check == {"ok": True, "problems": []}


def test_a_bad_token_stored_before_the_fix_fails_as_settings_to_fix(
    service: Service, kintone: Simulator
) -> None:
    """A check with a token that cannot travel in a header says so, without a 500."""
    created = service.admin("POST", "/integrations", json=integration(kintone)).json()
    relay = service.relay
    stored = relay.integration(created["id"])
    bad = relay.cipher.encrypt(Secret("秘密abc123"))
    settings = replace(stored.settings, api_token_encrypted=bad)
    with relay.store.write() as conn:
        integrations.update(conn, stored.id, settings, relay.clock())
    answer = service.admin("POST", f"/integrations/{created['id']}/check")
    assert answer.status_code < 500
    assert answer.json()["ok"] is False
    assert "non-ASCII character (U+79D8) at position 1" in answer.text
    assert "保存されているAPIトークンを使えません。" in answer.text
    assert "秘密abc123" not in answer.text


@pytest.fixture
def far_entry(service: Service, kintone: Simulator) -> int:
    """An integration whose error log holds an entry with a start time in year 9999."""
    created = service.admin("POST", "/integrations", json=integration(kintone)).json()
    entry = Entry(
        integration_id=created["id"],
        at=datetime(2026, 11, 25, 1, 2, 3, tzinfo=UTC),
        severity="error",
        activity_id="message-far-1",
        channel_name="メール",
        operator="佐藤 花子",
        start_time=FAR,
        value_key="start_time",
        field_code="start_text",
        reason="time_out_of_range",
        message_ja="時刻を表示できません。",
        message_en="The time cannot be shown.",
    )
    with service.relay.store.write() as conn:
        errorlog.add_many(conn, [entry])
    return int(created["id"])


def test_the_csv_export_shows_a_far_future_time_in_utc(service: Service, far_entry: int) -> None:
    """errors.csv answers 200; the year-9999 start time is written in UTC, not an overflow."""
    answer = service.admin("GET", f"/integrations/{far_entry}/errors.csv")
    assert answer.status_code == 200, answer.text
    _, row = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"), newline="")))
    assert (row[0], row[5]) == ("2026-11-25T10:02:03+09:00", "9999-12-31T23:59:59+00:00")


def test_the_cli_export_shows_a_far_future_time_in_utc(
    service: Service, far_entry: int, tmp_path: Path
) -> None:
    """`ticketrelay errors export` exits 0 with the same row, not a traceback."""
    env = environment(service.relay.store)
    done = run("errors", "export", str(far_entry), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "9999-12-31T23:59:59+00:00" in done.stdout.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"undo_until": "2099-01-01T00:00:00Z"}, "$.data.undo_until"),
        ({"undo_until": "9999-12-31T23:59:59Z"}, "$.data.undo_until"),
        ({"draft_saved_at": "9999-12-31T23:59:59Z"}, "$.data.draft_saved_at"),
    ],
)
def test_a_time_far_from_now_is_refused_not_waited_for(
    service: Service, data: dict[str, str], path: str
) -> None:
    """The event API answers 422 at the time's JSON path; nothing is stored."""
    answer = service.send(service.source(ACCOUNT), mail("e1", "m1", **data))
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["path"] == path
    assert error["message"].startswith("must be between ")
    assert service.admin("GET", "/activities").json()["activities"] == []
