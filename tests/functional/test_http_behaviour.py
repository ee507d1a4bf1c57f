"""Rules every catalogue endpoint follows, over HTTP on both engines: pagination, the Link
header, errors, User-Agent, conditional GETs, gzip, and the base URL of every link.

References: ``api-behaviour.md`` §1 (pagination), §2 (User-Agent), §7 (headers), §8 (URLs),
§13 (error texts) and the 2026 live recordings they cite.
"""

from __future__ import annotations

import http.client
import json
import secrets
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from discogs_service.accounts.crypto import SecretBox
from discogs_service.accounts.service import Accounts
from discogs_service.api.pagination import MAX_REPEATED_QUERY
from discogs_service.storage import Storage
from tests.api_catalogue import BULK_ARTIST, BULK_LABEL, BULK_RELEASES, bulk_release_ids
from tests.conftest import USER_AGENT, RunningServer, serve
from tests.functional.support import (
    assert_links_on,
    error_message,
    link_header,
    page_of,
    without_paging,
)

NOT_FOUND = "The requested resource was not found."
BULK = f"/labels/{BULK_LABEL}/releases"
BULK_ARTIST_RELEASES = f"/artists/{BULK_ARTIST}/releases"

# One URL of each catalogue endpoint, for the rules they all follow.
DOCUMENTS = ["/releases/5134861", "/masters/156551", "/artists/287459", "/labels/11499"]
LISTS = [
    "/masters/700/versions",
    "/artists/800/releases",
    "/labels/902/releases",
    "/releases/5134861/rating",
    "/releases/5134861/stats",
    "/",
]


def pagination(api: httpx.Client, path: str = BULK, **params: Any) -> dict[str, Any]:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()["pagination"]
    return page


# -- pagination ------------------------------------------------------------------------------


def test_first_page_by_default(api: httpx.Client, catalogue_server: RunningServer) -> None:
    response = api.get(BULK)
    body = response.json()
    page = body["pagination"]
    # Key order of the 2026 recordings (api-behaviour.md §1).
    assert list(page) == ["page", "pages", "per_page", "items", "urls"]
    assert page["page"] == 1
    assert page["per_page"] == 50
    assert page["items"] == BULK_RELEASES
    assert page["pages"] == 3
    assert len(body["releases"]) == 50
    # Page 1 names next and last only.
    assert set(page["urls"]) == {"next", "last"}
    assert page_of(page["urls"]["next"]) == (2, 50)
    assert page_of(page["urls"]["last"]) == (3, 50)
    for url in page["urls"].values():
        assert url.startswith(f"{catalogue_server.url}{BULK}?")


def test_middle_page_names_all_four_neighbours(api: httpx.Client) -> None:
    page = pagination(api, page=2)
    assert set(page["urls"]) == {"first", "prev", "next", "last"}
    assert {rel: page_of(url)[0] for rel, url in page["urls"].items()} == {
        "first": 1,
        "prev": 1,
        "next": 3,
        "last": 3,
    }


def test_last_page_names_first_and_prev(api: httpx.Client) -> None:
    body = api.get(BULK, params={"page": 3}).json()
    assert set(body["pagination"]["urls"]) == {"first", "prev"}
    assert page_of(body["pagination"]["urls"]["prev"]) == (2, 50)
    assert len(body["releases"]) == BULK_RELEASES - 100


def test_single_page_has_no_urls(api: httpx.Client) -> None:
    page = pagination(api, "/labels/903/releases")
    assert page == {"page": 1, "pages": 1, "per_page": 50, "items": 3, "urls": {}}


@pytest.mark.parametrize(("asked", "served"), [(100, 100), (101, 100), (250, 100), (500, 100)])
def test_per_page_is_clamped_to_100(api: httpx.Client, asked: int, served: int) -> None:
    # per_page=250 -> 100 (TRO 2026), per_page=500 -> 100 (PROBE 2026): clamped, no error.
    body = api.get(BULK, params={"per_page": asked}).json()
    assert body["pagination"]["per_page"] == served
    assert len(body["releases"]) == served
    assert body["pagination"]["pages"] == 2
    assert page_of(body["pagination"]["urls"]["next"]) == (2, served)


@pytest.mark.parametrize("page", ["0", "-1", ""])
def test_page_below_one_or_empty_is_page_one(api: httpx.Client, page: str) -> None:
    assert pagination(api, page=page)["page"] == 1


