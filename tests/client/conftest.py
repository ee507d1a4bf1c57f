"""Fixtures of the client tests.

* ``catalogue`` / ``client`` (and ``async_client(url)``): the purpose-made catalogue of
  ``tests/api_catalogue.py`` served over a real socket on each engine, and clients of it.
* ``fixture``: a local HTTP server answering with recorded (or test-written) bodies, for the
  endpoints the server does not serve yet and for failures on demand.
* ``accounts``: an empty database of each engine with a server and its accounts (users,
  tokens, applications), for what needs a user.

The servers here run with their rate limiter off (they still send the headers);
tests/client/test_ratelimit.py starts servers with it on.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from discogs_service.storage import Storage
from discogs_service_client import AsyncClient, Client, Retries
from tests.client.fixture_server import FixtureServer
from tests.conftest import USER_AGENT, RunningServer
from tests.functional.accounts_support import AccountsServer, accounts_server

# Retries that do not make a test wait: the backoff's shape is tested in test_retry.py.
QUICK_RETRIES = Retries(attempts=3, base=0.01, cap=0.05)


@pytest.fixture
def catalogue(catalogue_server: RunningServer) -> RunningServer:
    return catalogue_server


@pytest.fixture
def client(catalogue: RunningServer) -> Iterator[Client]:
    with Client(USER_AGENT, base_url=catalogue.url, retries=QUICK_RETRIES) as discogs:
        yield discogs


def async_client(url: str, **options: object) -> AsyncClient:
    """An async client of ``url``; tests run it with ``asyncio.run`` (no async plugin)."""
    options = {"retries": QUICK_RETRIES, **options}
    return AsyncClient(USER_AGENT, base_url=url, **options)  # type: ignore[arg-type]


@pytest.fixture
def fixture() -> Iterator[FixtureServer]:
    with FixtureServer() as server:
        yield server


def fixture_client(server: FixtureServer, **options: object) -> Client:
    options = {"retries": QUICK_RETRIES, "token": "fixture-token", **options}
    return Client(USER_AGENT, base_url=server.url, **options)  # type: ignore[arg-type]


@pytest.fixture
def accounts(storage: Storage) -> Iterator[AccountsServer]:
    with accounts_server(storage) as server:
        yield server
