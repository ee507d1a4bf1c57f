"""What the rate-limit tests share: Redis (the machine's, and one a test starts and stops),
an authenticator with one valid test token, a server for an app the test built, and
``discogs-service serve`` processes configured through the environment.

Redis is the one at ``DISCOGS_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``). Each
test uses keys under a prefix of its own and deletes them afterwards. Without a reachable
Redis (or without ``redis-server`` for the tests that start their own) those tests are
skipped with the reason, except when ``CI=true``: then they fail.

Its fixtures (``redis_url``, ``redis_prefix``, ``own_redis``, ``empty_storage``,
``small_catalogue``) are registered by ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from starlette.types import Receive, Scope

from discogs_service.accounts.identity import ANONYMOUS, Identity
from discogs_service.app import DiscogsApp
from discogs_service.config import Settings
from discogs_service.errors import InvalidCredentials
from discogs_service.storage import Storage, open_storage
from tests.conftest import USER_AGENT, ServerThread, free_port

REDIS_URL = os.environ.get("DISCOGS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
GOOD_TOKEN = "Discogs token=ratelimit-test-token"
BAD_TOKEN = "Discogs token=not-a-token"
BROKEN_TOKEN = "Discogs token=breaks-the-authenticator"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Redis is required when CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_url() -> str:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        _unavailable(f"Redis not reachable at {REDIS_URL}: {error}")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"discogs-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def redis_keys(url: str, prefix: str) -> dict[str, int]:
    """The prefix's keys and the requests each holds (the sizes of their sorted sets)."""
    client = redis.Redis.from_url(url)
    try:
        return {key.decode(): int(client.zcard(key)) for key in client.scan_iter(f"{prefix}:*")}
    finally:
        client.close()


class OwnRedis:
    """A redis-server of the test's own on a spare port, without persistence: stopped and
    started again, or paused, by the test (the machine's Redis is left alone)."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            _unavailable("redis-server is not installed")
        self.binary = str(binary)
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        with (self.directory / f"redis-{self.port}.log").open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=self.directory, stdout=log, stderr=subprocess.STDOUT
            )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        try:
            while True:
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"redis-server did not start on {self.port}") from None
                    time.sleep(0.05)
        finally:
            client.close()

    def pause(self) -> None:
        """Stop answering, connections left open: what a hung or overloaded Redis looks like."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.resume()  # a paused server would not act on SIGTERM
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


class TestTokens:
    """The Authenticator seam configured with one valid personal token (until the accounts
    work lands): ``GOOD_TOKEN`` is a user, ``BROKEN_TOKEN`` makes identification itself
    fail (a 500), any other ``Authorization`` is refused (401)."""

    async def identify(self, scope: Scope, receive: Receive) -> tuple[Identity, Receive]:
        for name, value in scope["headers"]:
            if name == b"authorization":
                token = value.decode("latin-1")
                if token == GOOD_TOKEN:
                    return Identity(user_id=1, username="tester"), receive
                if token == BROKEN_TOKEN:
                    raise RuntimeError("the credential store is unreachable")
                raise InvalidCredentials
        return ANONYMOUS, receive


@pytest.fixture
def empty_storage(tmp_path: Path) -> Iterator[Storage]:
    """An empty catalogue on SQLite: rate limiting does not depend on the engine."""
    store = open_storage(f"sqlite:///{tmp_path / 'ratelimit.db'}")
    yield store
    store.close()


def serve_limited(storage: Storage, **settings: object) -> ServerThread:
    """A real server (uvicorn, a socket) for the app with these settings and TestTokens."""
    config = Settings(database_url=str(storage.engine.url), **settings)  # type: ignore[arg-type]
    app = DiscogsApp(config, storage, owns_storage=False, authenticator=TestTokens())
    return ServerThread(config, storage, app=app)


SERVE = Path(sys.executable).with_name("discogs-service")
PROBE_HEADERS = {"User-Agent": USER_AGENT, "Authorization": "Discogs token=readiness-probe"}


@pytest.fixture
def small_catalogue(tmp_path: Path) -> str:
    """The database URL of an empty SQLite catalogue, migrated before any server starts (so
    processes started together do not race to create it)."""
    url = f"sqlite:///{tmp_path / 'served.db'}"
    open_storage(url).close()
    return url


class ServerProcess:
    """``discogs-service serve`` (granian, one worker) in a process of its own, configured
    only through ``DISCOGS_*`` variables as an operator would; its output goes to a file the
    test reads (``output()``)."""

    def __init__(self, directory: Path, database_url: str, **settings: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = directory / f"serve-{self.port}.log"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
        self.env["DISCOGS_DATABASE_URL"] = database_url
        self.env.update({f"DISCOGS_{name.upper()}": value for name, value in settings.items()})
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ServerProcess:
        command = [str(SERVE), "serve", "--no-sample", "--port", str(self.port)]
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=self.log.parent,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # granian's worker is stopped with it
            )
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if (status := self.process.poll()) is not None:
                raise AssertionError(f"serve exited with {status}:\n{self.output()}")
            try:
                # Credentials that fail are counted in the authenticated tier, so the probe
                # leaves the anonymous count - the one the tests read - untouched.
                httpx.get(self.url + "/", headers=PROBE_HEADERS, timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError(f"serve did not answer within 60 s:\n{self.output()}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_output(self, text: str, timeout: float = 10) -> str:
        """The output once it contains ``text``; fails with the output after ``timeout``."""
        deadline = time.monotonic() + timeout
        while text not in (output := self.output()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not in the server's output:\n{output}")
            time.sleep(0.05)
        return output
