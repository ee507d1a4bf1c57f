"""The RSGI entry point (``rsgi.py``, what ``discogs-service serve`` runs) answers every
request exactly as the ASGI app does: both serve one database of each engine, and each
request below - every resource group, errors, methods, bodies, credentials, conditional and
compressed answers, the web pages - is sent to both and compared: status, headers (less the
server's own Date and Server) and body. Each request also names the status it must get: two
servers that agree on a wrong answer fail too."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from oauthlib import oauth1

from discogs_service.accounts.crypto import SecretBox
from discogs_service.accounts.service import Accounts
from discogs_service.config import Settings
from discogs_service.storage import Storage
from tests.conftest import USER_AGENT, ServerThread, import_sample, serve_process
from tests.functional.accounts_support import (
    SERVER_KEY,
    AccountsServer,
    OAuthAccess,
    accounts_settings,
    consumer_header,
    plaintext_oauth_header,
    token_header,
)
from tests.functional.oauth_support import signer

HOST = "api.example.test:8080"  # both servers build their links from it
SERVER_HEADERS = {"date", "server"}


@dataclass(frozen=True)
class Call:
    status: int  # the answer's status: both servers must give it, not merely agree
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None  # bytes, or a dict sent as JSON
    # Answers that hold something new each time (a fresh OAuth token): status and header
    # names only.
    volatile: bool = False

    def __str__(self) -> str:
        return f"{self.method} {self.path[:80]}"  # some paths are thousands of characters

    def send(self, client: httpx.Client) -> httpx.Response:
        kwargs: dict[str, Any] = {"headers": {"Host": HOST, **self.headers}}
        if isinstance(self.body, dict):
            kwargs["json"] = self.body
        elif self.body is not None:
            kwargs["content"] = self.body
        return client.request(self.method, self.path, **kwargs)


@dataclass
class TwoServers:
    asgi: str
    rsgi: str
    token: str
    consumer: tuple[str, str]
    access: OAuthAccess


@contextmanager
def _two_servers(storage: Storage, directory: Path, **limits: Any) -> Iterator[TwoServers]:
    """The ASGI app (uvicorn, in this process) and ``discogs-service serve`` (RSGI, in its
    own) on one database with the sample catalogue and a user; ``limits``: rate limiting
    on, with these settings (else off)."""
    import_sample(storage)
    settings = dataclasses.replace(
        accounts_settings(storage),
        allowed_hosts=(HOST.partition(":")[0],),
        ratelimit_enabled=bool(limits),
        **limits,
    )
    with ServerThread(settings, storage) as asgi_url:
        accounts = AccountsServer(asgi_url, storage, _accounts(settings, storage))
        alice = accounts.user("alice")
        token = accounts.token(alice)
        app = accounts.application(alice)
        access = accounts.oauth_access(alice, app)
        consumer = (app.consumer_key, app.consumer_secret)
        with _rsgi_server(settings, directory) as rsgi_url:
            yield TwoServers(asgi_url, rsgi_url, token, consumer, access)


def _accounts(settings: Settings, storage: Storage) -> Accounts:
    return Accounts(storage.accounts, SecretBox(settings))


@contextmanager
def _clients(servers: TwoServers) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    with (
        httpx.Client(base_url=servers.asgi, headers={"User-Agent": USER_AGENT}) as asgi,
        httpx.Client(base_url=servers.rsgi, headers={"User-Agent": USER_AGENT}) as rsgi,
    ):
        yield asgi, rsgi


def _rsgi_server(settings: Settings, directory: Path) -> AbstractContextManager[str]:
    """``discogs-service serve`` (RSGI, its default) with ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    env.update(
        DISCOGS_DATABASE_URL=settings.database_url,
        DISCOGS_SECRET_KEY=SERVER_KEY,
        DISCOGS_RATELIMIT_ENABLED=str(settings.ratelimit_enabled).lower(),
        DISCOGS_RATELIMIT_ANONYMOUS=str(settings.ratelimit_anonymous),
        DISCOGS_TRUSTED_PROXIES=",".join(settings.trusted_proxies),
        DISCOGS_ALLOWED_HOSTS=",".join(settings.allowed_hosts),
    )
    return serve_process(["--no-sample"], env, directory / "serve.log")


