"""Database maintenance: migrate to the current schema, check models against migrations,
compress stored documents."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy import Engine

from discogs_service.config import Settings
from discogs_service.storage import convert, migrate
from discogs_service.storage.engine import build_engine

app = typer.Typer(help=__doc__, no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Migrate DISCOGS_DATABASE_URL to the current schema."""
    engine = build_engine(Settings.from_env().database_url)
    migrate.upgrade(engine)
    typer.echo("database is at the current schema")


@app.command()
def check() -> None:
    """Fail when the table definitions and the migrations disagree."""
    engine = build_engine(Settings.from_env().database_url)
    migrate.upgrade(engine)
    differences = migrate.drift(engine)
    if differences:
        for difference in differences:
            typer.echo(f"drift: {difference}", err=True)
        raise typer.Exit(1)
    typer.echo("no drift")


@app.command()
def compress(
    vacuum: bool = typer.Option(
        False, help="SQLite: VACUUM afterwards, so the file shrinks (needs its size free again)"
    ),
) -> None:
    """Compress the stored documents of DISCOGS_DATABASE_URL with zstd dictionaries, in
    place (docs/storage.md). Safe to stop at any point: run it again to go on."""
    engine = build_engine(Settings.from_env().database_url)
    try:
        migrate.upgrade(engine)
        _compress_documents(engine)
        if vacuum and engine.dialect.name == "sqlite":
            typer.echo("VACUUM ...")
            convert.vacuum_sqlite(engine)
    finally:
        engine.dispose()
    typer.echo("stored documents are compressed")


def _compress_documents(engine: Engine) -> None:
    with documents_display() as display:
        for target in convert.TARGETS:
            task = display.add_task(target.name, total=convert.row_count(engine, target))
            written = convert.compress(engine, target, functools.partial(display.advance, task))
            display.update(task, description=f"{target.name}: {written:,} compressed")


@contextmanager
def documents_display() -> Iterator[Progress]:
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with progress:
        yield progress
