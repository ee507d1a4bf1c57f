"""Collection folders over a real socket on both engines: the list, one folder, create,
rename, delete, and who may do each. Shapes, orders and texts are those of the live API's
2026 recordings (DiscogsApiClient ``Collection.CollectionFoldersTests.*``); the refusals the
recordings do not show are D19-D21 of docs/seed-spec-deviations.md."""

from __future__ import annotations

import pytest

from tests.collectors import Collectors
from tests.functional.accounts_support import NOT_OWNER
from tests.functional.collection_support import NO_FOLDER, NO_USER, add, make_folder, refusal

FOLDER_KEYS = ["id", "name", "count", "resource_url"]


def test_a_new_collection_has_all_and_uncategorized(collectors: Collectors) -> None:
    answer = collectors.alice.get("/users/alice/collection/folders")
    assert answer.status_code == 200
    base = f"{collectors.url}/users/alice/collection/folders"
    # Not paginated, unlike the head spec's answer (D19).
    assert answer.json() == {
        "folders": [
            {"id": 0, "name": "All", "count": 0, "resource_url": f"{base}/0"},
            {"id": 1, "name": "Uncategorized", "count": 0, "resource_url": f"{base}/1"},
        ]
    }


def test_folders_are_listed_all_then_by_name_then_uncategorized(collectors: Collectors) -> None:
    zeta = make_folder(collectors, "zeta")
    alpha = make_folder(collectors, "Alpha")
    beta = make_folder(collectors, "beta")
    add(collectors, beta, 1)
    add(collectors, beta, 2)
    add(collectors, 1, 3)
    folders = collectors.alice.get("/users/alice/collection/folders").json()["folders"]
    assert [list(folder) for folder in folders] == [FOLDER_KEYS] * 5
    assert [(f["id"], f["name"], f["count"]) for f in folders] == [
        (0, "All", 3),
        (alpha, "Alpha", 0),
        (beta, "beta", 2),
        (zeta, "zeta", 0),
        (1, "Uncategorized", 1),
    ]
    assert min(zeta, alpha, beta) >= 2  # 0 and 1 are every user's


