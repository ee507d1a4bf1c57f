"""What every request goes through, against the local fixture server (failures on demand)
and the served catalogue (ETags): the error of each status with the API's message, bounded
retries of 429 and 5xx with backoff, no retry of a POST that may have been done, transport
errors, the User-Agent and credentials on the wire, conditional requests."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from discogs_service_client import (
    AsyncClient,
    BadRequest,
    Client,
    ClientError,
    Conflict,
    DecodingError,
    DiscogsError,
    ETagCache,
    Forbidden,
    HTTPStatusError,
    MethodNotAllowed,
    NotFound,
    RateLimited,
    Retries,
    ServerError,
    TransportError,
    Unauthorized,
    UnprocessableEntity,
)
from tests.client.conftest import QUICK_RETRIES, fixture_client
from tests.client.fixture_server import Answer, FixtureServer
from tests.conftest import USER_AGENT, RunningServer, free_port

RELEASE = {"id": 1, "title": "Stockholm"}
TOO_QUICK = {"message": "You are making requests too quickly."}


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequest),
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (405, MethodNotAllowed),
        (409, Conflict),
        (422, UnprocessableEntity),
        (418, ClientError),
    ],
)
def test_each_error_status_is_its_exception(
    fixture: FixtureServer, status: int, kind: type[HTTPStatusError]
) -> None:
    fixture.answer("GET", "/releases/1", Answer(status, {"message": f"status {status}"}))
    with fixture_client(fixture) as discogs, pytest.raises(kind) as raised:
        discogs.release(1)
    assert type(raised.value) is kind
    assert (raised.value.status, raised.value.message) == (status, f"status {status}")
    assert isinstance(raised.value, DiscogsError)
    assert len(fixture.seen) == 1  # a 4xx is not retried


def test_a_422_carries_the_apis_detail(fixture: FixtureServer) -> None:
    detail = [{"msg": "Invalid folder_id: folder does not exist.", "loc": ["path", "folder_id"]}]
    body = {"detail": detail, "message": 'See "detail" for validation errors.'}
    fixture.answer(
        "POST", r"/users/u/collection/folders/9/releases/1/instances/2/fields/3", Answer(422, body)
    )
    with fixture_client(fixture) as discogs, pytest.raises(UnprocessableEntity) as raised:
        discogs.user("u").collection.folder(9).instance(1, 2).set_field(3, "x")
    assert raised.value.detail == detail


def test_a_429_is_retried_with_backoff_then_succeeds(fixture: FixtureServer) -> None:
    fixture.answers(
        "GET", "/releases/1", Answer(429, TOO_QUICK), Answer(429, b"\n"), Answer(200, RELEASE)
    )
    retries = Retries(attempts=3, base=0.05, cap=1.0)
    with fixture_client(fixture, retries=retries) as discogs:
        started = time.monotonic()
        assert discogs.release(1).title == "Stockholm"
        waited = time.monotonic() - started
    assert len(fixture.seen) == 3
    # Two waits: 0.025-0.05 s, then 0.05-0.1 s.
    assert 0.075 <= waited < 1.0


def test_retries_are_bounded_and_the_last_error_is_raised(fixture: FixtureServer) -> None:
    fixture.answer("GET", "/releases/1", Answer(429, TOO_QUICK))
    with (
        fixture_client(fixture, retries=QUICK_RETRIES) as discogs,
        pytest.raises(RateLimited) as raised,
    ):
        discogs.release(1)
    assert raised.value.message == "You are making requests too quickly."
    assert len(fixture.seen) == 1 + QUICK_RETRIES.attempts


def test_an_empty_429_still_reads_as_rate_limited(fixture: FixtureServer) -> None:
    fixture.answer("GET", "/releases/1", Answer(429, b"\n"))
    with fixture_client(fixture, retries=0) as discogs, pytest.raises(RateLimited) as raised:
        discogs.release(1)
    assert raised.value.message == ""


def test_a_5xx_get_is_retried_and_a_5xx_post_is_not(fixture: FixtureServer) -> None:
    error = Answer(500, {"message": "An internal server error occurred (code: 0f)."})
    fixture.answers(
        "GET", "/releases/1", error, Answer(502, b"<html>bad gateway</html>"), Answer(200, RELEASE)
    )
    fixture.answer("POST", "/marketplace/listings", error)
    with fixture_client(fixture) as discogs:
        assert discogs.release(1).id == 1
        with pytest.raises(ServerError) as raised:
            discogs.marketplace.create_listing(release_id=1, condition="Mint (M)", price=10.0)
    assert raised.value.status == 500
    assert raised.value.message.startswith("An internal server error occurred")
    assert [seen.method for seen in fixture.seen] == ["GET", "GET", "GET", "POST"]


def test_a_429_on_a_post_is_retried(fixture: FixtureServer) -> None:
    """The API refused it before doing anything: sending it again cannot double it."""
    created = {"listing_id": 7, "resource_url": "x"}
    fixture.answers("POST", "/marketplace/listings", Answer(429, TOO_QUICK), Answer(201, created))
    with fixture_client(fixture) as discogs:
        listing = discogs.marketplace.create_listing(release_id=1, condition="Mint (M)", price=1.5)
    assert listing.listing_id == 7
    assert len(fixture.requests("POST")) == 2


def test_no_answer_is_a_transport_error_after_retries() -> None:
    nobody = f"http://127.0.0.1:{free_port()}"
    with (
        Client(USER_AGENT, base_url=nobody, retries=QUICK_RETRIES) as discogs,
        pytest.raises(TransportError),
    ):
        discogs.release(1)


def test_a_dropped_connection_is_retried(fixture: FixtureServer) -> None:
    fixture.answers("GET", "/releases/1", Answer(0), Answer(200, RELEASE))
    with fixture_client(fixture) as discogs:
        assert discogs.release(1).title == "Stockholm"
    assert len(fixture.seen) == 2


def test_a_body_of_another_shape_is_a_decoding_error(fixture: FixtureServer) -> None:
    fixture.answer("GET", "/releases/1", Answer(200, {"id": "one"}))
    with fixture_client(fixture) as discogs, pytest.raises(DecodingError, match="Release"):
        discogs.release(1)


def test_user_agent_and_credentials_are_sent_in_headers(fixture: FixtureServer) -> None:
    fixture.answer("GET", "/releases/1", Answer(200, RELEASE))
    with fixture_client(fixture, token="abc") as discogs:
        discogs.release(1, curr_abbr="EUR")
    seen = fixture.seen[0]
    assert seen.headers["user-agent"] == USER_AGENT
    assert seen.headers["authorization"] == "Discogs token=abc"
    assert seen.query == {"curr_abbr": "EUR"}  # the token never goes into the query string


def test_the_async_client_retries_the_same_way(fixture: FixtureServer) -> None:
    fixture.answers("GET", "/releases/1", Answer(503, b""), Answer(200, RELEASE))

    async def read() -> str:
        async with AsyncClient(USER_AGENT, base_url=fixture.url, retries=QUICK_RETRIES) as discogs:
            return (await discogs.release(1)).title

    assert asyncio.run(read()) == "Stockholm"
    assert len(fixture.seen) == 2


class Recorder(httpx.HTTPTransport):
    """A real transport that remembers the status of every answer."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[int] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.statuses.append(response.status_code)
        return response