@pytest.mark.parametrize("per_page", ["0", "-5", ""])
def test_per_page_below_one_or_empty_is_the_default(api: httpx.Client, per_page: str) -> None:
    assert pagination(api, per_page=per_page)["per_page"] == 50


@pytest.mark.parametrize("path", [BULK, BULK_ARTIST_RELEASES, "/masters/700/versions"])
@pytest.mark.parametrize(
    ("page", "per_page", "pages"),
    [(4, 50, 3), (2147483647, 50, 3), (999999999999999999, 100, 2), (10**30, 100, 2)],
)
def test_page_past_the_end_is_404(
    api: httpx.Client, path: str, page: int, per_page: int, pages: int
) -> None:
    # "Page 2147483647 is outside of valid range [1, 9]." (DAC 2026, artist releases).
    if path.startswith("/masters/"):
        pages = 1  # six versions
    response = api.get(path, params={"page": page, "per_page": per_page})
    expected = f"Page {page} is outside of valid range [1, {pages}]."
    assert error_message(response, 404) == expected


@pytest.mark.parametrize("path", [BULK, BULK_ARTIST_RELEASES, "/masters/700/versions"])
@pytest.mark.parametrize(
    ("name", "value"),
    [("page", "abc"), ("page", "1.5"), ("page", "2e1"), ("per_page", "ten"), ("per_page", "0x10")],
)
def test_unreadable_page_numbers_are_422(
    api: httpx.Client, path: str, name: str, value: str
) -> None:
    message = error_message(api.get(path, params={name: value}), 422)
    assert name in message


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("page=abc&page=", "page"),
        ("page=2&page=x", "page"),
        ("per_page=&per_page=1.5", "per_page"),
        ("sort=title&sort=bogus", "sort"),
        ("sort_order=desc&sort_order=sideways", "sort_order"),
    ],
)
def test_every_value_of_a_repeated_parameter_must_be_readable(
    api: httpx.Client, query: str, name: str
) -> None:
    message = error_message(api.get(f"{BULK_ARTIST_RELEASES}?{query}"), 422)
    assert name in message


def test_a_repeated_readable_parameter_is_answered(api: httpx.Client) -> None:
    response = api.get(f"{BULK_ARTIST_RELEASES}?page=2&page=3&sort=title&sort=title")
    assert response.status_code == 200
    assert response.json()["pagination"]["page"] in (2, 3)