def _calls(servers: TwoServers, etag: str) -> list[Call]:
    token = token_header(servers.token)
    key, secret = servers.consumer
    return [
        # the catalogue's documents and lists
        Call(200, "GET", "/"),
        Call(200, "GET", "/releases/1"),
        Call(200, "GET", "/releases/1?curr_abbr=EUR"),
        Call(200, "GET", "/releases/%31"),
        Call(200, "GET", "/releases/1/rating"),
        Call(200, "GET", "/releases/1/stats"),
        Call(200, "GET", "/artists/1"),
        Call(200, "GET", "/artists/1/releases?sort=year&sort_order=desc&per_page=2&page=2"),
        Call(200, "GET", "/labels/1"),
        Call(200, "GET", "/labels/1/releases?per_page=1"),
        Call(200, "GET", "/masters/160"),
        Call(200, "GET", "/masters/160/versions?format=Vinyl&sort=released"),
        # conditional, compressed and bodiless answers
        Call(304, "GET", "/releases/1", {"If-None-Match": etag}),
        Call(200, "GET", "/releases/1", {"Accept-Encoding": "gzip"}),
        Call(200, "HEAD", "/releases/1"),
        Call(404, "HEAD", "/nowhere"),
        # errors
        Call(404, "GET", "/releases/999999999"),
        Call(404, "GET", "/masters/999999999"),
        Call(304, "GET", "/masters/160", {"If-None-Match": "*"}),
        Call(404, "GET", "/releases/99999999999999999999999"),
        Call(404, "GET", "/releases/" + "9" * 5000),
        Call(200, "GET", "/releases/0001"),
        Call(404, "GET", "/releases/١"),
        Call(404, "GET", "/releases/abc"),
        Call(404, "GET", "/releases/1/"),
        Call(404, "GET", "/r%C3%A9leases/1"),
        Call(422, "GET", "/artists/1/releases?per_page=abc"),
        Call(404, "GET", "/labels/1/releases?page=9999"),
        Call(422, "GET", "/masters/160/versions?sort=nonsense"),
        Call(422, "GET", "/users/a%00b"),
        Call(422, "GET", "/database/search?q=%00"),
        Call(422, "GET", "/database/search?q=" + "x" * 2000),
        Call(204, "OPTIONS", "/releases/1", {"Access-Control-Request-Method": "GET"}),
        Call(404, "OPTIONS", "/nowhere"),
        Call(405, "DELETE", "/releases/1"),
        Call(405, "POST", "/releases/1", body=b"x" * 5000),
        Call(405, "PUT", "/artists/1", {"Content-Type": "application/json"}, {"a": 1}),
        Call(403, "GET", "/releases/1", {"User-Agent": ""}),
        Call(200, "GET", "/releases/1", {"Content-Type": "text/plain"}, b"a body on a GET"),
        # credentials and the owner's data
        Call(200, "GET", "/database/search?q=stockholm"),
        Call(200, "GET", "/database/search?q=bj%C3%B6rk&type=artist", token),
        Call(200, "GET", f"/database/search?q=stockholm&token={servers.token}"),
        Call(200, "GET", f"/database/search?q=persuader&key={key}&secret={secret}"),
        Call(200, "GET", "/database/search?q=persuader", consumer_header(key, secret)),
        Call(401, "GET", "/releases/1", token_header("not-a-token")),
        Call(200, "GET", "/users/alice"),
        Call(200, "GET", "/users/alice", token),
        Call(200, "POST", "/users/alice", token, {"location": "Oslo", "name": "Alice"}),
        Call(
            200,
            "POST",
            f"/users/alice?token={servers.token}",
            {"Content-Type": "application/x-www-form-urlencoded"},
            b"location=Bergen",
        ),
        Call(200, "GET", "/oauth/identity", token),
        Call(
            200, "GET", "/oauth/request_token", plaintext_oauth_header(key, secret), volatile=True
        ),
        Call(401, "POST", "/oauth/request_token", plaintext_oauth_header(key, "wrong")),
        # the web pages
        Call(400, "GET", "/oauth/authorize?oauth_token=unknown"),
        Call(200, "GET", "/static/discogs-service.css"),
    ]


