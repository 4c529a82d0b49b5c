"""The demo app, created in the kintone simulator, takes every record the demo stream makes."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.demodata import played
from ticketrelay.demo import DEMO_APP_NAME, DEMO_MAPPING, demo_fields
from ticketrelay.demo.app import OTHER_CHANNEL
from ticketrelay.kintone.fields import to_properties
from ticketrelay.kintone.sim import SimSettings, run_simulator
from ticketrelay.rules.mapping import to_record


@dataclass(frozen=True)
class DemoApp:
    """The demo app in a running simulator, with a token that may view and add."""

    url: str
    app: int
    headers: dict[str, str]


@pytest.fixture(scope="module")
def demo_app() -> Iterator[DemoApp]:
    with run_simulator(SimSettings()) as sim:
        properties = {field.code: to_properties(field) for field in demo_fields()}
        app = sim.create_app(DEMO_APP_NAME, properties)
        token = sim.issue_token(app, ["view", "add"])
        yield DemoApp(url=sim.url, app=app, headers={"X-Cybozu-API-Token": token})


def _records() -> list[dict[str, Any]]:
    fields = {field.code: field for field in demo_fields()}
    mapped = [to_record(activity, DEMO_MAPPING, fields) for activity in played().activities]
    return [record.record for record in mapped if record.ok]


def _count(demo_app: DemoApp, query: str) -> int:
    params: dict[str, str | int] = {"app": demo_app.app, "query": query, "totalCount": "true"}
    answer = httpx.get(f"{demo_app.url}/k/v1/records.json", headers=demo_app.headers, params=params)
    answer.raise_for_status()
    return int(answer.json()["totalCount"])


def test_every_record_without_an_error_is_accepted_and_alerts_get_the_default(
    demo_app: DemoApp,
) -> None:
    """kintone takes all of them; the unlisted channel lands as the drop-down's default."""
    records = _records()
    for start in range(0, len(records), 100):
        body = {"app": demo_app.app, "records": records[start : start + 100]}
        answer = httpx.post(
            f"{demo_app.url}/k/v1/records.json", headers=demo_app.headers, json=body
        )
        assert answer.status_code == 200, answer.text
    assert _count(demo_app, "") == len(records)
    assert _count(demo_app, f'channel in ("{OTHER_CHANNEL}")') == 4
    assert _count(demo_app, 'status in ("未確認")') == len(records)
