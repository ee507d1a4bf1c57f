"""Every resource group of the API: the public surface at a glance."""

from __future__ import annotations

from starlette.routing import BaseRoute

from discogs_service.api.artists import Artists
from discogs_service.api.collection import Collection
from discogs_service.api.context import ApiContext
from discogs_service.api.contributions import Contributions
from discogs_service.api.labels import Labels
from discogs_service.api.lists import Lists
from discogs_service.api.masters import Masters
from discogs_service.api.oauth import OAuth
from discogs_service.api.ratings import Ratings
from discogs_service.api.releases import Releases
from discogs_service.api.resource import Resource
from discogs_service.api.root import Root
from discogs_service.api.search import Search
from discogs_service.api.users import Users
from discogs_service.api.wantlist import Wantlist

RESOURCES: list[type[Resource]] = [
    Releases,  # first: GET /releases/{id} is the hot path
    Masters,
    Artists,
    Labels,
    Search,
    Users,
    Lists,
    Ratings,
    Wantlist,
    Contributions,
    Collection,
    OAuth,
    Root,
]


def build_routes(context: ApiContext) -> list[BaseRoute]:
    return [route for resource in RESOURCES for route in resource(context).routes()]
