"""Who may see a user's collection and wantlist, set on the privacy settings page (in headless
Chromium and over plain HTTP) and with ``discogs-service users privacy``; and the CSV import
page, with the import functions plugged in as ``services.csv_imports`` lets them be.
Both engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from discogs_service.cli.app import app
from discogs_service.services import csv_imports
from tests.collectors import Collectors
from tests.conftest import USER_AGENT
from tests.functional.accounts_support import PASSWORD_OF
from tests.functional.browser_support import sign_in_on, submit
from tests.functional.oauth_support import csrf_of
from tests.functional.test_cli_accounts import environment, run, succeeded


def visibility(collectors: Collectors, name: str = "alice") -> tuple[bool, bool]:
    user = collectors.accounts.user(name)
    return user.collection_public, user.wantlist_public


def signed_in(page: Any, collectors: Collectors, path: str) -> None:
    page.goto(collectors.url + path)
    sign_in_on(page, "alice", PASSWORD_OF.format("alice"))
    assert page.url == collectors.url + path


@pytest.fixture
def alice(collectors: Collectors) -> Iterator[httpx.Client]:
    """Alice's browser, signed in, over plain HTTP."""
    browser = httpx.Client(base_url=collectors.url, headers={"User-Agent": USER_AGENT})
    page = browser.get("/account/sign-in")
    browser.post(
        "/account/sign-in",
        data={"csrf_token": csrf_of(page), "username": "alice", "password": "password of alice"},
    )
    yield browser
    browser.close()


# -- the privacy page -------------------------------------------------------------------------


def test_the_owner_makes_collection_and_wantlist_private_in_the_browser(
    collectors: Collectors, page: Any, tmp_path: Path
) -> None:
    signed_in(page, collectors, "/settings/developers")
    with page.expect_navigation():
        page.click("#privacy-settings")
    assert page.text_content("h1") == "Privacy"
    assert page.is_checked("#collection-public") and page.is_checked("#wantlist-public")

    page.check("#collection-private")
    assert submit(page, "#save-privacy").status == 200
    assert page.text_content("[role=status]") == "Saved."
    assert visibility(collectors) == (False, True)
    assert page.is_checked("#collection-private") and page.is_checked("#wantlist-public")

    page.check("#collection-public")
    page.check("#wantlist-private")
    submit(page, "#save-privacy")
    page.screenshot(path=str(tmp_path / "privacy.png"), full_page=True)
    assert visibility(collectors) == (True, False)
    assert visibility(collectors, "bob") == (True, True)


def test_the_privacy_page_refuses_forged_and_unreadable_forms(
    collectors: Collectors, alice: httpx.Client
) -> None:
    forged = alice.post(
        "/settings/privacy",
        data={"csrf_token": "forged", "collection": "private", "wantlist": "private"},
    )
    assert forged.status_code == 403
    token = csrf_of(alice.get("/settings/privacy"))
    unreadable = alice.post(
        "/settings/privacy", data={"csrf_token": token, "collection": "hidden", "wantlist": "x"}
    )
    assert unreadable.status_code == 400
    assert "Choose public or private for each." in unreadable.text
    assert visibility(collectors) == (True, True)
    saved = alice.post(
        "/settings/privacy",
        data={"csrf_token": token, "collection": "private", "wantlist": "private"},
    )
    assert (saved.status_code, saved.headers["location"]) == (303, "/settings/privacy?done=saved")
    assert visibility(collectors) == (False, False)


def test_the_privacy_page_asks_to_sign_in_first(collectors: Collectors) -> None:
    with httpx.Client(base_url=collectors.url, headers={"User-Agent": USER_AGENT}) as anyone:
        answer = anyone.get("/settings/privacy")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/account/sign-in?next=%2Fsettings%2Fprivacy"


# -- the command ------------------------------------------------------------------------------


def test_the_command_sets_and_shows_privacy(database_url: str) -> None:
    url = database_url
    created = run(
        url, "users", "create", "alice", "--email", "a@example.org", stdin="long password"
    )
    succeeded(created)
    assert succeeded(run(url, "users", "privacy", "alice")) == [
        "collection\tpublic",
        "wantlist\tpublic",
    ]
    assert succeeded(run(url, "users", "privacy", "ALICE", "--collection", "private")) == [
        "collection\tprivate",
        "wantlist\tpublic",
    ]
    assert succeeded(run(url, "users", "privacy", "alice", "--wantlist", "private")) == [
        "collection\tprivate",
        "wantlist\tprivate",
    ]
    both = run(url, "users", "privacy", "alice", "--collection", "public", "--wantlist", "public")
    assert succeeded(both) == ["collection\tpublic", "wantlist\tpublic"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["users", "privacy", "nobody", "--collection", "private"], 1, "No user named 'nobody'"),
        (["users", "privacy", "alice", "--collection", "hidden"], 2, "'hidden' is not one of"),
    ],
)
def test_the_command_refuses_what_it_cannot_do(
    database_url: str, args: list[str], code: int, message: str
) -> None:
    url = database_url
    succeeded(
        run(url, "users", "create", "alice", "--email", "a@example.org", stdin="long password")
    )
    result = CliRunner().invoke(app, args, env=environment(url))
    assert result.exit_code == code
    assert message in result.stderr


