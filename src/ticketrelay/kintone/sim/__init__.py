"""A local kintone-compatible server: kintone's REST API in memory (or journaled to a file).

Start it in a test (a background thread on a free loopback port):

    with run_simulator(SimSettings()) as sim:
        app = sim.create_app("tickets", {"title": {"type": "SINGLE_LINE_TEXT"}})
        token = sim.issue_token(app, ["view", "add"])
        httpx.post(f"{sim.url}/k/v1/record.json", headers={"X-Cybozu-API-Token": token}, ...)

or as a process: `ticketrelay kintone-sim --port 8090 [--data FILE] [--set NAME=VALUE]`,
`spawn_simulator()` from Python. kintone's paths (also under /k/guest/{space}/v1/): app.json,
app/form/fields.json, app/form/layout.json, record.json, records.json, records/cursor.json,
bulkRequest.json, preview/app.json, preview/app/form/fields.json, preview/app/deploy.json.

The `/_sim/` endpoints (no authentication; JSON in and out):

    GET    /_sim/health                          {"ok": true}
    POST   /_sim/apps {"name", "properties"}     {"app": "1"}      created and deployed
    DELETE /_sim/apps/{app}                      {"deleted": true} GAIA_AP01 afterwards
    GET    /_sim/apps/{app}/records              {"records": [...]}
    POST   /_sim/apps/{app}/api-tokens {"permissions": {"view": true, "add": true, ...}}
                                                 {"token": "..."}
    DELETE /_sim/apps/{app}/api-tokens/{token}   {"revoked": true} GAIA_IA02 afterwards
    GET    /_sim/stats                           requests by API and method, app, day; records
    POST   /_sim/faults {fault} | {"faults": [...]}  {"ids": [...]}
    GET    /_sim/faults                          {"faults": [...]}
    DELETE /_sim/faults[/{id}]                   {"removed": n}
    POST   /_sim/reset                           {} everything emptied

A fault: {"kind": "latency" | "error" | "unavailable" | "throttle" | "db_lock" | "drop",
"api": "/k/v1/records.json", "method": "POST", "app": 1, "times": N, "probability": 0.5,
"latency_ms": 200, "per_record_ms": 2, "status": 500, "code": "...", "message": "...",
"body": "..."}; every key but "kind" is optional. "latency" delays by latency_ms plus
per_record_ms for each record written or read (docs/kintone-sim.md). "error" answers
`status` with a JSON body, "unavailable" 503 plain text, "throttle" 429 GAIA_TO04, "db_lock"
400 GAIA_DA02, and "drop" commits the write and then closes the connection without the body.
"""

from ticketrelay.kintone.sim.runner import (
    RemoteSimulator,
    Simulator,
    create_app,
    run_simulator,
    spawn_simulator,
)
from ticketrelay.kintone.sim.settings import SimSettings
from ticketrelay.kintone.sim.state import SimState

__all__ = [
    "RemoteSimulator",
    "SimSettings",
    "SimState",
    "Simulator",
    "create_app",
    "run_simulator",
    "spawn_simulator",
]
