"""TICKETRELAY_TRUSTED_PROXIES, and what it tells uvicorn about X-Forwarded-For."""

import pytest

from ticketrelay.config import load_settings
from ticketrelay.errors import ConfigError
from ticketrelay.serving import proxy_options, quiet_config


def _trusted(value: str) -> tuple[str, ...]:
    environ = {"TICKETRELAY_TRUSTED_PROXIES": value}
    return load_settings(environ, env_file=None).trusted_proxies


def test_no_proxy_is_trusted_by_default() -> None:
    """Unset, nobody's X-Forwarded-For counts, not even loopback's."""
    assert load_settings({}, env_file=None).trusted_proxies == ()
    assert proxy_options(()) == {"proxy_headers": False, "forwarded_allow_ips": []}


def test_addresses_and_networks_are_read_comma_separated() -> None:
    """IPv4 and IPv6, single addresses and CIDR networks, spaces allowed."""
    assert _trusted(" 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8,") == (
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
        "fd00::/8",
    )


@pytest.mark.parametrize("value", ["*", "proxy.example", "10.0.0.0/33", "127.0.0.1:8080"])
def test_anything_else_stops_the_command_with_its_name(value: str) -> None:
    """A host name or a wildcard is refused: trust is given to addresses only."""
    with pytest.raises(ConfigError, match="TICKETRELAY_TRUSTED_PROXIES must list IP addresses"):
        _trusted(value)


def test_uvicorn_reads_forwarded_headers_only_from_the_trusted() -> None:
    """With proxies listed, uvicorn trusts exactly those; the quiet servers trust nobody."""
    options = proxy_options(("10.0.0.0/8",))
    assert options == {"proxy_headers": True, "forwarded_allow_ips": ["10.0.0.0/8"]}
    assert quiet_config(object()).proxy_headers is False
