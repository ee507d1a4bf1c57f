"""``/artists/{id}`` and the artist's releases."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_service.api.http import base_url, call, json_answer, json_object
from discogs_service.api.pagination import list_answer_parts
from discogs_service.api.params import choice, descending, page_request, path_id
from discogs_service.services import artists
from discogs_service.storage.catalogue import ARTIST_RELEASE_SORTS


async def get_artist(request: Request) -> Response:
    document = await call(
        request,
        artists.artist_document,
        request.app.state.storage.catalogue,
        path_id(request, "artist_id"),
        base_url(request).encode(),
    )
    return json_answer(request, document.body, etag=document.etag)


async def get_artist_releases(request: Request) -> Response:
    base = base_url(request)
    page = await call(
        request,
        artists.artist_releases,
        request.app.state.storage.catalogue,
        path_id(request, "artist_id"),
        choice(request, "sort", tuple(ARTIST_RELEASE_SORTS), "year"),
        descending(request),
        page_request(request),
        base,
    )
    body, headers = list_answer_parts(request, page, base, "releases")
    return json_object(request, body, headers=headers)


routes = [
    Route("/artists/{artist_id:int}", get_artist, methods=["GET"]),
    Route("/artists/{artist_id:int}/releases", get_artist_releases, methods=["GET"]),
]
