"""A collection brought in from the CSV discogs.com exports and taken out again, through the
``discogs-service collection`` commands and the service the web upload calls, on both
engines: folders and fields made as needed, idempotent re-runs, refusals with their line,
rows waiting for a release the catalogue does not hold yet, and the round trip."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from discogs_service.cli.app import app
from discogs_service.services.collection_csv import export_collection_csv, import_collection_csv
from tests.collectors import Collectors, import_small_catalogue
from tests.functional.collection_support import add, make_folder
from tests.functional.test_cli_accounts import environment

HEADER = (
    "Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,CollectionFolder,"
    "Date Added,Collection Media Condition,Collection Sleeve Condition,Collection Notes,"
    "Collection Price Paid"
)
FILE = f"""{HEADER}
X1,Someone,Some Title,Some Label,"LP, Album",4,1999,3,Jazz,2024-05-01 13:14:15,Mint (M),Generic,\
first copy,12.50
X1,Someone,Some Title,Some Label,"LP, Album",4,1999,3,Jazz,2024-05-01 13:14:15,,,second copy,
X2,Other,Other Title,Other Label,CD,,2001,5,Uncategorized,2024-06-02 08:00:00,,,,
WAIT-1,Future Artist,Not Here Yet,Later Label,CD,,2030,41,Jazz,2024-07-03 09:10:11,,,waits,
"""
runner = CliRunner()


def cli(collectors: Collectors, *args: str) -> str:
    url = collectors.storage.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, ["collection", *args], env=environment(url))
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


def listed(collectors: Collectors, username: str = "alice") -> list[dict[str, Any]]:
    member = collectors.alice if username == "alice" else collectors.bob
    answer = member.get(
        f"/users/{username}/collection/folders/0/releases", params={"per_page": 100}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["releases"]  # type: ignore[no-any-return]


def test_importing_a_discogs_export(collectors: Collectors, tmp_path: Path) -> None:
    path = tmp_path / "collection.csv"
    path.write_text(FILE, encoding="utf-8")
    printed = cli(collectors, "import", "alice", str(path))
    assert "Collection import of collection.csv" in printed
    cells = [line.split("│")[1:3] for line in printed.splitlines() if "│" in line]
    assert [(label.strip(), count.strip()) for label, count in cells] == [
        ("added", "3"),
        ("added, waiting for the release", "1"),
        ("updated", "0"),
        ("unchanged", "0"),
        ("refused", "0"),
    ]
    assert "folders made: Jazz; fields made: Price Paid" in printed

    folders = collectors.alice.get("/users/alice/collection/folders").json()["folders"]
    jazz = next(f for f in folders if f["name"] == "Jazz")
    assert (folders[0]["count"], jazz["count"], folders[-1]["count"]) == (3, 2, 1)
    items = listed(collectors)
    assert [(i["id"], i["folder_id"], i["rating"]) for i in items] == [
        (3, jazz["id"], 4),
        (3, jazz["id"], 4),
        (5, 1, 0),
    ]
    assert items[0]["date_added"] == "2024-05-01T13:14:15-07:00"
    fields = collectors.alice.get("/users/alice/collection/fields").json()["fields"]
    assert fields[-1] == {
        "id": 4, "name": "Price Paid", "type": "textarea", "position": 4, "public": False,
        "lines": 1,
    }  # fmt: skip
    assert items[0]["notes"] == [
        {"field_id": 1, "value": "Mint (M)"},
        {"field_id": 2, "value": "Generic"},
        {"field_id": 3, "value": "first copy"},
        {"field_id": 4, "value": "12.50"},
    ]
    assert items[1]["notes"] == [{"field_id": 3, "value": "second copy"}]
    assert collectors.alice.get("/users/alice").json()["num_collection"] == 3


def test_importing_the_same_file_again_changes_nothing(collectors: Collectors) -> None:
    first = import_collection_csv(collectors.accounts, collectors.storage.collection, "alice", FILE)
    assert (first.added, first.waiting) == (3, 1)
    before = listed(collectors)
    again = import_collection_csv(collectors.accounts, collectors.storage.collection, "alice", FILE)
    assert (again.added, again.waiting, again.updated, again.unchanged) == (0, 0, 0, 4)
    assert (again.folders_made, again.fields_made, again.refused) == ([], [], [])
    assert listed(collectors) == before


def test_a_changed_row_updates_its_instance(collectors: Collectors) -> None:
    import_collection_csv(collectors.accounts, collectors.storage.collection, "alice", FILE)
    changed = FILE.replace("second copy", "better notes").replace(",4,1999", ",2,1999")
    summary = import_collection_csv(
        collectors.accounts, collectors.storage.collection, "alice", changed
    )
    assert (summary.added, summary.updated, summary.unchanged) == (0, 2, 2)
    items = listed(collectors)
    assert items[1]["notes"] == [{"field_id": 3, "value": "better notes"}]
    assert [i["rating"] for i in items[:2]] == [2, 2]


def test_rows_that_cannot_be_read_are_refused_with_their_line(collectors: Collectors) -> None:
    text = f"""{HEADER}
