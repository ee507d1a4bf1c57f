"""``/users/{username}``: the user profile, and its edit by the owner."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import parse_qsl

import msgspec
from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import Answer, json_object
from discogs_service.api.resource import Resource
from discogs_service.auth.identity import identity_of
from discogs_service.errors import BadRequest
from discogs_service.request.body import read_body
from discogs_service.request.facts import header
from discogs_service.request.text import refuse_nul
from discogs_service.services import users

MAX_PROFILE_BODY = 64 * 1024
FIELDS = (*users.EDITABLE, "curr_abbr")


class Users(Resource):
    def routes(self) -> list[BaseRoute]:
        return [self.route("/users/{username}", self.profile, ["GET", "POST"])]

    async def profile(self, request: Request) -> Answer:
        if request.method == "POST":
            return await self.edit_profile(request)
        identity = identity_of(request.scope)
        document = await self.storage.run(
            users.profile,
            self.context.accounts,
            self.storage.community,
            request.path_params["username"],
            identity,
            self.context.base_url(request.scope),
            self.storage.lists,
        )
        # The owner's view carries the email: never kept by a shared cache.
        private = "email" in document
        return json_object(
            request,
            document,
            headers={"vary": "Authorization"},
            cache_control="private, no-store" if private else "public, must-revalidate",
        )

    async def edit_profile(self, request: Request) -> Answer:
        """Fields from a JSON object (as python3-discogs-client sends them), a form, or the
        query string (as the seed document describes them)."""
        changes = await read_changes(request)
        document = await self.storage.run(
            users.edit_profile,
            self.context.accounts,
            self.storage.community,
            request.path_params["username"],
            identity_of(request.scope),
            changes,
            self.context.base_url(request.scope),
            self.storage.lists,
        )
        return json_object(request, document, headers={"cache-control": "no-store"})


async def read_changes(
    request: Request, names: Collection[str] = FIELDS, limit: int = MAX_PROFILE_BODY
) -> dict[str, object]:
    """The write's fields among ``names``: from a JSON object, a form or the query string."""
    changes = await _changes_given(request, names, limit)
    refuse_nul(changes.items())  # the query string was checked with the URL; the body here
    return changes


async def _changes_given(request: Request, names: Collection[str], limit: int) -> dict[str, object]:
    changes: dict[str, object] = {
        name: value for name, value in request.query_params.items() if name in names
    }
    body = await read_body(request.receive, limit)
    if not body.strip():
        return changes
    if "json" in header(request.scope, b"content-type") or body.lstrip().startswith(b"{"):
        try:
            value = msgspec.json.decode(body)
        except msgspec.DecodeError:
            raise BadRequest("The request body is not valid JSON.") from None
        if not isinstance(value, dict):
            raise BadRequest("The request body must be a JSON object.")
        changes.update((name, value[name]) for name in names if name in value)
        return changes
    form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    changes.update((name, value) for name, value in form if name in names)
    return changes
