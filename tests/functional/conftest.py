"""The functional tests serve the bundled sample (``sample_server``, ``http``) and the
purpose-made catalogue of ``tests/data/api`` (``catalogue_server``, ``api``)."""

from tests.api_catalogue import api, catalogue_server, catalogue_storage
from tests.search_catalogue import find, search_server, search_storage

__all__ = [
    "api",
    "catalogue_server",
    "catalogue_storage",
    "find",
    "search_server",
    "search_storage",
]
