"""A dump import never deletes a user's data (issue 12), on both engines, over a real socket.

Alice holds release ``KEPT`` in every way a user can: an instance in a folder of hers (rated,
with a custom field's value and notes), a want (notes), an item of a list (a comment), her
rating; Bob rates it too. A newer monthly dump without it is imported by the real command
(``discogs-service import``): every answer that showed the release shows it as it was
(compared, field by field, with what the API answered before), and every count is the same.
The release coming back in a later month answers with its new document; a release nobody
names leaves no snapshot; a list item of a removed master, artist or label shows what was
last known of it; rows a CSV brought in ahead of the catalogue appear once an import brings
their release (docs/user-data.md, "Rows that outlive the catalogue").
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from discogs_service.services import lists
from discogs_service.services.collection_csv import export_collection_csv, import_collection_csv
from discogs_service.services.wantlist_csv import export_wantlist, import_wantlist
from tests.collectors import RELEASES, Collectors
from tests.dumpfiles import a_release, many_releases, run_import, write_dump
from tests.functional.collection_support import add, make_folder
from tests.functional.importing import rows
from tests.functional.support import error_message

KEPT = RELEASES  # the release Alice and Bob name
UNNAMED = RELEASES - 1  # removed too; nobody names it
LATER = RELEASES + 1  # not in the catalogue until a later month
COLLECTION_HEADER = (
    "Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,CollectionFolder,"
    "Date Added,Collection Notes"
)
WANTLIST_HEADER = "Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,Notes"
PROFILE_FIGURES = ("num_collection", "num_wantlist", "releases_rated", "rating_avg", "num_lists")


@dataclass(frozen=True)
class Holdings:
    folder_id: int
    instance_id: int
    list_id: int


def import_month(collectors: Collectors, directory: Path, month: str, **records: Any) -> None:
    """Whole monthly dumps (``discogs_<month>01_<kind>.xml``, records by kind) imported as the
    command line runs them: what a file no longer holds is removed."""
    paths = [
        write_dump(directory / f"discogs_{month}01_{kind}.xml", kind, entries)
        for kind, entries in records.items()
    ]
    url = collectors.storage.engine.url.render_as_string(hide_password=False)
    result = run_import(url, *paths)
    assert result.returncode == 0, result.stderr


def releases_without(*removed: int) -> list[bytes]:
    return [r for i, r in enumerate(many_releases(RELEASES), 1) if i not in removed]


def instance_path(holdings: Holdings) -> str:
    return (
        f"/users/alice/collection/folders/{holdings.folder_id}/releases/{KEPT}"
        f"/instances/{holdings.instance_id}"
    )


def written(answer: Any, status: int) -> None:
    assert answer.status_code == status, answer.text


def alice_holds_the_release(collectors: Collectors) -> Holdings:
    alice = collectors.alice
    user = collectors.accounts.user("alice")
    folder_id = make_folder(collectors, "Keepers")
    list_id = lists.create_list(collectors.storage.lists, user, "Keepers", "", True)
    holdings = Holdings(folder_id, add(collectors, folder_id, KEPT), list_id)
    written(alice.post(instance_path(holdings), json={"rating": 4}), 204)
    for field_id, value in ((1, "Near Mint (NM or M-)"), (3, "first pressing")):
        written(
            alice.post(f"{instance_path(holdings)}/fields/{field_id}", json={"value": value}), 204
        )
    written(alice.put(f"/users/alice/wants/{KEPT}", json={"notes": "a spare copy"}), 201)
    written(collectors.bob.put(f"/releases/{KEPT}/rating/bob", json={"rating": 3}), 201)
    lists.add_item(collectors.storage.lists, user, list_id, "release", KEPT, "the one I keep")
    return holdings


def answers(collectors: Collectors, holdings: Holdings) -> dict[str, Any]:
    """Every answer that shows the release or counts it, as Alice and anyone else read it."""
    alice = collectors.alice
    reads = {
        "folder 0": "/users/alice/collection/folders/0/releases",
        "its folder": f"/users/alice/collection/folders/{holdings.folder_id}/releases",
        "folders": "/users/alice/collection/folders",
        "by release": f"/users/alice/collection/releases/{KEPT}",
        "wantlist": "/users/alice/wants",
        "want": f"/users/alice/wants/{KEPT}",
        "list": f"/lists/{holdings.list_id}",
        "rating": f"/releases/{KEPT}/rating/alice",
        "community rating": f"/releases/{KEPT}/rating",
    }
    seen: dict[str, Any] = {}
    for name, path in reads.items():
        answer = alice.get(path)
        assert answer.status_code == 200, (name, answer.status_code, answer.text)
        seen[name] = answer.json()
    profile = alice.get("/users/alice").json()
    seen["profile"] = {figure: profile[figure] for figure in PROFILE_FIGURES}
    seen["anyone's folder 0"] = collectors.anonymous.get(reads["folder 0"]).json()
    seen["collection csv"] = collection_csv(collectors)
    seen["wantlist csv"] = export_wantlist(
        collectors.accounts, collectors.storage.wantlist, "alice"
    )
    return seen


def collection_csv(collectors: Collectors) -> str:
    out = io.StringIO()
    export_collection_csv(collectors.accounts, collectors.storage.collection, "alice", out)
    return out.getvalue()


def snapshots(collectors: Collectors) -> list[int]:
    found = rows(collectors.storage, "SELECT release_id FROM release_snapshots ORDER BY 1")
    return [row[0] for row in found]


@pytest.fixture
def held(collectors: Collectors) -> Holdings:
    return alice_holds_the_release(collectors)


def test_every_answer_shows_a_removed_release_as_it_was(
    collectors: Collectors, held: Holdings, tmp_path: Path
) -> None:
    before = answers(collectors, held)
    release = collectors.anonymous.get(f"/releases/{KEPT}").json()
    shown = before["folder 0"]["releases"][0]["basic_information"]
    assert (shown["id"], shown["title"], shown["year"]) == (KEPT, release["title"], release["year"])
    assert before["folder 0"]["releases"][0]["notes"] == [
        {"field_id": 1, "value": "Near Mint (NM or M-)"},
        {"field_id": 3, "value": "first pressing"},
    ]
    assert before["want"]["notes"] == "a spare copy"
    assert before["list"]["items"][0]["comment"] == "the one I keep"
    assert before["rating"]["rating"] == 4
    assert before["community rating"]["rating"] == {"count": 2, "average": 3.5}
    import_month(collectors, tmp_path, "202601", releases=releases_without(KEPT, UNNAMED))
    assert collectors.anonymous.get(f"/releases/{KEPT}").status_code == 404
    after = answers(collectors, held)
    for name, answer in before.items():
        assert after[name] == answer, name
    assert snapshots(collectors) == [KEPT]  # the release nobody names left nothing behind


def test_ratings_of_a_removed_release_go_on_as_the_rows_that_remain_say(
    collectors: Collectors, held: Holdings, tmp_path: Path
) -> None:
    """Its raters may still change or withdraw their rating, and the community rating
    follows; a removed release nobody named is gone for ratings as for everything else."""
    import_month(collectors, tmp_path, "202601", releases=releases_without(KEPT, UNNAMED))
    rating = f"/releases/{KEPT}/rating"
    changed = collectors.alice.put(f"{rating}/alice", json={"rating": 2})
    assert (changed.status_code, changed.json()["rating"]) == (201, 2)
    assert collectors.anonymous.get(rating).json()["rating"] == {"count": 2, "average": 2.5}
    assert collectors.bob.delete(f"{rating}/bob").status_code == 204
    assert collectors.anonymous.get(rating).json()["rating"] == {"count": 1, "average": 2.0}
    (item,) = collectors.alice.get(f"/users/alice/collection/releases/{KEPT}").json()["releases"]
    assert item["rating"] == 2
    for path in (f"/releases/{UNNAMED}/rating", f"/releases/{UNNAMED}/rating/alice"):
        gone = collectors.anonymous.get(path)
        assert error_message(gone, 404) == "Release does not exist or may have been deleted."


def test_the_release_back_in_a_later_month_shows_its_new_document(
    collectors: Collectors, held: Holdings, tmp_path: Path
) -> None:
    import_month(collectors, tmp_path, "202601", releases=releases_without(KEPT))
    back = a_release(KEPT, title="Back Again", artist=(77, "Someone Else"), released="2026")
    import_month(collectors, tmp_path, "202602", releases=[*releases_without(KEPT), back])
    release = collectors.anonymous.get(f"/releases/{KEPT}").json()
    assert release["title"] == "Back Again"
    seen = answers(collectors, held)
    for shown in (
        seen["folder 0"]["releases"][0]["basic_information"],
        seen["its folder"]["releases"][0]["basic_information"],
        seen["by release"]["releases"][0]["basic_information"],
        seen["wantlist"]["wants"][0]["basic_information"],
        seen["want"]["basic_information"],
    ):
        assert (shown["title"], shown["year"]) == ("Back Again", 2026)
        assert [a["name"] for a in shown["artists"]] == ["Someone Else"]
        assert [f["name"] for f in shown["formats"]] == ["Vinyl"]
    assert seen["list"]["items"][0]["display_title"] == "Someone Else - Back Again"
    assert ",Someone Else,Back Again," in seen["collection csv"]
    assert ",Someone Else,Back Again," in seen["wantlist csv"]


def test_csv_rows_ahead_of_the_catalogue_appear_when_a_monthly_import_brings_their_release(
    collectors: Collectors, tmp_path: Path
) -> None:
    """test_collection_csv.py and test_wantlist.py show one kind each with a plain import;
    here both, from their CSV files, through the monthly import the command line runs."""
    row = f"X,Someone,Later,Label,CD,4,2030,{LATER}"
    collection = f"{COLLECTION_HEADER}\n{row},Uncategorized,2024-07-03 09:10:11,waits\n"
    wantlist = f"{WANTLIST_HEADER}\n{row},wanted\n"
    accounts, storage = collectors.accounts, collectors.storage
    assert import_collection_csv(accounts, storage.collection, "alice", collection).waiting == 1
    assert import_wantlist(accounts, storage.wantlist, "alice", wantlist).waiting == 1
    alice = collectors.alice
    figures = ("num_collection", "num_wantlist")
    assert [alice.get("/users/alice").json()[f] for f in figures] == [0, 0]
    assert alice.get(f"/users/alice/collection/releases/{LATER}").json()["releases"] == []
    assert alice.get(f"/users/alice/wants/{LATER}").status_code == 404
    later = a_release(LATER, title="Arrived")
    import_month(collectors, tmp_path, "202601", releases=[*many_releases(RELEASES), later])
    assert [alice.get("/users/alice").json()[f] for f in figures] == [1, 1]
    (item,) = alice.get(f"/users/alice/collection/releases/{LATER}").json()["releases"]
    want = alice.get(f"/users/alice/wants/{LATER}").json()
    for shown, notes in ((item, [{"field_id": 3, "value": "waits"}]), (want, "wanted")):
        assert (shown["basic_information"]["title"], shown["rating"]) == ("Arrived", 4)
        assert shown["notes"] == notes


# A master, an artist and a label as two monthly dumps give them: renamed in the second.
ARTISTS = {
    "202601": b"<artist><id>3</id><name>Josh Wink</name><profile/></artist>",
    "202602": b"<artist><id>3</id><name>Joshua Wink</name><profile/></artist>",
}
LABELS = {
    "202601": b"<label><id>9</id><name>Ovum Recordings</name><profile/></label>",
    "202602": b"<label><id>9</id><name>Ovum</name><profile/></label>",
}
MASTERS = {
    month: (
        b'<master id="7"><main_release>1</main_release><artists><artist><id>3</id><name>'
        + name
        + b"</name><anv/><join/></artist></artists><title>"
        + title
        + b"</title><year>1995</year><genres><genre>Electronic</genre></genres></master>"
    )
    for month, name, title in (
        ("202601", b"Josh Wink", b"Higher State Of Consciousness"),
        ("202602", b"Joshua Wink", b"Higher State (Remastered)"),
    )
}
# What stays in the third month's dumps, so that each is a whole, non-empty file.
OTHERS = {
    "artists": b"<artist><id>4</id><name>The Persuader</name><profile/></artist>",
    "labels": b"<label><id>10</id><name>Svek</name><profile/></label>",
    "masters": MASTERS["202601"].replace(b'id="7"', b'id="8"'),
}


def entities_of(month: str) -> dict[str, list[bytes]]:
    """This month's artists, labels and masters; from 202603 on, without 3, 9 and 7."""
    return {
        kind: [*([entities[month]] if month in entities else []), OTHERS[kind]]
        for kind, entities in (("artists", ARTISTS), ("labels", LABELS), ("masters", MASTERS))
    }


