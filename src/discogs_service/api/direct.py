"""The hot path: ``GET /releases/{id}``, ``/masters/{id}``, ``/artists/{id}`` and
``/labels/{id}`` from a caller without credentials, answered without routing, request or
response objects.

Both entry points - the ASGI app, and the RSGI one that ``discogs-service serve`` runs - send
such a request here with the few headers it needs. Any other request, and any of these with
a query string, credentials or no User-Agent, takes the general path. The answer is the
general path's: the same services build the document, the same functions its validator,
compression, rate-limit count and errors (``tests/functional/test_rsgi.py`` compares them
request by request). Under RSGI, skipping the general path's machinery serves 63 % more
``GET /releases/{id}`` per second on a million releases (benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Callable

from discogs_service.api.context import ApiContext
from discogs_service.api.errors import answer_for
from discogs_service.api.http import Answer, get_answer, text_headers
from discogs_service.api.resource import entity_id
from discogs_service.ratelimit import Throttle, TooManyRequests
from discogs_service.services import artists, labels, masters, releases
from discogs_service.services.releases import Document
from discogs_service.storage.catalogue import CatalogueReader

Lookup = Callable[[CatalogueReader, int, bytes], Document]
_LOOKUPS: dict[str, Lookup] = {
    "/releases/": releases.release_document,
    "/masters/": masters.master_document,
    "/artists/": artists.artist_document,
    "/labels/": labels.label_document,
}


def direct_target(path: str) -> tuple[Lookup, int] | None:
    """The document a path names, when it is one the hot path serves."""
    slash = path.find("/", 1)
    lookup = _LOOKUPS.get(path[: slash + 1]) if slash > 0 else None
    digits = path[slash + 1 :]
    if lookup is None or not (digits.isdigit() and digits.isascii()):
        return None
    return lookup, entity_id(digits)


class DirectAnswers:
    def __init__(self, context: ApiContext, throttle: Throttle) -> None:
        self.context = context
        self.catalogue = context.catalogue
        self.throttle = throttle

    async def answer(
        self,
        target: tuple[Lookup, int],
        *,
        path: str,
        base_url: str,
        client: str,
        if_none_match: str,
        accept_encoding: str,
    ) -> Answer:
        """The answer to an anonymous GET of ``target``, counted against ``client``."""
        quota = await self.throttle.admit_address(client, authenticated=False)
        limits = quota.text_headers
        if not quota.allowed:
            return _error_answer(TooManyRequests(), path, limits)
        lookup, entity_id = target
        try:
            document = await self.context.call(lookup, self.catalogue, entity_id, base_url.encode())
        except Exception as error:  # as the general path: every failure is a JSON error
            return _error_answer(error, path, limits)
        status, headers, body = get_answer(
            document.body, document.etag, if_none_match, accept_encoding
        )
        headers += limits
        return status, headers, body


def _error_answer(error: Exception, path: str, limits: list[tuple[str, str]]) -> Answer:
    response = answer_for(error, {"method": "GET", "path": path})
    return response.status_code, text_headers(response.raw_headers) + limits, bytes(response.body)
