"""The web pages' routes, mounted into the API's app beside the API's own."""

from __future__ import annotations

from starlette.routing import BaseRoute

from discogs_service.api.context import ApiContext
from discogs_service.web.pages import Pages


def build_web_routes(context: ApiContext) -> list[BaseRoute]:
    return Pages(context).routes()
