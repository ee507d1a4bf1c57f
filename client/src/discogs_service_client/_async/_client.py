"""The client: one object per set of credentials and server, with the API's resources on it.

This file is the source of ``_sync/_client.py`` (scripts/unasync.py writes that one).
"""

from __future__ import annotations

from types import TracebackType
from typing import Self, TypeVar

import httpx

from discogs_service_client._async._http import AsyncHTTP
from discogs_service_client._async._paging import AsyncPages
from discogs_service_client._async._resources import (
    AsyncArtistResource,
    AsyncInventoryResource,
    AsyncLabelResource,
    AsyncMarketplaceResource,
    AsyncMasterResource,
    AsyncUserResource,
)
from discogs_service_client._auth import ConsumerKey, OAuth1, SignatureMethod, token_pair
from discogs_service_client._cache import ETagCache
from discogs_service_client._core import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    SEARCH_CAP,
    on_server,
    path,
    settings_of,
)
from discogs_service_client._models.database import (
    CommunityRating,
    Release,
    ReleaseStats,
    SearchResult,
    Service,
)
from discogs_service_client._models.users import Identity, UserList
from discogs_service_client._oauth import AccessToken, RequestToken
from discogs_service_client._ratelimit import WINDOW, RateLimitBudget
from discogs_service_client._retry import Retries
from discogs_service_client._types import (
    CurrencyValue,
    SearchSortValue,
    SearchTypeValue,
    SortOrderValue,
)

T = TypeVar("T")


