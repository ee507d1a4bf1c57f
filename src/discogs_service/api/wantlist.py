"""``/users/{username}/wants``: the wantlist, and each want in it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import COMMON_HEADERS, Answer, json_object, plain_answer
from discogs_service.api.pagination import list_answer_parts
from discogs_service.api.params import page_request, path_id
from discogs_service.api.resource import Resource
from discogs_service.api.users import read_changes
from discogs_service.auth.identity import identity_of
from discogs_service.services import wantlist

# Answers that differ by caller (the owner sees notes; a private wantlist only its owner):
# never kept by a shared cache.
PRIVATE = {"vary": "Authorization"}
NO_STORE = "private, no-store"


class Wantlist(Resource):
    def routes(self) -> list[BaseRoute]:
        return [
            self.get("/users/{username}/wants", self.get_wantlist),
            self.route(
                "/users/{username}/wants/{release_id:id}",
                self.want,
                ["GET", "PUT", "POST", "DELETE"],
            ),
        ]

    async def get_wantlist(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope)
        page = await self.storage.run(
            wantlist.wantlist,
            self.context.accounts,
            self.storage.wantlist,
            request.path_params["username"],
            identity_of(request.scope),
            page_request(request),
            base,
        )
        body, headers = list_answer_parts(request, page, base, "wants")
        return json_object(request, body, headers={**headers, **PRIVATE}, cache_control=NO_STORE)

    async def want(self, request: Request) -> Answer:
        if request.method == "PUT":
            return await self.add(request)
        if request.method == "POST":
            return await self.edit(request)
        if request.method == "DELETE":
            return await self.remove(request)
        item = await self.storage.run(
            wantlist.want,
            self.context.accounts,
            self.storage.wantlist,
            request.path_params["username"],
            path_id(request, "release_id"),
            identity_of(request.scope),
            self.context.base_url(request.scope),
        )
        return json_object(request, item, headers=PRIVATE, cache_control=NO_STORE)

    async def add(self, request: Request) -> Answer:
        fields = await read_changes(request, wantlist.FIELDS)
        item = await self.storage.run_writing(
            wantlist.add_want,
            self.context.accounts,
            self.catalogue,
            self.storage.wantlist,
            request.path_params["username"],
            path_id(request, "release_id"),
            identity_of(request.scope),
            fields,
            self.context.base_url(request.scope),
        )
        return json_object(request, item, status=201, headers={"cache-control": "no-store"})

    async def edit(self, request: Request) -> Answer:
        fields = await read_changes(request, wantlist.FIELDS)
        item = await self.storage.run_writing(
            wantlist.edit_want,
            self.context.accounts,
            self.storage.wantlist,
            request.path_params["username"],
            path_id(request, "release_id"),
            identity_of(request.scope),
            fields,
            self.context.base_url(request.scope),
        )
        return json_object(request, item, headers={"cache-control": "no-store"})

    async def remove(self, request: Request) -> Answer:
        await self.storage.run_writing(
            wantlist.remove_want,
            self.context.accounts,
            self.storage.wantlist,
            request.path_params["username"],
            path_id(request, "release_id"),
            identity_of(request.scope),
        )
        return plain_answer(204, COMMON_HEADERS, b"", "")
