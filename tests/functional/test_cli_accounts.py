"""``discogs-service users|tokens|apps`` on SQLite and PostgreSQL: the real command, and what it
prints used against a real server on the same database."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from discogs_service.cli.app import app
from discogs_service.config import Settings
from discogs_service.storage import open_storage
from tests.conftest import USER_AGENT, PostgresDatabases, ServerThread
from tests.functional.accounts_support import (
    INVALID_CREDENTIALS,
    MUST_AUTHENTICATE,
    SERVER_KEY,
    consumer_header,
    plaintext_oauth_header,
    token_header,
)

BIN = Path(sys.executable).with_name("discogs-service")
PASSWORD = "correct horse battery"


def environment(database_url: str) -> dict[str, str]:
    """The command's environment: PostgreSQL needs the server key; SQLite keeps it in a key
    file beside the database, which the CLI and the server both find there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    env["DISCOGS_DATABASE_URL"] = database_url
    if make_url(database_url).get_backend_name() == "postgresql":
        env["DISCOGS_SECRET_KEY"] = SERVER_KEY
    return env


def run(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The installed ``discogs-service`` command, stdin a pipe (not a terminal)."""
    return subprocess.run(
        [str(BIN), *args],
        env=environment(database_url),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def succeeded(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@contextmanager
def serve_database(database_url: str) -> Iterator[httpx.Client]:
    """A server on the database, with the server key the command used; a client for it."""
    settings = Settings(
        database_url=database_url,
        ratelimit_enabled=False,
        secret_key=environment(database_url).get("DISCOGS_SECRET_KEY"),
    )
    storage = open_storage(database_url)
    try:
        with (
            ServerThread(settings, storage) as url,
            httpx.Client(base_url=url, headers={"User-Agent": USER_AGENT}) as http,
        ):
            yield http
    finally:
        storage.close()


def test_what_the_commands_print_works_against_the_server(database_url: str) -> None:
    created = run(
        database_url, "users", "create", "alice", "--email", "a@example.org", stdin=PASSWORD
    )
    assert succeeded(created) == ["created user alice"]
    token_lines = succeeded(run(database_url, "tokens", "create", "alice"))
    assert len(token_lines) == 1 and len(token_lines[0]) == 40 and token_lines[0].isalnum()
    key, secret = succeeded(run(database_url, "apps", "create", "My App", "--owner", "alice"))
    token = token_lines[0]
    with serve_database(database_url) as http:
        me = http.get("/oauth/identity", headers=token_header(token))
        assert me.status_code == 200
        assert (me.json()["username"], me.json()["consumer_name"]) == ("alice", "alice")
        assert http.get("/users/alice", params={"token": token}).json()["email"] == "a@example.org"

        as_app = http.get("/", headers=consumer_header(key, secret))
        assert (as_app.status_code, as_app.headers["x-discogs-ratelimit"]) == (200, "60")
        app_identity = http.get("/oauth/identity", params={"key": key, "secret": secret})
        assert app_identity.json() == {"message": MUST_AUTHENTICATE}
        # The server decrypts the consumer secret the command encrypted (same server key).
        signed = http.get("/", headers=plaintext_oauth_header(key, secret))
        assert signed.status_code == 200, signed.text

        succeeded(run(database_url, "tokens", "revoke", "-", stdin=token + "\n"))
        assert http.get("/oauth/identity", headers=token_header(token)).json() == {
            "message": INVALID_CREDENTIALS
        }
        succeeded(run(database_url, "apps", "revoke", key))
        refused = http.get("/", headers=consumer_header(key, secret))
        assert (refused.status_code, refused.json()) == (401, {"message": INVALID_CREDENTIALS})

        second = succeeded(run(database_url, "tokens", "create", "alice"))[0]
        assert http.get("/oauth/identity", headers=token_header(second)).status_code == 200
        assert succeeded(run(database_url, "users", "disable", "alice")) == ["disabled user alice"]
        assert http.get("/oauth/identity", headers=token_header(second)).status_code == 401
        succeeded(run(database_url, "users", "enable", "alice"))
        assert http.get("/oauth/identity", headers=token_header(second)).status_code == 200


# -- in process (typer's runner): listings and refusals ----------------------------------------

runner = CliRunner()


def invoke(database_url: str, *args: str, stdin: str = "") -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env=environment(database_url))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def create(database_url: str, name: str, email: str = "") -> None:
    email = email or f"{name}@example.org"
    code, _out, err = invoke(
        database_url, "users", "create", name, "--email", email, stdin=PASSWORD
    )
    assert code == 0, err


def test_the_listings(database_url: str) -> None:
    create(database_url, "alice")
    create(database_url, "bob")
    invoke(database_url, "tokens", "create", "alice", "--label", "my script")
    invoke(database_url, "tokens", "create", "alice", "--label", "my   other\nscript")
    key = invoke(database_url, "apps", "create", "Shelf", "--owner", "bob")[1].split()[0]
    invoke(database_url, "users", "disable", "bob")

    users = [line.split("\t") for line in invoke(database_url, "users", "list")[1].splitlines()]
    assert [row[:3] for row in users] == [
        ["alice", "alice@example.org", "active"],
        ["bob", "bob@example.org", "disabled"],
    ]
    listed = invoke(database_url, "tokens", "list", "alice")[1]
    tokens = [line.split("\t") for line in listed.splitlines()]
    assert [label for _id, label, _created in tokens] == ["my script", "my other script"]
    assert invoke(database_url, "tokens", "list", "bob")[1] == ""
    code, out, _err = invoke(database_url, "tokens", "revoke", tokens[0][0])
    assert (code, out) == (0, "revoked\n")
    assert len(invoke(database_url, "tokens", "list", "alice")[1].splitlines()) == 1
    apps = invoke(database_url, "apps", "list")[1].splitlines()
    assert [line.split("\t")[:3] for line in apps] == [[key, "Shelf", "bob"]]
    assert invoke(database_url, "apps", "list", "--owner", "alice")[1] == ""


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["users", "create", "alice", "--email", "x@example.org"], PASSWORD, "is taken"),
        (["users", "create", "ALICE", "--email", "x@example.org"], PASSWORD, "is taken"),
        (["users", "create", "bob", "--email", "x@example.org"], "", "no password given"),
        (["users", "create", "bob", "--email", "x@example.org"], "\n", "no password given"),
        (["users", "create", "bob", "--email", "x@example.org"], "short", "at least 8"),
        (["users", "create", "bob", "--email", "not-an-email"], PASSWORD, "email"),
        (["users", "create", "bad name", "--email", "x@example.org"], PASSWORD, "username"),
        (["users", "disable", "nobody"], "", "No user named 'nobody'"),
        (["tokens", "create", "nobody"], "", "No user named 'nobody'"),
        (["tokens", "list", "nobody"], "", "No user named 'nobody'"),
        (["tokens", "revoke", "999"], "", "No active token"),
        (["tokens", "revoke", "-"], "not-a-token\n", "No active token"),
        (["tokens", "revoke", "abc"], "", "give the token's id"),
        (["tokens", "revoke", "²"], "", "give the token's id"),  # str.isdigit, not int
        (["apps", "create", "App", "--owner", "nobody"], "", "No user named 'nobody'"),
        (["apps", "create", " ", "--owner", "alice"], "", "application name"),
        (["apps", "revoke", "nosuchkey"], "", "No active application"),
    ],
)
def test_refusals_say_why_on_stderr_and_exit_1(
    database_url: str, args: list[str], stdin: str, message: str
) -> None:
    create(database_url, "alice")
    code, out, err = invoke(database_url, *args, stdin=stdin)
    assert code == 1
    assert out == ""
    assert err.startswith("error: ") and message in err, err


def test_a_disabled_user_gets_no_new_token(database_url: str) -> None:
    create(database_url, "alice")
    invoke(database_url, "users", "disable", "alice")
    code, out, err = invoke(database_url, "tokens", "create", "alice")
    assert (code, out) == (1, "")
    assert "disabled" in err


def test_postgresql_without_a_server_key_is_refused_clearly(postgres: PostgresDatabases) -> None:
    # (SQLite keeps its server key in a file beside the database: nothing to refuse there.)
    database_url = postgres.new()
    open_storage(database_url).close()
    create(database_url, "alice")
    env: dict[str, str | None] = {**environment(database_url), "DISCOGS_SECRET_KEY": None}
    result = runner.invoke(app, ["apps", "create", "App", "--owner", "alice"], env=env)
    assert result.exit_code == 1
    assert "DISCOGS_SECRET_KEY" in result.stderr
    assert result.stdout == ""


def test_the_password_is_prompted_for_at_a_terminal(database_url: str) -> None:
    """At a terminal the password is asked twice and not echoed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [str(BIN), "users", "create", "carol", "--email", "c@example.org"],
        env=environment(database_url),
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        start_new_session=True,  # no controlling terminal: getpass reads the pty given
    )
    os.close(terminal)
    screen = read_until(controller, b"Password: ")
    os.write(controller, PASSWORD.encode() + b"\n")
    screen += read_until(controller, b"Repeat for confirmation: ")
    os.write(controller, PASSWORD.encode() + b"\n")
    screen += read_until(controller, b"created user carol")
    assert process.wait(timeout=60) == 0
    os.close(controller)
    assert PASSWORD.encode() not in screen
    storage = open_storage(database_url)
    try:
        assert storage.accounts.user_by_name("carol") is not None
    finally:
        storage.close()


def read_until(fd: int, expected: bytes) -> bytes:
    seen = b""
    while expected not in seen:
        chunk = os.read(fd, 1024)
        assert chunk, seen
        seen += chunk
    return seen
