"""One converter per entity kind: an lxml element in, a :class:`Converted` record out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from discogs_service.importer.records.artists import convert_artist
from discogs_service.importer.records.common import Converted, RecordError
from discogs_service.importer.records.labels import convert_label
from discogs_service.importer.records.masters import convert_master
from discogs_service.importer.records.releases import convert_release

CONVERTERS: dict[str, Callable[[Any], Converted]] = {
    "artists": convert_artist,
    "labels": convert_label,
    "masters": convert_master,
    "releases": convert_release,
}

__all__ = ["CONVERTERS", "Converted", "RecordError"]
