"""``/users/{username}/collection/...``: folders, the releases in them, custom fields and
the collection's value (services.collection holds the rules)."""

from __future__ import annotations

from typing import Any

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.accounts.identity import Identity
from discogs_service.accounts.service import Accounts
from discogs_service.api.answers import COMMON_HEADERS, Answer, json_object, plain_answer
from discogs_service.api.pagination import pagination
from discogs_service.api.params import choice, descending, page_request, path_id
from discogs_service.api.resource import Resource, entity_id
from discogs_service.api.users import read_changes
from discogs_service.auth.identity import identity_of
from discogs_service.services import collection
from discogs_service.services.paging import PageOf
from discogs_service.storage.collection import CollectionStore


class FolderIdConvertor(Convertor[int]):
    """``{name:folder}``: a folder id as ``{name:id}`` reads one, except that an id past the
    column's range reads as -1, which no folder has: 0 is a folder ("All")."""

    regex = "[0-9]+"

    def convert(self, value: str) -> int:
        number = entity_id(value)
        return -1 if number == 0 and value.strip("0") else number

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("folder", FolderIdConvertor())

USER = "/users/{username}/collection"
FOLDER = USER + "/folders/{folder_id:folder}"
INSTANCE = FOLDER + "/releases/{release_id:id}/instances/{instance_id:id}"
MAX_WRITE_BODY = 64 * 1024
# What a collection answer shows depends on who asks (the owner sees more) and changes with
# every write: no shared cache keeps it.
PRIVATE = "private, no-cache"


class Collection(Resource):
    def routes(self) -> list[BaseRoute]:
        return [
            self.route(USER + "/folders", self.folders, ["GET", "POST"]),
            self.route(FOLDER, self.folder, ["GET", "POST", "DELETE"]),
            self.get(FOLDER + "/releases", self.folder_releases),
            self.route(FOLDER + "/releases/{release_id:id}", self.add_release, ["POST"]),
            self.route(INSTANCE, self.instance, ["POST", "DELETE"]),
            self.route(INSTANCE + "/fields/{field_id:id}", self.set_field, ["POST"]),
            self.get(USER + "/releases/{release_id:id}", self.release_items),
            self.get(USER + "/fields", self.fields),
            self.get(USER + "/value", self.value),
        ]

    # -- folders ----------------------------------------------------------------------------

    async def folders(self, request: Request) -> Answer:
        if request.method == "POST":
            changes = await read_changes(request, ("name",), MAX_WRITE_BODY)
            created = await self.storage.run_writing(
                collection.create_folder,
                *self._owner_of(request),
                changes.get("name"),
                self.context.base_url(request.scope),
            )
            return _written(request, created, 201)
        document = await self.storage.run(
            collection.folders, *self._owner_of(request), self.context.base_url(request.scope)
        )
        return _read(request, document)

    async def folder(self, request: Request) -> Answer:
        accounts, store, username, viewer = self._owner_of(request)
        folder_id = path_id(request, "folder_id")
        if request.method == "DELETE":
            await self.storage.run_writing(
                collection.delete_folder, accounts, store, username, folder_id, viewer
            )
            return _no_content()
        base = self.context.base_url(request.scope)
        if request.method == "POST":
            changes = await read_changes(request, ("name",), MAX_WRITE_BODY)
            renamed = await self.storage.run_writing(
                collection.rename_folder,
                accounts,
                store,
                username,
                folder_id,
                viewer,
                changes.get("name"),
                base,
            )
            return _written(request, renamed, 200)
        document = await self.storage.run(
            collection.folder, accounts, store, username, folder_id, viewer, base
        )
        return _read(request, document)

    # -- items ------------------------------------------------------------------------------

    async def folder_releases(self, request: Request) -> Answer:
        accounts, store, username, viewer = self._owner_of(request)
        base = self.context.base_url(request.scope)
        page = await self.storage.run(
            collection.folder_releases,
            accounts,
            store,
            username,
            path_id(request, "folder_id"),
            viewer,
            choice(request, "sort", collection.SORTS, collection.DEFAULT_SORT),
            descending(request),
            page_request(request),
            base,
        )
        return _page(request, page, base)

    async def release_items(self, request: Request) -> Answer:
        base = self.context.base_url(request.scope)
        accounts, store, username, viewer = self._owner_of(request)
        page = await self.storage.run(
            collection.release_items,
            accounts,
            store,
            username,
            path_id(request, "release_id"),
            viewer,
            page_request(request),
            base,
        )
        return _page(request, page, base)

    async def add_release(self, request: Request) -> Answer:
        accounts, store, username, viewer = self._owner_of(request)
        item = await self.storage.run_writing(
            collection.add_release,
            accounts,
            store,
            username,
            path_id(request, "folder_id"),
            path_id(request, "release_id"),
            viewer,
            self.context.base_url(request.scope),
        )
        return _written(request, item, 201)

    async def instance(self, request: Request) -> Answer:
        accounts, store, username, viewer = self._owner_of(request)
        path = (
            path_id(request, "folder_id"),
            path_id(request, "release_id"),
            path_id(request, "instance_id"),
        )
        if request.method == "DELETE":
            await self.storage.run_writing(
                collection.remove_instance, accounts, store, username, path, viewer
            )
        else:
            changes = await read_changes(request, ("rating", "folder_id"), MAX_WRITE_BODY)
            await self.storage.run_writing(
                collection.change_instance, accounts, store, username, path, viewer, changes
            )
        return _no_content()

    # -- custom fields and value ------------------------------------------------------------

    async def fields(self, request: Request) -> Answer:
        document = await self.storage.run(collection.fields, *self._owner_of(request))
        return _read(request, document)

    async def set_field(self, request: Request) -> Answer:
        accounts, store, username, viewer = self._owner_of(request)
        path = (
            path_id(request, "folder_id"),
            path_id(request, "release_id"),
            path_id(request, "instance_id"),
            path_id(request, "field_id"),
        )
        changes = await read_changes(request, ("value",), MAX_WRITE_BODY)
        await self.storage.run_writing(
            collection.set_field, accounts, store, username, path, viewer, changes.get("value")
        )
        return _no_content()

    async def value(self, request: Request) -> Answer:
        accounts, _store, username, viewer = self._owner_of(request)
        document = await self.storage.run(collection.value, accounts, username, viewer)
        return _read(request, document)

    def _owner_of(self, request: Request) -> tuple[Accounts, CollectionStore, str, Identity]:
        """What every use case starts from: accounts, the store, the path's user, the caller."""
        return (
            self.context.accounts,
            self.storage.collection,
            request.path_params["username"],
            identity_of(request.scope),
        )


def _read(request: Request, document: Any, headers: dict[str, str] | None = None) -> Answer:
    return json_object(
        request,
        document,
        headers={"vary": "Authorization", **(headers or {})},
        cache_control=PRIVATE,
    )


def _page(request: Request, page: PageOf[dict[str, Any]], base: str) -> Answer:
    body, headers = pagination(request, page, base)
    return _read(request, {"pagination": body, "releases": list(page.items)}, headers)


def _written(request: Request, document: Any, status: int) -> Answer:
    return json_object(request, document, status=status, headers={"cache-control": "no-store"})


def _no_content() -> Answer:
    return plain_answer(204, {**COMMON_HEADERS, "cache-control": "no-store"}, b"", "")
