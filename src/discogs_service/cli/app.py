"""The ``discogs-service`` command's commands: serve the API, import dumps, manage the
database and the accounts, bring users' wantlists and collections in and out."""

from __future__ import annotations

import typer

from discogs_service.cli import accounts, collection, db, dumps, serve, wantlist

app = typer.Typer(
    name="discogs-service",
    help="A self-hosted Discogs API v2, served from the Discogs data dumps.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("serve")(serve.serve)
app.command("import")(dumps.import_files)
app.add_typer(db.app, name="db")
app.add_typer(accounts.users, name="users")
app.add_typer(accounts.tokens, name="tokens")
app.add_typer(accounts.apps, name="apps")
app.add_typer(wantlist.app, name="wantlist")
app.add_typer(collection.app, name="collection")
