"""Accounts: users, personal access tokens and applications (consumer key and secret).

Every command works on DISCOGS_DATABASE_URL, migrated to the current schema first. Secrets
are printed once, when created, on standard output and nowhere else; the database keeps
only their digests (and, for what OAuth HMAC-SHA1 needs, a ciphertext under the server key).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, NoReturn

import typer

from discogs_service.accounts.crypto import SecretBox
from discogs_service.accounts.service import Accounts
from discogs_service.config import ConfigError, Settings
from discogs_service.errors import AccountError
from discogs_service.storage import open_storage

users = typer.Typer(help="Local user accounts.", no_args_is_help=True)
tokens = typer.Typer(
    help="Personal access tokens (Authorization: Discogs token=...).", no_args_is_help=True
)
apps = typer.Typer(
    help="Applications: consumer key and secret, for OAuth 1.0a.", no_args_is_help=True
)

USERNAME = Annotated[str, typer.Argument(help="The user's name.", show_default=False)]


@contextmanager
def open_accounts() -> Iterator[Accounts]:
    """The accounts of DISCOGS_DATABASE_URL; a refusal becomes a message and exit code 1."""
    try:
        settings = Settings.from_env()
        storage = open_storage(settings.database_url)
    except ConfigError as error:
        fail(str(error))
    try:
        yield Accounts(storage.accounts, SecretBox(settings))
    except (AccountError, ConfigError) as error:
        fail(error.message if isinstance(error, AccountError) else str(error))
    finally:
        storage.close()


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def when(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


# -- users ------------------------------------------------------------------------------------


def read_password() -> str:
    """Prompted for (twice, hidden) at a terminal; otherwise the first line of stdin, so a
    script can pipe it in without it showing in the process list."""
    if sys.stdin.isatty():
        password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    return sys.stdin.readline().rstrip("\r\n")


@users.command("create")
def create_user(
    name: USERNAME,
    email: Annotated[str, typer.Option(help="The user's email address.", show_default=False)],
) -> None:
    """Create a user; the password is prompted for (or read from a piped stdin)."""
    password = read_password()
    if not password:
        fail("no password given: type one at the prompt or send it on standard input")
    with open_accounts() as accounts:
        user = accounts.create_user(name, email, password)
    typer.echo(f"created user {user.username}")


@users.command("list")
def list_users() -> None:
    """Every user: name, email, state and registration time, separated by tabs."""
    with open_accounts() as accounts:
        for user in accounts.list_users():
            state = "active" if user.active else "disabled"
            typer.echo(f"{user.username}\t{user.email}\t{state}\t{when(user.registered_at)}")


@users.command("disable")
def disable_user(name: USERNAME) -> None:
    """Disable a user: sign-in, tokens, applications and authorisations stop working."""
    with open_accounts() as accounts:
        user = accounts.disable_user(name)
    typer.echo(f"disabled user {user.username}")


@users.command("enable")
def enable_user(name: USERNAME) -> None:
    """Enable a disabled user again, with the tokens they had."""
    with open_accounts() as accounts:
        user = accounts.enable_user(name)
    typer.echo(f"enabled user {user.username}")


class Visibility(StrEnum):
    public = "public"
    private = "private"


@users.command("privacy")
def privacy(
    name: USERNAME,
    collection: Annotated[
        Visibility | None, typer.Option(help="Who may see the collection: anyone, or the user.")
    ] = None,
    wantlist: Annotated[
        Visibility | None, typer.Option(help="Who may see the wantlist: anyone, or the user.")
    ] = None,
) -> None:
    """Make a user's collection and wantlist public or private (what is not given stays as
    it is), and print both settings."""
    with open_accounts() as accounts:
        user = accounts.user(name)
        if collection is not None or wantlist is not None:
            user = accounts.set_privacy(
                user.username,
                collection_public=user.collection_public
                if collection is None
                else collection is Visibility.public,
                wantlist_public=user.wantlist_public
                if wantlist is None
                else wantlist is Visibility.public,
            )
    typer.echo(f"collection\t{'public' if user.collection_public else 'private'}")
    typer.echo(f"wantlist\t{'public' if user.wantlist_public else 'private'}")


# -- personal access tokens -------------------------------------------------------------------


@tokens.command("create")
def create_token(
    name: USERNAME,
    label: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Create a personal access token for a user and print it: the only line on stdout,
    shown this once."""
    with open_accounts() as accounts:
        _token_id, token = accounts.create_token(accounts.user(name), label)
    typer.echo(token)


@tokens.command("list")
def list_tokens(name: USERNAME) -> None:
    """A user's live tokens (never their values): id, label and creation time."""
    with open_accounts() as accounts:
        for token in accounts.list_tokens(accounts.user(name)):
            typer.echo(f"{token.id}\t{token.label}\t{when(token.created_at)}")


@tokens.command("revoke")
def revoke_token(
    token: Annotated[
        str,
        typer.Argument(
            help="The token's id (from 'tokens list'), or '-' to read the token itself from stdin.",
            show_default=False,
        ),
    ],
) -> None:
    """Revoke a personal access token: it is refused from then on."""
    with open_accounts() as accounts:
        if token == "-":
            accounts.revoke_token_value(sys.stdin.readline().strip())
        elif token.isascii() and token.isdigit():  # "²" is a digit to isdigit, not to int
            accounts.revoke_token(int(token))
        else:
            fail("give the token's id from 'tokens list', or '-' and the token on stdin")
    typer.echo("revoked")


# -- applications -----------------------------------------------------------------------------


@apps.command("create")
def create_app(
    app_name: Annotated[str, typer.Argument(help="The application's name.", show_default=False)],
    owner: Annotated[str, typer.Option(help="The user who owns it.", show_default=False)],
    callback_url: Annotated[
        str, typer.Option(help="Where OAuth sends users back after they approve.")
    ] = "",
    website: Annotated[str, typer.Option(help="The application's web site.")] = "",
    description: Annotated[str, typer.Option(help="What it does.")] = "",
) -> None:
    """Register an application. Prints the consumer key on the first line and the consumer
    secret on the second; the secret is shown this once."""
    with open_accounts() as accounts:
        created = accounts.create_application(
            accounts.user(owner), app_name, description, website, callback_url
        )
    typer.echo(created.consumer_key)
    typer.echo(created.consumer_secret)


@apps.command("list")
def list_apps(
    owner: Annotated[str | None, typer.Option(help="Only this user's applications.")] = None,
) -> None:
    """Working applications: consumer key, name, owner and creation time."""
    with open_accounts() as accounts:
        found = accounts.list_applications(accounts.user(owner) if owner else None)
        for application in found:
            typer.echo(
                f"{application.consumer_key}\t{application.name}\t{application.owner}\t"
                f"{when(application.created_at)}"
            )


@apps.command("revoke")
def revoke_app(
    consumer_key: Annotated[str, typer.Argument(help="The consumer key.", show_default=False)],
) -> None:
    """Revoke an application and every OAuth token issued to it."""
    with open_accounts() as accounts:
        accounts.revoke_application_by_key(consumer_key)
    typer.echo("revoked")