# -- the CSV import page ----------------------------------------------------------------------

# A collection as discogs.com exports it: two releases of the catalogue (one rated), one the
# catalogue lacks (kept, waiting for it), one row without a release id (refused).
EXPORT = (
    "\ufeffCatalog#,Artist,Title,Label,Format,Rating,Released,release_id,CollectionFolder,"
    "Date Added,Collection Media Condition,Collection Sleeve Condition,Collection Notes\n"
    'SK032,The Persuader,Stockholm,Svek,2x12",4,1999,1,Uncategorized,'
    "2026-01-05 10:00:00,Near Mint (NM or M-),,first pressing\n"
    "X1,Nobody,Nothing,None,LP,,2000,,Uncategorized,2026-01-06 10:00:00,,,\n"
    "SK033,Mr. James Barth & A.D.,Knockin' Boots,Svek,12\",,1998,2,Techno,"
    "2026-01-07 10:00:00,,,\n"
    "Z9,Someone,Unknown,Label,CD,,2001,999999,Uncategorized,2026-01-08 10:00:00,,,\n"
)
WANTS = (
    "Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,Notes\n"
    'SK032,The Persuader,Stockholm,Svek,2x12",5,1999,3,look for it\n'
)


def test_an_upload_imports_the_collection_and_shows_its_summary(
    collectors: Collectors, page: Any, tmp_path: Path
) -> None:
    signed_in(page, collectors, "/settings/import")
    assert page.text_content("h1") == "Import your collection or wantlist"
    assert page.is_visible("#collection-file") and page.is_visible("#wantlist-file")
    export = tmp_path / "alice-collection-20261205.csv"
    export.write_text(EXPORT, encoding="utf-8")
    page.set_input_files("#collection-file", str(export))
    assert submit(page, "#import-collection").status == 200
    assert page.text_content("#summary-heading") == "Collection imported"
    cells = dict(cell.split("\t") for cell in page.locator("#summary tr").all_inner_texts())
    assert cells["Added"] == "2"
    assert cells["Waiting for a release this server does not hold yet"] == "1"
    assert cells["Refused"] == "1"
    assert len(page.locator("#problems li").all_text_contents()) == 1
    page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    # The API shows what came in: the two releases the catalogue holds, the rating, the
    # folder made for the second.
    items = collectors.alice.get("/users/alice/collection/folders/0/releases").json()["releases"]
    assert sorted((item["id"], item["rating"]) for item in items) == [(1, 4), (2, 0)]
    names = [
        f["name"] for f in collectors.alice.get("/users/alice/collection/folders").json()["folders"]
    ]
    assert "Techno" in names


def test_an_upload_imports_the_wantlist(collectors: Collectors, alice: httpx.Client) -> None:
    answer = upload(alice, "wantlist", WANTS.encode())
    assert answer.status_code == 200, answer.text
    wants = collectors.alice.get("/users/alice/wants").json()["wants"]
    assert [(w["id"], w["rating"], w["notes"]) for w in wants] == [(3, 5, "look for it")]


def upload(browser: httpx.Client, kind: str, content: bytes, token: str = "") -> httpx.Response:
    token = token or csrf_of(browser.get("/settings/import"))
    return browser.post(
        f"/settings/import/{kind}",
        data={"csrf_token": token},
        files={"file": ("export.csv", content, "text/csv")},
    )


def test_an_upload_needs_the_forms_csrf_token(collectors: Collectors, alice: httpx.Client) -> None:
    assert upload(alice, "collection", EXPORT.encode(), token="forged").status_code == 403
    assert upload(alice, "collection", EXPORT.encode()).status_code == 200


@pytest.mark.parametrize(
    ("kind", "content", "status", "message"),
    [
        ("wantlist", b"Artist,Title\nA,B\n", 400, "it has no release_id column"),
        ("collection", b"Artist,Title\nA,B\n", 400, "The file has no release_id column"),
        ("collection", b"", 400, "Choose a file: the one sent was empty."),
        ("collection", "Ärzte".encode("latin-1"), 400, "The file is not UTF-8 text"),
        ("collection", b"release_id\n1\x00\n", 400, "The file holds a NUL character"),
        ("collection", b"x" * 5000, 413, "The file is too large: at most 0 MB."),
    ],
)
def test_files_that_cannot_be_imported_are_refused_on_the_page(
    collectors: Collectors,
    alice: httpx.Client,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    content: bytes,
    status: int,
    message: str,
) -> None:
    monkeypatch.setattr(csv_imports, "MAX_UPLOAD", 1024)  # and 64 KB for the form around it
    if status == 413:
        content = b"x" * (80 * 1024)
    answer = upload(alice, kind, content)
    assert answer.status_code == status
    assert message in answer.text


def test_an_upload_without_a_file_is_refused(collectors: Collectors, alice: httpx.Client) -> None:
    token = csrf_of(alice.get("/settings/import"))
    answer = alice.post("/settings/import/collection", data={"csrf_token": token})
    assert answer.status_code == 400
    assert "Choose a file to upload." in answer.text
