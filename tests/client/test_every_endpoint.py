"""Every endpoint of the API has a client method: the endpoint tables of
``../shared/reference/api-surface.md`` (read at test time) against the requests the client
makes, one call of each method, sent to a local server that answers every request with an
empty document. An endpoint added to the reference without a method fails here."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from discogs_service_client import Client, RequestToken
from tests.client.conftest import fixture_client
from tests.client.fixture_server import Answer, FixtureServer
from tests.conftest import SHARED

SURFACE = SHARED / "reference" / "api-surface.md"
ROW = re.compile(r"^\| ((?:GET|POST|PUT|DELETE)\b[^|]*)\| (`[^`]+`|same path)", re.M)
VERB = re.compile(r"\b(GET|POST|PUT|DELETE)\b")
# Not endpoints a client calls: a web page the user's browser opens (the client builds its
# URL: RequestToken.authorize_url), and a path the API retired (always 401).
NOT_CALLED = {("GET", "https://www.discogs.com/oauth/authorize"), ("GET", "/marketplace/search")}


def documented() -> list[tuple[frozenset[str], str]]:
    """(the methods a row allows, path template): "GET (DOCS) - clients also use POST"
    allows both."""
    if not SURFACE.exists():
        pytest.skip(f"the API reference is not here: {SURFACE}")
    endpoints: list[tuple[frozenset[str], str]] = []
    last = ""
    for verbs, cell in ROW.findall(SURFACE.read_text()):
        where = last if cell == "same path" else cell.strip("`").split("?")[0]
        last = where
        methods = frozenset(VERB.findall(verbs))
        if not any((method, where) in NOT_CALLED for method in methods):
            endpoints.append((methods, where))
    return endpoints


def calls(discogs: Client) -> list[Callable[[], Any]]:
    """One call of every method that sends a request."""
    user = discogs.user("someone")
    folder = user.collection.folder(3)
    copy = folder.instance(5, 7)
    market = discogs.marketplace
    order = market.order("1-1")
    inventory = discogs.inventory
    return [
        discogs.service,
        lambda: discogs.request_token(),
        lambda: discogs.access_token(RequestToken("t", "s"), "v"),
        discogs.identity,
        lambda: discogs.release(1),
        lambda: user.rating(1),
        lambda: user.rate(1, 5),
        lambda: user.unrate(1),
        lambda: discogs.release_rating(1),
        lambda: discogs.release_stats(1),
        lambda: discogs.master(1).get(),
        lambda: list(discogs.master(1).versions()),
        lambda: discogs.artist(1).get(),
        lambda: list(discogs.artist(1).releases()),
        lambda: discogs.label(1).get(),
        lambda: list(discogs.label(1).releases()),
        lambda: list(discogs.search(q="x")),
        user.get,
        lambda: user.edit(name="n"),
        lambda: list(user.submissions()),
        lambda: list(user.contributions()),
        user.collection.folders,
        lambda: user.collection.create_folder("f"),
        folder.get,
        lambda: folder.rename("g"),
        folder.delete,
        lambda: list(user.collection.releases(5)),
        lambda: list(folder.releases()),
        lambda: folder.add(5),
        lambda: copy.edit(rating=3),
        copy.delete,
        user.collection.fields,
        lambda: copy.set_field(2, "v"),
        user.collection.value,
        lambda: list(user.wantlist.wants()),
        lambda: user.wantlist.add(5),
        lambda: user.wantlist.edit(5, notes="n"),
        lambda: user.wantlist.remove(5),
        lambda: list(user.lists()),
        lambda: discogs.list(9),
        lambda: list(user.inventory()),
        lambda: market.listing(11),
        lambda: market.edit_listing(11, release_id=1, condition="Mint (M)", price=1.0),
        lambda: market.delete_listing(11),
        lambda: market.create_listing(release_id=1, condition="Mint (M)", price=1.0),
        lambda: list(market.orders()),
        order.get,
        lambda: order.update(status="Shipped"),
        lambda: list(order.messages()),
        lambda: order.send_message(message="m"),
        lambda: market.fee(10),
        lambda: market.fee(10, "EUR"),
        lambda: market.price_suggestions(1),
        lambda: market.stats(1),
        inventory.export,
        lambda: list(inventory.exports()),
        lambda: inventory.export_status(4),
        lambda: inventory.download(4),
        lambda: inventory.upload("add", b"release_id,price,media_condition\r\n"),
        lambda: inventory.upload("change", b"listing_id,price\r\n"),
        lambda: inventory.upload("delete", b"listing_id\r\n"),
        lambda: list(inventory.uploads()),
        lambda: inventory.upload_status(4),
    ]


def matches(template: str, path: str) -> bool:
    pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
    return re.fullmatch(pattern, path) is not None


def test_every_documented_endpoint_has_a_method(fixture: FixtureServer) -> None:
    for method in ("GET", "POST", "PUT", "DELETE"):
        fixture.answer(method, r"/.*", Answer(200, {}))
    tokens = Answer(200, "oauth_token=a&oauth_token_secret=b", {"Content-Type": "text/plain"})
    fixture.answer("POST", "/oauth/request_token", tokens)  # later answers take precedence
    fixture.answer("POST", "/oauth/access_token", tokens)
    with fixture_client(fixture, consumer_key="k", consumer_secret="s", token=None) as discogs:
        for call in calls(discogs):
            call()
    sent = {(seen.method, seen.path) for seen in fixture.seen}
    endpoints = documented()
    assert len(endpoints) >= 60
    missing = [
        (sorted(methods), template)
        for methods, template in endpoints
        if not any(m in methods and matches(template, path) for m, path in sent)
    ]
    assert missing == []
