"""The unmodified python3-discogs-client (joalla/discogs_client) against this server over a
real socket, on both engines: every wantlist method it has (``Wantlist.add``/``remove``, a
``WantlistItem``'s notes and rating edited and saved, deleted), the community figures of a
release (``release.community.*``, its rating) and a profile's figures. It sends a personal
token as ``?token=`` and its writes as JSON bodies.
"""

from __future__ import annotations

from collections.abc import Iterator

import discogs_client
import pytest
from discogs_client.exceptions import HTTPError
from discogs_client.fetchers import LoggingDelegator

from tests.collectors import Collectors, Member
from tests.conftest import USER_AGENT


def client_of(collectors: Collectors, member: Member) -> discogs_client.Client:
    client = discogs_client.Client(USER_AGENT, user_token=member.token)
    client._base_url = collectors.url
    client._fetcher = LoggingDelegator(client._fetcher)
    return client


@pytest.fixture
def alice(collectors: Collectors) -> Iterator[discogs_client.Client]:
    client = client_of(collectors, collectors.alice)
    yield client
    urls = [url for _method, url, _data, _headers in client._fetcher.requests]
    assert urls and all(url.startswith(f"{collectors.url}/") for url in urls), urls


def test_a_wantlist_is_filled_edited_and_emptied(
    collectors: Collectors, alice: discogs_client.Client
) -> None:
    me = alice.identity()
    wantlist = me.wantlist
    assert len(wantlist) == 0
    wantlist.add(3, notes="first pressing", rating=4)
    wantlist.add(alice.release(5))
    wantlist.add(9, notes="maybe")
    assert len(wantlist) == 3
    items = list(wantlist)
    assert [item.id for item in items] == [3, 5, 9]
    first = items[0]
    assert (first.notes, first.rating) == ("first pressing", 4)
    release = collectors.anonymous.get("/releases/3").json()
    assert first.release.id == 3
    assert first.release.title == release["title"]
    assert [artist.name for artist in first.release.artists] == [
        artist["name"] for artist in release["artists"]
    ]
    # Edit and save: the client POSTs the changes to the want's resource_url, then reads it.
    first.notes = "second pressing"
    first.rating = 5
    first.save()
    assert (first.notes, first.rating) == ("second pressing", 5)
    stored = collectors.alice.get("/users/alice/wants/3").json()
    assert (stored["notes"], stored["rating"]) == ("second pressing", 5)
    assert collectors.anonymous.get("/releases/3/rating/alice").json()["rating"] == 5
    # Removed through the wantlist, and through the item itself.
    wantlist.remove(5)
    items[2].delete()
    assert [item.id for item in me.wantlist] == [3]


def test_another_users_wantlist_is_read_without_notes(
    collectors: Collectors, alice: discogs_client.Client
) -> None:
    collectors.bob.put("/users/bob/wants/11", json={"notes": "bob's own", "rating": 2})
    bobs = alice.user("bob").wantlist
    assert len(bobs) == 1
    item = bobs[0]
    assert (item.id, item.rating) == (11, 2)
    assert item.data.get("notes") is None
    with pytest.raises(HTTPError) as refused:
        bobs.add(12)
    assert refused.value.status_code == 403
    assert len(alice.user("bob").wantlist) == 1


def test_a_release_not_in_the_catalogue_cannot_be_wanted(alice: discogs_client.Client) -> None:
    with pytest.raises(HTTPError) as refused:
        alice.identity().wantlist.add(2147483647)
    assert refused.value.status_code == 404
    assert refused.value.msg == "404: That release does not exist in the user's wantlist."


def test_the_community_of_a_release_is_read_as_the_client_models_it(
    collectors: Collectors, alice: discogs_client.Client
) -> None:
    for member in (collectors.alice, collectors.bob):
        member.put(f"/users/{member.name}/wants/2")
    collectors.alice.put("/releases/2/rating/alice", json={"rating": 5})
    collectors.bob.put("/releases/2/rating/bob", json={"rating": 2})
    community = alice.release(2).community
    assert (community.want, community.have) == (2, 0)
    assert (community.rating.count, community.rating.average) == (2, 3.5)
    assert community.status == "Accepted"
    assert community.data_quality == alice.release(2).data_quality
    # The dumps name no submitter (D30): a user the client builds without failing.
    assert community.submitter.username == ""
    assert community.contributors == []


def test_a_profile_shows_the_wantlist_and_rating_figures(
    collectors: Collectors, alice: discogs_client.Client
) -> None:
    me = alice.identity()
    me.wantlist.add(4, rating=3)
    me.wantlist.add(6, rating=4)
    profile = alice.user("alice")
    assert profile.num_wantlist == 2
    assert profile.rating_avg == 3.5
    assert profile.num_collection == 0
