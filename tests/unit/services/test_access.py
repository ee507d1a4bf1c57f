"""Who may do what (``services.access``): a user where one is needed, and the owner of a
resource named by a path - the exact name, letter case aside."""

from __future__ import annotations

import pytest

from discogs_service.accounts.identity import ANONYMOUS, Identity
from discogs_service.errors import NotOwner, Unauthorized
from discogs_service.services.access import is_owner, require_owner, require_user

ALICE = Identity(user_id=1, username="alice", consumer_name="alice")


@pytest.mark.parametrize("named", ["alice", "ALICE", "Alice"])
def test_the_owner_is_named_in_any_letter_case(named: str) -> None:
    assert is_owner(ALICE, named)


@pytest.mark.parametrize("named", ["alice ", " alice", "alice\n", "alice\u00a0", "\u212ae"])
def test_nothing_else_names_the_owner(named: str) -> None:
    assert not is_owner(ALICE, named)
    assert not is_owner(Identity(user_id=2, username="ke"), named)


APPLICATION = Identity(application_id=3, consumer_name="Alice's app")  # a consumer key, no user


@pytest.mark.parametrize("caller", [ALICE, Identity(user_id=2, username="bob")])
def test_a_user_may_pass_where_a_user_is_needed(caller: Identity) -> None:
    assert require_user(caller) is caller


@pytest.mark.parametrize("caller", [ANONYMOUS, APPLICATION, Identity(user_id=1)])
def test_nobody_an_application_or_a_nameless_user_is_unauthorized(caller: Identity) -> None:
    with pytest.raises(Unauthorized) as raised:
        require_user(caller)
    assert raised.value.message == "You must authenticate to access this resource."


def test_the_owner_may_act_on_their_own_resource() -> None:
    assert require_owner(ALICE, "Alice") is ALICE


@pytest.mark.parametrize("caller", [ANONYMOUS, APPLICATION, Identity(user_id=2, username="bob")])
def test_anyone_else_is_not_the_owner(caller: Identity) -> None:
    with pytest.raises(NotOwner) as raised:
        require_owner(caller, "alice")
    assert raised.value.message == (
        "You are not allowed to view this resource. Please authenticate as the owner to view"
        " this content."
    )
