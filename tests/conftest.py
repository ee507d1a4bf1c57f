"""Shared fixtures: real databases (SQLite and PostgreSQL), the sample catalogue, real servers.

* ``database_url`` is parametrised over both engines; each test gets an empty, migrated
  database of its own.
* Three catalogues, each imported once per session per engine and served over a real socket
  by uvicorn in a thread, with an httpx client of its server (all read-only):

  - ``sample_storage`` / ``sample_server`` / ``http``: the bundled sample catalogue;
  - ``catalogue_storage`` / ``catalogue_server`` / ``api``: the purpose-made catalogue of the
    endpoint tests (``tests/api_catalogue.py``);
  - ``search_storage`` / ``search_server`` / ``find``: the search catalogue
    (``tests/search_catalogue.py``).
* The servers started here (``sample_server``, ``serve()``) run with rate limiting switched
  off: the suite sends thousands of requests from one address. Its headers are still sent;
  ``tests/functional/test_ratelimit.py`` switches it on.

PostgreSQL is the one at ``DISCOGS_TEST_POSTGRES_URL`` (default: the local server, database
``test``). When it is unreachable the PostgreSQL half of the suite is skipped with the reason,
except when ``CI=true``: then it fails, because a green run must have tested both engines.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from discogs_service.app import DiscogsApp, create_app
from discogs_service.config import Settings
from discogs_service.importer.run import import_dump
from discogs_service.sample import sample_files
from discogs_service.storage import Storage, open_storage
from tests.api_catalogue import catalogue_files
from tests.search_catalogue import write_catalogue

# Fixtures kept beside what they set up, registered here once for every folder: Redis and
# rate-limited servers; the OAuth web site and its callback receiver.
pytest_plugins = [
    "tests.ratelimit_support",
    "tests.functional.oauth_support",
    "tests.functional.browser_support",
    "tests.collectors",
]

TESTS = Path(__file__).parent
DATA = TESTS / "data"
SHARED = TESTS.parent.parent / "shared"
POSTGRES_URL = os.environ.get(
    "DISCOGS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ENGINES = ["sqlite", "postgresql"]
USER_AGENT = "DiscogsServiceTests/1.0 +https://example.org"

_counter = itertools.count()


def _postgres_unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required when CI=true: {reason}")
    pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {reason}")


class PostgresDatabases:
    """Creates throw-away databases from a migrated template on the test server."""

    def __init__(self) -> None:
        self.admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        self.prefix = f"discogs_test_{os.getpid()}"
        self.template: str | None = None
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    def new(self) -> str:
        if self.template is None:
            self.template = f"{self.prefix}_template"
            self._execute(f'DROP DATABASE IF EXISTS "{self.template}"')
            self._execute(f'CREATE DATABASE "{self.template}"')
            open_storage(self.url(self.template)).close()  # migrate once
        name = f"{self.prefix}_{next(_counter)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.created.append(name)
        return self.url(name)

    def drop_all(self) -> None:
        for name in [*self.created, self.template]:
            if name:
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases()
    try:
        with databases.admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as error:
        _postgres_unavailable(str(error).splitlines()[0])
    yield databases
    databases.drop_all()


def new_database_url(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if engine == "sqlite":
        return f"sqlite:///{tmp_path / f'discogs-{next(_counter)}.db'}"
    databases: PostgresDatabases = request.getfixturevalue("postgres")
    return databases.new()


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database of the parametrised engine, for this test only."""
    url = new_database_url(request.param, request, tmp_path)
    open_storage(url).close()
    return url


@pytest.fixture
def storage(database_url: str) -> Iterator[Storage]:
    store = open_storage(database_url)
    yield store
    store.close()


@pytest.fixture
def make_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """Factory for extra empty databases of a given engine within one test."""
    opened: list[Storage] = []

    def make(engine: str) -> Storage:
        store = open_storage(new_database_url(engine, request, tmp_path))
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def import_sample(store: Storage) -> None:
    for path in sample_files():
        import_dump(store, path, allow_removal=False, workers=1)


def imported_once(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    files: Callable[[Path], list[Path]],
) -> Iterator[Storage]:
    """For a session fixture parametrised by engine: a database of that engine with the dump
    files ``files(directory)`` imported (written into ``directory`` if they need to be)."""
    directory = tmp_path_factory.mktemp("catalogue")
    store = open_storage(new_database_url(request.param, request, directory))
    for path in files(directory):
        import_dump(store, path, allow_removal=False, workers=1)
    yield store
    store.close()


