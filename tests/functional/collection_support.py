"""Helpers of the collection tests: making folders and instances as alice, reading a
refusal."""

from __future__ import annotations

import httpx

from tests.collectors import Collectors, Member

NO_FOLDER = "The requested folder does not exist."
NO_INSTANCE = "The requested collection item does not exist in this user's collection."
NO_USER = "User does not exist or may have been deleted."


def refusal(answer: httpx.Response) -> tuple[int, str]:
    """(status, message) of a JSON error answer."""
    assert answer.headers["content-type"] == "application/json", answer.text
    return answer.status_code, answer.json()["message"]


def make_folder(collectors: Collectors, name: str, member: Member | None = None) -> int:
    member = member or collectors.alice
    answer = member.post(f"/users/{member.name}/collection/folders", json={"name": name})
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def add(
    collectors: Collectors, folder_id: int, release_id: int, member: Member | None = None
) -> int:
    """A new instance of the release in the folder; its instance id."""
    member = member or collectors.alice
    answer = member.post(
        f"/users/{member.name}/collection/folders/{folder_id}/releases/{release_id}"
    )
    assert answer.status_code == 201, answer.text
    return int(answer.json()["instance_id"])