def test_page_urls_repeat_the_other_query_parameters(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    # The live API repeats the request's own parameters, sort and curr_abbr included
    # (api-behaviour.md §1; discogs4s artists/1/releases: "?sort=year&per_page=50&page=3").
    asked = [
        ("sort", "title"),
        ("sort_order", "desc"),
        ("curr_abbr", "EUR"),
        ("per_page", "10"),
        ("page", "2"),
    ]
    response = api.get(BULK_ARTIST_RELEASES, params=asked)
    urls = response.json()["pagination"]["urls"]
    assert set(urls) == {"first", "prev", "next", "last"}
    for rel, url in urls.items():
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" == catalogue_server.url
        assert parts.path == BULK_ARTIST_RELEASES
        assert without_paging(url) == sorted(p for p in asked if p[0] not in ("page", "per_page"))
        assert page_of(url) == ({"first": 1, "prev": 1, "next": 3, "last": 12}[rel], 10)


def test_page_urls_keep_repeated_parameters(api: httpx.Client) -> None:
    body = api.get("/masters/700/versions?format=CD&format=File&per_page=1").json()
    following = body["pagination"]["urls"]["next"]
    assert without_paging(following) == [("format", "CD"), ("format", "File")]
    assert api.get(following).json()["pagination"]["items"] == 3


def test_link_header_matches_the_page_urls(api: httpx.Client) -> None:
    for page in (1, 2, 3):
        response = api.get(BULK, params={"page": page})
        assert link_header(response) == response.json()["pagination"]["urls"]
    # Page 1 of the 2014 headers: rel="last" and rel="next" only (api-behaviour.md §1).
    first = link_header(api.get(BULK))
    assert set(first) == {"next", "last"}
    assert page_of(first["next"]) == (2, 50)
    assert page_of(first["last"]) == (3, 50)
    assert set(link_header(api.get(BULK, params={"page": 3}))) == {"first", "prev"}


def test_a_single_page_is_first_and_last_in_the_link_header(api: httpx.Client) -> None:
    # No page to go to, so no urls; the seed spec requires a Link header on every list.
    response = api.get("/masters/700/versions")
    assert response.json()["pagination"]["pages"] == 1
    assert response.json()["pagination"]["urls"] == {}
    links = link_header(response)
    assert set(links) == {"first", "last"}
    assert page_of(links["first"]) == page_of(links["last"]) == (1, 50)


OVERLONG = f"Invalid query string: expected at most {MAX_REPEATED_QUERY} characters, URL-encoded."


def header_bytes(response: httpx.Response) -> int:
    """The size of the answer's header block on the wire: what a proxy holds in one buffer."""
    fields = sum(len(name) + len(value) + 4 for name, value in response.headers.raw)
    return len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n") + fields + 2


@pytest.mark.parametrize("path", [BULK, BULK_ARTIST_RELEASES, "/masters/700/versions"])
def test_parameters_longer_than_page_links_may_repeat_are_refused(
    api: httpx.Client, path: str
) -> None:
    for params in (
        {"note": "x" * MAX_REPEATED_QUERY},
        {"note": "x" * 64_000},
        {"note": "ö" * 100},  # 600 characters once encoded as the links carry it
        {"sort_order": "asc", **{f"p{n}": "x" * 50 for n in range(10)}},
    ):
        assert error_message(api.get(path, params=params), 422) == OVERLONG


def test_page_links_at_the_limit_fit_a_proxys_header_buffer(catalogue_storage: Storage) -> None:
    """nginx's default proxy_buffer_size is one memory page, 4 KB on x86-64; a bigger header
    block is its 502. A middle page names four pages, each repeating the parameters."""
    public_url = "https://discogs-mirror.records-archive.example.org:8443"
    note = "x" * (MAX_REPEATED_QUERY - len("note="))
    with serve(catalogue_storage, public_url=public_url) as url:
        params = {"note": note, "page": "2", "per_page": "1"}
        answer = httpx.get(url + BULK, params=params, headers={"User-Agent": USER_AGENT})
    assert answer.status_code == 200, answer.text[:300]
    assert len(link_header(answer)) == 4
    assert header_bytes(answer) <= 4096, header_bytes(answer)


@pytest.mark.parametrize(
    ("path", "in_order"),
    [
        # A label's list is in catalogue-number order, sort or not: "BULK-001".. follow the ids.
        (BULK, bulk_release_ids()),
        # Titles "Bulk Title 001".. follow the ids: by title, descending.
        (BULK_ARTIST_RELEASES, bulk_release_ids()[::-1]),
    ],
    ids=["label", "artist"],
)
def test_following_next_visits_every_entry_once_in_order(
    api: httpx.Client, path: str, in_order: list[int]
) -> None:
    seen: list[int] = []
    url: str | None = f"{path}?per_page=7&sort=title&sort_order=desc"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [entry["id"] for entry in body["releases"]]
        url = body["pagination"]["urls"].get("next")
        pages += 1
    assert pages == -(-BULK_RELEASES // 7)
    assert seen == in_order


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere",
        "/releases",
        "/releases/",
        "/releases/5134861/",
        "/releases/5134861/tracks",
        "/releases/abc",
        "/releases/-1",
        "/releases/1.5",
        "/artists/800/releases/",
        "/database/search/",
        "/api/releases/1",
    ],
)
def test_unknown_paths(api: httpx.Client, path: str) -> None:
    # A trailing slash is 404 like any unknown path (PROBE 2026), not a redirect.
    assert error_message(api.get(path), 404) == NOT_FOUND


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", [*DOCUMENTS, "/masters/700/versions", "/labels/902/releases"])
def test_read_only_resources_refuse_other_methods(
    api: httpx.Client, method: str, path: str
) -> None:
    # M3: "Method PUT is not allowed for this resource."
    response = api.request(method, path, content=b"{}")
    assert error_message(response, 405) == f"Method {method} is not allowed for this resource."
    assert "GET" in response.headers["allow"]


@pytest.fixture
def user_token(catalogue_server: RunningServer) -> str:
    accounts = Accounts(catalogue_server.storage.accounts, SecretBox(catalogue_server.settings))
    name = f"lister{secrets.token_hex(4)}"
    user = accounts.create_user(name, f"{name}@example.org", "a long enough password")
    return accounts.create_token(user, "lists")[1]


