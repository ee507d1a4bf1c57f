"""``/users/{username}/lists`` and ``/lists/{list_id}``: a user's lists and one list with its
items. Reads only: the real API has no endpoints that write lists (owners use the web pages,
``web/lists.py``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import Answer, json_object
from discogs_service.api.pagination import pagination
from discogs_service.api.params import page_request, path_id
from discogs_service.api.resource import Resource
from discogs_service.auth.identity import identity_of
from discogs_service.services import lists

PUBLIC = "public, must-revalidate"  # the live API's, for lists anyone may see
PRIVATE = "private, no-store"  # an answer that holds a private list: never kept by a cache


class Lists(Resource):
    def routes(self) -> list[BaseRoute]:
        return [
            self.get("/users/{username}/lists", self.user_lists),
            self.get("/lists/{list_id:id}", self.get_list),
        ]

    async def user_lists(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope)
        identity = identity_of(request.scope)
        page = await self.storage.run(
            lists.user_lists,
            self.context.accounts,
            self.storage.lists,
            request.path_params["username"],
            identity,
            page_request(request),
            base,
        )
        body, headers = pagination(request, page, base)
        private = any(not item["public"] for item in page.items)
        return json_object(
            request,
            {"pagination": body, "lists": list(page.items)},
            headers={**headers, "vary": "Authorization"},
            cache_control=PRIVATE if private else PUBLIC,
        )

    async def get_list(self, request: Request) -> Answer:
        document = await self.storage.run(
            lists.list_document,
            self.context.accounts,
            self.storage.lists,
            path_id(request, "list_id"),
            identity_of(request.scope),
            self.context.base_url(request.scope),
        )
        return json_object(
            request,
            document,
            headers={"vary": "Authorization"},
            cache_control=PUBLIC if document["public"] else PRIVATE,
        )
