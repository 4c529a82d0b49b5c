"""`ticketrelay helpdesk-fake` as a real process against the service: what kintone then holds."""

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.bodies import ACCOUNT, integration
from tests.e2e.cli import environment, free_port, run
from tests.e2e.server import Service, wait_for
from ticketrelay.fakes import SYNCING, Helpdesk, traffic
from ticketrelay.kintone.sim import Simulator
from ticketrelay.rules.channels import CHANNEL_NAMES, MEMO_NAMES
from ticketrelay.store import Store

SECRETS = {"chatwoot": "cw-fake-secret-0123456789", "zendesk": "zd-fake-secret-0123456789"}
SETTINGS: dict[str, dict[str, str]] = {
    "chatwoot": {"webhook_secret": SECRETS["chatwoot"], "base_url": "https://chat.example.jp"},
    "zendesk": {"signing_secret": SECRETS["zendesk"], "subdomain": "acme"},
}
# The channel names of the records that deliveries of these kinds make.
RECORDED = {"mail": CHANNEL_NAMES["mail"], "sms": CHANNEL_NAMES["sms"], "memo": MEMO_NAMES["other"]}
HELPDESKS: list[Helpdesk] = ["chatwoot", "zendesk"]


@pytest.fixture
def env(store: Store) -> dict[str, str]:
    """The environment of a process on the test database."""
    return environment(store)


def lines(data: bytes) -> list[str]:
    """The non-empty lines of an output."""
    return [line for line in data.decode().splitlines() if line.strip()]


def source(service: Service, helpdesk: Helpdesk) -> dict[str, Any]:
    """A new webhook source of the helpdesk, as POST /api/v1/sources answers it."""
    body = {"account": ACCOUNT, "name": helpdesk, "kind": helpdesk, helpdesk: SETTINGS[helpdesk]}
    created = service.admin("POST", "/sources", json=body)
    assert created.status_code == 201, created.text
    found: dict[str, Any] = created.json()
    return found


def played(helpdesk: Helpdesk, conversations: int, seed: int) -> Counter[str]:
    """How many deliveries of each kind the command plays for these options."""
    until = datetime.now(UTC)
    deliveries = traffic(helpdesk, seed=seed, conversations=conversations, until=until)
    return Counter(d.kind for d in deliveries)


def non_chat_records(kintone: Simulator, app: int) -> Counter[str]:
    """The app's records of sent mails, SMS and response memos, by channel name."""
    names = [record["channel"]["value"] for record in kintone.records(app)]
    return Counter(name for name in names if name in RECORDED.values())


def activities(service: Service, status: str) -> list[dict[str, Any]]:
    """The activities with a delivery in this status."""
    answer = service.admin("GET", f"/activities?status={status}&limit=1000")
    found: list[dict[str, Any]] = answer.json()["activities"]
    return found


