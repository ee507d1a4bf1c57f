"""``/releases/{id}``, its community rating and stats."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import Answer, json_answer, json_object
from discogs_service.api.params import path_id
from discogs_service.api.resource import Resource
from discogs_service.services import releases


class Releases(Resource):
    def routes(self) -> list[BaseRoute]:
        return [
            self.get("/releases/{release_id:id}", self.get_release),
            self.get("/releases/{release_id:id}/rating", self.get_rating),
            self.get("/releases/{release_id:id}/stats", self.get_stats),
        ]

    async def get_release(self, request: Request) -> Answer:
        # curr_abbr is accepted and, as on the live API, does not change the answer.
        base = self.context.base_url(request.scope).encode()
        document = await self.storage.run(
            releases.release_document, self.catalogue, path_id(request, "release_id"), base
        )
        return json_answer(request, document.body, etag=document.etag)

    async def get_rating(self, request: Request) -> Answer:
        rating = await self.storage.run(
            releases.release_rating, self.catalogue, path_id(request, "release_id")
        )
        return json_object(request, rating)

    async def get_stats(self, request: Request) -> Answer:
        stats = await self.storage.run(
            releases.release_stats, self.catalogue, path_id(request, "release_id")
        )
        return json_object(request, stats)