def test_list_items_of_removed_entities_show_what_was_last_known(
    collectors: Collectors, tmp_path: Path
) -> None:
    """Lists hold masters, artists and labels too: an item of one an import removed shows it
    as the last dump had it, not as it was when added."""
    import_month(collectors, tmp_path, "202601", **entities_of("202601"))
    user = collectors.accounts.user("alice")
    store = collectors.storage.lists
    list_id = lists.create_list(store, user, "Wink", "", True)
    for kind, entity_id in (("master", 7), ("artist", 3), ("label", 9), ("release", KEPT)):
        lists.add_item(store, user, list_id, kind, entity_id, f"the {kind}")
    renamed = a_release(KEPT, title="Renamed", artist=(3, "Joshua Wink"))
    month = entities_of("202602")
    import_month(
        collectors, tmp_path, "202602", releases=[*releases_without(KEPT), renamed], **month
    )
    before = collectors.anonymous.get(f"/lists/{list_id}").json()
    assert [item["display_title"] for item in before["items"]] == [
        "Joshua Wink - Higher State (Remastered)",
        "Joshua Wink",
        "Ovum",
        "Joshua Wink - Renamed",
    ]
    month = entities_of("202603")
    import_month(collectors, tmp_path, "202603", releases=releases_without(KEPT), **month)
    for kind, entity_id in (("masters", 7), ("artists", 3), ("labels", 9), ("releases", KEPT)):
        assert collectors.anonymous.get(f"/{kind}/{entity_id}").status_code == 404
    after = collectors.anonymous.get(f"/lists/{list_id}")
    assert after.status_code == 200
    assert after.json() == before
