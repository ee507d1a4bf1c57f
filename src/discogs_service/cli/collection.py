"""A user's collection: bring it in from the CSV file discogs.com exports (Dashboard,
Export, Collection), and take it out in the same form.

Both work on DISCOGS_DATABASE_URL. Importing the same file again adds nothing: each row is
an instance, known by its release, folder and date added.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from discogs_service.accounts.crypto import SecretBox
from discogs_service.accounts.service import Accounts
from discogs_service.cli.accounts import USERNAME, fail
from discogs_service.config import ConfigError, Settings
from discogs_service.errors import DiscogsError
from discogs_service.services.collection_csv import (
    ImportSummary,
    export_collection_csv,
    import_collection_csv,
)
from discogs_service.storage import Storage, open_storage

app = typer.Typer(
    help="A user's collection: CSV in (as discogs.com exports it) and out.", no_args_is_help=True
)
FILE = Annotated[Path, typer.Argument(help="The CSV file.", show_default=False)]


@contextmanager
def opened() -> Iterator[tuple[Accounts, Storage]]:
    """The accounts and storage of DISCOGS_DATABASE_URL; a refusal becomes a message and
    exit code 1."""
    try:
        settings = Settings.from_env()
        storage = open_storage(settings.database_url)
    except ConfigError as error:
        fail(str(error))
    try:
        yield Accounts(storage.accounts, SecretBox(settings)), storage
    except DiscogsError as error:
        fail(error.message)
    finally:
        storage.close()


@app.command("import")
def import_csv(name: USERNAME, file: FILE) -> None:
    """Bring a collection CSV into NAME's collection; prints what was added and refused."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {file}: {error}")
    with opened() as (accounts, storage):
        summary = import_collection_csv(accounts, storage.collection, name, text)
    show(summary, file.name)


@app.command("export")
def export_csv(name: USERNAME, file: FILE) -> None:
    """Write NAME's whole collection to FILE as discogs.com exports it."""
    with opened() as (accounts, storage), file.open("w", encoding="utf-8", newline="") as out:
        count = export_collection_csv(accounts, storage.collection, name, out)
    typer.echo(f"{count} instances written to {file}")


def show(summary: ImportSummary, name: str) -> None:
    console = Console()
    table = Table(title=f"Collection import of {name}")
    table.add_column("rows")
    table.add_column("count", justify="right")
    for label, count in (
        ("added", summary.added),
        ("added, waiting for the release", summary.waiting),
        ("updated", summary.updated),
        ("unchanged", summary.unchanged),
        ("refused", len(summary.refused)),
    ):
        table.add_row(label, f"{count:,}")
    console.print(table)
    if summary.folders_made or summary.fields_made:
        console.print(
            f"folders made: {', '.join(summary.folders_made) or '-'}; "
            f"fields made: {', '.join(summary.fields_made) or '-'}"
        )
    if summary.refused:
        refused = Table(title="Refused rows")
        refused.add_column("line", justify="right")
        refused.add_column("reason")
        for refusal in summary.refused:
            refused.add_row(str(refusal.line), refusal.reason)
        console.print(refused)
