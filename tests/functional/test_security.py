"""Security properties of accounts, on SQLite and PostgreSQL over a real socket:

* no secret (password, personal token, consumer secret, OAuth token secret, verifier, web
  session) is stored in clear: every column of every row, and the SQLite file itself;
* no secret is logged, at DEBUG, by the server or the accounts CLI;
* secrets are compared in constant time (``hmac.compare_digest``, argon2's verify), and a
  credential one character off is refused exactly like any other;
* one user's credentials never read or write another user's private data.

The public identifiers (consumer key, OAuth token) are stored as they are: the protocol sends
them in clear and looks rows up by them; what proves possession is the secret beside them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import argon2
import httpx
import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import MetaData, select
from typer.testing import CliRunner

from discogs_service.cli.app import app
from discogs_service.storage import Storage
from tests.functional.accounts_support import (
    INVALID_CREDENTIALS,
    NOT_OWNER,
    SERVER_KEY,
    AccountsServer,
    accounts_server,
    consumer_header,
    oauth_header,
    plaintext_oauth_header,
    token_header,
    wrong,
)

# The test's own HTTP client logs the URLs it requests (with ?token=...): not the server.
CLIENT_LOGGERS = ("httpx", "httpcore")


@pytest.fixture
def server(storage: Storage) -> Iterator[AccountsServer]:
    with accounts_server(storage) as running:
        yield running


def every_credential(server: AccountsServer) -> dict[str, str]:
    """A user with one credential of each kind (and a web session); their secrets."""
    alice = server.user("alice")
    app_owner = server.user("bob")
    application = server.application(app_owner, "Shelf")
    access = server.oauth_access(alice, application)
    session = server.accounts.start_session(alice.id)
    server.secrets.append(session)
    return {
        "token": server.token(alice),
        "consumer_key": application.consumer_key,
        "consumer_secret": application.consumer_secret,
        "oauth_token": access.token,
        "oauth_secret": access.secret,
    }


def stored_values(storage: Storage) -> Iterator[tuple[str, Any]]:
    """(table.column, value) of every value in the database."""
    metadata = MetaData()
    metadata.reflect(storage.engine)
    with storage.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for column, value in row._mapping.items():
                    yield f"{table.name}.{column}", value


def contains(value: Any, secret: str) -> bool:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return secret.encode() in bytes(value)
    return isinstance(value, str) and secret in value


# -- stored -----------------------------------------------------------------------------------


def test_no_secret_is_stored_in_clear(server: AccountsServer) -> None:
    every_credential(server)
    assert len(server.secrets) == 8  # two passwords, a token, a session, four of OAuth's
    for where, value in stored_values(server.storage):
        for secret in server.secrets:
            assert not contains(value, secret), (where, secret)
    # SQLite: nor in the file's bytes (a freed page keeps what was written), nor in its
    # write-ahead log when there is one.
    database = server.storage.engine.url.database
    if server.storage.engine.dialect.name == "sqlite":
        assert database and Path(database).is_file()
        wal = Path(database + "-wal")
        for path in [Path(database), *([wal] if wal.exists() else [])]:
            content = path.read_bytes()
            assert not [s for s in server.secrets if s.encode() in content], path


def test_what_is_stored_is_an_argon2_hash_a_digest_or_a_ciphertext(server: AccountsServer) -> None:
    credentials = every_credential(server)
    values = dict(stored_values(server.storage))  # one row per table of interest
    assert values["users.password_hash"].startswith("$argon2id$")
    assert (
        bytes(values["personal_tokens.token_hash"])
        == hashlib.sha256(credentials["token"].encode()).digest()
    )
    assert (
        bytes(values["applications.secret_hash"])
        == hashlib.sha256(credentials["consumer_secret"].encode()).digest()
    )
    # What HMAC-SHA1 needs back is sealed with the server key, bound to its row.
    box = server.accounts.box
    sealed = bytes(values["applications.secret_encrypted"])
    assert box.decrypt(sealed, credentials["consumer_key"]) == credentials["consumer_secret"]
    with pytest.raises(InvalidTag):
        box.decrypt(sealed, credentials["oauth_token"])


# -- logged -----------------------------------------------------------------------------------


def test_no_secret_is_logged_by_the_server(
    server: AccountsServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    credentials = every_credential(server)
    token, key, secret = (
        credentials["token"],
        credentials["consumer_key"],
        credentials["consumer_secret"],
    )
    access_header = plaintext_oauth_header(
        key, secret, credentials["oauth_token"], credentials["oauth_secret"]
    )
    with server.client() as http:
        for kwargs in (
            {"headers": token_header(token)},
            {"params": {"token": token}},
            {"headers": token_header(token[:-1] + "x")},
            {"params": {"token": token[:-1] + "x"}},
            {"headers": consumer_header(key, secret)},
            {"params": {"key": key, "secret": wrong(secret)}},
            {"headers": access_header},
            {"headers": access_header},  # replayed nonce: refused
            {"headers": plaintext_oauth_header(key, wrong(secret))},
        ):
            for path in ("/", "/oauth/identity", "/users/alice"):
                http.get(path, **kwargs)  # type: ignore[arg-type]
            http.post("/users/alice", json={"name": "A"}, **kwargs)  # type: ignore[arg-type]
    assert_not_logged(caplog, server.secrets)


def test_no_secret_is_logged_or_echoed_by_the_cli(
    storage: Storage, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = storage.engine.url.render_as_string(hide_password=False)
    env = {"DISCOGS_DATABASE_URL": url, "DISCOGS_SECRET_KEY": SERVER_KEY}
    runner = CliRunner()
    password = "a long secret password"
    created = runner.invoke(
        app, ["users", "create", "alice", "--email", "a@example.org"], input=password, env=env
    )
    token = runner.invoke(app, ["tokens", "create", "alice"], env=env)
    application = runner.invoke(app, ["apps", "create", "Shelf", "--owner", "alice"], env=env)
    revoked = runner.invoke(app, ["tokens", "revoke", "-"], input=token.stdout, env=env)
    assert [r.exit_code for r in (created, token, application, revoked)] == [0, 0, 0, 0]
    secrets = [password, token.stdout.strip(), application.stdout.split()[1]]
    for result in (created, token, application, revoked):
        assert not [s for s in secrets if s in result.stderr], result.stderr
    assert password not in created.stdout
    assert_not_logged(caplog, secrets)


def assert_not_logged(caplog: pytest.LogCaptureFixture, secrets: list[str]) -> None:
    server_records = [r for r in caplog.records if not r.name.startswith(CLIENT_LOGGERS)]
    assert server_records, "nothing was logged at DEBUG: the check would prove nothing"
    for record in server_records:
        text = f"{record.getMessage()} {record.exc_text or ''}"
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, (record.name, text[:300])


# -- compared in constant time ----------------------------------------------------------------


def refusal(response: httpx.Response) -> tuple[int, bytes, str]:
    return response.status_code, response.content, response.headers["content-type"]


def test_a_secret_one_character_off_is_refused_like_any_other(server: AccountsServer) -> None:
    credentials = every_credential(server)
    token, key, secret = (
        credentials["token"],
        credentials["consumer_key"],
        credentials["consumer_secret"],
    )
    last_off = token[:-1] + ("a" if token[-1] != "a" else "b")
    expected = (401, b'{"message": "' + INVALID_CREDENTIALS.encode() + b'"}', "application/json")
    with server.client() as http:
        for kwargs in (
            {"headers": token_header(last_off)},
            {"headers": token_header("0" * 40)},
            {"headers": consumer_header(key, secret[:-1] + "!")},
            {"headers": consumer_header(key, "0" * 32)},
            {"headers": oauth_header_off_by_one(credentials)},
        ):
            assert refusal(http.get("/oauth/identity", **kwargs)) == expected, kwargs  # type: ignore[arg-type]


def oauth_header_off_by_one(credentials: dict[str, str]) -> dict[str, str]:
    secret = credentials["oauth_secret"]
    return plaintext_oauth_header(
        credentials["consumer_key"],
        credentials["consumer_secret"],
        credentials["oauth_token"],
        secret[:-1] + ("a" if secret[-1] != "a" else "b"),
    )


def test_secrets_are_compared_with_compare_digest_and_argon2(
    server: AccountsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparisons a request makes go through hmac.compare_digest (spied on, not
    replaced), and a password check through argon2's verify."""
    credentials = every_credential(server)
    compared: list[tuple[bytes, bytes]] = []
    original = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append((a, b))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    token_digest = hashlib.sha256(credentials["token"].encode()).digest()
    assert server.get("/oauth/identity", headers=token_header(credentials["token"])).is_success
    assert (token_digest, token_digest) in compared
    compared.clear()
    key, secret = credentials["consumer_key"], credentials["consumer_secret"]
    assert server.get("/", headers=consumer_header(key, secret + "x")).status_code == 401
    secret_digest = hashlib.sha256(secret.encode()).digest()
    assert (secret_digest, hashlib.sha256((secret + "x").encode()).digest()) in compared

    verified: list[str] = []
    original_verify = argon2.PasswordHasher.verify

    def verify_spy(self: argon2.PasswordHasher, hash: str, password: str) -> bool:
        verified.append(password)
        return original_verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", verify_spy)
    user = server.accounts.sign_in("alice", "password of alice", "127.0.0.1")
    assert user.username == "alice"
    assert verified == ["password of alice"]