@pytest.fixture(scope="session", params=ENGINES)
def sample_storage(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Storage]:
    """The bundled sample catalogue. Read-only: do not write."""
    yield from imported_once(request, tmp_path_factory, lambda _directory: sample_files())


@pytest.fixture(scope="session", params=ENGINES)
def catalogue_storage(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Storage]:
    """The purpose-made catalogue of ``tests/api_catalogue.py``. Read-only: do not write."""
    yield from imported_once(request, tmp_path_factory, catalogue_files)


@pytest.fixture(scope="session", params=ENGINES)
def search_storage(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Storage]:
    """The search catalogue of ``tests/search_catalogue.py``. Read-only: do not write."""
    yield from imported_once(request, tmp_path_factory, lambda d: write_catalogue(d / "dumps"))


# -- real HTTP servers ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningServer:
    url: str
    storage: Storage
    settings: Settings


class ServerThread:
    """uvicorn serving an app on a real socket in a background thread."""

    def __init__(self, settings: Settings, storage: Storage, app: DiscogsApp | None = None) -> None:
        """``app``: one the test built (another authenticator, say); else create_app's."""
        self.port = free_port()
        app = app or create_app(settings, storage)
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",
            # The app decides whom to trust with X-Forwarded-For (DISCOGS_TRUSTED_PROXIES),
            # as under granian; uvicorn would otherwise rewrite the client address itself.
            proxy_headers=False,
            # h11 refuses a head it gets in pieces past 16 KiB with its own 400, depending on
            # how the socket splits it; granian reads far more, so the app's limits must decide.
            h11_max_incomplete_event_size=256 * 1024,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("test server did not start")
            time.sleep(0.01)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


SERVE_BIN = Path(sys.executable).with_name("discogs-service")


@contextmanager
def serve_process(
    args: list[str], env: dict[str, str], log: Path, *, cwd: Path | None = None
) -> Iterator[str]:
    """``discogs-service serve ARGS`` (granian) in a process of its own on a free port, its URL
    once it answers; stopped with its workers at the end."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(SERVE_BIN), "serve", *args, "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    workers = int(args[args.index("--workers") + 1]) if "--workers" in args else 1
    try:
        _wait_until_up(url, process, log, workers)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


_WORKER_STARTED = re.compile(r"^\[INFO\] Started worker-\d+$", re.M)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, workers: int) -> None:
    """Until the server answers and every worker has started. One worker can answer while
    another still starts, and granian loses a SIGTERM that reaches a worker then: the worker
    goes on serving and its parent waits for it (seen once in 8 stops under load)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            httpx.get(url + "/", headers={"User-Agent": USER_AGENT}, timeout=1)
            if len(_WORKER_STARTED.findall(log.read_text())) >= workers:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"serve was not up within 120 s:\n{log.read_text()}")


def serve(storage: Storage, **settings: object) -> ServerThread:
    settings = {"ratelimit_enabled": False, **settings}
    return ServerThread(Settings(database_url=str(storage.engine.url), **settings), storage)  # type: ignore[arg-type]


@contextmanager
def served(storage: Storage) -> Iterator[RunningServer]:
    """``storage`` served over HTTP, rate limiting off."""
    settings = Settings(database_url=str(storage.engine.url), ratelimit_enabled=False)
    with ServerThread(settings, storage) as url:
        yield RunningServer(url, storage, settings)


@contextmanager
def client_of(server: RunningServer) -> Iterator[httpx.Client]:
    """An httpx client of ``server``, sending a User-Agent like real clients must."""
    with httpx.Client(base_url=server.url, headers={"User-Agent": USER_AGENT}) as client:
        yield client


@pytest.fixture(scope="session")
def sample_server(sample_storage: Storage) -> Iterator[RunningServer]:
    with served(sample_storage) as server:
        yield server


@pytest.fixture
def http(sample_server: RunningServer) -> Iterator[httpx.Client]:
    with client_of(sample_server) as client:
        yield client


@pytest.fixture(scope="session")
def catalogue_server(catalogue_storage: Storage) -> Iterator[RunningServer]:
    with served(catalogue_storage) as server:
        yield server


@pytest.fixture
def api(catalogue_server: RunningServer) -> Iterator[httpx.Client]:
    with client_of(catalogue_server) as client:
        yield client


@pytest.fixture(scope="session")
def search_server(search_storage: Storage) -> Iterator[RunningServer]:
    with served(search_storage) as server:
        yield server


@pytest.fixture
def find(search_server: RunningServer) -> Iterator[httpx.Client]:
    with client_of(search_server) as client:
        yield client
