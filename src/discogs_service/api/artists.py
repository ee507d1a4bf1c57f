"""``/artists/{id}`` and the artist's releases."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import Answer, json_answer, json_object
from discogs_service.api.pagination import list_answer_parts
from discogs_service.api.params import choice, descending, page_request, path_id
from discogs_service.api.resource import Resource
from discogs_service.auth.identity import identity_of
from discogs_service.services import artists
from discogs_service.storage.catalogue import ARTIST_RELEASE_SORTS


class Artists(Resource):
    def routes(self) -> list[BaseRoute]:
        return [
            self.get("/artists/{artist_id:id}", self.get_artist),
            self.get("/artists/{artist_id:id}/releases", self.get_releases),
        ]

    async def get_artist(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope).encode()
        document = await self.storage.run(
            artists.artist_document, self.catalogue, path_id(request, "artist_id"), base
        )
        return json_answer(request, document.body, etag=document.etag)

    async def get_releases(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope)
        page = await self.storage.run(
            artists.artist_releases,
            self.catalogue,
            self.storage.community,
            identity_of(request.scope),
            path_id(request, "artist_id"),
            choice(request, "sort", tuple(ARTIST_RELEASE_SORTS), "year"),
            descending(request),
            page_request(request),
            base,
        )
        body, headers = list_answer_parts(request, page, base, "releases")
        return json_object(request, body, headers=headers)
