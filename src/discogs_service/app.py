"""``create_app(settings)``: the ASGI application - routes, the User-Agent rule, error mapping.

A request is answered in two steps, whatever the server interface:

1. its facts are read once (``api.request_facts``) and the hot path (``api.hot_path``) answers
   an anonymous GET of a catalogue document without routing, request or response objects;
2. anything else takes the general path, :meth:`DiscogsApp.general_answer`: Starlette's
   ``Router`` (routes, path parameters, 404/405) under one layer of our own that refuses
   requests without a User-Agent, counts each request against its rate limit (429 over
   it), writes the ``X-Discogs-Ratelimit`` headers on every answer and turns every exception
   into the API's JSON error. That layer replaces the ``Starlette`` class's two default
   exception middlewares: mapping errors once, in one place, is what the API needs, and the
   two extra layers cost a measurable share of the hot path (see benchmarks/README.md).

Both steps give an ``Answer`` (``api.answers``); the ASGI entry here encodes its headers for
ASGI, the RSGI one (``rsgi.py``) hands them to granian as they are.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.routing import Router
from starlette.types import Message, Receive, Scope, Send

from discogs_service.accounts.crypto import SecretBox
from discogs_service.accounts.service import Accounts
from discogs_service.api.answers import ANSWER, Answer, send_asgi
from discogs_service.api.context import ApiContext
from discogs_service.api.cors import preflight_answer
from discogs_service.api.errors import USER_AGENT_REQUIRED, answer_for, error_answer
from discogs_service.api.hot_path import HotPath
from discogs_service.api.routes import build_routes
from discogs_service.auth.authenticator import AccountsAuthenticator
from discogs_service.auth.identity import IDENTITY, Authenticator
from discogs_service.auth.oauth import OAuthProvider
from discogs_service.config import Settings
from discogs_service.errors import InvalidParameter
from discogs_service.ratelimit import Quota, RateLimiter, TooManyRequests, build_throttle
from discogs_service.request.client_addresses import ClientAddresses
from discogs_service.request.facts import FACTS, RequestFacts, RequestReader
from discogs_service.request.text import refuse_nul_in_url
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
        accounts = Accounts(storage.accounts, SecretBox(settings))
        oauth = OAuthProvider(accounts)
        self.context = context = ApiContext(settings, storage, accounts, oauth)
        self.requests = RequestReader(
            settings.public_url, ClientAddresses(settings.trusted_proxies), settings.allowed_hosts
        )
        self.authenticator = authenticator or AccountsAuthenticator(
            accounts, oauth, context.base_url, storage
        )
        self.throttle = build_throttle(settings, limiter)
        self.hot_path = HotPath(context, self.throttle)
        self.router = Router(
            routes=[*build_routes(context), *build_web_routes(settings, storage, accounts, oauth)],
            # The live API answers 404 to a path with a trailing slash; a redirect would
            # build its Location from the request's Host header.
            redirect_slashes=False,
            lifespan=self._lifespan,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.router(scope, receive, send)
            return
        facts = self.requests.of_scope(scope)
        answer = await self.hot_path.answer(facts)
        if answer is None:
            answer = await self.general_answer(facts, scope, receive)
        await send_asgi(send, answer)

    async def general_answer(self, facts: RequestFacts, scope: Scope, receive: Receive) -> Answer:
        """The answer through the router, with the request's rate-limit headers."""
        scope[FACTS] = facts
        scope["app"] = self  # the router then raises 404/405 as exceptions, mapped below
        counted = _Counted(self.throttle.unasked)
        try:
            answer = await self._admitted_answer(facts, scope, receive, counted)
        except Exception as exc:  # every failure becomes the API's JSON error
            answer = answer_for(exc, facts)
        return answer.with_headers(counted.quota.headers)

    async def _admitted_answer(
        self, facts: RequestFacts, scope: Scope, receive: Receive, counted: _Counted
    ) -> Answer:
        if self.settings.require_user_agent and not facts.has_user_agent:
            await self._admit(facts, counted, authenticated=False)
            return error_answer(403, USER_AGENT_REQUIRED)
        try:
            refuse_nul_in_url(scope)  # before any of it is looked up (query credentials)
        except InvalidParameter:
            await self._admit(facts, counted, authenticated=False)
            raise
        try:
            identity, receive = await self.authenticator.identify(scope, receive)
        except Exception:
            # Counted in the higher tier: the live API reports 60 for an invalid token.
            await self._admit(facts, counted, authenticated=True)
            raise
        scope[IDENTITY] = identity
        await self._admit(facts, counted, identity.authenticated)
        return await self._routed(scope, receive)

    async def _admit(self, facts: RequestFacts, counted: _Counted, authenticated: bool) -> None:
        counted.quota = quota = await self.throttle.admit(facts.client, authenticated)
        if not quota.allowed:
            raise TooManyRequests

    async def _routed(self, scope: Scope, receive: Receive) -> Answer:
        """What the endpoint the router picks answers: our endpoints leave an ``Answer`` in
        the scope; the web pages' Starlette responses are read from what they send."""
        preflight = preflight_answer(self.router.routes, scope)
        if preflight is not None:
            return preflight
        sent = _SentAnswer()
        await self.router(scope, receive, sent.send)
        answer: Answer | None = scope.get(ANSWER)
        return answer if answer is not None else sent.answer()

    @asynccontextmanager
    async def _lifespan(self, _app: Any) -> AsyncIterator[None]:
        yield
        await self.aclose()

    async def aclose(self) -> None:
        """Release what the app holds at shutdown (ASGI's lifespan, RSGI's worker end)."""
        await self.throttle.aclose()
        if self.owns_storage:
            self.storage.close()


class _Counted:
    """The quota a request was counted with, kept for its answer even when counting it
    refused the request (the 429 carries the figures that refused it)."""

    __slots__ = ("quota",)

    def __init__(self, quota: Quota) -> None:
        self.quota = quota


class _SentAnswer:
    """The ASGI messages of a Starlette response, read back into one Answer."""

    __slots__ = ("body", "headers", "status")

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[str, str]] = []
        self.body = bytearray()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [
                (name.decode("latin-1"), value.decode("latin-1"))
                for name, value in message.get("headers", ())
            ]
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    def answer(self) -> Answer:
        return Answer(self.status, self.headers, bytes(self.body))


def settle_heap() -> None:
    """For a server's worker once its app is built: what it holds by then (modules, the app,
    its storage) lives as long as the worker, so the collector stops walking it. Each full
    collection walked ~110,000 such objects: on the search benchmark's loaded machine each
    worker paused 90-160 ms about every 10 s with all its requests waiting, and 8-32 ms once
    they were frozen (benchmarks/README.md)."""
    gc.freeze()


def create_app(settings: Settings, storage: Storage | None = None) -> DiscogsApp:
    """The API app. ``storage`` is opened from ``settings.database_url`` unless given (tests
    share one); an app that opened its storage closes it on shutdown."""
    if storage is not None:
        return DiscogsApp(settings, storage, owns_storage=False)
    return DiscogsApp(
        settings,
        open_storage(settings.database_url, search_cache_mb=settings.search_cache_mb),
        owns_storage=True,
    )
