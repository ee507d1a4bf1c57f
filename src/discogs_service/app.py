"""``create_app(settings)``: the ASGI application, its routes, middleware and error mapping."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware

from discogs_service.api.context import ApiContext
from discogs_service.api.errors import (
    RequireUserAgent,
    on_discogs_error,
    on_http_exception,
    on_unexpected,
)
from discogs_service.api.routes import build_routes
from discogs_service.config import Settings
from discogs_service.errors import DiscogsError
from discogs_service.storage import Storage, open_storage


def create_app(settings: Settings, storage: Storage | None = None) -> Starlette:
    """The API app. ``storage`` is opened from ``settings.database_url`` unless given (tests
    share one); an app that opened its storage closes it on shutdown."""
    owned = storage is None
    store = storage if storage is not None else open_storage(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if owned:
            store.close()

    middleware = [Middleware(RequireUserAgent)] if settings.require_user_agent else []
    app = Starlette(
        routes=build_routes(ApiContext(settings, store)),
        middleware=middleware,
        exception_handlers={
            DiscogsError: on_discogs_error,
            HTTPException: on_http_exception,
            Exception: on_unexpected,
        },
        lifespan=lifespan,
    )
    # The live API answers 404 to a path with a trailing slash; Starlette would redirect it
    # (307, with a Location built from the request's Host header).
    app.router.redirect_slashes = False
    return app
