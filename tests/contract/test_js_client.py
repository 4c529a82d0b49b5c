"""kintone's official JavaScript client (@kintone/rest-api-client) works against the simulator."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ticketrelay.kintone.sim import run_simulator

SCRIPT_DIR = Path(__file__).parent / "js"
pytestmark = pytest.mark.node


def run_client() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run client.mjs against a fresh simulator: its JSON output and the records it left."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: kintone's JavaScript client cannot run")
    if not (SCRIPT_DIR / "node_modules" / "@kintone" / "rest-api-client").is_dir():
        pytest.skip("tests/contract/js/node_modules is missing: run scripts/setup-node")
    with run_simulator() as sim:
        result = subprocess.run(
            [node, "client.mjs"],
            cwd=SCRIPT_DIR,
            env={**os.environ, "SIM_URL": sim.url},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout), sim.records(1)


@pytest.fixture(scope="module")
def seen() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the client saw, and the app's records afterwards."""
    return run_client()


def test_app_creation_and_fields(seen: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    """addApp, addFormFields, deployApp, getDeployStatus, getFormFields work unchanged."""
    out = seen[0]
    assert out["addApp"] == {"app": "1", "revision": "2"}
    assert out["deployStatus"] == "SUCCESS"
    assert out["fields"] == {
        "event_id": "SINGLE_LINE_TEXT",
        "title": "SINGLE_LINE_TEXT",
        "amount": "NUMBER",
    }
    assert out["uniqueIsBoolean"] is True


def test_add_records_and_add_all_records(seen: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    """addRecords (100) and addAllRecords (2,500 through bulkRequest) store every record."""
    out, records = seen
    assert out["addRecords"] == {"count": 100, "first": "1", "last": "100"}
    assert out["addAllRecords"] == {"count": 2500, "first": "101", "last": "2600"}
    assert len(records) == 2601


def test_upsert_by_unique_key(seen: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    """updateRecords({upsert: true}) updates the existing key and inserts the new one."""
    out, records = seen
    assert out["upsert"] == [["1", "2", "UPDATE"], ["2601", "1", "INSERT"]]
    assert records[0]["title"]["value"] == "updated"
    assert (records[-1]["event_id"]["value"], records[-1]["title"]["value"]) == (
        "fresh",
        "inserted",
    )


def test_queries(seen: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    """getRecords with a query and totalCount, and getAllRecords paging by $id."""
    out = seen[0]
    assert out["getRecords"] == {
        "totalCount": "4",
        "ids": ["bulk998", "bulk999", "bulk1998", "bulk1999"],
    }
    assert out["getAllRecords"] == {"count": 2601, "last": "fresh"}


def test_documented_errors(seen: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    """§2.2, §4, §6: 101 records, a bad token, no permission and invalid values, as kintone."""
    out = seen[0]
    rest_error = {"name": "KintoneRestAPIError", "errorIndex": None, "processed": None}
    assert out["error101"] == {
        **rest_error,
        "status": 400,
        "code": "CB_VA01",
        "errorKeys": ["records"],
    }
    assert out["errorBadToken"] == {
        **rest_error,
        "status": 400,
        "code": "GAIA_IA02",
        "errorKeys": None,
    }
    assert out["errorNoPermission"] == {
        **rest_error,
        "status": 403,
        "code": "GAIA_NO01",
        "errorKeys": None,
    }
    assert out["errorInvalid"] == {
        **rest_error,
        "status": 400,
        "code": "CB_VA01",
        "errorKeys": [
            "records[1][amount].value",
            "records[2].amount.value",
            "records[2].event_id.value",
            "records[2].title.value",
        ],
    }


def test_add_all_records_error_index(seen: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    """KintoneAllRecordsError finds the failing record (bulkRequest results + records[i] keys)."""
    assert seen[0]["errorAllRecords"] == {
        "name": "KintoneAllRecordsError",
        "status": 400,
        "code": "CB_VA01",
        "errorKeys": ["records[20].event_id.value"],
        "errorIndex": 120,
        "processed": 0,
    }
