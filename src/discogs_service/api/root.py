"""``GET /``: the service greeting with catalogue statistics."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import Answer, json_object
from discogs_service.api.resource import Resource
from discogs_service.services.root import service_info


class Root(Resource):
    def routes(self) -> list[BaseRoute]:
        return [self.get("/", self.get_root)]

    async def get_root(self, request: Request) -> Answer:
        return json_object(request, await self.storage.run(service_info, self.catalogue))
