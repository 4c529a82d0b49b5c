"""An integration points only at kintone's domains, or at hosts the operator allowed."""

import pytest

from ticketrelay.errors import InvalidInput
from ticketrelay.kintone.hosts import check_base_url, domain_of


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://example.cybozu.com", "https://example.cybozu.com"),
        ("https://Example.Cybozu.com/", "https://example.cybozu.com"),
        ("  https://acme.kintone.com ", "https://acme.kintone.com"),
        ("https://acme.cybozu.cn", "https://acme.cybozu.cn"),
        ("https://acme.s.cybozu.com:443", "https://acme.s.cybozu.com:443"),
    ],
)
def test_kintone_domains_are_accepted(given: str, expected: str) -> None:
    """cybozu.com, kintone.com and cybozu.cn subdomains over https are kintone."""
    assert check_base_url(given) == expected


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("http://example.cybozu.com", "not a kintone domain"),
        ("https://cybozu.com.evil.example", "not a kintone domain"),
        ("https://evilcybozu.com", "not a kintone domain"),
        ("https://example.cybozu.com/k/v1/", "the domain only"),
        ("https://user:pw@example.cybozu.com", "must not carry"),
        ("https://example.cybozu.com?x=1", "must not carry"),
        ("ftp://example.cybozu.com", "must start with https://"),
        ("example.cybozu.com", "must start with https://"),
        ("https://example.cybozu.com:99999", "is not a URL"),
        ("", "must start with https://"),
    ],
)
def test_other_urls_are_refused_with_a_reason(given: str, words: str) -> None:
    """Anything else is refused, and the message says what a valid URL looks like."""
    with pytest.raises(InvalidInput, match=words):
        check_base_url(given)


def test_allowed_hosts_may_use_plain_http() -> None:
    """The simulator on loopback is allowed by host:port or by host."""
    assert check_base_url("http://127.0.0.1:18080", ["127.0.0.1:18080"]) == "http://127.0.0.1:18080"
    assert check_base_url("http://localhost:5000", ["localhost"]) == "http://localhost:5000"
    with pytest.raises(InvalidInput):
        check_base_url("http://127.0.0.1:18081", ["127.0.0.1:18080"])


def test_domain_is_host_and_port() -> None:
    """The concurrency limit counts per host and port."""
    assert domain_of("http://localhost:18080") == "localhost:18080"
    assert domain_of("https://Example.cybozu.com") == "example.cybozu.com"
