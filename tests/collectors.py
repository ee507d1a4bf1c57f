"""A server for the tests of users' own data (collections, wantlists, ratings, lists): an
empty database of each engine with a small catalogue of real releases, two users with
personal tokens, served over a real socket.

    def test_x(collectors: Collectors) -> None:
        alice = collectors.alice              # the owner, signed in with her token
        alice.post("/users/alice/collection/folders", json={"name": "Jazz"})
        collectors.anonymous.get("/users/alice/collection/folders")
        collectors.bob.get(...)               # another user

The catalogue holds releases 1..RELEASES only (real records of the 2020 excerpt, renumbered;
the masters, artists and labels they name are not imported). Each test gets its own
database, so community figures start at zero. The fixture is registered for every test
module (``pytest_plugins`` in tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from discogs_service.accounts.crypto import SecretBox
from discogs_service.accounts.service import Accounts
from discogs_service.importer.run import import_dump
from discogs_service.storage import Storage
from discogs_service.storage.accounts import UserRow
from tests.conftest import USER_AGENT, ServerThread
from tests.dumpfiles import many_releases, write_dump
from tests.functional.accounts_support import PASSWORD_OF, accounts_settings, token_header

RELEASES = 40


@dataclass
class Member:
    """A user of the server and an HTTP client signed in as them (or nobody)."""

    user: UserRow | None
    token: str
    client: httpx.Client

    @property
    def name(self) -> str:
        assert self.user is not None
        return self.user.username

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return self.client.get(path, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, **kwargs: object) -> httpx.Response:
        return self.client.post(path, **kwargs)  # type: ignore[arg-type]

    def put(self, path: str, **kwargs: object) -> httpx.Response:
        return self.client.put(path, **kwargs)  # type: ignore[arg-type]

    def delete(self, path: str, **kwargs: object) -> httpx.Response:
        return self.client.delete(path, **kwargs)  # type: ignore[arg-type]


@dataclass
class Collectors:
    url: str
    storage: Storage
    accounts: Accounts
    alice: Member
    bob: Member
    anonymous: Member

    def member(self, name: str) -> Member:
        """A further user, signed in with a token of their own."""
        user = self.accounts.create_user(name, f"{name}@example.org", PASSWORD_OF.format(name))
        _id, token = self.accounts.create_token(user, "tests")
        return Member(user, token, _client(self.url, token))

    def set_privacy(self, name: str, *, collection: bool, wantlist: bool) -> None:
        self.accounts.set_privacy(name, collection_public=collection, wantlist_public=wantlist)


def _client(url: str, token: str = "") -> httpx.Client:
    headers = {"User-Agent": USER_AGENT, **(token_header(token) if token else {})}
    return httpx.Client(base_url=url, headers=headers, timeout=30)


def import_small_catalogue(storage: Storage, directory: Path, count: int = RELEASES) -> None:
    """Releases 1..count into ``storage`` (real records, renumbered)."""
    path = write_dump(directory / "releases.xml", "releases", list(many_releases(count)))
    import_dump(storage, path, allow_removal=False, workers=1)


@pytest.fixture
def collectors(storage: Storage, tmp_path: Path) -> Iterator[Collectors]:
    """The server of this module's docstring, on each engine."""
    with serve_collectors(storage, tmp_path) as served:
        yield served


@contextmanager
def serve_collectors(storage: Storage, directory: Path) -> Iterator[Collectors]:
    """The small catalogue imported into ``storage`` (an empty database), served, with alice
    and bob signed in: for fixtures of a wider scope than ``collectors``."""
    import_small_catalogue(storage, directory)
    settings = accounts_settings(storage)
    accounts = Accounts(storage.accounts, SecretBox(settings))
    with ServerThread(settings, storage) as url:
        members = []
        for name in ("alice", "bob"):
            user = accounts.create_user(name, f"{name}@example.org", PASSWORD_OF.format(name))
            _id, token = accounts.create_token(user, "tests")
            members.append(Member(user, token, _client(url, token)))
        anonymous = Member(None, "", _client(url))
        try:
            yield Collectors(url, storage, accounts, members[0], members[1], anonymous)
        finally:
            for member in (*members, anonymous):
                member.client.close()
