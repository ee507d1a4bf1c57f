"""``create_app(settings)``: the ASGI application - routes, the User-Agent rule, error mapping.

The app is Starlette's ``Router`` (routes, path parameters, 404/405, lifespan) under one
layer of our own that refuses requests without a User-Agent and turns every exception into
the API's JSON error. That layer replaces the ``Starlette`` class's two default exception
middlewares: mapping errors once, in one place, is what the API needs, and the two extra
layers cost a measurable share of the hot path (see benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.routing import Router
from starlette.types import Receive, Scope, Send

from discogs_service.api.context import ApiContext
from discogs_service.api.errors import USER_AGENT_REQUIRED, answer_for, error_answer, has_user_agent
from discogs_service.api.routes import build_routes
from discogs_service.auth.identity import IDENTITY, Authenticator, NoAccounts
from discogs_service.config import Settings
from discogs_service.storage import Storage, open_storage


class DiscogsApp:
    """The ASGI application."""

    def __init__(
        self,
        settings: Settings,
        storage: Storage,
        *,
        owns_storage: bool,
        authenticator: Authenticator | None = None,
    ) -> None:
        self.settings = settings
        self.storage = storage
        self.authenticator = authenticator or NoAccounts()
        self.router = Router(
            routes=build_routes(ApiContext(settings, storage)),
            # The live API answers 404 to a path with a trailing slash; a redirect would
            # build its Location from the request's Host header.
            redirect_slashes=False,
            lifespan=self._lifespan if owns_storage else None,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.router(scope, receive, send)
            return
        if self.settings.require_user_agent and not has_user_agent(scope):
            await error_answer(403, USER_AGENT_REQUIRED)(scope, receive, send)
            return
        scope["app"] = self  # the router then raises 404/405 as exceptions, mapped below
        try:
            scope[IDENTITY] = await self.authenticator.identify(scope)
            await self.router(scope, receive, send)
        except Exception as exc:  # every failure becomes the API's JSON error
            await answer_for(exc, scope)(scope, receive, send)

    @asynccontextmanager
    async def _lifespan(self, _app: Any) -> AsyncIterator[None]:
        yield
        self.storage.close()


def create_app(settings: Settings, storage: Storage | None = None) -> DiscogsApp:
    """The API app. ``storage`` is opened from ``settings.database_url`` unless given (tests
    share one); an app that opened its storage closes it on shutdown."""
    if storage is not None:
        return DiscogsApp(settings, storage, owns_storage=False)
    return DiscogsApp(settings, open_storage(settings.database_url), owns_storage=True)
