"""The unmodified python3-discogs-client drives a collection over a real socket on both
engines: every collection method it has (folders, adding, listing, moving, removing, the
items of one release, the value), pointed at the server only through ``_base_url``."""

from __future__ import annotations

import discogs_client
from discogs_client.fetchers import LoggingDelegator

from tests.collectors import Collectors
from tests.conftest import USER_AGENT
from tests.functional.collection_support import make_folder


def client_of(collectors: Collectors) -> discogs_client.Client:
    client = discogs_client.Client(USER_AGENT, user_token=collectors.alice.token)
    client._base_url = collectors.url
    client._fetcher = LoggingDelegator(client._fetcher)
    return client


def test_every_collection_method_of_python3_discogs_client(collectors: Collectors) -> None:
    target_id = make_folder(collectors, "Target")
    client = client_of(collectors)
    me = client.identity()
    folders = me.collection_folders
    assert [(f.id, f.name, f.count) for f in folders] == [
        (0, "All", 0),
        (target_id, "Target", 0),
        (1, "Uncategorized", 0),
    ]
    uncategorized = folders[-1]
    uncategorized.add_release(3)
    uncategorized.add_release(client.release(5))
    uncategorized.add_release(5)

    listed = list(uncategorized.releases)
    assert [(i.id, i.folder_id, i.rating) for i in listed] == [(3, 1, 0), (5, 1, 0), (5, 1, 0)]
    assert listed[0].release.title == client.release(3).title
    assert listed[0].date_added.year >= 2026
    assert me.collection_folders[0].count == 3

    first_five = listed[1]
    uncategorized.move_release(first_five, target_id)
    target = next(f for f in me.collection_folders if f.id == target_id)
    assert [(i.id, i.instance_id) for i in target.releases] == [(5, first_five.instance_id)]
    moved = target.releases[0]
    target.uncategorize_release(moved)
    assert target.releases.count == 0

    items = me.collection_items(5)
    assert [i.instance_id for i in items] == [listed[1].instance_id, listed[2].instance_id]
    assert [i.folder_id for i in items] == [1, 1]

    # The client has no rating method: it posts as the API documents.
    path = f"/users/alice/collection/folders/1/releases/3/instances/{listed[0].instance_id}"
    assert client._post(client._base_url + path, {"rating": 4}) is None
    assert me.collection_items(3)[0].rating == 4

    all_folder = me.collection_folders[0]  # removing through "All", as clients do
    all_folder.remove_release(listed[0])
    assert [i.id for i in all_folder.releases] == [5, 5]
    assert me.collection_items(3).count == 0

    value = me.collection_value
    assert (value.minimum, value.median, value.maximum) == ("$0.00", "$0.00", "$0.00")
    assert client.user("alice").num_collection == 2
    urls = [url for _m, url, _d, _h in client._fetcher.requests]
    assert all(url.startswith(f"{collectors.url}/") for url in urls), urls
