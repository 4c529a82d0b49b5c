"""A worker's turns: integrations never served first, then the least recently served."""

from ticketrelay.delivery.turns import Turns


def test_candidates_keep_their_order_until_served() -> None:
    """Without turns given, the order is the candidates' own (most overdue first)."""
    assert Turns().order([3, 1, 2]) == [3, 1, 2]


def test_an_integration_just_served_goes_to_the_back() -> None:
    """After its turn, an integration comes after every candidate that waited longer."""
    turns = Turns()
    turns.give(3)
    assert turns.order([3, 1, 2]) == [1, 2, 3]
    turns.give(1)
    assert turns.order([3, 1, 2]) == [2, 3, 1]


def test_the_least_recently_served_comes_first() -> None:
    """Among integrations served before, the one served longest ago leads."""
    turns = Turns()
    for integration_id in (1, 2, 3, 2, 1):
        turns.give(integration_id)
    assert turns.order([1, 2, 3]) == [3, 2, 1]
