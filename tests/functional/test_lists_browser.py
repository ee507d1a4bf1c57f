"""An owner builds lists on the web pages in headless Chromium (Debian's, driven by
Playwright), as a person does: sign in, make a list, add items by id and by link, comment,
reorder, remove, make it private, rename, delete; and the API answers what the pages did.
Both engines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.collectors import Collectors
from tests.functional.accounts_support import PASSWORD_OF
from tests.functional.browser_support import sign_in_on, submit


def signed_in(page: Any, collectors: Collectors, path: str, name: str = "alice") -> None:
    """Open ``path`` (a page that asks to sign in first) and sign in as ``name``."""
    page.goto(collectors.url + path)
    assert "/account/sign-in" in page.url
    sign_in_on(page, name, PASSWORD_OF.format(name))
    assert page.url == collectors.url + path


def make_list(page: Any, name: str, description: str = "", public: bool = True) -> int:
    """Make a list on the "Your lists" page; its number, from the page it leads to."""
    page.fill("#name", name)
    page.fill("#description", description)
    if not public:
        page.uncheck("#public")
    response = submit(page, "#create-list")
    assert response.status == 200
    assert page.text_content("#list-name") == name
    assert page.text_content("[role=status]") == "List created."
    return int(page.url.split("/")[-1].split("?")[0])


def add(
    page: Any, *, reference: str = "", kind: str = "", entity_id: str = "", comment: str = ""
) -> Any:
    page.fill("#reference", reference)
    if kind:
        page.select_option("#kind", kind)
    page.fill("#entity_id", entity_id)
    page.fill("#new-comment", comment)
    return submit(page, "#add-item")


def titles(page: Any) -> list[str]:
    return [title.strip() for title in page.locator("#items .title").all_text_contents()]


def row(page: Any, number: int) -> Any:
    """The item row at a position (from 1)."""
    return page.locator("#items tr").nth(number)


def test_an_owner_builds_a_list_and_the_api_shows_it(
    collectors: Collectors, page: Any, tmp_path: Path
) -> None:
    url = collectors.url
    title = {n: collectors.anonymous.get(f"/releases/{n}").json()["title"] for n in range(1, 5)}
    signed_in(page, collectors, "/account/lists")
    assert page.text_content("h1") == "Your lists"
    list_id = make_list(page, "Swedish techno", "Records from Stockholm.")

    # By type and id, by a www.discogs.com link (new and old forms), by this server's API link.
    assert add(page, kind="release", entity_id="1", comment="the first").status == 200
    assert page.text_content("[role=status]") == "Added to the list."
    add(page, reference="https://www.discogs.com/release/2-Any-Slug-At-All")
    add(page, reference="http://www.discogs.com/Some-Artist-Some-Title/release/3")
    add(page, reference=f"{url}/releases/4")
    assert [t.split(" - ")[-1] for t in titles(page)] == [title[n] for n in (1, 2, 3, 4)]

    # Refusals say why on the page and keep what was typed.
    refused = add(page, reference="https://example.org/release/5")
    assert refused.status == 400
    assert "not a link to a release" in page.text_content("[role=alert]")
    assert page.input_value("#reference") == "https://example.org/release/5"
    refused = add(page, kind="master", entity_id="999")
    assert refused.status == 400
    assert page.text_content("[role=alert]") == "There is no master 999 in this server's catalogue."
    add(page, reference="[r1]")
    assert page.text_content("[role=alert]") == "The list has release 1 already."
    assert len(titles(page)) == 4

    # Comment on the second item, move the first down, the last to the top, remove one.
    row(page, 2).locator("textarea").fill("a classic")
    submit(page, "#items tr:nth-child(3) button:has-text('Save comment')")
    assert page.text_content("[role=status]") == "Comment saved."
    submit(page, "#items tr:nth-child(2) button[aria-label='Move down']")
    assert page.text_content("[role=status]") == "Moved."
    last = row(page, 4)
    last.locator("input[name=position]").fill("1")
    submit(page, "#items tr:nth-child(5) button:has-text('Move')")
    expected = [title[n] for n in (4, 2, 1, 3)]
    assert [t.split(" - ")[-1] for t in titles(page)] == expected
    submit(page, "#items tr:nth-child(5) button:has-text('Remove')")
    assert page.text_content("[role=status]") == "Removed from the list."
    assert page.locator("#items .position").all_text_contents() == ["1", "2", "3"]
    page.screenshot(path=str(tmp_path / "list.png"), full_page=True)

    answer = collectors.anonymous.get(f"/lists/{list_id}")
    assert answer.status_code == 200
    document = answer.json()
    assert document["name"] == "Swedish techno"
    assert document["description"] == "Records from Stockholm."
    assert [(i["id"], i["comment"]) for i in document["items"]] == [
        (4, ""),
        (2, "a classic"),
        (1, "the first"),
    ]
    assert page.text_content("#api-url") == f"{url}/lists/{list_id}"

    # Private: the owner still reads it, anyone else is told there is no such list.
    submit(page, "#make-private")
    assert page.text_content("#visibility") == "Private: only you can see it"
    assert collectors.alice.get(f"/lists/{list_id}").status_code == 200
    hidden = collectors.anonymous.get(f"/lists/{list_id}")
    assert hidden.status_code == 404
    assert hidden.json() == {"message": "List not found"}
    assert collectors.bob.get(f"/lists/{list_id}").json() == {"message": "List not found"}
    assert collectors.anonymous.get("/users/alice/lists").json()["lists"] == []
    submit(page, "#make-public")
    assert collectors.anonymous.get(f"/lists/{list_id}").status_code == 200


def test_an_owner_renames_describes_and_deletes_a_list(collectors: Collectors, page: Any) -> None:
    signed_in(page, collectors, "/account/lists")
    list_id = make_list(page, "Draft", public=False)
    assert collectors.anonymous.get(f"/lists/{list_id}").status_code == 404

    page.fill("#name", "Finished")
    page.fill("#description", "Now with a description.")
    page.check("#public")
    submit(page, "#save-list")
    assert page.text_content("[role=status]") == "Saved."
    assert page.text_content("#list-name") == "Finished"
    document = collectors.anonymous.get(f"/lists/{list_id}").json()
    assert (document["name"], document["description"], document["public"]) == (
        "Finished",
        "Now with a description.",
        True,
    )
    assert document["uri"] == f"https://www.discogs.com/lists/Finished/{list_id}"

    page.fill("#name", "   ")
    refused = submit(page, "#save-list")
    assert refused.status == 400
    assert page.text_content("[role=alert]") == "Give the list a name."

    page.check("#confirm-delete")
    submit(page, "#delete-list")
    assert page.url.endswith("/account/lists?done=deleted")
    assert page.text_content("[role=status]") == "List deleted."
    assert collectors.alice.get(f"/lists/{list_id}").status_code == 404


def test_someone_elses_list_is_not_found_on_the_pages(collectors: Collectors, page: Any) -> None:
    signed_in(page, collectors, "/account/lists", "bob")
    bobs = make_list(page, "Bob's")
    page.goto(collectors.url + "/account/lists")
    assert page.locator("#lists a").all_text_contents() == ["Bob's"]
    alices = collectors.storage.lists.create(collectors.alice.user.id, "Alice's", "", True, 0)  # type: ignore[union-attr]
    response = page.goto(f"{collectors.url}/account/lists/{alices}")
    assert response.status == 404
    assert page.text_content("h1") == "List not found"
    assert page.goto(f"{collectors.url}/account/lists/{bobs}").status == 200
