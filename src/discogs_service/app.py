"""``create_app(settings)``: the ASGI application - routes, the User-Agent rule, error mapping.

The app is Starlette's ``Router`` (routes, path parameters, 404/405, lifespan) under one
layer of our own that refuses requests without a User-Agent, counts each request against its
rate limit (429 over it), writes the ``X-Discogs-Ratelimit`` headers on every answer and
turns every exception into the API's JSON error. That layer replaces the ``Starlette``
class's two default exception middlewares: mapping errors once, in one place, is what the API
needs, and the two extra layers cost a measurable share of the hot path (see
benchmarks/README.md).

Before all of it, an anonymous GET of a catalogue document takes the direct path
(``api/direct.py``): the same answer without routing, request or response objects.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.routing import Router
from starlette.types import Message, Receive, Scope, Send

from discogs_service.api.context import ApiContext
from discogs_service.api.cors import preflight_answer
from discogs_service.api.direct import DirectAnswers, Lookup, direct_target
from discogs_service.api.errors import USER_AGENT_REQUIRED, answer_for, error_answer, has_user_agent
from discogs_service.api.http import encoded_headers
from discogs_service.api.params import refuse_nul_in_url
from discogs_service.api.routes import build_routes
from discogs_service.auth.authenticator import AccountsAuthenticator
from discogs_service.auth.identity import IDENTITY, Authenticator
from discogs_service.config import Settings
from discogs_service.errors import InvalidParameter
from discogs_service.ratelimit import Quota, RateLimiter, TooManyRequests, build_throttle
from discogs_service.storage import Storage, open_storage
from discogs_service.web.routes import build_web_routes


class DiscogsApp:
    """The ASGI application."""

    def __init__(
        self,
        settings: Settings,
        storage: Storage,
        *,
        owns_storage: bool,
        authenticator: Authenticator | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.settings = settings
        self.storage = storage
        self.owns_storage = owns_storage
        self.context = context = ApiContext(settings, storage)
        self.authenticator = authenticator or AccountsAuthenticator(
            context.accounts, context.oauth, context.base_url, embedded=context.embedded
        )
        self.throttle = build_throttle(settings, limiter)
        self.direct = DirectAnswers(context, self.throttle)
        self.router = Router(
            routes=[*build_routes(context), *build_web_routes(context)],
            # The live API answers 404 to a path with a trailing slash; a redirect would
            # build its Location from the request's Host header.
            redirect_slashes=False,
            lifespan=self._lifespan,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.router(scope, receive, send)
            return
        if scope["method"] == "GET" and not scope["query_string"]:
            target = direct_target(scope["path"])
            if target is not None and await self._answer_directly(scope, target, send):
                return
        answer = RateLimitHeaders(send, self.throttle.unasked)
        scope["app"] = self  # the router then raises 404/405 as exceptions, mapped below
        try:
            if self.settings.require_user_agent and not has_user_agent(scope):
                await self._admit(scope, answer, authenticated=False)
                await error_answer(403, USER_AGENT_REQUIRED)(scope, receive, answer)
                return
            try:
                refuse_nul_in_url(scope)  # before any of it is looked up (query credentials)
            except InvalidParameter:
                await self._admit(scope, answer, authenticated=False)
                raise
            try:
                identity, receive = await self.authenticator.identify(scope, receive)
            except Exception:
                # Counted in the higher tier: the live API reports 60 for an invalid token.
                await self._admit(scope, answer, authenticated=True)
                raise
            scope[IDENTITY] = identity
            await self._admit(scope, answer, identity.authenticated)
            await (preflight_answer(self.router.routes, scope) or self.router)(
                scope, receive, answer
            )
        except Exception as exc:  # every failure becomes the API's JSON error
            await answer_for(exc, scope)(scope, receive, answer)

    async def _answer_directly(self, scope: Scope, target: tuple[Lookup, int], send: Send) -> bool:
        """The hot path (``api/direct.py``) for an anonymous caller with a User-Agent; False
        for any other, which takes the general path."""
        wanted = dict.fromkeys(_DIRECT_HEADERS, "")
        for name, value in reversed(scope["headers"]):  # the first of a repeated one counts
            if name in wanted:
                wanted[name] = value.decode("latin-1")
        if not wanted[b"user-agent"].strip() or wanted[b"authorization"]:
            return False
        status, headers, body = await self.direct.answer(
            target,
            path=scope["path"],
            base_url=self.context.base_url(scope),
            client=self.throttle.client_address(scope),
            if_none_match=wanted[b"if-none-match"],
            accept_encoding=wanted[b"accept-encoding"],
        )
        raw = encoded_headers(headers)
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})
        return True

    async def _admit(self, scope: Scope, answer: RateLimitHeaders, authenticated: bool) -> None:
        answer.quota = quota = await self.throttle.admit(scope, authenticated)
        if not quota.allowed:
            raise TooManyRequests

    @asynccontextmanager
    async def _lifespan(self, _app: Any) -> AsyncIterator[None]:
        yield
        await self.aclose()

    async def aclose(self) -> None:
        """Release what the app holds at shutdown (ASGI's lifespan, RSGI's worker end)."""
        await self.throttle.aclose()
        if self.owns_storage:
            self.storage.close()


_DIRECT_HEADERS = (b"user-agent", b"authorization", b"if-none-match", b"accept-encoding")


class RateLimitHeaders:
    """The ``send`` of one request: the one place the ``X-Discogs-Ratelimit`` headers are
    written, on the start of every answer (errors and 429 included)."""

    __slots__ = ("quota", "send")

    def __init__(self, send: Send, quota: Quota) -> None:
        self.send = send
        self.quota = quota

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", ()), *self.quota.headers]
        await self.send(message)


def create_app(settings: Settings, storage: Storage | None = None) -> DiscogsApp:
    """The API app. ``storage`` is opened from ``settings.database_url`` unless given (tests
    share one); an app that opened its storage closes it on shutdown."""
    if storage is not None:
        return DiscogsApp(settings, storage, owns_storage=False)
    return DiscogsApp(settings, open_storage(settings.database_url), owns_storage=True)
