"""Database maintenance: migrate to the current schema, check models against migrations."""

from __future__ import annotations

import typer

from discogs_service.config import Settings
from discogs_service.storage import migrate
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
