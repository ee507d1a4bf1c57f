"""Contract tests drive unmodified clients and the OpenAPI seed against running servers: the
bundled sample (``sample_server``) and the purpose-made catalogue (``catalogue_server``)."""

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
