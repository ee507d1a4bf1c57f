"""``discogs-service wantlist import|export``: the real command on SQLite and PostgreSQL, with
the CSV file discogs.com exports for a wantlist, checked through the API of a server on the
same database."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from discogs_service.services import wantlist_csv
from discogs_service.storage.wantlist import WantChange
from tests.collectors import Collectors
from tests.functional.accounts_support import SERVER_KEY

BIN = Path(sys.executable).with_name("discogs-service")
HEADER = "Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,Notes"
WAITING = 999_999  # a release the catalogue does not hold


def run(collectors: Collectors, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    url = collectors.storage.engine.url.render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    env["DISCOGS_DATABASE_URL"] = url
    if make_url(url).get_backend_name() == "postgresql":
        env["DISCOGS_SECRET_KEY"] = SERVER_KEY
    env["COLUMNS"] = "200"  # rich tables on one line each
    return subprocess.run(
        [str(BIN), "wantlist", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def succeeded(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def summary_cells(out: str) -> list[str]:
    """added, updated, unchanged, waiting, refused: the row of the summary table."""
    row = next(line for line in out.splitlines() if line.count("│") == 6)
    return [cell.strip() for cell in row.split("│")[1:-1]]


def wantlist(collectors: Collectors, username: str) -> list[dict[str, Any]]:
    member = collectors.alice if username == "alice" else collectors.bob
    answer = member.get(f"/users/{username}/wants", params={"per_page": 100})
    assert answer.status_code == 200
    return [
        {key: value for key, value in want.items() if key not in ("resource_url", "date_added")}
        for want in answer.json()["wants"]
    ]


def alices_wantlist(collectors: Collectors) -> None:
    """Wants with every kind of notes a CSV must keep, ratings, and one waiting want."""
    alice = collectors.alice
    alice.put("/users/alice/wants/1", json={"notes": 'a "quoted", comma', "rating": 5})
    alice.put("/users/alice/wants/12", json={"notes": "two\nlines"})
    alice.put("/users/alice/wants/7", json={"notes": "Östermalm ⅓ 日本", "rating": 2})
    alice.put("/users/alice/wants/3")
    user = collectors.accounts.user("alice")
    collectors.storage.wantlist.add(user.id, WantChange(WAITING, "waits", 4))


def test_a_wantlist_goes_out_and_into_another_user_unchanged(
    collectors: Collectors, tmp_path: Path
) -> None:
    alices_wantlist(collectors)
    exported = tmp_path / "alice.csv"
    succeeded(run(collectors, "export", "alice", str(exported)))
    out = succeeded(run(collectors, "import", "bob", str(exported)))
    assert summary_cells(out) == ["4", "0", "0", "1", "0"]
    assert wantlist(collectors, "bob") == wantlist(collectors, "alice")
    assert [want["id"] for want in wantlist(collectors, "bob")] == [1, 12, 7, 3]
    # The waiting want went along too, and its rating: the two exports are the same file.
    again = tmp_path / "bob.csv"
    succeeded(run(collectors, "export", "bob", str(again)))
    assert again.read_bytes() == exported.read_bytes()
    assert collectors.anonymous.get(f"/releases/{WAITING}/rating/bob").status_code == 404
    bob = collectors.accounts.user("bob")
    waiting = collectors.storage.wantlist.want(bob.id, WAITING)
    assert waiting is not None and (waiting.notes, waiting.rating) == ("waits", 4)


def test_the_export_is_the_file_discogs_com_writes(collectors: Collectors) -> None:
    alices_wantlist(collectors)
    text = succeeded(run(collectors, "export", "alice", "-"))
    assert text.splitlines()[0] == HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    release = collectors.anonymous.get("/releases/1").json()
    assert rows[0] == {
        "Catalog#": release["labels"][0]["catno"],
        "Artist": release["artists_sort"],
        "Title": release["title"],
        "Label": release["labels"][0]["name"],
        "Format": '2x12", 33 ⅓ RPM',
        "Rating": "5",
        "Released": str(release["year"]),
        "release_id": "1",
        "Notes": 'a "quoted", comma',
    }
    assert [row["release_id"] for row in rows] == ["1", "12", "7", "3", str(WAITING)]
    assert rows[1]["Notes"] == "two\nlines"
    assert rows[3]["Rating"] == ""  # not rated
    assert rows[4] == {
        **dict.fromkeys(("Catalog#", "Artist", "Title", "Label", "Format", "Released"), ""),
        "Rating": "4",
        "release_id": str(WAITING),
        "Notes": "waits",
    }


def test_an_import_run_again_changes_nothing(collectors: Collectors, tmp_path: Path) -> None:
    alices_wantlist(collectors)
    exported = tmp_path / "alice.csv"
    succeeded(run(collectors, "export", "alice", str(exported)))
    text = exported.read_text(encoding="utf-8")
    first = wantlist_csv.import_wantlist(
        collectors.accounts, collectors.storage.wantlist, "bob", text
    )
    assert (first.added, first.updated, first.unchanged, first.waiting) == (4, 0, 0, 1)
    before = collectors.bob.get("/users/bob/wants").json()
    second = wantlist_csv.import_wantlist(
        collectors.accounts, collectors.storage.wantlist, "bob", text
    )
    assert (second.added, second.updated, second.unchanged, second.waiting) == (0, 0, 4, 1)
    assert second.refused == []
    assert collectors.bob.get("/users/bob/wants").json() == before
    assert collectors.anonymous.get("/releases/1").json()["community"]["want"] == 2


def test_changed_rows_update_their_wants_and_keep_their_dates(collectors: Collectors) -> None:
    collectors.bob.put("/users/bob/wants/5", json={"notes": "old", "rating": 3})
    before = collectors.bob.get("/users/bob/wants/5").json()
    text = f"{HEADER}\n,,,,,,,5,new\n,,,,,4,,6,\n"
    summary = wantlist_csv.import_wantlist(
        collectors.accounts, collectors.storage.wantlist, "bob", text
    )
    assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 0)
    after = collectors.bob.get("/users/bob/wants/5").json()
    # An empty Rating leaves the user's rating as it was.
    assert (after["notes"], after["rating"]) == ("new", 3)
    assert after["date_added"] == before["date_added"]
    assert collectors.bob.get("/users/bob/wants/6").json()["rating"] == 4


def test_rows_that_cannot_be_read_are_refused_with_their_reason(collectors: Collectors) -> None:
    text = (
        f"{HEADER}\n"
        ",,,,,,,2,fine\n"
        ",,,,,,,abc,\n"
        ",,,,,7,,3,\n"
        ",,,,,,,2,again\n"
        ",,,,,,,0,\n"
        f",,,,,,,{WAITING},later\n"
    )
    out = succeeded(run(collectors, "import", "bob", "-", stdin=text))
    assert "release_id is not a release's id" in out
    assert "Rating is not a number from 0 to 5" in out
    assert "the release is on line 2 already" in out
    assert summary_cells(out) == ["1", "0", "0", "1", "4"]
    assert [want["id"] for want in wantlist(collectors, "bob")] == [2]


def test_a_file_without_release_ids_or_an_unknown_user_is_refused(
    collectors: Collectors, tmp_path: Path
) -> None:
    result = run(collectors, "import", "bob", "-", stdin="Artist,Title\nA,B\n")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: The file is not a Discogs wantlist export: it has no release_id column."
    )
    (tmp_path / "x.csv").write_text(HEADER + "\n")
    for command in ("import", "export"):
        result = run(collectors, command, "nobody", str(tmp_path / "x.csv"))
        assert result.returncode == 1
        assert result.stderr.strip() == "error: User does not exist or may have been deleted."
