"""The functional tests serve the bundled sample (``sample_server``, ``http``) and the
purpose-made catalogue of ``tests/data/api`` (``catalogue_server``, ``api``),
and two collectors of users' own data on a small catalogue (``collectors``)."""

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
