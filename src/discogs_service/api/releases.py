"""``/releases/{id}``, its community rating and stats."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_service.api.http import base_url, call, json_answer, json_object
from discogs_service.api.params import path_id
from discogs_service.services import releases


async def get_release(request: Request) -> Response:
    # curr_abbr is accepted and, as on the live API, does not change the answer.
    document = await call(
        request,
        releases.release_document,
        request.app.state.storage.catalogue,
        path_id(request, "release_id"),
        base_url(request).encode(),
    )
    return json_answer(request, document.body, etag=document.etag)


async def get_release_rating(request: Request) -> Response:
    rating = await call(
        request,
        releases.release_rating,
        request.app.state.storage.catalogue,
        path_id(request, "release_id"),
    )
    return json_object(request, rating)


async def get_release_stats(request: Request) -> Response:
    stats = await call(
        request,
        releases.release_stats,
        request.app.state.storage.catalogue,
        path_id(request, "release_id"),
    )
    return json_object(request, stats)


routes = [
    Route("/releases/{release_id:int}", get_release, methods=["GET"]),
    Route("/releases/{release_id:int}/rating", get_release_rating, methods=["GET"]),
    Route("/releases/{release_id:int}/stats", get_release_stats, methods=["GET"]),
]
