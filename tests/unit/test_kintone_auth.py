"""Credentials as kintone's headers; a token that cannot travel in a header is refused."""

import base64

import pytest

from ticketrelay.errors import ActionRequired
from ticketrelay.kintone.auth import ApiTokens, Basic, Password, auth_headers, token_problem
from ticketrelay.kintone.errors import KintoneAccessError
from ticketrelay.secret import Secret


def test_tokens_go_comma_separated_in_one_header() -> None:
    """Several tokens, one per app a request touches, share X-Cybozu-API-Token."""
    assert auth_headers(ApiTokens.of("abc", "DEF1")) == {"X-Cybozu-API-Token": "abc,DEF1"}


def test_a_password_and_basic_are_base64_and_may_be_any_text() -> None:
    """Login names and passwords are encoded, so non-ASCII ones are fine."""
    headers = auth_headers(
        Password(username="山田", password=Secret("pässword")),
        Basic(username="front", password=Secret("door")),
    )
    assert base64.b64decode(headers["X-Cybozu-Authorization"]).decode() == "山田:pässword"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"front:door").decode()


@pytest.mark.parametrize(
    ("token", "what"),
    [
        ("token\u00a0", "a non-ASCII character (U+00A0) at position 6"),
        ("トークン", "a non-ASCII character (U+30C8) at position 1"),
        ("tok\r\nX-Other: 1", "a line break (CR) at position 4"),
        ("tok en", "a space at position 4"),
    ],
)
def test_a_token_that_cannot_be_sent_is_a_person_s_to_fix(token: str, what: str) -> None:
    """A token stored before the check fails as settings to fix, not deep inside httpx."""
    with pytest.raises(KintoneAccessError) as caught:
        auth_headers(ApiTokens.of(token))
    assert isinstance(caught.value, ActionRequired)
    assert str(caught.value) == (
        f"The integration's kintone API token contains {what}, so it cannot be sent to "
        "kintone. Enter the token again in the integration's settings, as kintone shows it: "
        "letters and digits only."
    )
    assert token not in str(caught.value)


def test_a_wrong_but_sendable_token_is_left_for_kintone_to_judge() -> None:
    """Only what cannot travel in a header is refused here; kintone answers the rest."""
    assert auth_headers(ApiTokens.of("not-a-token")) == {"X-Cybozu-API-Token": "not-a-token"}


def test_a_well_formed_token_has_no_problem() -> None:
    """Letters and digits, several separated by commas, are what kintone issues."""
    assert token_problem("abc123,XYZ") is None
