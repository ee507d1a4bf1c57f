"""The hot path: ``GET /releases/{id}``, ``/masters/{id}``, ``/artists/{id}`` and
``/labels/{id}`` from a caller without credentials, answered without routing, request or
response objects.

Both entry points - the ASGI app, and the RSGI one that ``discogs-service serve`` runs - read
a request's facts (``api.request_facts``) and ask :meth:`HotPath.answer` first; it answers
such a request, and leaves any other (a query string, credentials, a body, no User-Agent) to
the general path by answering None. The answer is the general path's: the same services
build the document, the same functions its validator, compression, rate-limit count and
errors (``tests/functional/test_rsgi.py`` compares them request by request). Under RSGI,
skipping the general path's machinery serves 63 % more ``GET /releases/{id}`` per second on
a million releases (benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Callable

from discogs_service.api.answers import Answer, conditional_get
from discogs_service.api.context import ApiContext
from discogs_service.api.errors import answer_for
from discogs_service.api.resource import entity_id
from discogs_service.ratelimit import Throttle, TooManyRequests
from discogs_service.request.facts import RequestFacts
from discogs_service.services import artists, labels, masters, releases
from discogs_service.services.served import Document
from discogs_service.storage.catalogue import CatalogueReader

DocumentOf = Callable[[CatalogueReader, int, bytes], Document]
_DOCUMENTS: dict[str, DocumentOf] = {
    "/releases/": releases.release_document,
    "/masters/": masters.master_document,
    "/artists/": artists.artist_document,
    "/labels/": labels.label_document,
}


def hot_target(path: str) -> tuple[DocumentOf, int] | None:
    """The document a path names, when it is one the hot path serves."""
    slash = path.find("/", 1)
    document_of = _DOCUMENTS.get(path[: slash + 1]) if slash > 0 else None
    digits = path[slash + 1 :]
    if document_of is None or not (digits.isdigit() and digits.isascii()):
        return None
    return document_of, entity_id(digits)


def takes_hot_path(facts: RequestFacts) -> bool:
    """An anonymous GET with a User-Agent, no query string and no body (a body is read by the
    general path: granian closes the connection after an answer that left it unread)."""
    return (
        facts.method == "GET"
        and not facts.has_query
        and facts.has_user_agent
        and not facts.has_authorization
        and not facts.has_body
    )


class HotPath:
    def __init__(self, context: ApiContext, throttle: Throttle) -> None:
        self.storage = context.storage
        self.catalogue = context.catalogue
        self.throttle = throttle

    async def answer(self, facts: RequestFacts) -> Answer | None:
        """The answer to an anonymous GET of a catalogue document, counted against the
        client; None for any other request."""
        target = hot_target(facts.path) if takes_hot_path(facts) else None
        if target is None:
            return None
        quota = await self.throttle.admit(facts.client, authenticated=False)
        if not quota.allowed:
            return answer_for(TooManyRequests(), facts).with_headers(quota.headers)
        document_of, entity = target
        try:
            document = await self.storage.run(
                document_of, self.catalogue, entity, facts.base_url.encode()
            )
        except Exception as error:  # as the general path: every failure is a JSON error
            return answer_for(error, facts).with_headers(quota.headers)
        answer = conditional_get(
            document.body, document.etag, facts.if_none_match, facts.accept_encoding
        )
        answer.headers.extend(quota.headers)
        return answer
