"""Entry point for ASGI servers: ``granian --interface asgi --factory
discogs_service.asgi:create_from_env`` or ``uvicorn --factory ...`` for development."""

from __future__ import annotations

from starlette.applications import Starlette

from discogs_service.app import create_app
from discogs_service.config import Settings


def create_from_env() -> Starlette:
    return create_app(Settings.from_env())
