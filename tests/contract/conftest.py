"""Contract tests drive unmodified clients and the OpenAPI seed against running servers: the
bundled sample (``sample_server``) and the purpose-made catalogue (``catalogue_server``);
users' own data through ``collectors``."""

from tests.api_catalogue import api, catalogue_server, catalogue_storage
from tests.collectors import collectors
from tests.search_catalogue import find, search_server, search_storage

__all__ = [
    "api",
    "catalogue_server",
    "catalogue_storage",
    "collectors",
    "find",
    "search_server",
    "search_storage",
]
