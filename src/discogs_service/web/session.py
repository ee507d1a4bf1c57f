"""Browser sessions and CSRF protection of the web pages.

Every browser gets one cookie, ``discogs_session``: a random token, HttpOnly, SameSite=Lax,
Secure when the site is served over https. While nobody is signed in it only anchors the
CSRF token; signing in replaces it with a new token whose digest is stored with the user
(``web_sessions``), and signing out deletes that row and replaces the token again.

The CSRF token of a form is an HMAC of the cookie's token: a page of another site can neither
read the cookie nor compute the token, and a POST whose token does not match (compared with
``hmac.compare_digest``), or whose Origin header names another site, is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from starlette.requests import Request
from starlette.responses import Response

from discogs_service.accounts import crypto

COOKIE = "discogs_session"


def cookie_token(request: Request) -> str:
    token = request.cookies.get(COOKIE, "")
    return token if 0 < len(token) <= 100 and set(token) <= set(crypto.ALPHABET) else ""


def new_token() -> str:
    return crypto.random_string(crypto.SESSION_TOKEN_LENGTH)


def csrf_token(session_token: str) -> str:
    mac = hmac.new(session_token.encode(), b"discogs-service csrf", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def csrf_valid(session_token: str, submitted: str, origin: str, own_origin: str) -> bool:
    """The form's token matches the browser's cookie, and the request came from our pages."""
    if origin and origin != own_origin:
        return False
    if not session_token or not submitted:
        return False
    return hmac.compare_digest(csrf_token(session_token).encode(), submitted.encode())


def set_cookie(response: Response, token: str, *, secure: bool, max_age: int | None) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )
