"""Sending one API request: paced within the rate limit, retried with backoff, answered from
the ETag cache on a 304, turned into the error of its status, decoded into its model.

This file is the source of ``_sync/_http.py`` (scripts/unasync.py writes that one).
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

import httpx

from discogs_service_client._core import Params, Settings, check, decoded, query
from discogs_service_client._exceptions import TransportError
from discogs_service_client._ratelimit import Pacer, RateLimitBudget

T = TypeVar("T")
_NOT_CACHED_HEADERS = frozenset({"content-length", "content-encoding", "transfer-encoding"})


class AsyncHTTP:
    """The connection to one API server and what every request goes through."""

    def __init__(
        self,
        settings: Settings,
        *,
        rate_limit: bool,
        rate_limit_window: float,
        timeout: float | httpx.Timeout,
        transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        self.settings = settings
        self.pacer = Pacer(enabled=rate_limit, window=rate_limit_window)
        self._client = httpx.AsyncClient(
            base_url=settings.base_url,
            headers={"User-Agent": settings.user_agent, "Accept": "application/json"},
            auth=settings.auth,
            timeout=timeout,
            transport=transport,
        )

    @property
    def budget(self) -> RateLimitBudget:
        return self.pacer.budget()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(self, url: str, kind: type[T], params: Params | None = None) -> T:
        response = await self.request("GET", url, params=params)
        return decoded(response.content, kind)

    async def send(
        self,
        method: str,
        url: str,
        kind: type[T],
        *,
        json: Any = None,
        params: Params | None = None,
    ) -> T:
        response = await self.request(method, url, json=json, params=params)
        return decoded(response.content, kind)

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Params | None = None,
        json: Any = None,
        files: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        auth: httpx.Auth | None = None,
    ) -> httpx.Response:
        """The answer to a request (2xx or 3xx), after pacing and retries; raises the
        DiscogsError of any other outcome."""
        request = self._client.build_request(
            method,
            url,
            params=query(params) if params else None,
            json=json,
            files=files,
            content=content,
            headers=headers,
        )
        cached = self._conditional(request)
        attempt = 0
        while True:
            status: int | None = None
            try:
                response = await self._send_paced(request, auth)
                status = response.status_code
            except httpx.RequestError as error:
                # Only a failed transport is worth another try (not a broken encoding).
                transport = isinstance(error, httpx.TransportError)
                if not (transport and self.settings.retries.should_retry(method, None, attempt)):
                    raise TransportError(f"{method} {request.url}: {error!r}") from error
            else:
                if not self.settings.retries.should_retry(method, status, attempt):
                    return check(self._from_cache(request, response, cached))
            await asyncio.sleep(self.settings.retries.delay(attempt))
            attempt += 1

    async def _send_paced(self, request: httpx.Request, auth: httpx.Auth | None) -> httpx.Response:
        ticket = await self._admit()
        try:
            if auth is None:
                response = await self._client.send(request)
            else:
                response = await self._client.send(request, auth=auth)
        except httpx.RequestError:
            self.pacer.answered(ticket, None)
            raise
        self.pacer.answered(ticket, response.headers)
        return response

    async def _admit(self) -> int:
        """Wait until the pacer lets a request go; its ticket."""
        while True:
            ticket, wait = self.pacer.reserve()
            if wait <= 0:
                return ticket
            await asyncio.sleep(wait)

    def _conditional(self, request: httpx.Request) -> bool:
        """Ask for a 304 when the cache holds this GET's answer."""
        cache = self.settings.cache
        if cache is None or request.method != "GET":
            return False
        etag = cache.etag(str(request.url))
        if etag is None:
            return False
        request.headers["If-None-Match"] = etag
        return True

    def _from_cache(
        self, request: httpx.Request, response: httpx.Response, asked: bool
    ) -> httpx.Response:
        """A 304 becomes the remembered 200; a new 200 with an ETag is remembered."""
        cache = self.settings.cache
        if cache is None or request.method != "GET":
            return response
        url = str(request.url)
        body = cache.body(url) if asked and response.status_code == 304 else None
        if body is not None:
            headers = [
                (k, v) for k, v in response.headers.items() if k.lower() not in _NOT_CACHED_HEADERS
            ]
            return httpx.Response(200, headers=headers, content=body, request=request)
        etag = response.headers.get("etag")
        if response.status_code == 200 and etag:
            cache.store(url, etag, response.content)
        return response
