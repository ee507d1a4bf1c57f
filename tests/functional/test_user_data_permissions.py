"""The permission matrix of users' data (issue 12): every operation on a user's ratings,
collection, wantlist, lists, contributions, submissions and profile, called by an anonymous
caller, by another signed-in user and by the owner, while the owner's collection and
wantlist are public and while they are private, on both engines.

Each row of ``MATRIX`` is one operation: how to call it, then its outcome per caller as a
(public, private) pair. Errors are held to the exact status and ``message`` of
api-surface.md (the live 2026 recordings: owner-only operations answer 403 to anyone else,
signed in or not; a private list is 404 ``List not found``). Reads served to a non-owner are
held to what they must hide: every folder but All, private custom fields and their values,
want notes, private lists, the profile's owner-only keys. A refused write must leave its
target as it was (the row's witness, read by the owner before and after).

One server per engine and privacy serves every cell (``world``); ``permissions_support``
holds alice's data and the machinery. ``test_every_users_data_route_is_in_the_matrix`` fails
when a route of users' data is added without its row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.routing import Route

from discogs_service.api.resource import Endpoint
from discogs_service.app import create_app
from discogs_service.storage import open_storage
from tests.collectors import serve_collectors
from tests.conftest import ENGINES, new_database_url
from tests.functional.accounts_support import accounts_settings
from tests.functional.permissions_support import (
    CALLERS,
    FORBIDDEN,
    LIST_NOT_FOUND,
    MEDIA,
    PAID,
    PRIVACIES,
    WANT_NOTES,
    Refused,
    Row,
    Served,
    World,
    a_folder,
    both,
    build_world,
    equals,
    field_ids,
    folders_are,
    has,
    instance_of,
    items_with_notes,
    jazz_named_jazz,
    list_names,
    location_back,
    no_folder_named,
    no_instances_of,
    no_rating_of,
    no_want_of,
    nothing_listed,
    profile_keys,
    rating_of,
    run_cell,
    sample_path,
    tidies,
    want_notes,
    want_notes_back,
    want_of,
    when_public,
)

# The profile's keys as the live API sends them to anyone, and to the owner (DAC 2026
# recordings GetUser_ShouldReturnUserWithoutPrivateFields_WhenUnauthenticated and
# GetUser_ShouldReturnUserWithPrivateFields_WhenAuthenticatedAndRequestingOwnProfile).
PROFILE_KEYS = [
    "id", "resource_url", "uri", "username", "name", "home_page", "location", "profile",
    "registered", "rank", "num_pending", "num_for_sale", "num_lists", "releases_contributed",
    "releases_rated", "rating_avg", "inventory_url", "collection_folders_url",
    "collection_fields_url", "wantlist_url", "avatar_url", "curr_abbr", "activated",
    "marketplace_suspended", "banner_url", "buyer_rating", "buyer_rating_stars",
    "buyer_num_ratings", "seller_rating", "seller_rating_stars", "seller_num_ratings",
    "is_staff",
]  # fmt: skip
OWNER_PROFILE_KEYS = [*PROFILE_KEYS, "num_collection", "num_wantlist", "email", "num_unread"]

COLLECTION = "/users/alice/collection"
NO_CONTENT = Served(204)
NO_VALUE = {"maximum": "$0.00", "median": "$0.00", "minimum": "$0.00"}  # D26, in USD
SUBMITTED_NOTHING = {"releases": [], "artists": [], "labels": []}

RATED_4 = Served(200, equals({"release_id": 4, "username": "alice", "rating": 4}))
COMMUNITY_RATING = Served(200, has(release_id=4, rating={"count": 1, "average": 4.0}))
PUBLIC_PROFILE = Served(
    200, profile_keys(PROFILE_KEYS, curr_abbr="", num_lists=1, releases_rated=1, rating_avg=4.0)
)
OWNERS_PROFILE = Served(200, profile_keys(
    OWNER_PROFILE_KEYS, curr_abbr="USD", num_lists=2, releases_rated=1, rating_avg=4.0,
    num_collection=2, num_wantlist=1, email="alice@example.org"))  # fmt: skip
NO_CONTRIBUTIONS = Served(200, nothing_listed("contributions", []))
NO_SUBMISSIONS = Served(200, nothing_listed("submissions", SUBMITTED_NOTHING))

# What non-owners may see of a public collection, and what the owner sees.
ALL_ONLY = Served(200, folders_are(("All", 2)))
EVERY_FOLDER = Served(200, folders_are(("All", 2), ("Jazz", 1), ("Uncategorized", 1)))
PUBLIC_NOTES = Served(200, items_with_notes({1: [MEDIA], 2: []}))
EVERY_NOTE = Served(200, items_with_notes({1: [MEDIA, PAID], 2: []}))
RELEASE_1_PUBLIC_NOTES = Served(200, items_with_notes({1: [MEDIA]}))
RELEASE_1_EVERY_NOTE = Served(200, items_with_notes({1: [MEDIA, PAID]}))

MATRIX = [
    # -- ratings: anyone reads them, whatever the privacy --------------------------------------
    Row(
        "a user's rating", "GET", "/releases/4/rating/alice",
        anonymous=both(RATED_4),
        another_user=both(RATED_4),
        owner=both(RATED_4),
    ),
    Row(
        "rate", "PUT", "/releases/10/rating/alice", body={"rating": 2},
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(201, equals({"release_id": 10, "rating": 2, "username": "alice"}))),
        witness="/releases/10/rating/alice", tidy=no_rating_of(10),
    ),
    Row(
        "withdraw a rating", "DELETE", "/releases/11/rating/alice",
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(NO_CONTENT),
        arrange=rating_of(11), witness="/releases/11/rating/alice", tidy=no_rating_of(11),
    ),
    Row(
        "a release's community rating", "GET", "/releases/4/rating",
        anonymous=both(COMMUNITY_RATING),
        another_user=both(COMMUNITY_RATING),
        owner=both(COMMUNITY_RATING),
    ),
    # -- the profile: public, the owner sees more; only the owner edits --------------------------
    Row(
        "profile", "GET", "/users/alice",
        anonymous=both(PUBLIC_PROFILE),
        another_user=both(PUBLIC_PROFILE),
        owner=both(OWNERS_PROFILE),
        by_caller=True,
    ),
    Row(
        "edit the profile", "POST", "/users/alice", body={"location": "Lyon"},
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(200, has(location="Lyon", email="alice@example.org"))),
        witness="/users/alice", tidy=location_back,
    ),
    # -- collection folders ---------------------------------------------------------------------
    Row(
        "folders", "GET", f"{COLLECTION}/folders",
        anonymous=when_public(ALL_ONLY),
        another_user=when_public(ALL_ONLY),
        owner=both(EVERY_FOLDER),
        by_caller=True,
    ),
    Row(
        "create a folder", "POST", f"{COLLECTION}/folders", body={"name": "Made"},
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(201, has(name="Made", count=0))),
        witness=f"{COLLECTION}/folders", tidy=no_folder_named("Made"),
    ),
    Row(
        "folder 0", "GET", f"{COLLECTION}/folders/0",
        anonymous=when_public(Served(200, has(id=0, name="All", count=2))),
        another_user=when_public(Served(200, has(id=0, name="All", count=2))),
        owner=both(Served(200, has(id=0, name="All", count=2))),
        by_caller=True,
    ),
    Row(
        "a folder of the owner's", "GET", f"{COLLECTION}/folders/{{jazz}}",
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(200, has(id="jazz", name="Jazz", count=1))),
        by_caller=True,
    ),
    Row(
        "rename a folder", "POST", f"{COLLECTION}/folders/{{jazz}}", body={"name": "Bebop"},
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(200, has(id="jazz", name="Bebop", count=1))),
        witness=f"{COLLECTION}/folders", tidy=jazz_named_jazz,
    ),
    Row(
        "delete a folder", "DELETE", f"{COLLECTION}/folders/{{folder}}",
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(NO_CONTENT),
        arrange=a_folder, witness=f"{COLLECTION}/folders", tidy=no_folder_named("Temporary"),
    ),
    # -- collection items -----------------------------------------------------------------------
    Row(
        "folder 0's releases", "GET", f"{COLLECTION}/folders/0/releases",
        anonymous=when_public(PUBLIC_NOTES),
        another_user=when_public(PUBLIC_NOTES),
        owner=both(EVERY_NOTE),
        by_caller=True,
    ),
    Row(
        "a folder's releases", "GET", f"{COLLECTION}/folders/{{jazz}}/releases",
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(200, items_with_notes({2: []}))),
        by_caller=True,
    ),
    Row(
        "instances of a release", "GET", f"{COLLECTION}/releases/1",
        anonymous=when_public(RELEASE_1_PUBLIC_NOTES),
        another_user=when_public(RELEASE_1_PUBLIC_NOTES),
        owner=both(RELEASE_1_EVERY_NOTE),
        by_caller=True,
    ),
    Row(
        "add a release", "POST", f"{COLLECTION}/folders/1/releases/12",
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(201, has(id=12, folder_id=1))),
        witness=f"{COLLECTION}/releases/12", tidy=no_instances_of(12),
    ),
    Row(
        "change an instance", "POST", f"{COLLECTION}/folders/1/releases/13/instances/{{instance}}",
        body={"folder_id": 1, "rating": 5},
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(NO_CONTENT),
        arrange=instance_of(13), witness=f"{COLLECTION}/releases/13",
        tidy=tidies(no_instances_of(13), no_rating_of(13)),
    ),
    Row(
        "delete an instance", "DELETE",
        f"{COLLECTION}/folders/1/releases/14/instances/{{instance}}",
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(NO_CONTENT),
        arrange=instance_of(14), witness=f"{COLLECTION}/releases/14", tidy=no_instances_of(14),
    ),
    # -- custom fields and value ----------------------------------------------------------------
    Row(
        "custom fields", "GET", f"{COLLECTION}/fields",
        anonymous=when_public(Served(200, field_ids(1, 2))),
        another_user=when_public(Served(200, field_ids(1, 2))),
        owner=both(Served(200, field_ids(1, 2, 3))),
        by_caller=True,
    ),
    Row(
        "set a field's value", "POST",
        f"{COLLECTION}/folders/1/releases/15/instances/{{instance}}/fields/3",
        body={"value": "Signed"},
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(NO_CONTENT),
        arrange=instance_of(15), witness=f"{COLLECTION}/releases/15", tidy=no_instances_of(15),
    ),
    Row(
        "collection value", "GET", f"{COLLECTION}/value",
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(200, equals(NO_VALUE))),
        by_caller=True,
    ),
    # -- wantlist -------------------------------------------------------------------------------
    Row(
        "wantlist", "GET", "/users/alice/wants",
        anonymous=when_public(Served(200, want_notes(None, listed=True))),
        another_user=when_public(Served(200, want_notes(None, listed=True))),
        owner=both(Served(200, want_notes(WANT_NOTES, listed=True))),
        by_caller=True,
    ),
    Row(
        "one want", "GET", "/users/alice/wants/3",
        anonymous=when_public(Served(200, want_notes(None))),
        another_user=when_public(Served(200, want_notes(None))),
        owner=both(Served(200, want_notes(WANT_NOTES))),
        by_caller=True,
    ),
    Row(
        "add a want", "PUT", "/users/alice/wants/16", body={"notes": "Found one"},
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(201, has(id=16, notes="Found one"))),
        witness="/users/alice/wants", tidy=no_want_of(16),
    ),
    Row(
        "edit a want", "POST", "/users/alice/wants/3", body={"notes": "Changed"},
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(Served(200, has(id=3, notes="Changed"))),
        witness="/users/alice/wants", tidy=want_notes_back,
    ),
    Row(
        "delete a want", "DELETE", "/users/alice/wants/17",
        anonymous=both(FORBIDDEN),
        another_user=both(FORBIDDEN),
        owner=both(NO_CONTENT),
        arrange=want_of(17), witness="/users/alice/wants", tidy=no_want_of(17),
    ),
    # -- lists: each list public or private of its own ------------------------------------------
    Row(
        "lists", "GET", "/users/alice/lists",
        anonymous=both(Served(200, list_names("Open"))),
        another_user=both(Served(200, list_names("Open"))),
        owner=both(Served(200, list_names("Open", "Secret"))),
        by_caller=True,
    ),
    Row(
        "a public list", "GET", "/lists/{open_list}",
        anonymous=both(Served(200, has(id="open_list", name="Open", public=True))),
        another_user=both(Served(200, has(id="open_list", name="Open", public=True))),
        owner=both(Served(200, has(id="open_list", name="Open", public=True))),
    ),
    Row(
        "a private list", "GET", "/lists/{secret_list}",
        anonymous=both(Refused(404, LIST_NOT_FOUND)),
        another_user=both(Refused(404, LIST_NOT_FOUND)),
        owner=both(Served(200, has(id="secret_list", name="Secret", public=False))),
        by_caller=True,
    ),
    # -- contributions and submissions: public, none made (D36) ---------------------------------
    Row(
        "contributions", "GET", "/users/alice/contributions",
        anonymous=both(NO_CONTRIBUTIONS),
        another_user=both(NO_CONTRIBUTIONS),
        owner=both(NO_CONTRIBUTIONS),
    ),
    Row(
        "submissions", "GET", "/users/alice/submissions",
        anonymous=both(NO_SUBMISSIONS),
        another_user=both(NO_SUBMISSIONS),
        owner=both(NO_SUBMISSIONS),
    ),
]  # fmt: skip


@pytest.fixture(
    scope="module",
    params=[(engine, privacy) for engine in ENGINES for privacy in PRIVACIES],
    ids="-".join,
)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """alice's data on a server of the engine, her collection and wantlist of the privacy."""
    engine, privacy = request.param
    directory = tmp_path_factory.mktemp("matrix")
    storage = open_storage(new_database_url(engine, request, directory))
    try:
        with serve_collectors(storage, directory) as members:
            yield build_world(members, privacy)
    finally:
        storage.close()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("row", MATRIX, ids=[row.name for row in MATRIX])
def test_the_cell(world: World, row: Row, caller: str) -> None:
    run_cell(world, row, caller)


def test_every_users_data_route_is_in_the_matrix(tmp_path: Path) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'routes.db'}")
    try:
        app = create_app(accounts_settings(storage), storage)
        missing = [
            f"{method} {route.path}"
            for route in app.router.routes
            if isinstance(route, Route) and isinstance(route.endpoint, Endpoint)
            if _holds_users_data(route.path)
            for method in sorted((route.methods or set()) - {"HEAD"})
            if not any(
                row.method == method and route.path_regex.match(sample_path(row)) for row in MATRIX
            )
        ]
    finally:
        storage.close()
    assert missing == []


def _holds_users_data(path: str) -> bool:
    return path.startswith(("/users/", "/lists/")) or "/rating" in path