@pytest.mark.parametrize("path", [BULK, BULK_ARTIST_RELEASES, "/masters/700/versions"])
def test_a_user_sees_own_stats_beside_the_community_ones(
    api: httpx.Client, user_token: str, path: str
) -> None:
    # go-discogs recordings (2022, a token): "user" after "community", zeros without a
    # collection or wantlist; an anonymous caller gets "community" alone.
    key = "versions" if "versions" in path else "releases"
    anonymous = api.get(path).json()[key]
    assert anonymous
    assert all(list(item["stats"]) == ["community"] for item in anonymous)
    signed_in = api.get(path, headers={"Authorization": f"Discogs token={user_token}"})
    assert len(signed_in.json()[key]) == len(anonymous)
    for item in signed_in.json()[key]:
        assert list(item["stats"]) == ["community", "user"]
        assert item["stats"]["user"] == {"in_wantlist": 0, "in_collection": 0}


PREFLIGHT = {
    "Origin": "https://app.example",
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "authorization",
}


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("/releases/1", "GET,HEAD,OPTIONS"),
        ("/labels/902/releases", "GET,HEAD,OPTIONS"),
        ("/database/search", "GET,HEAD,OPTIONS"),
        ("/users/someone", "GET,HEAD,POST,OPTIONS"),
    ],
)
def test_a_browser_preflight_is_answered(api: httpx.Client, path: str, methods: str) -> None:
    # The live API lists OPTIONS among a resource's methods and allows the Authorization
    # header (api-behaviour.md, "Response headers seen live"): a browser app may send a token.
    response = api.options(path, headers=PREFLIGHT)
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == methods
    allowed = [
        h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")
    ]
    assert "authorization" in allowed and "content-type" in allowed
    assert response.headers["x-discogs-ratelimit"].isdigit()


def test_a_preflight_of_an_unknown_path_is_404(api: httpx.Client) -> None:
    assert error_message(api.options("/no/such/path", headers=PREFLIGHT), 404) == NOT_FOUND


@pytest.mark.parametrize("path", ["/releases/1", "/releases/1?curr_abbr=EUR", "/releases/0"])
def test_answers_name_the_headers_a_browser_may_send(api: httpx.Client, path: str) -> None:
    # The direct path, the general path and an error answer alike.
    allowed = api.get(path).headers["access-control-allow-headers"]
    assert allowed == "Content-Type, authorization, User-Agent, Private-Auth-Secret, Discogs-UID"


