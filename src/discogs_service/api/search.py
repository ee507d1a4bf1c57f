"""``GET /database/search``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service import documents
from discogs_service.api.answers import Answer, encode, json_answer
from discogs_service.api.context import ApiContext
from discogs_service.api.pagination import pagination
from discogs_service.api.params import page_request, single_values
from discogs_service.api.resource import Resource
from discogs_service.auth.identity import identity_of
from discogs_service.services import search


class Search(Resource):
    def __init__(self, context: ApiContext) -> None:
        super().__init__(context)
        self.index = context.storage.search

    def routes(self) -> list[BaseRoute]:
        return [self.get("/database/search", self.get_search)]

    async def get_search(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope)
        page = await self.storage.run(
            search.search,
            self.index,
            self.storage.community,
            identity_of(request.scope),
            single_values(request, search.PARAMETERS),
            page_request(request),
        )
        page_body, headers = pagination(request, page, base)
        body = b"".join(
            (
                b'{"pagination":',
                encode(page_body),
                b',"results":[',
                b",".join(page.items),
                b"]}",
            )
        )
        return json_answer(
            request, body.replace(documents.BASE_MARK, base.encode()), headers=headers
        )
