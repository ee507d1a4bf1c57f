"""``/masters/{id}`` and its versions, with their filters."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_service.api.http import base_url, call, json_answer, json_object
from discogs_service.api.pagination import pagination
from discogs_service.api.params import choice, descending, page_request, path_id, values
from discogs_service.services import masters


async def get_master(request: Request) -> Response:
    document = await call(
        request,
        masters.master_document,
        request.app.state.storage.catalogue,
        path_id(request, "master_id"),
        base_url(request).encode(),
    )
    return json_answer(request, document.body, etag=document.etag)


async def get_master_versions(request: Request) -> Response:
    base = base_url(request)
    filters = {facet: values(request, facet) for facet, _title, _multi in masters.FACETS}
    result = await call(
        request,
        masters.master_versions,
        request.app.state.storage.catalogue,
        path_id(request, "master_id"),
        filters,
        choice(request, "sort", tuple(masters.VERSION_SORTS), "released"),
        descending(request),
        page_request(request),
        base,
    )
    page_body, link = pagination(request, result.page, base)
    body = {
        "pagination": page_body,
        "filters": {"applied": result.applied, "available": result.available},
        "filter_facets": masters.filter_facets(result.available),
        "versions": list(result.page.items),
    }
    return json_object(request, body, headers={"link": link})


routes = [
    Route("/masters/{master_id:int}", get_master, methods=["GET"]),
    Route("/masters/{master_id:int}/versions", get_master_versions, methods=["GET"]),
]
