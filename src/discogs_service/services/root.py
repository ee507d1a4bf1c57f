"""The service root: a greeting and the size of the catalogue."""

from __future__ import annotations

from typing import Any

from discogs_service.storage.catalogue import CatalogueReader


def service_info(store: CatalogueReader) -> dict[str, Any]:
    counts = store.counts()
    return {
        "hello": "Welcome to the Discogs API.",
        "api_version": "v2",
        "documentation_url": "http://www.discogs.com/developers/",
        "statistics": {
            "releases": counts.get("releases", 0),
            "artists": counts.get("artists", 0),
            "labels": counts.get("labels", 0),
        },
    }
