"""Secrets: generating them, hashing what only needs comparing, encrypting what HMAC needs.

* Personal tokens, consumer secrets (for the ``key=&secret=`` and PLAINTEXT comparisons),
  verifiers and session tokens are random and long, so a SHA-256 digest is enough to store
  them: nothing is stored that would let anyone present them.
* HMAC-SHA1 needs the shared secrets themselves (consumer secret, OAuth token secret): they
  are stored encrypted with AES-256-GCM under a key derived from the server key
  (``DISCOGS_SECRET_KEY``, or a key file generated beside the SQLite database), with the
  row's public identifier as associated data, so a ciphertext cannot be moved to another row.
* Every comparison of a secret goes through :func:`same` (``hmac.compare_digest``).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.engine import make_url

from discogs_service.config import ConfigError, Settings, validate_secret_key

# Letters and digits only: no percent-encoding question in PLAINTEXT signatures, and the
# characters oauthlib's format checks accept.
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
PERSONAL_TOKEN_LENGTH = 40  # as discogs.com's personal access tokens
CONSUMER_KEY_LENGTH = 20  # as discogs.com's consumer keys
CONSUMER_SECRET_LENGTH = 32  # as discogs.com's consumer secrets
OAUTH_TOKEN_LENGTH = 40
VERIFIER_LENGTH = 30
SESSION_TOKEN_LENGTH = 43


def random_string(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def digest(secret: str) -> bytes:
    """What is stored of a secret that only needs comparing."""
    return hashlib.sha256(secret.encode("utf-8")).digest()


def same(a: bytes | str, b: bytes | str) -> bool:
    """Constant-time equality of two secrets or digests."""
    left = a.encode("utf-8") if isinstance(a, str) else a
    right = b.encode("utf-8") if isinstance(b, str) else b
    return hmac.compare_digest(left, right)


class SecretBox:
    """Encrypts and decrypts the shared secrets HMAC-SHA1 needs. The server key is loaded
    (or generated) on first use, so a server nobody signs requests to never needs one."""

    VERSION = b"\x01"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._aead: AESGCM | None = None
        self._lock = threading.Lock()

    def encrypt(self, secret: str, bound_to: str) -> bytes:
        nonce = os.urandom(12)
        sealed = self._cipher().encrypt(nonce, secret.encode("utf-8"), bound_to.encode("utf-8"))
        return self.VERSION + nonce + sealed

    def decrypt(self, sealed: bytes, bound_to: str) -> str:
        sealed = bytes(sealed)
        if sealed[:1] != self.VERSION:
            raise ValueError("unknown secret format")
        plain = self._cipher().decrypt(sealed[1:13], sealed[13:], bound_to.encode("utf-8"))
        return plain.decode("utf-8")

    def _cipher(self) -> AESGCM:
        if self._aead is None:
            with self._lock:
                if self._aead is None:
                    self._aead = AESGCM(_derive(server_key(self._settings)))
        return self._aead


def _derive(server_secret: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"discogs-service secret box v1"
    ).derive(server_secret.encode("utf-8"))


def key_file(settings: Settings) -> Path | None:
    """Where the server key is read from (and generated into) when DISCOGS_SECRET_KEY is
    unset: DISCOGS_SECRET_KEY_FILE, else beside the SQLite database; None for PostgreSQL."""
    if settings.secret_key_file:
        return Path(settings.secret_key_file)
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database + ".key")
    return None


def server_key(settings: Settings) -> str:
    """The server key: DISCOGS_SECRET_KEY, or the key file's content (generated once)."""
    if settings.secret_key:
        return settings.secret_key
    path = key_file(settings)
    if path is None:
        raise ConfigError(
            "DISCOGS_SECRET_KEY (or DISCOGS_SECRET_KEY_FILE) must be set with PostgreSQL: "
            "every server of the database must share the key that encrypts its secrets"
        )
    if not path.exists():
        _generate_key_file(path)
    value = path.read_text(encoding="utf-8").strip()
    validate_secret_key(value, production=settings.production)
    return value


def _generate_key_file(path: Path) -> None:
    """Write a new random key, readable by the owner only. Several processes may race
    here (server workers, the CLI): the first link wins and everyone reads the winner."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        with contextlib.suppress(FileExistsError):  # another process was first
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
