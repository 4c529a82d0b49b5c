"""TICKETRELAY_PUBLIC_URL and TICKETRELAY_SOURCE_HOSTS, as the environment gives them."""

import pytest

from ticketrelay.config import load_settings
from ticketrelay.errors import ConfigError


def test_the_public_url_is_kept_without_its_trailing_slash() -> None:
    """Unset it is empty (webhook URLs follow the request); set, it is the base."""
    assert load_settings({}, env_file=None).public_url == ""
    environ = {"TICKETRELAY_PUBLIC_URL": "https://relay.example.jp/"}
    assert load_settings(environ, env_file=None).public_url == "https://relay.example.jp"


@pytest.mark.parametrize("value", ["relay.example.jp", "ftp://relay.example.jp", "https://x?a=1"])
def test_a_public_url_that_is_no_http_address_is_a_config_error(value: str) -> None:
    """The message names the variable and shows the form it takes."""
    with pytest.raises(ConfigError, match=r"TICKETRELAY_PUBLIC_URL must be .* https://relay"):
        load_settings({"TICKETRELAY_PUBLIC_URL": value}, env_file=None)


def test_source_hosts_are_read_comma_separated_and_lower_cased() -> None:
    """As TICKETRELAY_KINTONE_HOSTS: host or host:port, spaces and empty entries ignored."""
    environ = {"TICKETRELAY_SOURCE_HOSTS": " Chat.Example.JP, localhost:8093,,"}
    assert load_settings(environ, env_file=None).source_hosts == (
        "chat.example.jp",
        "localhost:8093",
    )
