"""``/users/{username}/contributions`` and ``/users/{username}/submissions``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import Answer, json_object
from discogs_service.api.pagination import list_answer_parts, pagination
from discogs_service.api.params import choice, descending, page_request
from discogs_service.api.resource import Resource
from discogs_service.services import contributions


class Contributions(Resource):
    def routes(self) -> list[BaseRoute]:
        return [
            self.get("/users/{username}/contributions", self.get_contributions),
            self.get("/users/{username}/submissions", self.get_submissions),
        ]

    async def get_contributions(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope)
        # Read and checked as the API reads them, though they order nothing here.
        choice(request, "sort", contributions.SORTS, "added")
        descending(request)
        page = await self.storage.run(
            contributions.contributions,
            self.context.accounts,
            request.path_params["username"],
            page_request(request),
        )
        body, headers = list_answer_parts(request, page, base, "contributions")
        return json_object(request, body, headers=headers)

    async def get_submissions(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope)
        page, kinds = await self.storage.run(
            contributions.submissions,
            self.context.accounts,
            request.path_params["username"],
            page_request(request),
        )
        page_body, headers = pagination(request, page, base)
        return json_object(
            request, {"pagination": page_body, "submissions": kinds}, headers=headers
        )
