"""What every web page shares: the browser's visit (session cookie, signed-in user, CSRF
token), the security headers, forms checked against CSRF, rendering a template.

Every POST needs the form's CSRF token; every page is ``no-store`` and may not be framed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from discogs_service.accounts.service import Accounts
from discogs_service.config import Settings
from discogs_service.errors import InvalidParameter, PayloadTooLarge
from discogs_service.request.body import read_body
from discogs_service.request.facts import facts_of, header
from discogs_service.request.text import refuse_nul
from discogs_service.storage import Storage
from discogs_service.storage.accounts import UserRow
from discogs_service.web import session

MAX_FORM = 64 * 1024
SECURITY_HEADERS = {
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    # Not no-referrer: under it browsers send our own forms with "Origin: null", which the
    # CSRF check refuses. same-origin still keeps the URL (an oauth_token) from other sites.
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}
DEVELOPERS = "/settings/developers"


@dataclass
class Visit:
    """One browser request: its session token (new when it had none) and user."""

    token: str
    fresh: bool
    user: UserRow | None
    secure: bool  # served over https: cookies get the Secure attribute

    @property
    def csrf(self) -> str:
        return session.csrf_token(self.token)


Handler = Callable[[Request], Awaitable[Response]]


def page_route(path: str, handler: Handler) -> Route:
    """A page: GET shows it, POST sends its form."""
    return Route(path, Page(handler), methods=["GET", "POST"])


class Page:
    """Runs a page's handler as a raw ASGI endpoint (as ``api.resource.Endpoint`` does for
    the API, and for the same reason); its Starlette response is sent as such."""

    __slots__ = ("handler",)

    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.handler(Request(scope, receive))
        await response(scope, receive, send)


def redirect(target: str) -> Response:
    """See ``target`` (after a POST: the browser GETs it)."""
    return RedirectResponse(target, 303, headers=SECURITY_HEADERS)


class WebPages:
    """The base of each group of pages: the app's parts and the helpers every page uses."""

    def __init__(self, settings: Settings, storage: Storage, accounts: Accounts) -> None:
        self.settings = settings
        self.storage = storage
        self.accounts = accounts
        self.templates = Environment(
            loader=PackageLoader("discogs_service.web", "templates"),
            autoescape=select_autoescape(["html"]),
        )
        self.templates.filters["date"] = _date

    async def _visit(self, request: Request) -> Visit:
        token = session.cookie_token(request)
        secure = self._secure(request)
        if not token:
            return Visit(session.new_token(), True, None, secure)
        user = await self.storage.run(self.accounts.session_user, token)
        return Visit(token, False, user, secure)

    async def _checked_form(
        self, request: Request, visit: Visit, limit: int = MAX_FORM
    ) -> dict[str, str] | Response:
        """The POSTed form when its CSRF token is right, else the refusal page."""
        try:
            body = await read_body(request.receive, limit)
        except PayloadTooLarge:
            return self._message(visit, "Too large", "The form is too large.", 413, error=True)
        form: dict[str, str] = {}
        for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
            form.setdefault(name, value)
        refused = self._csrf_refusal(request, visit, form.get("csrf_token", ""))
        if refused is not None:
            return refused
        try:
            refuse_nul(form.items())
        except InvalidParameter as refusal:
            return self._message(visit, "Form refused", refusal.message, 400, error=True)
        return form

    def _csrf_refusal(self, request: Request, visit: Visit, token: str) -> Response | None:
        """None when a form's CSRF token is right and it came from our pages; else the
        refusal page."""
        own = urlsplit(facts_of(request.scope).base_url)
        origin = header(request.scope, b"origin")
        valid = not visit.fresh and session.csrf_valid(
            visit.token, token, origin, f"{own.scheme}://{own.netloc}"
        )
        if valid:
            return None
        return self._message(
            visit,
            "Form refused",
            "The form expired or was sent from another site (CSRF protection). "
            "Go back, reload the page and try again.",
            403,
            error=True,
        )

    def _secure(self, request: Request) -> bool:
        public = self.settings.public_url or ""
        return request.url.scheme == "https" or public.startswith("https://")

    def _render(self, visit: Visit, template: str, status: int = 200, **values: Any) -> Response:
        page = self.templates.get_template(template).render(
            user=visit.user, csrf_token=visit.csrf, **values
        )
        response = HTMLResponse(page, status, headers=SECURITY_HEADERS)
        if visit.fresh:
            # Set on the page that carries the form, so the POST can be checked.
            session.set_cookie(response, visit.token, secure=visit.secure, max_age=None)
        return response

    def _message(
        self, visit: Visit, heading: str, text: str, status: int = 200, *, error: bool = False
    ) -> Response:
        return self._render(
            visit,
            "message.html",
            status,
            heading=heading,
            text=text,
            error=error,
            verifier="",
            back="",
        )

    def _to_sign_in(self, target: str) -> Response:
        return RedirectResponse(
            "/account/sign-in?next=" + quote(target, safe=""), 303, headers=SECURITY_HEADERS
        )


def local_target(target: str) -> str:
    """Only a path on this site is a place to go after signing in (no open redirect)."""
    if (
        not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(c in target for c in "\r\n\\")
    ):
        return DEVELOPERS
    return target


def _date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")
