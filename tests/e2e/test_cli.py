"""The command line as a real process: help, one-line errors, ingest, the error log, migrate."""

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.bodies import ACCOUNT, integration, mail
from tests.e2e.cli import environment, run
from tests.e2e.server import Service, wait_for
from ticketrelay.kintone.sim import Simulator
from ticketrelay.store import Store

COMMANDS = [
    [],
    ["version"],
    ["serve"],
    ["worker"],
    ["ingest"],
    ["sources"],
    ["errors"],
    ["errors", "export"],
    ["errors", "resend"],
    ["migrate"],
    ["kintone-sim"],
    ["helpdesk-fake"],
    ["relation-sim"],
    ["demo"],
    ["bench"],
]


@pytest.fixture
def env(store: Store) -> dict[str, str]:
    """The environment of a process on the test database."""
    return environment(store)


def lines(data: bytes) -> list[str]:
    """The non-empty lines of an output."""
    return [line for line in data.decode().splitlines() if line.strip()]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "ticketrelay")
def test_every_command_has_help(args: list[str], tmp_path: Path) -> None:
    """--help prints the usage and exits 0."""
    done = run(*args, "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout.decode()


def test_no_command_prints_the_help(tmp_path: Path) -> None:
    """`ticketrelay` alone lists the commands."""
    done = run(cwd=tmp_path)
    assert done.returncode == 0
    out = done.stdout.decode()
    for name in ("serve", "worker", "ingest", "errors", "migrate", "kintone-sim", "demo", "bench"):
        assert name in out


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (
            ["errors", "export", "abc"],
            "error: Invalid value for 'integration_id': Input should be a valid integer, "
            "unable to parse string as an integer (see python -m ticketrelay errors export "
            "--help)",
            2,
        ),
        (["bogus"], "error: No such command 'bogus'. (see python -m ticketrelay --help)", 2),
        (["errors", "resend", "1"], "error: Give --all or one or more --id, one of the two.", 2),
        (["errors", "export", "999"], "error: There is no integration 999.", 1),
        (
            ["ingest", "missing.jsonl", "--account", "acme"],
            "error: Invalid value for 'file': "
            "file 'missing.jsonl' does not exist. (see python -m ticketrelay ingest --help)",
            2,
        ),
    ],
)
def test_a_failure_prints_one_line_and_exits_non_zero(
    env: dict[str, str], tmp_path: Path, args: list[str], message: str, code: int
) -> None:
    """A bad argument or one of our errors: one line on stderr, no traceback."""
    done = run(*args, env=env, cwd=tmp_path)
    assert (done.returncode, lines(done.stderr)) == (code, [message])


def test_a_wrong_database_url_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    """A URL that no driver opens says which setting to fix."""
    done = run("migrate", env={**env, "TICKETRELAY_DATABASE_URL": "nonsense"}, cwd=tmp_path)
    assert done.returncode == 1
    assert lines(done.stderr) == [
        "error: TICKETRELAY_DATABASE_URL is not a database URL that ticketrelay can open; use "
        "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE."
    ]