# -- one user's credentials and another's data ------------------------------------------------


def test_a_users_token_never_reads_or_writes_another_users_private_data(
    server: AccountsServer,
) -> None:
    alice, bob = server.user("alice"), server.user("bob")
    alice_token, bob_token = server.token(alice), server.token(bob)
    bob_before = server.get("/users/bob", headers=token_header(bob_token)).json()
    assert bob_before["email"] == "bob@example.org"
    alice_access = server.oauth_access(alice, server.application(bob))  # bob's own app
    with server.client() as http:
        seen = http.get("/users/bob", headers=token_header(alice_token)).json()
        assert "email" not in seen and seen["curr_abbr"] == ""
        for path in ("/users/bob", "/users/BOB"):
            edit = http.post(
                path, headers=token_header(alice_token), json={"name": "x", "curr_abbr": "EUR"}
            )
            assert (edit.status_code, edit.json()) == (403, {"message": NOT_OWNER})
        queried = http.post("/users/bob", params={"token": alice_token, "location": "x"})
        assert queried.status_code == 403
        signed = http.post("/users/bob", headers=oauth_header(alice_access), json={"name": "x"})
        assert signed.status_code == 403
        assert "email" not in http.get("/users/bob", headers=oauth_header(alice_access)).json()
        me = http.get("/oauth/identity", headers=token_header(alice_token)).json()
        assert me["username"] == "alice"
    bob_after = server.get("/users/bob", headers=token_header(bob_token)).json()
    assert bob_after == bob_before
