"""``/masters/{id}`` and its versions, with their filters."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import Answer, json_answer, json_object
from discogs_service.api.pagination import pagination
from discogs_service.api.params import choice, descending, page_request, path_id, values
from discogs_service.api.resource import Resource
from discogs_service.auth.identity import identity_of
from discogs_service.services import masters


class Masters(Resource):
    def routes(self) -> list[BaseRoute]:
        return [
            self.get("/masters/{master_id:id}", self.get_master),
            self.get("/masters/{master_id:id}/versions", self.get_versions),
        ]

    async def get_master(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope).encode()
        document = await self.storage.run(
            masters.master_document, self.catalogue, path_id(request, "master_id"), base
        )
        return json_answer(request, document.body, etag=document.etag)

    async def get_versions(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope)
        filters = {facet: values(request, facet) for facet, _title, _multi in masters.FACETS}
        result = await self.storage.run(
            masters.master_versions,
            self.catalogue,
            self.storage.community,
            identity_of(request.scope),
            path_id(request, "master_id"),
            filters,
            choice(request, "sort", tuple(masters.VERSION_SORTS), "released"),
            descending(request),
            page_request(request),
            base,
        )
        page_body, headers = pagination(request, result.page, base)
        body = {
            "pagination": page_body,
            "filters": {"applied": result.applied, "available": result.available},
            "filter_facets": masters.filter_facets(result.available),
            "versions": result.page.items,
        }
        return json_object(request, body, headers=headers)