def test_an_unchanged_release_is_read_again_with_a_304(catalogue: RunningServer) -> None:
    recorder = Recorder()
    cache = ETagCache(max_entries=10)
    with Client(USER_AGENT, base_url=catalogue.url, cache=cache, transport=recorder) as discogs:
        first = discogs.release(5134861)
        again = discogs.release(5134861)
        master = discogs.master(156551).get()
        master_again = discogs.master(156551).get()
    assert recorder.statuses == [200, 304, 200, 304]
    assert again == first
    assert master_again == master
    assert len(cache) == 2


def test_without_a_cache_nothing_is_conditional(catalogue: RunningServer) -> None:
    recorder = Recorder()
    with Client(USER_AGENT, base_url=catalogue.url, transport=recorder) as discogs:
        discogs.release(5134861)
        discogs.release(5134861)
    assert recorder.statuses == [200, 200]


def test_the_cache_forgets_the_least_recently_used() -> None:
    cache = ETagCache(max_entries=2)
    cache.store("a", '"1"', b"A")
    cache.store("b", '"2"', b"B")
    assert cache.body("a") == b"A"  # a is now the most recent
    cache.store("c", '"3"', b"C")
    assert (cache.etag("a"), cache.etag("b"), cache.etag("c")) == ('"1"', None, '"3"')
    with pytest.raises(ValueError):
        ETagCache(max_entries=0)


def test_in_process_app_through_an_asgi_transport(catalogue: RunningServer) -> None:
    """The transport seam: the async client talks to the app in this process, no socket."""
    from discogs_service.app import create_app

    app = create_app(catalogue.settings, catalogue.storage)

    async def read() -> str:
        transport = httpx.ASGITransport(app=app)
        async with AsyncClient(USER_AGENT, base_url="http://app", transport=transport) as discogs:
            return (await discogs.release(5134861)).title

    assert asyncio.run(read()) == "Glory To The Brave"
