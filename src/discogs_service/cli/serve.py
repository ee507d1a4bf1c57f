"""Serve the API; a fresh database first gets the bundled sample catalogue."""

from __future__ import annotations

import enum
import os
from typing import Annotated

import typer
from rich.console import Console

from discogs_service.cli.dumps import run_imports
from discogs_service.cli.progress import index_build_display
from discogs_service.config import Settings
from discogs_service.sample import sample_files
from discogs_service.storage import open_storage


class Interface(enum.StrEnum):
    rsgi = "rsgi"
    asgi = "asgi"


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Server worker processes.")] = 1,
    sample: Annotated[
        bool, typer.Option(help="Load the bundled sample catalogue into an empty database.")
    ] = True,
    interface: Annotated[
        Interface,
        typer.Option(help="granian's interface to the app: rsgi (faster) or asgi; same answers."),
    ] = Interface.rsgi,
) -> None:
    """Serve the Discogs API on http://HOST:PORT from DISCOGS_DATABASE_URL."""
    settings = Settings.from_env()
    console = Console(stderr=True)
    with index_build_display(console) as progress:
        storage = open_storage(
            settings.database_url, search_cache_mb=settings.search_cache_mb, progress=progress
        )
    try:
        storage.dumps.ensure_indexes()  # after an interrupted first import
        if sample and not storage.catalogue.counts():
            console.print("empty catalogue: loading the bundled sample (real CC0 dump records)")
            run_imports(storage, sample_files(), console, keep_missing=True, workers=1)
    finally:
        storage.close()
    console.print(f"serving the Discogs API on http://{host}:{port} ({settings.database_url})")
    run_server(host, port, workers, interface)


def run_server(host: str, port: int, workers: int, interface: Interface = Interface.rsgi) -> None:
    from granian import Granian
    from granian.constants import Interfaces, Loops

    os.environ.setdefault("DISCOGS_DATABASE_URL", Settings.from_env().database_url)
    Granian(
        # RSGI by default: the same app, more requests/s than through granian's ASGI
        # interface (rsgi.py, benchmarks/README.md).
        f"discogs_service.{interface.value}:create_from_env",
        factory=True,
        interface=Interfaces.RSGI if interface is Interface.rsgi else Interfaces.ASGI,
        # uvloop where it installs: +30 % requests/s over asyncio's own loop on the release
        # endpoint (benchmarks/README.md); granian's "auto" falls back to asyncio without it.
        loop=Loops.auto,
        address=host,
        port=port,
        workers=workers,
        websockets=False,  # the API has none; an upgrade request is answered as plain HTTP
        backlog=2048,
        log_access=False,
    ).serve()
