"""Every route of the API, by resource group: the public surface at a glance."""

from __future__ import annotations

from starlette.routing import BaseRoute

from discogs_service.api import artists, labels, masters, releases, root

routes: list[BaseRoute] = [
    *releases.routes,  # first: GET /releases/{id} is the hot path
    *masters.routes,
    *artists.routes,
    *labels.routes,
    *root.routes,
]
