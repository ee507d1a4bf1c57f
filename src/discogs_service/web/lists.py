"""The owner's pages for their lists (the real API has no endpoints that write lists).

==================================================  ==========================================
``GET /account/lists``                              your lists, and a form to make one
``POST /account/lists``                             make a list (name, description, public)
``GET /account/lists/{id}``                         one list: its settings and items
``POST .../{id}/settings``                          rename, describe, make public or private
``POST .../{id}/visibility``                        make public (``public=1``) or private
``POST .../{id}/delete``                            delete the list and its items
``POST .../{id}/items``                             add an item: a Discogs link, or type + id
``POST .../{id}/items/{item}/comment``              comment on an item
``POST .../{id}/items/{item}/move``                 ``direction=up|down``, or ``position=N``
``POST .../{id}/items/{item}/remove``               remove an item
==================================================  ==========================================

Plain forms, no JavaScript; every POST is CSRF-checked (``web.base``) and answered with a
redirect to the list's page (``?done=...`` says what was done), or with the page again and
the reason when the change is refused. Someone else's list, or none, is "List not found".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from discogs_service.errors import ListNotFound, ListRefused
from discogs_service.request.facts import facts_of
from discogs_service.services import lists
from discogs_service.storage.accounts import UserRow
from discogs_service.web.base import Visit, WebPages, page_route, redirect

LISTS = "/account/lists"
# A description of 10,000 characters, URL-encoded, can be 90 KB.
MAX_LIST_FORM = 256 * 1024
DONE = {
    "created": "List created.",
    "saved": "Saved.",
    "public": "The list is public: anyone can see it.",
    "private": "The list is private: only you can see it.",
    "added": "Added to the list.",
    "commented": "Comment saved.",
    "moved": "Moved.",
    "removed": "Removed from the list.",
    "deleted": "List deleted.",
}

Change = Callable[[UserRow, int, dict[str, str]], Any]


class ListPages(WebPages):
    def routes(self) -> list[BaseRoute]:
        item = LISTS + "/{list:id}/items/{item:id}"
        return [
            page_route(LISTS, self.your_lists),
            page_route(LISTS + "/{list:id}", self.one_list),
            page_route(LISTS + "/{list:id}/settings", self.change_settings),
            page_route(LISTS + "/{list:id}/visibility", self.change_visibility),
            page_route(LISTS + "/{list:id}/delete", self.delete_list),
            page_route(LISTS + "/{list:id}/items", self.add_item),
            page_route(item + "/comment", self.comment_item),
            page_route(item + "/move", self.move_item),
            page_route(item + "/remove", self.remove_item),
        ]

    # -- pages --------------------------------------------------------------------------------

    async def your_lists(self, request: Request) -> Response:
        visit = await self._visit(request)
        if visit.user is None:
            return self._to_sign_in(LISTS)
        if request.method == "POST":
            return await self._create(request, visit)
        return await self._lists_page(
            visit, done=DONE.get(request.query_params.get("done", ""), "")
        )

    async def one_list(self, request: Request) -> Response:
        visit = await self._visit(request)
        list_id: int = request.path_params["list"]
        if visit.user is None:
            return self._to_sign_in(f"{LISTS}/{list_id}")
        done = DONE.get(request.query_params.get("done", ""), "")
        return await self._list_page(request, visit, list_id, done=done)

    async def _lists_page(
        self,
        visit: Visit,
        *,
        done: str = "",
        error: str = "",
        status: int = 200,
        given: dict[str, str] | None = None,
    ) -> Response:
        user = visit.user
        assert user is not None
        own = await self.storage.run(lists.own_lists, self.storage.lists, user)
        return self._render(
            visit,
            "lists.html",
            status,
            lists=own,
            limits=LIMITS,
            done=done,
            error=error,
            given=given or {},
        )

    async def _list_page(
        self,
        request: Request,
        visit: Visit,
        list_id: int,
        *,
        done: str = "",
        error: str = "",
        status: int = 200,
        given: dict[str, str] | None = None,
    ) -> Response:
        user = visit.user
        assert user is not None
        try:
            row, items = await self.storage.run(
                lists.own_list_with_items, self.storage.lists, user, list_id
            )
        except ListNotFound:
            return self._not_found(visit)
        return self._render(
            visit,
            "list.html",
            status,
            list=row,
            items=items,
            api_url=f"{facts_of(request.scope).base_url}/lists/{row.id}",
            uri=lists.list_uri(row),
            kinds=lists.KINDS,
            limits=LIMITS,
            done=done,
            error=error,
            given=given or {},
        )

    def _not_found(self, visit: Visit) -> Response:
        return self._message(
            visit, "List not found", "You have no list with this number.", 404, error=True
        )

    # -- changes ------------------------------------------------------------------------------

    async def _create(self, request: Request, visit: Visit) -> Response:
        form = await self._checked_form(request, visit, MAX_LIST_FORM)
        if isinstance(form, Response):
            return form
        user = visit.user
        assert user is not None
        try:
            list_id = await self.storage.run_writing(
                lists.create_list,
                self.storage.lists,
                user,
                form.get("name", ""),
                form.get("description", ""),
                form.get("public") == "1",
            )
        except ListRefused as refusal:
            return await self._lists_page(visit, error=refusal.message, status=400, given=form)
        return redirect(f"{LISTS}/{list_id}?done=created")

    async def change_settings(self, request: Request) -> Response:
        return await self._change(
            request,
            lambda user, list_id, form: lists.change_list(
                self.storage.lists,
                user,
                list_id,
                form.get("name", ""),
                form.get("description", ""),
                form.get("public") == "1",
            ),
            "saved",
        )

    async def change_visibility(self, request: Request) -> Response:
        def change(user: UserRow, list_id: int, form: dict[str, str]) -> str:
            public = form.get("public") == "1"
            lists.set_public(self.storage.lists, user, list_id, public)
            return "public" if public else "private"

        return await self._change(request, change)

    async def delete_list(self, request: Request) -> Response:
        def change(user: UserRow, list_id: int, form: dict[str, str]) -> str:
            if form.get("confirm") != "1":
                raise ListRefused("Tick the box to confirm that the list is to be deleted.")
            lists.delete_list(self.storage.lists, user, list_id)
            return "deleted"

        return await self._change(request, change, target=LISTS)

    async def add_item(self, request: Request) -> Response:
        own_host = urlsplit(facts_of(request.scope).base_url).netloc
        return await self._change(
            request,
            lambda user, list_id, form: lists.add_named_item(
                self.storage.lists,
                user,
                list_id,
                lists.NamedItem(
                    form.get("reference", ""),
                    form.get("kind", "release"),
                    form.get("entity_id", ""),
                    form.get("comment", ""),
                ),
                own_host,
            ),
            "added",
        )

    async def comment_item(self, request: Request) -> Response:
        item_id: int = request.path_params["item"]
        return await self._change(
            request,
            lambda user, list_id, form: lists.comment_item(
                self.storage.lists, user, list_id, item_id, form.get("comment", "")
            ),
            "commented",
        )

    async def move_item(self, request: Request) -> Response:
        item_id: int = request.path_params["item"]

        def change(user: UserRow, list_id: int, form: dict[str, str]) -> None:
            where: str | int = form.get("direction", "")
            if where not in ("up", "down"):
                position = form.get("position", "").strip()
                where = int(position) if position.isascii() and position.isdigit() else 0
            lists.move_item(self.storage.lists, user, list_id, item_id, where)

        return await self._change(request, change, "moved")

    async def remove_item(self, request: Request) -> Response:
        item_id: int = request.path_params["item"]
        return await self._change(
            request,
            lambda user, list_id, _form: lists.remove_item(
                self.storage.lists, user, list_id, item_id
            ),
            "removed",
        )

    async def _change(
        self, request: Request, change: Change, done: str = "", *, target: str = ""
    ) -> Response:
        """A POST to one of the user's lists: CSRF checked, the change made (its result, if
        a string, says what was done), then the list's page (or ``target``); a refusal shows
        the page again with the reason and what was typed."""
        visit = await self._visit(request)
        list_id: int = request.path_params["list"]
        page = f"{LISTS}/{list_id}"
        if request.method != "POST":
            return redirect(page)
        form = await self._checked_form(request, visit, MAX_LIST_FORM)
        if isinstance(form, Response):
            return form
        user = visit.user
        if user is None:
            return self._to_sign_in(page)
        try:
            result = await self.storage.run_writing(change, user, list_id, form)
        except ListNotFound:
            return self._not_found(visit)
        except ListRefused as refusal:
            return await self._list_page(
                request, visit, list_id, error=refusal.message, status=400, given=form
            )
        said = result if isinstance(result, str) else done
        return redirect(f"{target or page}?done={said}")


LIMITS = {
    "name": lists.MAX_NAME,
    "description": lists.MAX_DESCRIPTION,
    "comment": lists.MAX_COMMENT,
}
