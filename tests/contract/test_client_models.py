"""The server's own answers decode into the client's models with nothing lost and no key the
models do not name: if the server grows a field the client does not know (or renames one),
this fails, so server and client cannot drift apart.

Answers of every endpoint the server has: the purpose-made catalogue (``catalogue_server``),
the bundled sample (``sample_server``: real dump records of several eras, every document of
the first hundred search hits of each kind), and a server with accounts for identity and
profiles. The models are chosen by the same route table the recordings test uses.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from discogs_service.storage import Storage
from discogs_service_client._models._base import decode
from tests.client.lossless import losses, unknown_keys
from tests.client.recordings import model_for
from tests.conftest import USER_AGENT, RunningServer
from tests.functional.accounts_support import accounts_server, token_header

CATALOGUE_PATHS = [
    "/",
    "/releases/5134861",
    "/releases/5134861/rating",
    "/releases/5134861/stats",
    "/masters/156551",
    "/masters/700",
    "/masters/700/versions",
    "/masters/700/versions?country=UK%20%26%20US",
    "/artists/287459",
    "/artists/800",
    "/artists/800/releases",
    "/artists/802/releases?per_page=7&page=2",
    "/labels/11499",
    "/labels/900/releases?per_page=5",
    "/labels/903/releases",
    "/database/search?q=glory",
    "/database/search?type=master",
    "/database/search?type=artist",
    "/database/search?type=label",
    "/database/search?q=bulk&per_page=3&page=2",
]


def check(http: httpx.Client, path_and_query: str) -> None:
    answer = http.get(path_and_query)
    assert answer.status_code == 200, (path_and_query, answer.text[:200])
    path = path_and_query.split("?")[0]
    kind = model_for("GET", path)
    assert kind is not None, path
    value = decode(answer.content, kind)
    assert unknown_keys(value) == [], path_and_query
    assert losses(value, answer.json()) == [], path_and_query


@pytest.fixture
def catalogue_http(catalogue_server: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=catalogue_server.url, headers={"User-Agent": USER_AGENT}) as http:
        yield http


@pytest.mark.parametrize("path", CATALOGUE_PATHS)
def test_catalogue_answers_decode_into_the_clients_models(
    catalogue_http: httpx.Client, path: str
) -> None:
    check(catalogue_http, path)


@pytest.mark.parametrize("kind", ["release", "master", "artist", "label"])
def test_every_sample_document_decodes_into_its_model(
    sample_server: RunningServer, kind: str
) -> None:
    with httpx.Client(base_url=sample_server.url, headers={"User-Agent": USER_AGENT}) as http:
        hits = http.get("/database/search", params={"type": kind, "per_page": 100}).json()
        assert hits["results"], kind
        for hit in hits["results"]:
            check(http, f"/{kind}s/{hit['id']}")
            if kind == "master":
                check(http, f"/masters/{hit['id']}/versions")


def test_identity_and_profiles_decode_into_the_clients_models(storage: Storage) -> None:
    with accounts_server(storage) as server:
        token = server.token(server.user("alice"))
        with server.client(**token_header(token)) as owner:
            check(owner, "/oauth/identity")
            check(owner, "/users/alice")  # as its owner sees it
        with server.client() as anyone:
            check(anyone, "/users/alice")