@pytest.mark.parametrize("helpdesk", HELPDESKS)
def test_the_fake_traffic_lands_in_kintone(
    helpdesk: Helpdesk,
    service: Service,
    kintone: Simulator,
    env: dict[str, str],
    tmp_path: Path,
) -> None:
    """Every delivery is answered 200; each mail, SMS and note becomes exactly one record."""
    app = integration(kintone)
    assert service.admin("POST", "/integrations", json=app).status_code == 201
    url = source(service, helpdesk)["webhook_url"]
    args = ["--kind", helpdesk, "--url", url, "--conversations", "12", "--seed", "4"]
    done = run("helpdesk-fake", *args, "--secret", SECRETS[helpdesk], env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    kinds = played(helpdesk, 12, 4)
    total = sum(kinds.values())
    out = lines(done.stdout)
    assert out[0].startswith(f"Sent {total} {helpdesk.title()} deliveries to {url} in ")
    assert out[1] == f"  answers:  HTTP 200: {total}"
    expected = Counter({RECORDED[kind]: n for kind, n in kinds.items() if kind in SYNCING})
    assert sum(expected.values()) >= 5
    app_id = int(app["kintone"]["app"])
    wait_for(lambda: non_chat_records(kintone, app_id) == expected, f"records {expected}")
    wait_for(lambda: not activities(service, "pending"), "no pending activities")
    assert non_chat_records(kintone, app_id) == expected
    assert activities(service, "error") == []


def test_chatwoot_mail_records_link_to_the_conversation(
    service: Service, kintone: Simulator, env: dict[str, str], tmp_path: Path
) -> None:
    """The URL is built from the source's base URL, the account and the conversation."""
    app = integration(kintone)
    service.admin("POST", "/integrations", json=app)
    url = source(service, "chatwoot")["webhook_url"]
    args = ["--kind", "chatwoot", "--url", url, "--secret", SECRETS["chatwoot"], "--seed", "4"]
    assert run("helpdesk-fake", *args, env=env, cwd=tmp_path).returncode == 0
    app_id = int(app["kintone"]["app"])
    mails = wait_for(
        lambda: [r for r in kintone.records(app_id) if r["channel"]["value"] == "メール"],
        "a mail record",
    )
    prefix = "https://chat.example.jp/app/accounts/1/conversations/"
    assert all(record["url"]["value"].startswith(prefix) for record in mails)
    assert all(
        record["operator_email"]["value"].endswith("@demo-support.example") for record in mails
    )


def test_a_wrong_secret_is_a_summary_of_401s(
    service: Service, env: dict[str, str], tmp_path: Path
) -> None:
    """Every delivery is refused; the summary counts them and one line says what to check."""
    created = source(service, "zendesk")
    args = ["--kind", "zendesk", "--url", created["webhook_url"], "--conversations", "2"]
    done = run("helpdesk-fake", *args, "--secret", "not the secret", env=env, cwd=tmp_path)
    total = sum(played("zendesk", 2, 1).values())
    assert done.returncode == 1
    assert lines(done.stdout)[1:] == [f"  answers:  HTTP 401: {total}", "  receiver: duplicate 0"]
    assert lines(done.stderr) == [
        f"error: Of {total} deliveries, {total} answered HTTP 401: the signature did not "
        "verify, or the URL names no live Zendesk source. Check --secret (the secret the "
        "source was created with) and --url (its webhook_url)."
    ]
    hooks = service.admin("GET", f"/sources/{created['id']}/hooks").json()["deliveries"]
    assert hooks == []


def test_an_unreachable_url_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    """Nothing listens there: one line on stderr, exit code 1, no traceback."""
    url = f"http://127.0.0.1:{free_port()}/api/v1/hooks/chatwoot/1"
    done = run("helpdesk-fake", "--kind", "chatwoot", "--url", url, "--secret", "s", env=env)
    assert done.returncode == 1
    assert done.stdout == b""
    (line,) = lines(done.stderr)
    assert line.startswith(f"error: Cannot reach {url}: ")
    assert line.endswith(
        "Check --url (the source's webhook_url) and that ticketrelay is running there."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--url", "not a url", "--secret", "s"],
            "error: Invalid value for --url: 'not a url' is not an http(s) URL; give the "
            "source's webhook_url. (see python -m ticketrelay helpdesk-fake --help)",
        ),
        (
            ["--url", "http://127.0.0.1:9/", "--secret", "s", "--conversations", "0"],
            "error: Invalid value for '--conversations': Input should be greater than or equal "
            "to 1 (see python -m ticketrelay helpdesk-fake --help)",
        ),
    ],
)
def test_bad_options_are_one_usage_line(
    args: list[str], message: str, env: dict[str, str], tmp_path: Path
) -> None:
    """A URL that is none, or no conversation: exit code 2 and one line."""
    done = run("helpdesk-fake", "--kind", "chatwoot", *args, env=env, cwd=tmp_path)
    assert (done.returncode, lines(done.stderr)) == (2, [message])


def test_the_command_has_help(tmp_path: Path) -> None:
    """--help names every option."""
    done = run("helpdesk-fake", "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for option in ("--kind", "--url", "--secret", "--conversations", "--seed", "--rate"):
        assert option in done.stdout.decode()
