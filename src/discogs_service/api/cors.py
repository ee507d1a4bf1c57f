"""CORS preflight: the ``OPTIONS`` request a browser sends before a cross-origin request
with credentials (``Authorization``) or a JSON body.

The live API lists ``OPTIONS`` among each resource's methods and sends
``Access-Control-Allow-Headers`` with the headers its clients use (api-behaviour.md,
"Response headers seen live"), so a browser app may call it with a token. Here an
``OPTIONS`` on any route of the API answers 204 with the route's methods; on an unknown path
it is the usual 404.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from discogs_service.api.answers import COMMON_HEADERS, Answer, plain_answer
from discogs_service.api.errors import METHOD_ORDER


def preflight_answer(routes: Sequence[BaseRoute], scope: Scope) -> Answer | None:
    """The answer to an ``OPTIONS`` request; None for any other request, or when no route
    has its path."""
    if scope["method"] != "OPTIONS":
        return None
    methods: set[str] = set()
    for route in routes:
        route_methods = getattr(route, "methods", None)
        if route_methods and route.matches(scope)[0] is not Match.NONE:
            methods |= route_methods
    if not methods:
        return None
    methods.add("OPTIONS")
    allowed = [method for method in METHOD_ORDER if method in methods]
    headers = {**COMMON_HEADERS, "access-control-allow-methods": ",".join(allowed)}
    return plain_answer(204, headers, b"", "")