def test_create_rename_and_delete_a_folder(collectors: Collectors) -> None:
    alice = collectors.alice
    created = alice.post("/users/alice/collection/folders", json={"name": "Jazz"})
    assert created.status_code == 201
    folder = created.json()
    assert list(folder) == FOLDER_KEYS
    url = f"{collectors.url}/users/alice/collection/folders/{folder['id']}"
    assert folder == {"id": folder["id"], "name": "Jazz", "count": 0, "resource_url": url}

    renamed = alice.post(f"/users/alice/collection/folders/{folder['id']}", json={"name": "Bop"})
    assert renamed.status_code == 200
    assert renamed.json() == {**folder, "name": "Bop"}
    assert alice.get(f"/users/alice/collection/folders/{folder['id']}").json()["name"] == "Bop"

    deleted = alice.delete(f"/users/alice/collection/folders/{folder['id']}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    gone = alice.get(f"/users/alice/collection/folders/{folder['id']}")
    assert refusal(gone) == (404, NO_FOLDER)


def test_the_name_may_come_as_a_query_parameter_or_a_form(collectors: Collectors) -> None:
    by_query = collectors.alice.post("/users/alice/collection/folders", params={"name": "Q"})
    by_form = collectors.alice.post("/users/alice/collection/folders", data={"name": "F"})
    assert (by_query.status_code, by_query.json()["name"]) == (201, "Q")
    assert (by_form.status_code, by_form.json()["name"]) == (201, "F")


@pytest.mark.parametrize(
    "body", [{}, {"name": ""}, {"name": "  "}, {"name": 5}, {"name": "x" * 256}]
)
def test_a_folder_needs_a_name(collectors: Collectors, body: dict[str, object]) -> None:
    answer = collectors.alice.post("/users/alice/collection/folders", json=body)
    assert answer.status_code == 422
    assert refusal(answer)[1] == "Invalid name: expected a folder name of 1 to 255 characters."


def test_one_folder_counts_what_it_holds(collectors: Collectors) -> None:
    rock = make_folder(collectors, "Rock")
    add(collectors, rock, 5)
    add(collectors, 1, 6)
    base = f"{collectors.url}/users/alice/collection/folders"
    for folder_id, name, count in ((0, "All", 2), (1, "Uncategorized", 1), (rock, "Rock", 1)):
        answer = collectors.alice.get(f"/users/alice/collection/folders/{folder_id}")
        assert answer.status_code == 200
        assert answer.json() == {
            "id": folder_id,
            "name": name,
            "count": count,
            "resource_url": f"{base}/{folder_id}",
        }


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_an_unknown_folder_is_404(collectors: Collectors, method: str) -> None:
    bobs = collectors.bob.post("/users/bob/collection/folders", json={"name": "Bob's"}).json()
    for folder_id in (999, bobs["id"], 10**30):  # nobody's, another user's, past any id
        answer = collectors.alice.client.request(
            method, f"/users/alice/collection/folders/{folder_id}", json={"name": "x"}
        )
        assert refusal(answer) == (404, NO_FOLDER)


@pytest.mark.parametrize("folder_id", [0, 1])
def test_the_permanent_folders_cannot_be_renamed_or_deleted(
    collectors: Collectors, folder_id: int
) -> None:
    path = f"/users/alice/collection/folders/{folder_id}"
    renamed = collectors.alice.post(path, json={"name": "Mine"})
    assert renamed.status_code == 422  # D20
    assert refusal(renamed)[1] == f"Folder {folder_id} cannot be renamed."
    deleted = collectors.alice.delete(path)
    assert deleted.status_code == 422
    assert refusal(deleted)[1] == f"Folder {folder_id} cannot be deleted."


def test_a_folder_must_be_empty_before_it_is_deleted(collectors: Collectors) -> None:
    full = make_folder(collectors, "Full")
    instance = add(collectors, full, 7)
    refused = collectors.alice.delete(f"/users/alice/collection/folders/{full}")
    assert refused.status_code == 422  # D21
    assert refusal(refused)[1] == "A folder must be empty before it can be deleted."
    emptied = collectors.alice.delete(
        f"/users/alice/collection/folders/{full}/releases/7/instances/{instance}"
    )
    assert emptied.status_code == 204
    assert collectors.alice.delete(f"/users/alice/collection/folders/{full}").status_code == 204


def test_others_see_folder_0_of_a_public_collection_only(collectors: Collectors) -> None:
    make_folder(collectors, "Mine")
    add(collectors, 1, 1)
    for member in (collectors.anonymous, collectors.bob):
        answer = member.get("/users/alice/collection/folders")
        assert answer.status_code == 200
        assert [(f["id"], f["count"]) for f in answer.json()["folders"]] == [(0, 1)]
        assert member.get("/users/alice/collection/folders/0").json()["count"] == 1
        other = member.get("/users/alice/collection/folders/1")
        assert refusal(other) == (403, NOT_OWNER)


def test_a_private_collection_is_its_owners_alone(collectors: Collectors) -> None:
    collectors.set_privacy("alice", collection=False, wantlist=True)
    for path in ("/users/alice/collection/folders", "/users/alice/collection/folders/0"):
        for member in (collectors.anonymous, collectors.bob):
            answer = member.get(path)
            assert refusal(answer) == (403, NOT_OWNER)
        assert collectors.alice.get(path).status_code == 200


def test_only_the_owner_makes_changes(collectors: Collectors) -> None:
    mine = make_folder(collectors, "Mine")
    writes = [
        ("POST", "/users/alice/collection/folders"),
        ("POST", f"/users/alice/collection/folders/{mine}"),
        ("DELETE", f"/users/alice/collection/folders/{mine}"),
    ]
    for member in (collectors.anonymous, collectors.bob):
        for method, path in writes:
            answer = member.client.request(method, path, json={"name": "theirs"})
            # The live API answers 403 to anonymous callers too (DAC 2026), not 401.
            assert refusal(answer) == (403, NOT_OWNER)
    assert collectors.alice.get(f"/users/alice/collection/folders/{mine}").json()["name"] == "Mine"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/users/nobody/collection/folders"),
        ("POST", "/users/nobody/collection/folders"),
        ("GET", "/users/nobody/collection/folders/0"),
        ("DELETE", "/users/nobody/collection/folders/5"),
    ],
)
def test_an_unknown_user_is_404(collectors: Collectors, method: str, path: str) -> None:
    answer = collectors.alice.client.request(method, path, json={"name": "x"})
    assert refusal(answer) == (404, NO_USER)


def test_the_path_names_the_user_in_any_letter_case(collectors: Collectors) -> None:
    folder = collectors.alice.post("/users/ALICE/collection/folders", json={"name": "Case"})
    assert folder.status_code == 201
    assert folder.json()["resource_url"].endswith(
        "/users/alice/collection/folders/" + str(folder.json()["id"])
    )
