"""The error log over HTTP: entries with filters, the CSV export, and sending ERRORs again."""

from typing import Any

import pytest

from tests.bodies import ACCOUNT, integration, mail
from tests.e2e.server import Service, wait_for
from ticketrelay.kintone.sim import Simulator

LONG_SUBJECT = "長" * 101


@pytest.fixture
def errored(service: Service, kintone: Simulator) -> dict[str, Any]:
    """An integration whose one activity failed: the subject is too long for its field."""
    body = integration(kintone)
    created = service.admin("POST", "/integrations", json=body).json()
    service.send(service.source(ACCOUNT), mail("e1", "m1", subject=LONG_SUBJECT))
    path = f"/integrations/{created['id']}/errors"
    wait_for(lambda: service.admin("GET", path).json()["entries"], "the ERROR")
    return {**body, **created}


def test_an_error_is_listed_with_its_field_and_reason(
    service: Service, errored: dict[str, Any]
) -> None:
    """Each entry says when, which activity and field, and why."""
    answer = service.admin("GET", f"/integrations/{errored['id']}/errors")
    (entry,) = answer.json()["entries"]
    assert (entry["severity"], entry["field_code"], entry["reason"]) == (
        "error",
        "subject",
        "too_long",
    )
    assert entry["channel_name"] == "メール"
    assert entry["operator"]
    assert entry["resent_at"] is None
    (activity,) = service.admin("GET", "/activities?status=error").json()["activities"]
    assert activity["id"] == entry["activity_id"]


def test_errors_filter_by_severity_and_time(service: Service, errored: dict[str, Any]) -> None:
    """severity, since and until narrow the list; an empty parameter is no filter."""
    path = f"/integrations/{errored['id']}/errors"

    def count(query: str) -> int:
        answer = service.admin("GET", f"{path}?{query}")
        assert answer.status_code == 200, answer.text
        return len(answer.json()["entries"])

    assert count("severity=error") == 1
    assert count("severity=alert") == 0
    assert count("severity=&since=&until=") == 1
    assert count("since=2000-01-01T00:00:00Z") == 1
    assert count("until=2000-01-01T00:00:00%2B09:00") == 0
    assert count("since=2999-01-01T00:00:00+09:00") == 0


def test_a_time_without_an_offset_is_refused(service: Service, errored: dict[str, Any]) -> None:
    """since and until must carry an offset, as every time of the API."""
    answer = service.admin("GET", f"/integrations/{errored['id']}/errors?since=2026-01-01")
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["path"] == "query parameter since"


def test_the_csv_is_utf8_with_a_bom_by_default(service: Service, errored: dict[str, Any]) -> None:
    """Excel opens it as it is: BOM, Japanese header, CRLF lines."""
    answer = service.admin("GET", f"/integrations/{errored['id']}/errors.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="ticketrelay-errors-{errored["id"]}.csv"'
    )
    assert answer.content.startswith(b"\xef\xbb\xbf\xe6\x97\xa5\xe6\x99\x82,")
    header, row, end = answer.content.decode("utf-8-sig").split("\r\n")
    assert (header.split(",")[:2], end) == (["日時", "重要度"], "")
    assert "too_long" in row


def test_the_csv_in_cp932_and_english(service: Service, errored: dict[str, Any]) -> None:
    """?encoding=cp932 gives Shift_JIS without a BOM; ?lang=en an English header."""
    path = f"/integrations/{errored['id']}/errors.csv"
    sjis = service.admin("GET", f"{path}?encoding=cp932")
    assert sjis.headers["content-type"] == "text/csv; charset=shift_jis"
    assert sjis.content.decode("cp932").startswith("日時,重要度,")
    english = service.admin("GET", f"{path}?lang=en").content.decode("utf-8-sig")
    assert english.startswith("When,Severity,Activity ID,")
    assert service.admin("GET", f"{path}?encoding=latin-1").status_code == 422


def test_resend_by_id_after_the_mapping_is_fixed(
    service: Service, kintone: Simulator, errored: dict[str, Any]
) -> None:
    """With subject unmapped, the ERROR's activity is queued again and written."""
    path = f"/integrations/{errored['id']}"
    mapping = {k: v for k, v in errored["mapping"].items() if k != "subject"}
    fields = {k: errored[k] for k in ("name", "account", "kintone")}
    service.admin("PUT", path, json={**fields, "mapping": mapping})
    (entry,) = service.admin("GET", f"{path}/errors").json()["entries"]
    answer = service.admin("POST", f"{path}/errors/resend", json={"ids": [entry["id"]]})
    assert (answer.status_code, answer.json()) == (200, {"queued": 1})
    (record,) = wait_for(lambda: kintone.records(errored["kintone"]["app"]), "the record")
    assert record["subject"]["value"] == ""
    (entry,) = service.admin("GET", f"{path}/errors").json()["entries"]
    assert entry["resent_at"] is not None


def test_resend_all_and_what_it_refuses(service: Service, errored: dict[str, Any]) -> None:
    """{"all": true} queues every ERROR; a body with neither or both keys is a 422."""
    path = f"/integrations/{errored['id']}/errors/resend"
    message = 'Send {"ids": [entry IDs]} or {"all": true}, one of the two.'
    for body in ({}, {"all": False}, {"ids": [1], "all": True}):
        answer = service.admin("POST", path, json=body)
        assert (answer.status_code, answer.json()) == (422, {"error": message})
    assert service.admin("POST", path, json={"all": True}).json() == {"queued": 1}


def test_activities_take_account_status_and_limit(service: Service) -> None:
    """account narrows, limit caps, an unknown status is a 422."""
    token = service.source(ACCOUNT)
    service.send(token, {"events": [mail(f"e{n}", f"m{n}") for n in range(3)]})

    def ids(query: str) -> list[str]:
        return [a["id"] for a in service.admin("GET", f"/activities?{query}").json()["activities"]]

    assert len(ids("")) == 3
    assert len(ids("limit=2")) == 2
    assert ids("account=other") == []
    assert len(ids(f"account={ACCOUNT}&status=&limit=")) == 3
    assert service.admin("GET", "/activities?status=lost").status_code == 422
    assert service.admin("GET", "/activities?limit=1001").status_code == 422
