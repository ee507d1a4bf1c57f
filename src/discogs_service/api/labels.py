"""``/labels/{id}`` and the label's releases."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_service.api.http import base_url, call, json_answer, json_object
from discogs_service.api.pagination import list_answer_parts
from discogs_service.api.params import page_request, path_id
from discogs_service.services import labels


async def get_label(request: Request) -> Response:
    document = await call(
        request,
        labels.label_document,
        request.app.state.storage.catalogue,
        path_id(request, "label_id"),
        base_url(request).encode(),
    )
    return json_answer(request, document.body, etag=document.etag)


async def get_label_releases(request: Request) -> Response:
    base = base_url(request)
    page = await call(
        request,
        labels.label_releases,
        request.app.state.storage.catalogue,
        path_id(request, "label_id"),
        page_request(request),
        base,
    )
    body, headers = list_answer_parts(request, page, base, "releases")
    return json_object(request, body, headers=headers)


routes = [
    Route("/labels/{label_id:int}", get_label, methods=["GET"]),
    Route("/labels/{label_id:int}/releases", get_label_releases, methods=["GET"]),
]
