"""``/releases/{release_id}/rating/{username}``: a user's rating of a release."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import COMMON_HEADERS, Answer, json_object, plain_answer
from discogs_service.api.params import path_id
from discogs_service.api.resource import Resource
from discogs_service.api.users import read_changes
from discogs_service.auth.identity import identity_of
from discogs_service.services import ratings


class Ratings(Resource):
    def routes(self) -> list[BaseRoute]:
        return [
            self.route(
                "/releases/{release_id:id}/rating/{username}",
                self.rating,
                ["GET", "PUT", "DELETE"],
            )
        ]

    async def rating(self, request: Request) -> Answer:
        if request.method == "PUT":
            return await self.rate(request)
        if request.method == "DELETE":
            return await self.withdraw(request)
        rating = await self.storage.run(
            ratings.user_rating,
            self.context.accounts,
            self.catalogue,
            self.storage.ratings,
            path_id(request, "release_id"),
            request.path_params["username"],
        )
        # A rating changes with every PUT: clients revalidate (the ETag answers 304).
        return json_object(request, rating, cache_control="no-cache")

    async def rate(self, request: Request) -> Answer:
        fields = await read_changes(request, ratings.FIELDS)
        rating = await self.storage.run_writing(
            ratings.rate,
            self.context.accounts,
            self.catalogue,
            self.storage.ratings,
            path_id(request, "release_id"),
            request.path_params["username"],
            identity_of(request.scope),
            fields,
        )
        # 201, as the live API answers (DAC 2026; the 2014 docs say 200).
        return json_object(request, rating, status=201, headers={"cache-control": "no-store"})

    async def withdraw(self, request: Request) -> Answer:
        await self.storage.run_writing(
            ratings.withdraw,
            self.context.accounts,
            self.catalogue,
            self.storage.ratings,
            path_id(request, "release_id"),
            request.path_params["username"],
            identity_of(request.scope),
        )
        return plain_answer(204, COMMON_HEADERS, b"", "")
