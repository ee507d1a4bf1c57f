"""The base of every resource group: handlers are methods bound to the app's context, so a
request never looks its dependencies up."""

from __future__ import annotations

from abc import ABC, abstractmethod

from starlette.routing import BaseRoute

from discogs_service.api.context import ApiContext


class Resource(ABC):
    def __init__(self, context: ApiContext) -> None:
        self.context = context
        self.catalogue = context.catalogue

    @abstractmethod
    def routes(self) -> list[BaseRoute]:
        """The group's routes, handlers bound to this instance."""
