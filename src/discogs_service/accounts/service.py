"""Account use cases: users, sign-in with throttling, web sessions, personal access tokens,
applications, and the OAuth token records the provider (``auth.oauth``) keeps.

The CLI, the web pages and the authenticator all come through here. Secrets leave this module
only once, when they are created (to be shown to their owner); what is stored is a digest or,
where HMAC-SHA1 needs the secret itself, a ciphertext (``accounts.crypto``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from discogs_service.accounts import crypto
from discogs_service.accounts.identity import Identity
from discogs_service.accounts.passwords import hash_password, password_problem, verify_password
from discogs_service.errors import AccountError, InvalidCredentials, SignInThrottled
from discogs_service.storage.accounts import (
    ACCESS_TOKEN,
    REQUEST_TOKEN,
    AccountStore,
    ApplicationRow,
    OAuthTokenRow,
    TokenRow,
    UserRow,
)

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
CALLBACK = re.compile(r"^https?://[^\s]+$")

REQUEST_TOKEN_LIFETIME = 15 * 60  # request tokens and verifiers (Discogs docs: 15 minutes)
SESSION_LIFETIME = 14 * 24 * 3600
# Sign-in throttling: failures counted over the window, per name from one address and per
# address overall. Not per name alone: anyone could then lock a user out by failing five
# times; this way the guesser's address is throttled while the owner, from elsewhere, signs
# in. The per-address count bounds one address guessing across many names.
THROTTLE_WINDOW = 15 * 60
MAX_FAILURES_PER_NAME_AND_ADDRESS = 5
MAX_FAILURES_PER_ADDRESS = 20


@dataclass(frozen=True, slots=True)
class NewApplication:
    """A registered application with its secret, which is shown this once."""

    id: int
    name: str
    consumer_key: str
    consumer_secret: str


def username_key(username: str) -> str:
    """The key a user is found by: the exact name, its letter case aside. Names are ASCII
    (``USERNAME``), so only ASCII letters fold; nothing is stripped, and no other character
    stands in for a letter (``str.casefold`` turns the Kelvin sign into k, a long s into s).
    Typed input (a form, the command line) is stripped by its reader."""
    return username.lower() if username.isascii() else username


class Accounts:
    def __init__(
        self, store: AccountStore, box: crypto.SecretBox, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.box = box
        self.clock = clock
        self._next_nonce_purge = 0

    def now(self) -> int:
        return int(self.clock())

    # -- users --------------------------------------------------------------------------------

    def create_user(self, username: str, email: str, password: str) -> UserRow:
        username, email = username.strip(), email.strip()
        if not USERNAME.match(username):
            raise AccountError(
                "A username has 1 to 40 letters, digits, '.', '_' or '-', "
                "and starts with a letter or digit."
            )
        if not EMAIL.match(email):
            raise AccountError(f"Not an email address: {email!r}.")
        problem = password_problem(password)
        if problem:
            raise AccountError(problem)
        user_id = self.store.insert_user(
            username, username_key(username), email, hash_password(password), self.now()
        )
        if user_id is None:
            raise AccountError(f"The username {username!r} is taken.")
        return self.user_by_id(user_id)

    def user(self, username: str) -> UserRow:
        user = self.store.user_by_name(username_key(username.strip()))
        if user is None:
            raise AccountError(f"No user named {username!r}.")
        return user

    def user_by_id(self, user_id: int) -> UserRow:
        user = self.store.user_by_id(user_id)
        if user is None:
            raise AccountError(f"No user with id {user_id}.")
        return user

    def list_users(self) -> list[UserRow]:
        return self.store.list_users()

    def disable_user(self, username: str) -> UserRow:
        """A disabled user cannot sign in, and none of their tokens, sessions, applications
        or authorisations work until the account is enabled again."""
        user = self.user(username)
        if user.active:
            self.store.set_user_disabled(user.id, self.now())
        return self.user_by_id(user.id)

    def set_privacy(
        self, username: str, *, collection_public: bool, wantlist_public: bool
    ) -> UserRow:
        """Who may see the user's collection and wantlist: anyone, or the owner only."""
        user = self.user(username)
        self.store.set_privacy(
            user.id, collection_public=collection_public, wantlist_public=wantlist_public
        )
        return self.user_by_id(user.id)

    def enable_user(self, username: str) -> UserRow:
        user = self.user(username)
        self.store.set_user_disabled(user.id, None)
        return self.user_by_id(user.id)

    # -- sign-in and web sessions -------------------------------------------------------------

    def sign_in(self, username: str, password: str, address: str) -> UserRow:
        """The user when name and password match an active account; AccountError otherwise,
        SignInThrottled after too many failures for the name from this address, or from the
        address for any names."""
        key = username_key(username.strip())[:200]
        now = self.now()
        for_name, by_address = self.store.sign_in_failures(key, address, now - THROTTLE_WINDOW)
        if for_name >= MAX_FAILURES_PER_NAME_AND_ADDRESS or by_address >= MAX_FAILURES_PER_ADDRESS:
            raise SignInThrottled(
                "Too many failed sign-ins. Wait a few minutes before trying again."
            )
        user = self.store.user_by_name(key) if key else None
        matches = verify_password(user.password_hash if user else None, password)
        if user is None or not matches or not user.active:
            self.store.record_sign_in_failure(key, address, now)
            raise AccountError("Wrong username or password.")
        # Only this address's failures: a guesser elsewhere stays throttled.
        self.store.clear_sign_in_failures(key, address, now - THROTTLE_WINDOW)
        return user

    def start_session(self, user_id: int) -> str:
        """A new session for a signed-in browser: the token for its cookie."""
        token = crypto.random_string(crypto.SESSION_TOKEN_LENGTH)
        now = self.now()
        self.store.insert_session(crypto.digest(token), user_id, now, now + SESSION_LIFETIME)
        return token

    def session_user(self, token: str) -> UserRow | None:
        if not token or len(token) > 100:
            return None
        expected = crypto.digest(token)
        found = self.store.session_user(expected, self.now())
        if found is None or not crypto.same(found[0], expected):
            return None
        return found[1]

    def end_session(self, token: str) -> None:
        if token:
            self.store.delete_session(crypto.digest(token))

    # -- personal access tokens ---------------------------------------------------------------

    def create_token(self, user: UserRow, label: str = "") -> tuple[int, str]:
        """(id, token) of a new personal access token; the token is shown this once."""
        if not user.active:
            raise AccountError(f"The user {user.username!r} is disabled.")
        token = crypto.random_string(crypto.PERSONAL_TOKEN_LENGTH)
        token_id = self.store.insert_token(
            user.id, crypto.digest(token), _one_line(label, 100), self.now()
        )
        return token_id, token

    def list_tokens(self, user: UserRow) -> list[TokenRow]:
        return self.store.list_tokens(user.id)

    def revoke_token(self, token_id: int, user: UserRow | None = None) -> None:
        """Revoke a token (one of ``user``'s when given)."""
        if not self.store.revoke_token(token_id, user.id if user else None, self.now()):
            raise AccountError(f"No active token with id {token_id}.")

    def revoke_token_value(self, token: str) -> None:
        token_id = self.store.token_id_by_hash(crypto.digest(token))
        if token_id is None:
            raise AccountError("No active token has that value.")
        self.revoke_token(token_id)

    def identify_token(self, token: str) -> Identity:
        """The user a personal token belongs to; InvalidCredentials for an unknown or revoked
        token or a disabled user. ``consumer_name`` is the username, as the live API says."""
        expected = crypto.digest(token)
        found = self.store.token_owner(expected)
        if found is None or not crypto.same(found[0], expected):
            raise InvalidCredentials()
        user = found[1]
        return Identity(user_id=user.id, username=user.username, consumer_name=user.username)

    # -- applications -------------------------------------------------------------------------

    def create_application(
        self,
        owner: UserRow,
        name: str,
        description: str = "",
        website: str = "",
        callback_url: str = "",
    ) -> NewApplication:
        name, website, callback_url = name.strip(), website.strip(), callback_url.strip()
        if not owner.active:
            raise AccountError(f"The user {owner.username!r} is disabled.")
        if not name or len(name) > 100 or not name.isprintable():
            raise AccountError("An application name has 1 to 100 printable characters.")
        for what, url in (("website", website), ("callback URL", callback_url)):
            if url and not CALLBACK.match(url):
                raise AccountError(f"The {what} must be an http:// or https:// URL.")
        key = crypto.random_string(crypto.CONSUMER_KEY_LENGTH)
        secret = crypto.random_string(crypto.CONSUMER_SECRET_LENGTH)
        application_id = self.store.insert_application(
            owner.id,
            name,
            description.strip()[:2000],
            website,
            callback_url,
            key,
            crypto.digest(secret),
            self.box.encrypt(secret, key),
            self.now(),
        )
        return NewApplication(application_id, name, key, secret)

    def list_applications(self, owner: UserRow | None = None) -> list[ApplicationRow]:
        return self.store.list_applications(owner.id if owner else None)

    def revoke_application(self, application_id: int, owner: UserRow | None = None) -> None:
        """Revoke an application (one of ``owner``'s when given) and every token issued to
        it: its users' authorisations end with it."""
        if not self.store.revoke_application(
            application_id, owner.id if owner else None, self.now()
        ):
            raise AccountError(f"No active application with id {application_id}.")

    def revoke_application_by_key(self, consumer_key: str) -> None:
        application = self.store.application_by_key(consumer_key)
        if application is None:
            raise AccountError("No active application has that consumer key.")
        self.revoke_application(application.id)

    def application(self, consumer_key: str) -> ApplicationRow | None:
        """A working application by its consumer key."""
        if not consumer_key or len(consumer_key) > 100:
            return None
        return self.store.application_by_key(consumer_key)

    def identify_consumer(self, key: str, secret: str) -> Identity:
        """Consumer key and secret identify an application, not a user (Discogs docs)."""
        application = self.application(key)
        expected = application.secret_hash if application else crypto.digest("no application")
        if application is None or not crypto.same(expected, crypto.digest(secret)):
            raise InvalidCredentials()
        return Identity(application_id=application.id, consumer_name=application.name)

    def consumer_secret(self, application: ApplicationRow) -> str:
        return self.box.decrypt(application.secret_encrypted, application.consumer_key)

    # -- OAuth 1.0a tokens (kept for auth.oauth) ----------------------------------------------

    def save_request_token(
        self, application: ApplicationRow, token: str, secret: str, callback: str
    ) -> None:
        now = self.now()
        self.store.purge_expired_request_tokens(now)
        self.store.insert_oauth_token(
            REQUEST_TOKEN,
            token,
            self.box.encrypt(secret, token),
            application.id,
            None,
            callback,
            now,
            now + REQUEST_TOKEN_LIFETIME,
        )

    def request_token(self, token: str) -> OAuthTokenRow | None:
        """A request token that has not expired (approved or not)."""
        if not token or len(token) > 100:
            return None
        return self.store.oauth_token(token, REQUEST_TOKEN, self.now())

    def approve_request_token(self, token: str, user: UserRow, verifier: str) -> bool:
        return self.store.approve_request_token(token, user.id, crypto.digest(verifier), self.now())

    def deny_request_token(self, token: str) -> None:
        self.store.delete_oauth_token(token, REQUEST_TOKEN)

    def verifier_matches(self, row: OAuthTokenRow, verifier: str) -> bool:
        expected = row.verifier_hash or crypto.digest("no verifier")
        return crypto.same(expected, crypto.digest(verifier)) and row.verifier_hash is not None

    def exchange_request_token(self, request: OAuthTokenRow, token: str, secret: str) -> None:
        """Replace an approved request token with the access token it was exchanged for.
        AccountError when it is no longer there: another exchange with the same verifier
        took it first (whoever deletes the request token is the one exchange that counts)."""
        if request.user_id is None:
            raise AccountError("The request token was not approved.")
        if not self.store.delete_oauth_token(request.token, REQUEST_TOKEN):
            raise AccountError("The request token was already exchanged.")
        self.store.insert_oauth_token(
            ACCESS_TOKEN,
            token,
            self.box.encrypt(secret, token),
            request.application_id,
            request.user_id,
            "",
            self.now(),
            None,
        )

    def access_token(self, token: str) -> OAuthTokenRow | None:
        if not token or len(token) > 100:
            return None
        return self.store.oauth_token(token, ACCESS_TOKEN, self.now())

    def token_secret(self, row: OAuthTokenRow) -> str:
        return self.box.decrypt(row.secret_encrypted, row.token)

    def list_authorizations(self, user: UserRow) -> list[OAuthTokenRow]:
        return self.store.list_authorizations(user.id)

    def revoke_authorization(self, token_id: int, user: UserRow) -> None:
        if not self.store.revoke_authorization(token_id, user.id, self.now()):
            raise AccountError(f"No active authorisation with id {token_id}.")

    def remember_nonce(self, key: bytes, lifetime: int) -> bool:
        """Record a nonce for ``lifetime`` seconds; False when it was seen before."""
        now = self.now()
        if now >= self._next_nonce_purge:  # each minute, forget nonces past their window
            self._next_nonce_purge = now + 60
            self.store.purge_nonces(now)
        return self.store.remember_nonce(key, now + lifetime)


def _one_line(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]
