"""Who is the owner of a resource named by a path: the exact name, letter case aside."""

from __future__ import annotations

import pytest

from discogs_service.accounts.identity import Identity
from discogs_service.services.access import is_owner

ALICE = Identity(user_id=1, username="alice", consumer_name="alice")


@pytest.mark.parametrize("named", ["alice", "ALICE", "Alice"])
def test_the_owner_is_named_in_any_letter_case(named: str) -> None:
    assert is_owner(ALICE, named)


@pytest.mark.parametrize("named", ["alice ", " alice", "alice\n", "alice\u00a0", "\u212ae"])
def test_nothing_else_names_the_owner(named: str) -> None:
    assert not is_owner(ALICE, named)
    assert not is_owner(Identity(user_id=2, username="ke"), named)
