"""kintone's official JavaScript client writing the same records, for comparison."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ticketrelay.demo.app import demo_fields
from ticketrelay.kintone.fields import to_properties
from ticketrelay.kintone.sim import RemoteSimulator

SCRIPT = Path(__file__).with_name("add_all_records.cjs")


def client_dir() -> Path | None:
    """Where `npm ci` put @kintone/rest-api-client (the contract tests' folder), if anywhere."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "tests" / "contract" / "js"
        if (candidate / "node_modules" / "@kintone" / "rest-api-client").is_dir():
            return candidate
    return None


def add_all_records(sim: RemoteSimulator, count: int) -> dict[str, Any]:
    """Seconds for `addAllRecords` of `count` records, or why it could not run."""
    folder = client_dir()
    node = shutil.which("node")
    if folder is None or node is None:
        return {
            "name": "js_add_all_records",
            "skipped": "node or the npm packages are missing; run scripts/setup-node",
        }
    app = sim.create_app("js client", {f.code: to_properties(f) for f in demo_fields()})
    env = {
        **os.environ,
        "CLIENT_DIR": str(folder),
        "SIM_URL": sim.url,
        "APP": str(app),
        "TOKEN": sim.issue_token(app, ["view", "add"]),
        "COUNT": str(count),
    }
    done = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"name": "js_add_all_records", "skipped": done.stderr.strip()[:300]}
    seconds = float(json.loads(done.stdout)["seconds"])
    return {
        "name": "js_add_all_records",
        "records": count,
        "seconds": round(seconds, 2),
        "records_per_s": round(count / seconds),
    }