def test_migrate_brings_the_database_up_to_date(env: dict[str, str], tmp_path: Path) -> None:
    """It says which database, without a password."""
    done = run("migrate", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("The database is up to date: ")


def write_events(path: Path, events: list[Any], *raw: str) -> Path:
    """A JSON Lines file of these events, then raw lines."""
    text = [json.dumps(e, ensure_ascii=False) for e in events]
    path.write_text("\n".join([*text, *raw]) + "\n", encoding="utf-8")
    return path


def test_ingest_stores_a_file_and_is_safe_to_repeat(
    service: Service, env: dict[str, str], tmp_path: Path
) -> None:
    """Events of an account's file are stored once; a second run counts duplicates."""
    events = write_events(tmp_path / "events.jsonl", [mail(f"e{n}", f"m{n}") for n in range(250)])
    first = run("ingest", str(events), "--account", ACCOUNT, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert lines(first.stdout) == ["250 accepted, 0 duplicates, 0 invalid lines skipped."]
    again = run("ingest", str(events), "--account", ACCOUNT, env=env, cwd=tmp_path)
    assert lines(again.stdout) == ["0 accepted, 250 duplicates, 0 invalid lines skipped."]
    activities = service.admin("GET", "/activities?limit=1000").json()["activities"]
    assert len(activities) == 250
    sources = service.admin("GET", "/sources").json()["sources"]
    assert [(s["account"], s["name"]) for s in sources] == [(ACCOUNT, "ticketrelay ingest")]


def test_ingest_reports_each_bad_line_and_keeps_the_rest(
    service: Service, env: dict[str, str], tmp_path: Path
) -> None:
    """Bad lines are named by number and path; good ones are stored; the exit code is 1."""
    token = service.source(ACCOUNT)["Authorization"].removeprefix("Bearer ")
    foreign = {**mail("e3", "m3"), "account": "globex"}
    events = write_events(
        tmp_path / "events.jsonl",
        [mail("e1", "m1"), {"id": "e2", "type": "message.sent"}, foreign],
        "{not json",
        "",
    )
    done = run("ingest", str(events), "--source-token", token, env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert lines(done.stdout) == ["1 accepted, 0 duplicates, 3 invalid lines skipped."]
    assert [line for line in lines(done.stderr) if line.startswith("line ")] == [
        "line 2: $.occurred_at is required",
        "line 2: $.data is required",
        "line 3: $.account is 'globex', but the source belongs to 'acme'",
        "line 4: not JSON: Expecting property name enclosed in double quotes at column 2",
    ]


def test_ingest_refuses_a_time_far_from_now(
    service: Service, env: dict[str, str], tmp_path: Path
) -> None:
    """A line whose undo time lies beyond the window is reported, not waited for."""
    late = mail("e2", "m2", undo_until="2099-01-01T00:00:00Z")
    events = write_events(tmp_path / "events.jsonl", [mail("e1", "m1"), late])
    done = run("ingest", str(events), "--account", ACCOUNT, env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert lines(done.stdout) == ["1 accepted, 0 duplicates, 1 invalid lines skipped."]
    [problem] = [line for line in lines(done.stderr) if line.startswith("line ")]
    assert problem.startswith("line 2: $.data.undo_until must be between ")


def test_ingest_refuses_a_wrong_token(env: dict[str, str], tmp_path: Path) -> None:
    """A token no source has is one line and exit code 1."""
    events = write_events(tmp_path / "events.jsonl", [mail("e1", "m1")])
    done = run("ingest", str(events), "--source-token", "trs_nope", env=env, cwd=tmp_path)
    assert (done.returncode, lines(done.stderr)) == (
        1,
        ["error: The source token is wrong or was revoked."],
    )


@pytest.fixture
def errored(service: Service, kintone: Simulator) -> int:
    """An integration with one ERROR in its log (a subject too long for its field)."""
    created = service.admin("POST", "/integrations", json=integration(kintone)).json()
    service.send(service.source(ACCOUNT), mail("e1", "m1", subject="長" * 101))
    path = f"/integrations/{created['id']}/errors"
    wait_for(lambda: service.admin("GET", path).json()["entries"], "the ERROR")
    return int(created["id"])


def test_errors_export_writes_utf8_with_a_bom(
    errored: int, env: dict[str, str], tmp_path: Path
) -> None:
    """To stdout by default: BOM, Japanese header, one row."""
    done = run("errors", "export", str(errored), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"\xef\xbb\xbf\xe6\x97\xa5\xe6\x99\x82,")
    assert len(done.stdout.decode("utf-8-sig").split("\r\n")) == 3


def test_errors_export_in_cp932_and_english_to_a_file(
    errored: int, env: dict[str, str], tmp_path: Path
) -> None:
    """--encoding cp932 --lang en --output FILE, readable by its owner only."""
    out = tmp_path / "errors.csv"
    args = ["errors", "export", str(errored), "--encoding", "cp932", "--lang", "en"]
    done = run(*args, "--output", str(out), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().decode("cp932").startswith("When,Severity,Activity ID,")
    assert lines(done.stderr) == [f"Wrote the error log of integration {errored} to {out}."]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_errors_resend_queues_the_errors_again(
    errored: int, service: Service, env: dict[str, str], tmp_path: Path
) -> None:
    """--id and --all queue the ERROR's activity again; it fails again, as nothing changed."""
    (entry,) = service.admin("GET", f"/integrations/{errored}/errors").json()["entries"]
    by_id = run("errors", "resend", str(errored), "--id", str(entry["id"]), env=env, cwd=tmp_path)
    assert lines(by_id.stdout) == ["Queued 1 activities again; the workers deliver them."]
    path = f"/integrations/{errored}/errors"

    def two_entries() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = service.admin("GET", path).json()["entries"]
        return found if len(found) == 2 else []

    entries = wait_for(two_entries, "the second attempt's ERROR")
    assert [e["resent_at"] is None for e in entries] == [True, False]
    every = run("errors", "resend", str(errored), "--all", env=env, cwd=tmp_path)
    assert every.returncode == 0, every.stderr
