"""``GET /``: the service greeting with catalogue statistics."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from discogs_service.api.http import call, json_object
from discogs_service.services.root import service_info


async def get_root(request: Request) -> Response:
    info = await call(request, service_info, request.app.state.storage.catalogue)
    return json_object(request, info)


routes = [Route("/", get_root, methods=["GET"])]
