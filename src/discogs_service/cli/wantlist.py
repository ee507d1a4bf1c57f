"""A user's wantlist: bring it in from, and take it out to, the CSV file discogs.com exports
(Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,Notes).

Both work on DISCOGS_DATABASE_URL, migrated first. An import can be run again: rows already
in the wantlist are left as they are, changed ones updated. A row naming a release the
catalogue does not hold yet is kept and waits for an import to bring the release.
"""

from __future__ import annotations

import sys
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
from discogs_service.services import wantlist_csv
from discogs_service.storage import Storage, open_storage

app = typer.Typer(help=__doc__, no_args_is_help=True)

FILE = Annotated[
    Path, typer.Argument(help="The CSV file ('-': standard input or output).", show_default=False)
]


@contextmanager
def open_wantlists() -> Iterator[tuple[Accounts, Storage]]:
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
def import_wantlist(name: USERNAME, file: FILE) -> None:
    """Add the rows of a wantlist export to the user's wantlist and show what became of each."""
    text = sys.stdin.read() if str(file) == "-" else _read(file)
    with open_wantlists() as (accounts, storage):
        summary = wantlist_csv.import_wantlist(accounts, storage.wantlist, name, text)
    console = Console()
    console.print(summary_table(summary))
    if summary.refused:
        console.print(refusals_table(summary.refused))


@app.command("export")
def export_wantlist(name: USERNAME, file: FILE) -> None:
    """Write the user's whole wantlist as discogs.com exports it."""
    with open_wantlists() as (accounts, storage):
        text = wantlist_csv.export_wantlist(accounts, storage.wantlist, name)
    if str(file) == "-":
        sys.stdout.write(text)
    else:
        file.write_text(text, encoding="utf-8", newline="")
        typer.echo(f"wrote the wantlist of {name} to {file}", err=True)


def summary_table(summary: wantlist_csv.ImportSummary) -> Table:
    table = Table(title="Wantlist import")
    for column in ("added", "updated", "unchanged", "waiting", "refused"):
        table.add_column(column, justify="right")
    table.add_row(
        *(
            f"{count:,}"
            for count in (
                summary.added,
                summary.updated,
                summary.unchanged,
                summary.waiting,
                len(summary.refused),
            )
        )
    )
    table.caption = "waiting: kept for a release the catalogue does not hold yet"
    return table


def refusals_table(refusals: list[wantlist_csv.Refusal]) -> Table:
    table = Table(title="Refused rows")
    for column in ("line", "release_id", "reason"):
        table.add_column(column, justify="right" if column == "line" else "left")
    for refusal in refusals:
        table.add_row(str(refusal.line), refusal.release_id, refusal.reason)
    return table


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read {file}: {error}")
