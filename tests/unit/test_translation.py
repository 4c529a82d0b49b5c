"""The payload reader that both helpdesk translators share."""

import pytest

from ticketrelay.rules.translation import Malformed, Payload


@pytest.mark.parametrize("value", [None, [], {}, True])
def test_a_time_that_is_neither_text_nor_a_number_is_malformed(value: object) -> None:
    """Missing, a list, an object or a boolean: the JSON path and what a time must be."""
    with pytest.raises(Malformed) as raised:
        Payload({"at": value}).time("at")
    assert str(raised.value) == "$.at must be a time: ISO 8601 with an offset, or Unix seconds"
