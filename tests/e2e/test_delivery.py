"""End to end over HTTP: events in through the API, records out in the simulator."""

from tests.bodies import ACCOUNT, integration, mail
from tests.e2e.server import Service, wait_for
from ticketrelay.kintone.sim import Simulator


def test_posted_events_become_records_in_kintone(service: Service, kintone: Simulator) -> None:
    """A batch of sent mails lands as one record each, with the channel name and subject."""
    body = integration(kintone)
    assert service.admin("POST", "/integrations", json=body).status_code == 201
    token = service.source(ACCOUNT)
    events = [mail(f"e{n}", f"m{n}") for n in range(5)]
    answer = service.send(token, {"events": events})
    assert (answer.status_code, answer.json()) == (202, {"accepted": 5, "duplicates": 0})
    app = body["kintone"]["app"]
    records = wait_for(lambda: len(kintone.records(app)) == 5 and kintone.records(app), "records")
    assert sorted(r["subject"]["value"] for r in records) == [f"件名 m{n}" for n in range(5)]
    assert {r["channel"]["value"] for r in records} == {"メール"}


def test_a_single_event_becomes_a_record(service: Service, kintone: Simulator) -> None:
    """One event, not wrapped in a batch, is stored and delivered."""
    body = integration(kintone)
    service.admin("POST", "/integrations", json=body)
    answer = service.send(service.source(ACCOUNT), mail("e1", "m1"))
    assert (answer.status_code, answer.json()) == (202, {"accepted": 1, "duplicates": 0})
    (record,) = wait_for(lambda: kintone.records(body["kintone"]["app"]), "the record")
    assert record["subject"]["value"] == "件名 m1"


def test_the_activity_shows_its_record_once_delivered(service: Service, kintone: Simulator) -> None:
    """GET /activities gives the delivery's status and kintone's record ID."""
    created = service.admin("POST", "/integrations", json=integration(kintone)).json()
    service.send(service.source(ACCOUNT), mail("e1", "m1"))

    def delivered() -> list[dict[str, object]]:
        found = service.admin("GET", "/activities?status=delivered").json()["activities"]
        return list(found)

    (activity,) = wait_for(delivered, "the delivery")
    (fate,) = activity["deliveries"]
    assert fate["integration_id"] == created["id"]
    assert fate["status"] == "delivered"
    assert fate["record_id"]
    assert activity["account"] == ACCOUNT
    assert activity["values"]["channel_name"] == "メール"


def test_sending_the_same_events_again_changes_nothing(
    service: Service, kintone: Simulator
) -> None:
    """A repeated batch answers duplicates, and kintone keeps one record per event."""
    body = integration(kintone)
    service.admin("POST", "/integrations", json=body)
    token = service.source(ACCOUNT)
    events = {"events": [mail("e1", "m1"), mail("e2", "m2")]}
    service.send(token, events)
    again = service.send(token, {"events": [mail("e2", "m2"), mail("e3", "m3")]})
    assert again.json() == {"accepted": 1, "duplicates": 1}
    app = body["kintone"]["app"]
    wait_for(lambda: len(kintone.records(app)) == 3, "three records")
    assert len(service.admin("GET", "/activities").json()["activities"]) == 3
