"""Entry point for ASGI servers: ``granian --interface asgi --factory
discogs_service.asgi:create_from_env`` or ``uvicorn --factory ...`` for development."""

from __future__ import annotations

from discogs_service.app import DiscogsApp, create_app, settle_heap
from discogs_service.config import Settings


def create_from_env() -> DiscogsApp:
    app = create_app(Settings.from_env())
    settle_heap()
    return app