def _raw_get(url: str, path: str, headers: dict[str, str]) -> tuple[int, str, bytes]:
    """A GET with exactly these headers (http.client adds no User-Agent)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("content-type", ""), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("user_agent", [None, "", "   "])
@pytest.mark.parametrize("path", ["/releases/5134861", "/artists/800/releases", "/nowhere"])
def test_a_user_agent_is_required(
    catalogue_server: RunningServer, user_agent: str | None, path: str
) -> None:
    # Live: no or empty User-Agent -> 403 (M3, TRO, PROBE); here with a JSON body.
    headers = {} if user_agent is None else {"User-Agent": user_agent}
    status, content_type, body = _raw_get(catalogue_server.url, path, headers)
    assert status == 403
    assert content_type == "application/json"
    assert "User-Agent" in json.loads(body)["message"]


@pytest.mark.parametrize("user_agent", ["curl/8.11.1", "python-requests/2.32.3"])
def test_generic_user_agents_are_not_blocked(
    catalogue_server: RunningServer, user_agent: str
) -> None:
    # TRO, PROBE 2026: generic agents get answers.
    status, _, _ = _raw_get(catalogue_server.url, "/releases/5134861", {"User-Agent": user_agent})
    assert status == 200


def test_user_agent_requirement_can_be_switched_off(catalogue_storage: Storage) -> None:
    with serve(catalogue_storage, require_user_agent=False) as url:
        status, _, body = _raw_get(url, "/releases/5134861", {})
    assert status == 200
    assert json.loads(body)["id"] == 5134861


ODD_REQUESTS = [
    "/releases/0",
    "/releases/9223372036854775807",
    "/releases/9223372036854775808",
    "/releases/99999999999999999999999999999999999999",
    "/releases/1e3",
    "/releases/%00",
    "/releases/%2B1",
    "/releases/5134861?curr_abbr=%E2%98%83",
    "/releases/5134861?curr_abbr=EUR&curr_abbr=USD",
    "/releases/99999999999999999999/rating",
    "/releases/99999999999999999999/stats",
    "/masters/99999999999999999999/versions",
    "/artists/99999999999999999999/releases",
    "/labels/99999999999999999999/releases",
    # past Python's 4,300-digit limit on reading an int from text
    "/releases/" + "9" * 5000,
    "/masters/" + "9" * 5000 + "/versions",
    "/artists/" + "1" * 4301,
    "/masters/0",
    "/artists/-7",
    "/labels/%20",
    f"{BULK}?page=99999999999999999999999",
    f"{BULK}?page=999999999999999999&per_page=999999999999999999",
    f"{BULK}?page=-999999999999999999",
    f"{BULK}?per_page=-999999999999999999",
    f"{BULK}?page=%00",
    f"{BULK}?page=%ZZ",
    f"{BULK}?page=1&page=2",
    f"{BULK}?page=" + "9" * 5000,
    f"{BULK_ARTIST_RELEASES}?sort=%FF",
    f"{BULK_ARTIST_RELEASES}?sort_order=",
    f"{BULK_ARTIST_RELEASES}?sort=year&sort_order=DESC",
    "/masters/700/versions?format=%00",
    "/masters/700/versions?label=%27%20OR%201%3D1%20--",
    "/masters/700/versions?released=abc&country=" + "x" * 5000,
    "/masters/700/versions?format=" + "&format=".join(str(n) for n in range(200)),
    "/masters/700/versions?sort=catno&sort_order=desc&page=1&per_page=1&callback=x",
    "/" + "a" * 3000,
    "//releases//5134861",
    "/releases/5134861?" + "x=1&" * 500,
]


@pytest.mark.parametrize("path", ODD_REQUESTS)
def test_odd_requests_never_fail_the_server(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    if response.status_code >= 400:
        assert isinstance(body["message"], str) and body["message"]


# -- headers, conditional GETs, compression ------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS + LISTS)
def test_answers_carry_the_api_headers(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 200
    # api-behaviour.md §7: application/json without charset, x-discogs-media-type, CORS.
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-discogs-media-type"] == "discogs.v2"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["cache-control"] == "public, must-revalidate"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/releases/999999999", 404),  # the hot path's refusal
        ("/artists/999999999", 404),
        ("/no/such/resource", 404),
        ("/releases/1?curr_abbr=%00", 422),
        ("/users/nobody-here/collection/folders", 404),
    ],
)
def test_an_error_is_never_kept_by_a_cache(api: httpx.Client, path: str, status: int) -> None:
    """A refusal may hold only for this caller or this moment (a release the next import
    brings): a cache must not answer the next request with it."""
    response = api.get(path)
    assert response.status_code == status, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-type"] == "application/json"
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", DOCUMENTS + LISTS)
def test_etag_and_not_modified(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    etag = response.headers["etag"]
    assert etag.startswith('W/"') and etag.endswith('"')
    again = api.get(path)
    assert again.headers["etag"] == etag  # stable between requests

    revalidated = api.get(path, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated.headers["etag"] == etag

    strong_form = etag.removeprefix("W/")
    assert api.get(path, headers={"If-None-Match": strong_form}).status_code == 304
    listed = f'W/"something-else", {etag}'
    assert api.get(path, headers={"If-None-Match": listed}).status_code == 304
    assert api.get(path, headers={"If-None-Match": "*"}).status_code == 304

    changed = api.get(path, headers={"If-None-Match": 'W/"something-else"'})
    assert changed.status_code == 200
    assert changed.json() == response.json()


def test_pages_of_a_list_have_different_etags(api: httpx.Client) -> None:
    tags = {api.get(BULK, params={"page": page}).headers["etag"] for page in (1, 2, 3)}
    assert len(tags) == 3


@pytest.mark.parametrize("path", ["/releases/5134861", BULK])
def test_etag_depends_on_the_address_the_links_use(catalogue_storage: Storage, path: str) -> None:
    with (
        serve(catalogue_storage, allowed_hosts=("one.example", "two.example")) as url,
        httpx.Client(base_url=url, headers={"User-Agent": USER_AGENT}) as c,
    ):
        one = c.get(path, headers={"Host": "one.example"})
        two = c.get(path, headers={"Host": "two.example"})
        assert one.headers["etag"] != two.headers["etag"]
        # A copy cached through one address is not current for the other.
        cross = c.get(path, headers={"Host": "two.example", "If-None-Match": one.headers["etag"]})
    assert cross.status_code == 200
    assert assert_links_on(cross.json(), "http://two.example")


@pytest.mark.parametrize("path", ["/releases/5134861", "/masters/700/versions", BULK])
def test_gzip_when_asked(api: httpx.Client, path: str) -> None:
    plain = api.get(path, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    with api.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as zipped:
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.headers["vary"] == "Accept-Encoding"
        raw = b"".join(zipped.iter_raw())
    assert raw[:2] == b"\x1f\x8b"
    assert len(raw) < len(plain.content)
    assert json.loads(httpx.Response(200, headers={"content-encoding": "gzip"}, content=raw).text)
    assert api.get(path, headers={"Accept-Encoding": "gzip"}).json() == plain.json()


def test_not_modified_is_not_compressed(api: httpx.Client) -> None:
    etag = api.get("/releases/5134861").headers["etag"]
    response = api.get(
        "/releases/5134861", headers={"If-None-Match": etag, "Accept-Encoding": "gzip"}
    )
    assert response.status_code == 304
    assert "content-encoding" not in response.headers


# -- the base URL of links ---------------------------------------------------------------------


BASE_LINKED = [*DOCUMENTS, "/masters/700/versions?per_page=2&page=2"]


@pytest.mark.parametrize("path", BASE_LINKED)
def test_links_use_an_allowed_host_the_request_was_sent_to(
    catalogue_storage: Storage, path: str
) -> None:
    allowed = ("mirror.example", ".records.example")  # a leading dot: the domain and below
    with (
        serve(catalogue_storage, allowed_hosts=allowed) as url,
        httpx.Client(base_url=url, headers={"User-Agent": USER_AGENT}) as c,
    ):
        for host in ("mirror.example:8080", "MIRROR.example", "api.records.example"):
            answer = c.get(path, headers={"Host": host})
            assert assert_links_on(answer.json(), f"http://{host}") >= 2
            assert "vary" not in answer.headers or "Host" not in answer.headers["vary"]


@pytest.mark.parametrize("path", BASE_LINKED)
def test_by_default_only_local_names_and_the_servers_address_are_echoed(
    catalogue_server: RunningServer, path: str
) -> None:
    """Answers are ``Cache-Control: public``: a link built from any Host header would let
    one client poison a shared cache for everybody."""
    port = urlsplit(catalogue_server.url).port
    with httpx.Client(base_url=catalogue_server.url, headers={"User-Agent": USER_AGENT}) as c:
        for host in ("localhost:9000", f"127.0.0.1:{port}", "[::1]:9000"):
            body = c.get(path, headers={"Host": host}).json()
            assert assert_links_on(body, f"http://{host}") >= 2
        for host in ("evil.example", "evil.example:8080", "mirror.example", "localhost.evil"):
            answer = c.get(path, headers={"Host": host})
            assert answer.status_code == 200
            assert "evil" not in answer.text and "mirror" not in answer.text
            assert "evil" not in answer.headers.get("link", "")
            assert assert_links_on(answer.json(), catalogue_server.url) >= 2


@pytest.mark.parametrize(
    "host",
    [
        'evil.example", "injected": "yes',
        'evil.example"}, "injected": {"a": "',
        "evil.example/path?x=1",
        "user@evil.example",
        "evil.example:123456",
        "evil.example\\",
        "<script>",
    ],
)
def test_a_hostile_host_header_is_not_spliced_into_json(
    catalogue_server: RunningServer, host: str
) -> None:
    with httpx.Client(base_url=catalogue_server.url, headers={"User-Agent": USER_AGENT}) as c:
        for path in ("/releases/5134861", BULK):
            response = c.get(path, headers={"Host": host})
            assert response.status_code == 200
            body = response.json()
            assert "injected" not in body
            assert "evil" not in response.text
            assert "evil" not in response.headers.get("link", "")
            assert assert_links_on(body, catalogue_server.url)


@pytest.mark.parametrize("public_url", ["https://discogs.example.org", "http://mirror:8000/api/"])
def test_public_url_is_the_base_of_every_link(
    catalogue_storage: Storage, catalogue_server: RunningServer, public_url: str
) -> None:
    base = public_url.rstrip("/")
    with (
        serve(catalogue_storage, public_url=public_url) as url,
        httpx.Client(
            base_url=url, headers={"User-Agent": USER_AGENT, "Host": "ignored.example"}
        ) as c,
    ):
        for path in [*DOCUMENTS, "/masters/700/versions?per_page=2&page=2", f"{BULK}?page=2"]:
            response = c.get(path)
            assert response.status_code == 200
            assert assert_links_on(response.json(), base) >= 2, path
            assert "ignored.example" not in response.text
        listing = c.get(f"{BULK}?page=2")
        for link in link_header(listing).values():
            assert link.startswith(f"{base}{BULK}?")
        public_etag = c.get("/releases/5134861").headers["etag"]
    with httpx.Client(base_url=catalogue_server.url, headers={"User-Agent": USER_AGENT}) as c:
        assert c.get("/releases/5134861").headers["etag"] != public_etag