def test_rsgi_answers_every_request_as_the_asgi_app(storage: Storage, tmp_path: Path) -> None:
    with _two_servers(storage, tmp_path) as servers, _clients(servers) as (asgi, rsgi):
        etag = asgi.get("/releases/1", headers={"Host": HOST}).headers["etag"]
        # Each server gets its own list: an OAuth header's nonce may be sent once only.
        calls = zip(_calls(servers, etag), _calls(servers, etag), strict=True)
        _assert_same_answers(asgi, rsgi, calls)


def test_rsgi_counts_and_refuses_as_the_asgi_app(storage: Storage, tmp_path: Path) -> None:
    """The hot path's rate limit: counted per client (behind a trusted proxy too), the 429
    and the headers of every answer."""
    limits = {"ratelimit_anonymous": 3, "trusted_proxies": ("127.0.0.1",)}
    with _two_servers(storage, tmp_path, **limits) as servers, _clients(servers) as (asgi, rsgi):
        paths = ("/releases/1", "/masters/160", "/artists/1", "/labels/1", "/labels/9")
        calls = [
            Call(status, "GET", path, {"X-Forwarded-For": client})
            for client in ("203.0.113.5", "198.51.100.7, 203.0.113.6")
            for path, status in zip(paths, [200, 200, 200, 429, 429], strict=True)
        ]
        _assert_same_answers(asgi, rsgi, [(call, call) for call in calls])


def test_rsgi_verifies_signatures_as_the_asgi_app(storage: Storage, tmp_path: Path) -> None:
    """HMAC-SHA1 signs the URL the client sent and a form body: RSGI hands over a decoded
    path and the body apart, and the signatures must still verify (or fail) alike."""
    with _two_servers(storage, tmp_path) as servers, _clients(servers) as (asgi, rsgi):
        app = servers.access.application
        owner = (servers.access.token, servers.access.secret)
        answers = []
        for http in (asgi, rsgi):
            identity = signer(app, token=owner)
            tampered = signer(app, token=(owner[0], "wrong"))
            consumer = signer(app, callback_uri="oob")
            answers.append(
                [
                    _signed(http, identity, "GET", "/oauth/identity"),
                    _signed(http, identity, "GET", "/users/alice?x=a%20b&y=%E2%98%83"),
                    _signed(http, tampered, "GET", "/oauth/identity"),
                    _signed(http, consumer, "POST", "/oauth/request_token", "a=b+c"),
                ]
            )
    assert answers[0] == answers[1]
    assert [answer[0] for answer in answers[0]] == [200, 200, 401, 200]


def _signed(
    http: httpx.Client, client: oauth1.Client, method: str, path: str, form: str | None = None
) -> tuple[Any, ...]:
    """Sign for ``HOST`` (the URL the server builds from the Host header) and send to
    ``http``'s server; the comparable answer (a request token's body is new each time)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if form else {}
    _uri, signed, body = client.sign(f"http://{HOST}{path}", method, form, headers)
    response = http.request(method, path, headers={**signed, "Host": HOST}, content=body)
    return _comparable(response, volatile=path == "/oauth/request_token")


def _assert_same_answers(
    asgi: httpx.Client, rsgi: httpx.Client, calls: Iterable[tuple[Call, Call]]
) -> None:
    """Each call answered by the ASGI app with its status, and its twin answered alike by
    RSGI: every problem listed at once."""
    problems = []
    for call, twin in calls:
        expected = _comparable(call.send(asgi), call.volatile)
        answered = _comparable(twin.send(rsgi), call.volatile)
        if expected[0] != call.status:
            problems.append(f"{call}: {expected[0]}, expected {call.status}")
        if expected != answered:
            problems.append(f"{call}:\n  asgi {expected}\n  rsgi {answered}")
    assert not problems, "\n".join(problems)


def _comparable(response: httpx.Response, volatile: bool) -> tuple[Any, ...]:
    """Status, headers and body; of an answer that holds something new each time
    (``volatile``), status and header names only."""
    headers = sorted(
        (name, "" if volatile else _without_session(name, value))
        for name, value in response.headers.multi_items()
        if name not in SERVER_HEADERS and not (volatile and name == "content-length")
    )
    body = b"" if volatile else response.content
    return response.status_code, headers, body


def _without_session(name: str, value: str) -> str:
    """A new browser session's cookie holds a random id; the rest of it must agree."""
    if name != "set-cookie":
        return value
    cookie, _sep, attributes = value.partition(";")
    return cookie.split("=", 1)[0] + "=...;" + attributes
