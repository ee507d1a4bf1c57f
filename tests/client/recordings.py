"""The real API's recorded answers in ``../shared/reference/responses`` (read at test time,
never copied here), each with the model the client decodes it into.

* DiscogsApiClient: live 2026 recordings, request and answer (``requestUrl``, ``responseBody``).
* discogs-developer-docs: the documentation's examples, named ``METHOD__path__STATUS.json``.
* discogs4s and peacefixation-go-discogs: other clients' fixtures, named by what they hold.

Where the folder is absent the tests that need it are skipped with the reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from discogs_service_client import (
    Artist,
    ArtistRelease,
    CollectionField,
    CollectionFolder,
    CollectionItem,
    CollectionValue,
    CommunityRating,
    Fee,
    Identity,
    InventoryExport,
    InventoryUpload,
    Label,
    LabelRelease,
    Listing,
    MarketplaceStats,
    Master,
    MasterVersion,
    NewListing,
    Order,
    OrderMessage,
    Price,
    Release,
    ReleaseRating,
    ReleaseStats,
    SearchResult,
    Service,
    Submissions,
    User,
    UserList,
    UserListSummary,
    Want,
)
from discogs_service_client._models._base import Model
from discogs_service_client._models.paging import VERSIONS_FIELDS, page_body
from tests.conftest import SHARED

RESPONSES = SHARED / "reference" / "responses"


def page_of(key: str, item: Any, *extra_fields: Any, single: bool = False) -> Any:
    """The page body the client decodes (tests/client/test_paging.py checks they match)."""
    return page_body(key, item if single else list[item], *extra_fields)


def listed(key: str, item: Any) -> Any:
    return page_body(key, list[item])  # a "{key: [...]}" body; its pagination stays default


# (method, path pattern) -> the type the client decodes that answer into. Paths are the
# API's with {placeholders} or real ids.
_ID = r"[^/]+"
ROUTES: list[tuple[str, str, Any]] = [
    ("GET", r"/", Service),
    ("GET", rf"/releases/{_ID}", Release),
    ("GET", rf"/releases/{_ID}/rating", CommunityRating),
    ("GET", rf"/releases/{_ID}/stats", ReleaseStats),
    ("GET|PUT", rf"/releases/{_ID}/rating/{_ID}", ReleaseRating),
    ("GET", rf"/masters/{_ID}", Master),
    (
        "GET",
        rf"/masters/{_ID}/versions",
        page_body("versions", list[MasterVersion], *VERSIONS_FIELDS),
    ),
    ("GET", rf"/artists/{_ID}", Artist),
    ("GET", rf"/artists/{_ID}/releases", page_of("releases", ArtistRelease)),
    ("GET", rf"/labels/{_ID}", Label),
    ("GET", rf"/labels/{_ID}/releases", page_of("releases", LabelRelease)),
    ("GET", r"/database/search", page_of("results", SearchResult)),
    ("GET", r"/oauth/identity", Identity),
    ("GET|POST", rf"/users/{_ID}", User),
    ("GET", rf"/users/{_ID}/submissions", page_of("submissions", Submissions, single=True)),
    ("GET", rf"/users/{_ID}/contributions", page_of("contributions", Release)),
    ("GET", rf"/users/{_ID}/collection/folders", listed("folders", CollectionFolder)),
    ("POST", rf"/users/{_ID}/collection/folders", CollectionFolder),
    ("GET|POST", rf"/users/{_ID}/collection/folders/{_ID}", CollectionFolder),
    ("GET", rf"/users/{_ID}/collection/releases/{_ID}", page_of("releases", CollectionItem)),
    (
        "GET",
        rf"/users/{_ID}/collection/folders/{_ID}/releases",
        page_of("releases", CollectionItem),
    ),
    ("POST", rf"/users/{_ID}/collection/folders/{_ID}/releases/{_ID}", CollectionItem),
    ("GET", rf"/users/{_ID}/collection/fields", listed("fields", CollectionField)),
    ("GET", rf"/users/{_ID}/collection/value", CollectionValue),
    ("GET", rf"/users/{_ID}/wants", page_of("wants", Want)),
    ("PUT|POST", rf"/users/{_ID}/wants/{_ID}", Want),
    ("GET", rf"/users/{_ID}/lists", page_of("lists", UserListSummary)),
    ("GET", rf"/lists/{_ID}", UserList),
    ("GET", rf"/users/{_ID}/inventory", page_of("listings", Listing)),
    ("GET", rf"/marketplace/listings/{_ID}", Listing),
    ("POST", r"/marketplace/listings", NewListing),
    ("GET", r"/marketplace/orders", page_of("orders", Order)),
    ("GET|POST", rf"/marketplace/orders/{_ID}", Order),
    ("GET", rf"/marketplace/orders/{_ID}/messages", page_of("messages", OrderMessage)),
    ("POST", rf"/marketplace/orders/{_ID}/messages", OrderMessage),
    ("GET", rf"/marketplace/fee/{_ID}(/{_ID})?", Fee),
    ("GET", rf"/marketplace/price_suggestions/{_ID}", dict[str, Price]),
    ("GET", rf"/marketplace/stats/{_ID}", MarketplaceStats),
    ("GET", r"/inventory/export", page_of("items", InventoryExport)),
    ("GET", rf"/inventory/export/{_ID}", InventoryExport),
    ("GET", r"/inventory/upload", page_of("items", InventoryUpload)),
    ("GET", rf"/inventory/upload/{_ID}", InventoryUpload),
]

# The fixtures of discogs4s and go-discogs name their endpoint in the file name only.
OTHER_CLIENTS = {
    "discogs4s/oauth/identity.json": ("GET", "/oauth/identity"),
    "discogs4s/users/rodneyfool-contributions.json": ("GET", "/users/u/contributions"),
    "discogs4s/users/_.bartholomews-updated.json": ("POST", "/users/u"),
    "discogs4s/users/rodneyfool-submissions.json": ("GET", "/users/u/submissions"),
    "discogs4s/users/_.bartholomews.json": ("GET", "/users/u"),
    "discogs4s/artists/23755.json": ("GET", "/artists/1"),
    "discogs4s/artists/1/releases?sort=title&sort_order=asc.json": ("GET", "/artists/1/releases"),
    "discogs4s/artists/1/releases.json": ("GET", "/artists/1/releases"),
    "discogs4s/releases/get-rating.json": ("GET", "/releases/1/rating/u"),
    "discogs4s/releases/get-release-stats.json": ("GET", "/releases/1/stats"),
    "discogs4s/releases/get-master-release-versions.json": ("GET", "/masters/1/versions"),
    "discogs4s/releases/put-rating.json": ("PUT", "/releases/1/rating/u"),
    "discogs4s/releases/get-master-release.json": ("GET", "/masters/1"),
    "discogs4s/releases/get-release.json": ("GET", "/releases/1"),
    "discogs4s/releases/get-community-release-rating.json": ("GET", "/releases/1/rating"),
    "discogs4s/labels/1.json": ("GET", "/labels/1"),
    "peacefixation-go-discogs/Test_GetArtist.json": ("GET", "/artists/1"),
    "peacefixation-go-discogs/Test_GetLabelReleases.json": ("GET", "/labels/1/releases"),
    "peacefixation-go-discogs/Test_CreateCollectionFolder.json": (
        "POST",
        "/users/u/collection/folders",
    ),
    "peacefixation-go-discogs/Test_GetMasterReleaseVersions.json": ("GET", "/masters/1/versions"),
    "peacefixation-go-discogs/Test_GetLabel.json": ("GET", "/labels/1"),
    "peacefixation-go-discogs/Test_GetCollectionItemsByRelease.json": (
        "GET",
        "/users/u/collection/releases/1",
    ),
    "peacefixation-go-discogs/Test_UpdateReleaseRating.json": ("PUT", "/releases/1/rating/u"),
    "peacefixation-go-discogs/Test_GetMasterRelease.json": ("GET", "/masters/1"),
    "peacefixation-go-discogs/Test_Search.json": ("GET", "/database/search"),
    "peacefixation-go-discogs/Test_GetCollectionFolders.json": (
        "GET",
        "/users/u/collection/folders",
    ),
    "peacefixation-go-discogs/Test_GetCollectionFolder.json": (
        "GET",
        "/users/u/collection/folders/1",
    ),
    "peacefixation-go-discogs/Test_GetArtistReleases.json": ("GET", "/artists/1/releases"),
    "peacefixation-go-discogs/Test_GetCollectionItemsByFolder.json": (
        "GET",
        "/users/u/collection/folders/1/releases",
    ),
    "peacefixation-go-discogs/Test_ListCustomFields.json": ("GET", "/users/u/collection/fields"),
    "peacefixation-go-discogs/Test_GetReleaseWithSeries.json": ("GET", "/releases/1"),
    "peacefixation-go-discogs/Test_GetCollectionValue.json": ("GET", "/users/u/collection/value"),
    "peacefixation-go-discogs/Test_GetReleaseRatingByUser.json": ("GET", "/releases/1/rating/u"),
    "peacefixation-go-discogs/Test_UpdateCollectionFolder.json": (
        "POST",
        "/users/u/collection/folders/1",
    ),
    "peacefixation-go-discogs/Test_AddReleaseToCollectionFolder.json": (
        "POST",
        "/users/u/collection/folders/1/releases/1",
    ),
    "peacefixation-go-discogs/Test_GetIdentity.json": ("GET", "/oauth/identity"),
    "peacefixation-go-discogs/Test_GetRelease.json": ("GET", "/releases/1"),
}


@dataclass(frozen=True)
class Recording:
    """One recorded successful answer with a JSON body."""

    source: str  # file (and index within it) for the failure message
    method: str
    path: str
    status: int
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


def require_responses() -> Path:
    if not RESPONSES.is_dir():
        pytest.skip(f"the recorded responses are not here: {RESPONSES}")
    return RESPONSES


def model_for(method: str, path: str) -> Any:
    for methods, pattern, kind in ROUTES:
        if method in methods.split("|") and re.fullmatch(pattern, path):
            return kind
    return None


def recordings() -> Iterator[Recording]:
    """Every recorded 2xx answer with a non-empty JSON object or list body."""
    if not RESPONSES.is_dir():
        return
    yield from _live_recordings()
    yield from _documentation_examples()
    for name, (method, path) in OTHER_CLIENTS.items():
        yield Recording(name, method, path, 200, (RESPONSES / name).read_bytes())


def _live_recordings() -> Iterator[Recording]:
    for file in sorted((RESPONSES / "DiscogsApiClient" / "Recordings").glob("*.json")):
        for index, exchange in enumerate(json.loads(file.read_text())):
            body = exchange["responseBody"] or ""
            status = exchange["responseStatusCode"]
            if 200 <= status < 300 and body.strip() not in ("", "{}"):
                path = urlsplit(exchange["requestUrl"]).path
                source = f"{file.name}[{index}]"
                yield Recording(source, exchange["requestMethod"], path, status, body.encode())


_DOCS_NAME = re.compile(r"(?P<method>[A-Z]+)__(?P<path>.*?)__(?P<status>\d{3})(_\d+)?")


def _documentation_examples() -> Iterator[Recording]:
    for file in sorted((RESPONSES / "discogs-developer-docs").glob("*.json")):
        named = _DOCS_NAME.fullmatch(file.stem)
        assert named, file.name
        status = int(named["status"])
        path = "/" + named["path"].replace("__", "/")
        body = file.read_bytes()
        if 200 <= status < 300 and body.strip() not in (b"", b"{}"):
            yield Recording(file.name, named["method"], path, status, body)


def is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Model)
