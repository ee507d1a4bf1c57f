"""The base of every resource group: handlers are methods bound to the app's context, so a
request never looks its dependencies up."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from discogs_service.api.answers import ANSWER, Answer
from discogs_service.api.context import ApiContext
from discogs_service.limits import MAX_BIGINT

Handler = Callable[[Request], Awaitable[Answer]]


def entity_id(digits: str) -> int:
    """A path id of ASCII digits as an integer that fits a database column. An id past the
    column's range is no entity's and reads as 0, which no entity has either: the answer is
    the kind's "not found", where ``int`` alone fails on 4,300 digits and more (Python's
    limit on converting text to int) and the query on 20."""
    number = int(digits) if len(digits) <= 19 else 0
    return number if number <= MAX_BIGINT else 0


class IdConvertor(Convertor[int]):
    """``{name:id}``: a path id (:func:`entity_id`)."""

    regex = "[0-9]+"

    def convert(self, value: str) -> int:
        return entity_id(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", IdConvertor())


class Resource(ABC):
    def __init__(self, context: ApiContext) -> None:
        self.context = context
        self.storage = context.storage
        self.catalogue = context.catalogue

    @abstractmethod
    def routes(self) -> list[BaseRoute]:
        """The group's routes, handlers bound to this instance."""

    @staticmethod
    def get(path: str, handler: Handler) -> Route:
        """A GET (and HEAD) route whose handler is called as a plain ASGI endpoint."""
        return Route(path, Endpoint(handler), methods=["GET"])

    @staticmethod
    def route(path: str, handler: Handler, methods: list[str]) -> Route:
        """A route for other methods than GET, its handler called the same way."""
        return Route(path, Endpoint(handler), methods=methods)


class Endpoint:
    """Runs a handler as a raw ASGI endpoint whose answer is left in the scope for the app to
    write (``api.answers.ANSWER``). Starlette would wrap a function endpoint in its own
    exception handling; the app maps every error in one place instead (``app.py``), and
    skipping the wrapper is a measurable part of the hot path's cost."""

    __slots__ = ("handler",)

    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[ANSWER] = await self.handler(Request(scope, receive))