class AsyncClient:
    """A client of the Discogs API v2 (``async`` methods; ``Client`` is the same, blocking).

    ``user_agent`` names your application (the API refuses requests without one). Credentials:
    ``token`` (a personal access token), ``consumer_key`` and ``consumer_secret`` (an
    application), or any ``auth`` object (``OAuth1`` for a user who authorised your app).
    ``base_url``: the live API, or any server that speaks it (a discogs-service).

    ``rate_limit``: pace requests within the limit the server reports (``rate_limit_budget``
    shows it); 429 and 5xx answers are retried as ``retries`` says (an int: that many times).
    ``cache``: True or an ``ETagCache`` to re-read unchanged documents with a 304.
    ``transport``: an httpx transport, e.g. ``httpx.ASGITransport(app)`` for an in-process app.
    """

    def __init__(
        self,
        user_agent: str,
        *,
        token: str | None = None,
        consumer_key: str | None = None,
        consumer_secret: str | None = None,
        auth: httpx.Auth | None = None,
        base_url: str = DEFAULT_BASE_URL,
        authorize_url: str | None = None,
        rate_limit: bool = True,
        rate_limit_window: float = WINDOW,
        retries: Retries | int = 3,
        cache: ETagCache | bool = False,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        settings = settings_of(
            user_agent,
            base_url=base_url,
            token=token,
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
            auth=auth,
            retries=retries,
            cache=cache,
            authorize_url=authorize_url,
        )
        self._http = AsyncHTTP(
            settings,
            rate_limit=rate_limit,
            rate_limit_window=rate_limit_window,
            timeout=timeout,
            transport=transport,
        )
        self.marketplace = AsyncMarketplaceResource(self._http)
        self.inventory = AsyncInventoryResource(self._http)

    @property
    def base_url(self) -> str:
        return self._http.settings.base_url

    @property
    def rate_limit_budget(self) -> RateLimitBudget:
        """The last figures the server reported and the requests that may go now."""
        return self._http.budget

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- the catalogue ---------------------------------------------------------------------------

    async def service(self) -> Service:
        """The API's root document (version and catalogue statistics)."""
        return await self._http.get("/", Service)

    async def release(self, release_id: int, *, curr_abbr: CurrencyValue | None = None) -> Release:
        return await self._http.get(path("releases", release_id), Release, {"curr_abbr": curr_abbr})

    async def release_rating(self, release_id: int) -> CommunityRating:
        """The community's rating of a release."""
        return await self._http.get(path("releases", release_id, "rating"), CommunityRating)

    async def release_stats(self, release_id: int) -> ReleaseStats:
        return await self._http.get(path("releases", release_id, "stats"), ReleaseStats)

    def master(self, master_id: int) -> AsyncMasterResource:
        """The master release: ``.get()``, ``.versions()``."""
        return AsyncMasterResource(self._http, master_id)

    def artist(self, artist_id: int) -> AsyncArtistResource:
        """The artist: ``.get()``, ``.releases()``."""
        return AsyncArtistResource(self._http, artist_id)

    def label(self, label_id: int) -> AsyncLabelResource:
        """The label: ``.get()``, ``.releases()``."""
        return AsyncLabelResource(self._http, label_id)

    def search(
        self,
        q: str | None = None,
        *,
        type: SearchTypeValue | None = None,
        title: str | None = None,
        release_title: str | None = None,
        credit: str | None = None,
        artist: str | None = None,
        anv: str | None = None,
        label: str | None = None,
        genre: str | None = None,
        style: str | None = None,
        country: str | None = None,
        year: str | int | None = None,
        format: str | None = None,
        catno: str | None = None,
        barcode: str | None = None,
        track: str | None = None,
        submitter: str | None = None,
        contributor: str | None = None,
        sort: SearchSortValue | None = None,
        sort_order: SortOrderValue | None = None,
        per_page: int = 100,
    ) -> AsyncPages[SearchResult]:
        """Search the database. Iterating gives every result up to the API's cap of 10,000."""
        params = {
            "q": q,
            "type": type,
            "title": title,
            "release_title": release_title,
            "credit": credit,
            "artist": artist,
            "anv": anv,
            "label": label,
            "genre": genre,
            "style": style,
            "country": country,
            "year": year,
            "format": format,
            "catno": catno,
            "barcode": barcode,
            "track": track,
            "submitter": submitter,
            "contributor": contributor,
            "sort": sort,
            "sort_order": sort_order,
        }
        return AsyncPages(
            self._http,
            "/database/search",
            "results",
            SearchResult,
            params=params,
            per_page=per_page,
            cap=SEARCH_CAP,
        )

    async def follow(self, link: str, kind: type[T]) -> T:
        """The document a link in an answer points at (``resource_url``, ``master_url``,
        ``releases_url``...), as ``kind``: asked of the configured server whatever host the
        link names (the live API writes its own)."""
        return await self._http.get(on_server(self.base_url, link), kind)

    # -- users and lists -------------------------------------------------------------------------

    async def identity(self) -> Identity:
        """Who the credentials belong to."""
        return await self._http.get("/oauth/identity", Identity)

    def user(self, username: str) -> AsyncUserResource:
        """The user: ``.get()``, ``.edit()``, ``.collection``, ``.wantlist``, ``.lists()``,
        ``.inventory()``, ``.submissions()``, ``.contributions()``, ratings."""
        return AsyncUserResource(self._http, username)

    async def list(self, list_id: int) -> UserList:
        """A list with its items."""
        return await self._http.get(path("lists", list_id), UserList)

    # -- OAuth 1.0a ------------------------------------------------------------------------------

    async def request_token(
        self, callback: str = "oob", *, signature_method: SignatureMethod = "HMAC-SHA1"
    ) -> RequestToken:
        """Step 1 of OAuth: a request token, and the page where the user authorises it
        (``authorize_url``). With ``callback`` "oob" the page shows the verifier instead of
        redirecting. Needs the application's consumer key and secret on this client."""
        key, secret = self._consumer()
        signer = OAuth1(key, secret, signature_method=signature_method, callback=callback)
        response = await self._http.request(
            "POST", "/oauth/request_token", auth=signer, headers=_FORM_HEADERS
        )
        token, token_secret = token_pair(response.text)
        return RequestToken(token, token_secret, self._http.settings.authorize_url)

    async def access_token(
        self,
        request_token: RequestToken,
        verifier: str,
        *,
        signature_method: SignatureMethod = "HMAC-SHA1",
    ) -> AccessToken:
        """Step 3 of OAuth: the request token the user authorised, and the verifier they got,
        exchanged for an access token (for ``OAuth1(..., token, token_secret)``)."""
        key, secret = self._consumer()
        signer = OAuth1(
            key,
            secret,
            request_token.token,
            request_token.secret,
            signature_method=signature_method,
            verifier=verifier,
        )
        response = await self._http.request(
            "POST", "/oauth/access_token", auth=signer, headers=_FORM_HEADERS
        )
        token, token_secret = token_pair(response.text)
        return AccessToken(key, secret, token, token_secret)

    def _consumer(self) -> tuple[str, str]:
        auth = self._http.settings.auth
        if isinstance(auth, ConsumerKey):
            return auth.key, auth.secret
        if isinstance(auth, OAuth1):
            return auth.consumer_key, auth.consumer_secret
        raise ValueError("OAuth needs the client built with consumer_key and consumer_secret")


_FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