,,,,,,,abc,,2024-05-01 13:14:15,,,,
,,,,,,,7,,yesterday,,,,
,,,,,,,7,,2024-05-01 13:14:15,,,,
,,,,,,,8,,2024-05-01 13:14:15,,,,
,,,,,9,,8,,2024-05-01 13:14:15,,,,
"""
    summary = import_collection_csv(
        collectors.accounts, collectors.storage.collection, "alice", text
    )
    assert [(r.line, r.reason) for r in summary.refused] == [
        (2, "release_id 'abc' is not a release id"),
        (3, "Date Added 'yesterday' is not a date and time"),
        (6, "Rating '9' is not a rating from 0 to 5"),
    ]
    assert summary.added == 2
    assert [i["id"] for i in listed(collectors)] == [7, 8]


def test_a_file_without_release_ids_is_refused(collectors: Collectors, tmp_path: Path) -> None:
    path = tmp_path / "wants.csv"
    path.write_text("Catalog#,Artist,Title\nX,Y,Z\n", encoding="utf-8")
    url = collectors.storage.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, ["collection", "import", "alice", str(path)], env=environment(url))
    assert result.exit_code == 1
    assert "The file has no release_id column" in result.stderr


def test_a_waiting_row_appears_when_an_import_brings_its_release(
    collectors: Collectors, tmp_path: Path
) -> None:
    summary = import_collection_csv(
        collectors.accounts, collectors.storage.collection, "alice", FILE
    )
    assert summary.waiting == 1
    assert 41 not in [i["id"] for i in listed(collectors)]
    import_small_catalogue(collectors.storage, tmp_path, count=45)
    items = listed(collectors)
    assert [i["id"] for i in items] == [3, 3, 5, 41]
    assert items[-1]["notes"] == [{"field_id": 3, "value": "waits"}]
    by_title = collectors.alice.get(
        "/users/alice/collection/folders/0/releases", params={"sort": "title"}
    ).json()["releases"]
    titles = [i["basic_information"]["title"].casefold() for i in by_title]
    assert titles == sorted(titles)  # its sort keys came with it
    release = collectors.anonymous.get("/releases/41").json()
    assert items[-1]["basic_information"]["title"] == release["title"]


def test_an_export_writes_what_discogs_writes(collectors: Collectors, tmp_path: Path) -> None:
    import_collection_csv(collectors.accounts, collectors.storage.collection, "alice", FILE)
    path = tmp_path / "out.csv"
    assert cli(collectors, "export", "alice", str(path)).strip() == f"4 instances written to {path}"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == HEADER.split(",")
    release = collectors.anonymous.get("/releases/3").json()
    assert rows[1][2] == release["title"]
    assert rows[1][5:] == [
        "4", str(release["year"] or ""), "3", "Jazz", "2024-05-01 13:14:15", "Mint (M)",
        "Generic", "first copy", "12.50",
    ]  # fmt: skip
    # A row still waiting for its release keeps the file's own text of it.
    assert rows[4] == [
        "WAIT-1", "Future Artist", "Not Here Yet", "Later Label", "CD", "", "2030", "41",
        "Jazz", "2024-07-03 09:10:11", "", "", "waits", "",
    ]  # fmt: skip


def test_export_then_import_into_another_user_is_the_same_collection(
    collectors: Collectors,
) -> None:
    rock, jazz = make_folder(collectors, "Rock"), make_folder(collectors, "jazz")
    for folder_id, release_id in ((rock, 1), (rock, 1), (jazz, 2), (1, 3), (jazz, 17), (1, 40)):
        add(collectors, folder_id, release_id)
    items = listed(collectors)
    alice = collectors.alice
    path = "/users/alice/collection/folders/0/releases/{}/instances/{}"
    alice.post(path.format(1, items[0]["instance_id"]), json={"rating": 5})
    alice.post(path.format(17, items[4]["instance_id"]), json={"rating": 2})
    for field_id, value in ((1, "Very Good (VG)"), (3, 'notes, with "quotes"\nand a line')):
        alice.post(
            path.format(2, items[2]["instance_id"]) + f"/fields/{field_id}", json={"value": value}
        )
    store = collectors.storage.collection
    first = io.StringIO()
    export_collection_csv(collectors.accounts, store, "alice", first)

    collectors.accounts.create_user("carol", "carol@example.org", "carol's password 1")
    summary = import_collection_csv(collectors.accounts, store, "carol", first.getvalue())
    assert (summary.added, summary.waiting, summary.refused) == (6, 0, [])
    second = io.StringIO()
    export_collection_csv(collectors.accounts, store, "carol", second)
    assert second.getvalue() == first.getvalue()

    def view(username: str) -> list[Any]:
        carol_token = collectors.accounts.create_token(collectors.accounts.user(username), "t")[1]
        answer = collectors.anonymous.get(
            f"/users/{username}/collection/folders/0/releases",
            headers={"Authorization": f"Discogs token={carol_token}"},
        )
        return [
            {k: v for k, v in item.items() if k not in ("instance_id", "folder_id")}
            for item in answer.json()["releases"]
        ]

    assert view("carol") == view("alice")
    names = [
        f["name"] for f in collectors.alice.get("/users/alice/collection/folders").json()["folders"]
    ]
    carol_token = collectors.accounts.create_token(collectors.accounts.user("carol"), "x")[1]
    carols = collectors.anonymous.get(
        "/users/carol/collection/folders", headers={"Authorization": f"Discogs token={carol_token}"}
    ).json()["folders"]
    assert [f["name"] for f in carols] == names
