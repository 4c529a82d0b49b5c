"""What an admin submits for an integration: a kintone API token is letters and digits."""

from dataclasses import replace

import pytest

from ticketrelay.crypto import Cipher
from ticketrelay.errors import InvalidInput
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.secret import Secret

CIPHER = Cipher(Secret("unit test key"))
TOKEN = "BlAs1Ar8QdxmEDWJa5VUOLwYiKwsUkkZoHkqy3Gd"
ADVICE = (
    ": copy it again from the app's settings in kintone (App settings > API token). A token "
    "has only letters and digits; separate several tokens with commas, without spaces."
)


def _spec(token: str | None) -> IntegrationSpec:
    return IntegrationSpec(
        name="support",
        account="acme",
        base_url="https://example.cybozu.com",
        app=12,
        api_token=Secret(token) if token is not None else None,
    )


def _refusal(token: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        _spec(token).settings(CIPHER, (), previous=None)
    return str(caught.value)


@pytest.mark.parametrize("token", [TOKEN, "t", f"{TOKEN},{TOKEN.lower()}", ",".join("a" * 9)])
def test_tokens_of_letters_and_digits_are_stored_encrypted(token: str) -> None:
    """One token or up to nine separated by commas, as kintone takes them in one header."""
    settings = _spec(token).settings(CIPHER, (), previous=None)
    assert CIPHER.decrypt(settings.api_token_encrypted).reveal() == token


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("token\u00a0", "contains a non-ASCII character (U+00A0) at position 6"),
        ("é", "contains a non-ASCII character (U+00E9) at position 1"),
        ("トークン", "contains a non-ASCII character (U+30C8) at position 1"),
        ("tok\r\nen", "contains a line break (CR) at position 4"),
        ("token\n", "contains a line break (LF) at position 6"),
        ("to\tken", "contains a tab at position 3"),
        (" token", "contains a space at position 1"),
        ("abc, def", "contains a space at position 5"),
        ("tok\x00en", "contains a control character (U+0000) at position 4"),
        ("tok\x7fen", "contains a control character (U+007F) at position 4"),
        ("not-a-token", "contains a symbol at position 4"),
        ("abc,,def", "has an empty place between commas or at either end"),
        ("abc,", "has an empty place between commas or at either end"),
        (",".join("a" * 10), "holds 10 tokens; kintone takes at most 9 in one request"),
    ],
)
def test_a_token_kintone_cannot_take_is_refused_with_what_to_do(token: str, problem: str) -> None:
    """The refusal names the problem and its place, never the token, and says what to do."""
    message = _refusal(token)
    assert message == f"The integration cannot be saved: The kintone API token {problem}{ADVICE}"


def test_the_token_problem_is_listed_with_the_others() -> None:
    """Every problem of the form is reported at once."""
    spec = replace(_spec("é"), name="")
    with pytest.raises(InvalidInput) as caught:
        spec.settings(CIPHER, (), previous=None)
    message = str(caught.value)
    assert message.startswith("The integration cannot be saved: The name is empty. ")
    assert "The kintone API token contains a non-ASCII character" in message


def test_no_token_on_an_update_keeps_the_stored_one_unchecked() -> None:
    """Leaving the token out of a change is not a problem of its format."""
    with pytest.raises(InvalidInput, match="the kintone API token is missing"):
        _spec(None).settings(CIPHER, (), previous=None)
