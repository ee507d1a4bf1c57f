"""The typed client against our own server's users' data, over a real socket on both engines,
blocking and async: every method of profiles, collection (folders, instances, custom fields,
value), wantlist, ratings, lists, contributions and submissions, each result read back
through another method, and refusals raised as the client's typed errors with the server's
exact text. Expected values come from ``api-surface.md`` (sections 2-6), the live
recordings and the documented deviations (D20-D36); each scenario runs on the ``collectors``
server (tests/collectors.py) once per client kind, and every value it reads is checked to
have decoded with nothing left over in a model's ``extra`` (user_data_support.Drive).

The last test lists the client's users'-data methods by introspection and fails when one of
them is called by no scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import pytest

from discogs_service.services import lists
from discogs_service_client import (
    CollectionField,
    CollectionFolder,
    CollectionNote,
    CollectionValue,
    Forbidden,
    NotFound,
    ReleaseRating,
    Submissions,
    Unauthorized,
    UnprocessableEntity,
)
from tests.client.user_data_support import (
    KINDS,
    NOT_OWNER,
    Cast,
    Trace,
    driven,
    user_data_methods,
)
from tests.collectors import Collectors

NO_USER = "User does not exist or may have been deleted."
NO_FOLDER = "The requested folder does not exist."
NO_INSTANCE = "The requested collection item does not exist in this user's collection."
NO_RELEASE_RATING = "Release does not exist or may have been deleted."
NO_WANT = "That release does not exist in the user's wantlist."
NO_LIST = "List not found"
UNKNOWN_RELEASE = 2147483647  # the live recordings' unknown id


def folder_rows(folders: list[CollectionFolder]) -> list[tuple[int, str, int]]:
    return [(folder.id, folder.name, folder.count) for folder in folders]


# -- profiles ---------------------------------------------------------------------------------


def profile_is_read_and_edited_by_its_owner(cast: Cast) -> None:
    run, me = cast.run, cast.owner.user(cast.name)
    identity = run(cast.owner.identity())
    assert (identity.username, identity.resource_url) == (cast.name, f"{run.url}/users/{cast.name}")
    own = run(me.get())
    assert (own.username, own.email, own.num_collection, own.num_wantlist) == (
        cast.name,
        f"{cast.name}@example.org",
        0,
        0,
    )
    edited = run(me.edit(name="Ada", location="Stockholm", profile="Bebop.", curr_abbr="EUR"))
    assert (edited.name, edited.location, edited.profile, edited.curr_abbr) == (
        "Ada",
        "Stockholm",
        "Bebop.",
        "EUR",
    )
    public = run(cast.anonymous.user(cast.name).get())
    # Others see the profile without the owner's fields, and curr_abbr "" (DAC 2026).
    assert (public.name, public.location, public.curr_abbr, public.email) == (
        "Ada",
        "Stockholm",
        "",
        None,
    )
    assert (public.num_collection, public.num_wantlist) == (None, None)


def profile_refusals(cast: Cast) -> None:
    run = cast.run
    for stranger in (cast.anonymous, cast.other):
        edit = partial(stranger.user(cast.name).edit, name="Mallory")
        assert run.refusal(edit, Forbidden) == NOT_OWNER
    bad_currency = cast.owner.user(cast.name).edit
    assert run.refusal(lambda: bad_currency(curr_abbr="XXX"), NotFound) == (  # type: ignore[arg-type]
        "Invalid currency abbreviation."
    )
    assert run.refusal(cast.owner.user("nobody-here").get, NotFound) == NO_USER
    assert run.refusal(cast.anonymous.identity, Unauthorized) == (
        "You must authenticate to access this resource."
    )


# -- the collection ---------------------------------------------------------------------------


def folders_are_made_renamed_and_deleted(cast: Cast) -> None:
    run, collection = cast.run, cast.owner.user(cast.name).collection
    assert folder_rows(run(collection.folders())) == [(0, "All", 0), (1, "Uncategorized", 0)]
    jazz = run(collection.create_folder("Jazz"))
    assert (jazz.name, jazz.count, jazz.id >= 2) == ("Jazz", 0, True)
    assert jazz.resource_url == f"{run.url}/users/{cast.name}/collection/folders/{jazz.id}"
    # All, the user's folders, Uncategorized (DAC 2026).
    assert folder_rows(run(collection.folders())) == [
        (0, "All", 0),
        (jazz.id, "Jazz", 0),
        (1, "Uncategorized", 0),
    ]
    assert run(collection.folder(jazz.id).get()) == jazz
    renamed = run(collection.folder(jazz.id).rename("Bebop"))
    assert (renamed.id, renamed.name) == (jazz.id, "Bebop")
    assert run(collection.folder(jazz.id).get()).name == "Bebop"
    run(collection.folder(jazz.id).delete())
    assert folder_rows(run(collection.folders())) == [(0, "All", 0), (1, "Uncategorized", 0)]
    assert run.refusal(collection.folder(jazz.id).get, NotFound) == NO_FOLDER
    assert run.refusal(collection.folder(jazz.id).delete, NotFound) == NO_FOLDER


def folders_refusals(cast: Cast) -> None:
    run, collection = cast.run, cast.owner.user(cast.name).collection
    create = cast.anonymous.user(cast.name).collection.create_folder
    assert run.refusal(partial(create, "Mine now"), Forbidden) == NOT_OWNER
    # A public collection shows others folder 0 only.
    others_view = run(cast.other.user(cast.name).collection.folders())
    assert folder_rows(others_view) == [(0, "All", 0)]
    theirs = cast.other.user(cast.name).collection.folder(1)
    assert run.refusal(partial(theirs.rename, "Theirs"), Forbidden) == NOT_OWNER
    assert run.refusal(theirs.delete, Forbidden) == NOT_OWNER
    # The permanent folders and a folder that is not empty (D20, D21).
    rename = collection.folder(1).rename
    assert run.refusal(partial(rename, "Misc"), UnprocessableEntity) == (
        "Folder 1 cannot be renamed."
    )
    assert run.refusal(collection.folder(0).delete, UnprocessableEntity) == (
        "Folder 0 cannot be deleted."
    )
    assert run.refusal(partial(collection.folder(0).add, 3), UnprocessableEntity) == (
        "Invalid folder_id: releases cannot be added to folder 0."
    )
    full = run(collection.create_folder("Full")).id
    run(collection.folder(full).add(3))
    assert run.refusal(collection.folder(full).delete, UnprocessableEntity) == (
        "A folder must be empty before it can be deleted."
    )


def instances_are_added_moved_rated_and_removed(cast: Cast) -> None:
    run, collection = cast.run, cast.owner.user(cast.name).collection
    target = run(collection.create_folder("Target")).id
    first = run(collection.folder(1).add(3))
    second = run(collection.folder(1).add(3))
    assert (first.id, first.folder_id, first.rating) == (3, 1, 0)
    assert first.basic_information is not None
    assert first.basic_information.title == run(cast.owner.release(3)).title
    assert first.resource_url == (
        f"{run.url}/users/{cast.name}/collection/folders/1/releases/3"
        f"?instance_id={first.instance_id}"
    )
    listed = run.every(collection.folder(1).releases())
    assert [(i.id, i.instance_id) for i in listed] == [
        (3, first.instance_id),
        (3, second.instance_id),
    ]
    copy = collection.folder(1).instance(3, first.instance_id)
    run(copy.edit(rating=4, folder_id=target))
    moved = run.every(collection.folder(target).releases())
    assert [(i.instance_id, i.folder_id, i.rating) for i in moved] == [
        (first.instance_id, target, 4)
    ]
    # Rating an instance rates the release: the other copy and the user's rating show it.
    assert run(cast.owner.user(cast.name).rating(3)).rating == 4
    copies = run.every(collection.releases(3))
    assert sorted((i.instance_id, i.folder_id, i.rating) for i in copies) == [
        (first.instance_id, target, 4),
        (second.instance_id, 1, 4),
    ]
    counts = folder_rows(run(collection.folders()))
    assert counts == [(0, "All", 2), (target, "Target", 1), (1, "Uncategorized", 1)]
    # Rating 0 withdraws the rating (docs/user-data.md).
    run(collection.folder(1).instance(3, second.instance_id).edit(rating=0))
    assert run(cast.owner.user(cast.name).rating(3)).rating == 0
    run(collection.folder(target).instance(3, first.instance_id).delete())
    assert [i.instance_id for i in run.every(collection.releases(3))] == [second.instance_id]
    assert run(cast.owner.user(cast.name).get()).num_collection == 1


def instances_refusals(cast: Cast) -> None:
    run, collection = cast.run, cast.owner.user(cast.name).collection
    assert run.refusal(lambda: collection.folder(999999).add(3), NotFound) == NO_FOLDER
    missing = collection.folder(1).add
    assert run.refusal(lambda: missing(UNKNOWN_RELEASE), NotFound) == (
        "That release does not exist or may have been deleted."
    )
    ghost = collection.folder(1).instance(3, 999999)
    assert run.refusal(lambda: ghost.edit(rating=2), NotFound) == NO_INSTANCE
    assert run.refusal(ghost.delete, NotFound) == NO_INSTANCE
    item = run(collection.folder(1).add(4))
    move = collection.folder(1).instance(4, item.instance_id).edit
    # Moving to a folder the user does not have: the live 422 with ``detail`` (D24).
    with pytest.raises(UnprocessableEntity) as nowhere:
        run(move(folder_id=999999))
    assert nowhere.value.message == 'See "detail" for validation errors.'
    assert nowhere.value.detail == [
        {
            "msg": "Invalid folder_id: folder does not exist.",
            "loc": ["body", "folder_id"],
            "type": "value_error",
        }
    ]
    add = cast.anonymous.user(cast.name).collection.folder(1).add
    assert run.refusal(lambda: add(3), Forbidden) == NOT_OWNER
    assert run.every(cast.owner.user(cast.name).collection.releases(5)) == []


def custom_fields_are_set_and_shown_by_their_privacy(cast: Cast) -> None:
    run, collection = cast.run, cast.owner.user(cast.name).collection
    own = run(collection.fields())
    assert [(f.id, f.name, f.type, f.public) for f in own] == [
        (1, "Media Condition", "dropdown", True),
        (2, "Sleeve Condition", "dropdown", True),
        (3, "Notes", "textarea", False),
    ]
    assert "Mint (M)" in own[0].options
    others: list[CollectionField] = run(cast.other.user(cast.name).collection.fields())
    assert [f.id for f in others] == [1, 2]  # public fields only
    item = run(collection.folder(1).add(6))
    copy = collection.folder(1).instance(6, item.instance_id)
    run(copy.set_field(1, "Mint (M)"))
    run(copy.set_field(3, "Signed by the band"))
    (read,) = run.every(collection.folder(1).releases())
    assert read.notes == [
        CollectionNote(field_id=1, value="Mint (M)"),
        CollectionNote(field_id=3, value="Signed by the band"),
    ]
    (public,) = run.every(cast.other.user(cast.name).collection.folder(0).releases())
    assert public.notes == [CollectionNote(field_id=1, value="Mint (M)")]


def custom_fields_refusals(cast: Cast) -> None:
    run, collection = cast.run, cast.owner.user(cast.name).collection
    item = run(collection.folder(1).add(7))
    copy = collection.folder(1).instance(7, item.instance_id)
    with pytest.raises(UnprocessableEntity) as unknown_field:
        run(copy.set_field(99, "x"))
    assert unknown_field.value.message == 'See "detail" for validation errors.'
    assert unknown_field.value.detail == [
        {
            "msg": "HTTP fetch failed from 'collection': 400: Bad Request",
            "loc": ["body", "value"],
            "type": "value_error",
        }
    ]
    nowhere = collection.folder(999999).instance(7, item.instance_id)
    with pytest.raises(UnprocessableEntity) as unknown_folder:
        run(nowhere.set_field(1, "Mint (M)"))
    assert unknown_folder.value.detail == [
        {
            "msg": "Invalid folder_id: folder does not exist.",
            "loc": ["path", "folder_id"],
            "type": "value_error",
        }
    ]
    stranger = cast.other.user(cast.name).collection.folder(1).instance(7, item.instance_id)
    assert run.refusal(lambda: stranger.set_field(3, "mine"), Forbidden) == NOT_OWNER


def collection_value_is_the_owners_alone(cast: Cast) -> None:
    run, me = cast.run, cast.owner.user(cast.name)
    zero = CollectionValue(minimum="$0.00", median="$0.00", maximum="$0.00")  # D26
    assert run(me.collection.value()) == zero
    run(me.edit(curr_abbr="EUR"))
    euro = run(me.collection.value())
    assert (euro.minimum, euro.median, euro.maximum) == ("€0.00", "€0.00", "€0.00")
    value = cast.other.user(cast.name).collection.value
    assert run.refusal(value, Forbidden) == NOT_OWNER


# -- wantlist and ratings ---------------------------------------------------------------------


def wants_are_added_edited_and_removed(cast: Cast) -> None:
    run, wantlist = cast.run, cast.owner.user(cast.name).wantlist
    added = run(wantlist.add(5, notes="first press", rating=3))
    assert (added.id, added.notes, added.rating) == (5, "first press", 3)
    assert added.resource_url == f"{run.url}/users/{cast.name}/wants/5"
    assert added.basic_information is not None and added.basic_information.id == 5
    assert [(w.id, w.notes, w.rating) for w in run.every(wantlist.wants())] == [
        (5, "first press", 3)
    ]
    # Notes are the owner's alone (api-surface.md §5).
    others = run.every(cast.other.user(cast.name).wantlist.wants())
    assert [(w.id, w.notes) for w in others] == [(5, None)]
    edited = run(wantlist.edit(5, notes="any press", rating=4))
    assert (edited.notes, edited.rating) == ("any press", 4)
    assert [(w.notes, w.rating) for w in run.every(wantlist.wants())] == [("any press", 4)]
    assert run(cast.owner.user(cast.name).rating(5)).rating == 4
    assert run(cast.owner.user(cast.name).get()).num_wantlist == 1
    run(wantlist.remove(5))
    assert run.every(wantlist.wants()) == []
    run(wantlist.remove(5))  # again: still 204 (DAC)


def wants_refusals(cast: Cast) -> None:
    run, wantlist = cast.run, cast.owner.user(cast.name).wantlist
    assert run.refusal(lambda: wantlist.add(UNKNOWN_RELEASE), NotFound) == NO_WANT
    assert run.refusal(lambda: wantlist.edit(8, notes="never added"), NotFound) == NO_WANT
    add = cast.anonymous.user(cast.name).wantlist.add
    assert run.refusal(lambda: add(5), Forbidden) == NOT_OWNER


def ratings_make_the_community_rating(cast: Cast) -> None:
    run, me = cast.run, cast.owner.user(cast.name)
    rated = run(me.rate(9, 5))
    assert rated == ReleaseRating(username=cast.name, release_id=9, rating=5)
    assert run(me.rating(9)) == rated
    other_name = cast.other_member.name
    run(cast.other.user(other_name).rate(9, 2))
    community = run(cast.owner.release_rating(9))
    assert (community.release_id, community.rating.count, community.rating.average) == (9, 2, 3.5)
    assert run(cast.anonymous.release(9)).community is not None
    assert run(cast.anonymous.release(9)).community.rating.average == 3.5  # type: ignore[union-attr]
    profile = run(cast.anonymous.user(cast.name).get())
    assert (profile.releases_rated, profile.rating_avg) == (1, 5.0)
    run(me.unrate(9))
    assert run(me.rating(9)).rating == 0
    after = run(cast.owner.release_rating(9)).rating
    assert (after.count, after.average) == (1, 2.0)
    run(me.unrate(9))  # again: still 204 (DAC)


def ratings_refusals(cast: Cast) -> None:
    run = cast.run
    rate = cast.anonymous.user(cast.name).rate
    assert run.refusal(lambda: rate(9, 4), Forbidden) == NOT_OWNER
    as_other = cast.other.user(cast.name).rate
    assert run.refusal(lambda: as_other(9, 4), Forbidden) == NOT_OWNER
    rating = cast.owner.user(cast.name).rating
    assert run.refusal(lambda: rating(UNKNOWN_RELEASE), NotFound) == NO_RELEASE_RATING
    community = cast.owner.release_rating
    assert run.refusal(lambda: community(UNKNOWN_RELEASE), NotFound) == NO_RELEASE_RATING


# -- privacy, lists, contributions ------------------------------------------------------------


def a_private_collection_and_wantlist_are_the_owners_alone(cast: Cast) -> None:
    run, mine = cast.run, cast.owner.user(cast.name)
    run(mine.collection.folder(1).add(10))
    run(mine.wantlist.add(11))
    cast.collectors.set_privacy(cast.name, collection=False, wantlist=False)
    for stranger in (cast.other, cast.anonymous):
        theirs = stranger.user(cast.name)
        reads: list[Callable[[], object]] = [
            theirs.collection.folders,
            partial(theirs.collection.folder(0).releases().page, 1),
            partial(theirs.collection.releases(10).page, 1),
            partial(theirs.wantlist.wants().page, 1),
        ]
        for read in reads:
            assert run.refusal(read, Forbidden) == NOT_OWNER
    assert [i.id for i in run.every(mine.collection.folder(0).releases())] == [10]
    assert [w.id for w in run.every(mine.wantlist.wants())] == [11]


def lists_are_read_as_their_owner_shows_them(cast: Cast) -> None:
    run, store, owner = cast.run, cast.collectors.storage.lists, cast.owner_row
    detroit = lists.create_list(store, owner, "Detroit", "Techno.", True)
    lists.add_item(store, owner, detroit, "release", 1, "the first one")
    secret = lists.create_list(store, owner, "Secret", "Mine.", False)
    own = run.every(cast.owner.user(cast.name).lists())
    assert [(s.id, s.name, s.public) for s in own] == [
        (secret, "Secret", False),
        (detroit, "Detroit", True),
    ]  # newest first (docs/user-data.md)
    theirs = run.every(cast.other.user(cast.name).lists())
    assert [s.id for s in theirs] == [detroit]
    assert theirs[0].user is not None and theirs[0].user.username == cast.name
    shown = run(cast.anonymous.list(detroit))
    assert (shown.name, shown.description, shown.resource_url) == (
        "Detroit",
        "Techno.",
        f"{run.url}/lists/{detroit}",
    )
    assert [(i.type, i.id, i.comment) for i in shown.items] == [("release", 1, "the first one")]
    assert run.refusal(lambda: cast.other.list(secret), NotFound) == NO_LIST
    assert run(cast.owner.list(secret)).public is False
    assert run(cast.other.user(cast.name).get()).num_lists == 1


def contributions_and_submissions_are_empty(cast: Cast) -> None:
    """This server edits no catalogue (D36)."""
    run, user = cast.run, cast.anonymous.user(cast.name)
    assert run.every(user.contributions()) == []
    assert run.every(user.contributions(sort="year", sort_order="desc")) == []
    assert run.every(user.submissions()) == [Submissions()]
    nobody = cast.anonymous.user("nobody-here")
    assert run.refusal(lambda: nobody.contributions().page(1), NotFound) == NO_USER
    assert run.refusal(lambda: nobody.submissions().page(1), NotFound) == NO_USER


SCENARIOS: list[Callable[[Cast], None]] = [
    profile_is_read_and_edited_by_its_owner,
    profile_refusals,
    folders_are_made_renamed_and_deleted,
    folders_refusals,
    instances_are_added_moved_rated_and_removed,
    instances_refusals,
    custom_fields_are_set_and_shown_by_their_privacy,
    custom_fields_refusals,
    collection_value_is_the_owners_alone,
    wants_are_added_edited_and_removed,
    wants_refusals,
    ratings_make_the_community_rating,
    ratings_refusals,
    a_private_collection_and_wantlist_are_the_owners_alone,
    lists_are_read_as_their_owner_shows_them,
    contributions_and_submissions_are_empty,
]


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def cast(collectors: Collectors, kind: str) -> Iterator[Cast]:
    with driven(kind, collectors, collectors.alice, collectors.bob) as playing:
        yield playing


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
def test_users_data_through_the_client(cast: Cast, scenario: Callable[[Cast], None]) -> None:
    scenario(cast)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_users_data_method_is_exercised(collectors: Collectors) -> None:
    """Every scenario once more (on one engine, each with an owner of its own), watching
    which client methods they call: a method of users' data that none calls fails here.
    The blocking client is watched; the async one runs the same scenarios, so the same
    methods (an async method counts under its blocking twin's name)."""
    other = collectors.member("other")
    members = [other]
    with Trace() as trace:
        for number, scenario in enumerate(SCENARIOS):
            members.append(owner := collectors.member(f"owner{number}"))
            with driven("sync", collectors, owner, other) as playing:
                scenario(playing)
    for member in members:
        member.client.close()
    assert sorted(user_data_methods() - trace.called) == []
