"""Entry point for ASGI servers: ``granian --interface asgi --factory
discogs_service.asgi:create_from_env`` or ``uvicorn --factory ...`` for development."""

from __future__ import annotations

from discogs_service.app import DiscogsApp, create_app
from discogs_service.config import Settings


def create_from_env() -> DiscogsApp:
    return create_app(Settings.from_env())
