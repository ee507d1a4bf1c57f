"""What the tests of the client against our server's users' data share: a ``Drive`` that runs
one scenario on the blocking client or on the async one, the ``Cast`` a scenario plays with
(an owner, another user, nobody), and a ``Trace`` of the client methods a scenario called.

The scenarios are typed against the blocking ``Client``. The async client has the same
surface (the blocking code is written from it by scripts/unasync.py), so a scenario runs on
either: ``run(call)`` is the call's value for the blocking client and awaits it on the
drive's event loop for the async one; ``run.every(pages)`` collects a paged list both ways.
Every value a scenario reads goes through the drive, which also checks that the client's
models named every key the server sent (nothing left in a model's ``extra``).
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, TypeVar, cast

import pytest

from discogs_service.storage.accounts import UserRow
from discogs_service_client import (
    AsyncClient,
    AsyncCollectionResource,
    AsyncFolderResource,
    AsyncInstanceResource,
    AsyncPages,
    AsyncUserResource,
    AsyncWantlistResource,
    Client,
    CollectionResource,
    FolderResource,
    HTTPStatusError,
    InstanceResource,
    Pages,
    UserResource,
    WantlistResource,
)
from tests.client.conftest import QUICK_RETRIES
from tests.client.lossless import unknown_keys
from tests.collectors import Collectors, Member
from tests.conftest import USER_AGENT

T = TypeVar("T")
KINDS = ["sync", "async"]

# The live API's refusal of anyone but the owner (api-surface.md §3-5, DAC 2026).
NOT_OWNER = (
    "You are not allowed to view this resource. Please authenticate as the owner to view "
    "this content."
)


class Drive:
    """One kind of client (``sync`` or ``async``) and how to read a plain value from it."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind = kind
        self.url = url
        self._loop = asyncio.new_event_loop() if kind == "async" else None
        self._clients: list[Client | AsyncClient] = []

    def client(self, member: Member) -> Client:
        """A client signed in as ``member`` (no token: anonymous), typed as the blocking one
        whichever it is (see the module's docstring)."""
        options: dict[str, Any] = {"base_url": self.url, "retries": QUICK_RETRIES}
        if member.token:
            options["token"] = member.token
        made: Client | AsyncClient
        made = AsyncClient(USER_AGENT, **options) if self._loop else Client(USER_AGENT, **options)
        self._clients.append(made)
        return cast(Client, made)

    def __call__(self, result: T) -> T:
        """The value of a client call, checked to have lost nothing of the server's answer."""
        value: T = self._loop.run_until_complete(result) if self._loop else result  # type: ignore[arg-type]
        assert unknown_keys(value) == [], f"keys the client's models lack: {unknown_keys(value)}"
        return value

    def every(self, pages: Pages[T]) -> list[T]:
        """Every item of a paged list, iterated as a user of this kind of client would."""
        if self._loop is None:
            return self(list(pages))
        return self(_collect(cast(AsyncPages[T], pages)))

    def refusal(self, call: Callable[[], object], error: type[HTTPStatusError]) -> str:
        """The message of the error a call must raise (of exactly that type)."""
        with pytest.raises(error) as raised:
            self(call())
        assert type(raised.value) is error, raised.value
        return raised.value.message

    def close(self) -> None:
        for made in self._clients:
            if isinstance(made, AsyncClient):
                assert self._loop is not None
                self._loop.run_until_complete(made.aclose())
            else:
                made.close()
        if self._loop is not None:
            self._loop.close()


async def _collect(pages: AsyncPages[T]) -> list[T]:
    return [item async for item in pages]


@dataclass
class Cast:
    """Who plays in a scenario: the owner of the data, another signed-in user, nobody."""

    run: Drive
    collectors: Collectors
    owner_member: Member
    other_member: Member
    owner: Client = field(init=False)
    other: Client = field(init=False)
    anonymous: Client = field(init=False)

    def __post_init__(self) -> None:
        self.owner = self.run.client(self.owner_member)
        self.other = self.run.client(self.other_member)
        self.anonymous = self.run.client(self.collectors.anonymous)

    @property
    def name(self) -> str:
        return self.owner_member.name

    @property
    def owner_row(self) -> UserRow:
        assert self.owner_member.user is not None
        return self.owner_member.user


@contextmanager
def driven(kind: str, collectors: Collectors, owner: Member, other: Member) -> Iterator[Cast]:
    drive = Drive(kind, collectors.url)
    try:
        yield Cast(drive, collectors, owner, other)
    finally:
        drive.close()


# -- which methods are users' data, and which a scenario called --------------------------------

# The handles of users' data, blocking and async: every public method of each is one.
USER_DATA_RESOURCES: list[type] = [
    UserResource,
    CollectionResource,
    FolderResource,
    InstanceResource,
    WantlistResource,
    AsyncUserResource,
    AsyncCollectionResource,
    AsyncFolderResource,
    AsyncInstanceResource,
    AsyncWantlistResource,
]
# Public methods of those handles and of the clients that are not users' data, with why. A
# method added to any of them must be exercised or named here.
NOT_USER_DATA = {
    "UserResource.inventory": "the marketplace's (tests/client/test_recorded_endpoints.py)",
    "Client.service": "the catalogue's",
    "Client.release": "the catalogue's",
    "Client.release_stats": "the catalogue's",
    "Client.master": "the catalogue's",
    "Client.artist": "the catalogue's",
    "Client.label": "the catalogue's",
    "Client.search": "the catalogue's",
    "Client.follow": "links of any answer (tests/client/test_http.py)",
    "Client.request_token": "OAuth (tests/client/test_auth.py)",
    "Client.access_token": "OAuth (tests/client/test_auth.py)",
    "Client.close": "the client's own lifetime",
    "Client.aclose": "the client's own lifetime",
}


def user_data_methods() -> set[str]:
    """``Class.method`` of every public method of the clients and the users' data handles
    (the async ones named as their blocking twins), less those of ``NOT_USER_DATA``."""
    names = {
        f"{_blocking(cls.__name__)}.{name}"
        for cls in [*USER_DATA_RESOURCES, Client, AsyncClient]
        for name, member in vars(cls).items()
        if not name.startswith("_") and inspect.isfunction(member)
    }
    return names - set(NOT_USER_DATA)


class Trace:
    """The client methods called in this thread while active: a trace hook that only sees
    functions start (it asks for no line events) and changes nothing they do. A tracer
    already set (coverage's) is put back afterwards."""

    def __init__(self) -> None:
        self.called: set[str] = set()
        self._files = {
            inspect.getsourcefile(cls) for cls in [*USER_DATA_RESOURCES, Client, AsyncClient]
        }

    def __enter__(self) -> Trace:
        self._previous = sys.gettrace()
        sys.settrace(self._watch)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self._previous)

    def _watch(self, frame: FrameType, event: str, _arg: object) -> None:
        code = frame.f_code
        if event == "call" and code.co_filename in self._files:
            self.called.add(_blocking(code.co_qualname))


def _blocking(name: str) -> str:
    return name.removeprefix("Async")
