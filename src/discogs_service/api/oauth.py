"""OAuth 1.0a endpoints of the API: ``/oauth/request_token``, ``/oauth/access_token`` (GET and
POST, form-encoded answers, plain-text errors) and ``/oauth/identity``.

The authorisation page, ``/oauth/authorize``, is a web page (``web.pages``).
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec
from starlette.requests import Request
from starlette.routing import BaseRoute

from discogs_service.api.answers import COMMON_HEADERS, Answer, plain_answer
from discogs_service.api.resource import Resource
from discogs_service.auth.authenticator import request_headers, signed_uri
from discogs_service.auth.identity import identity_of
from discogs_service.auth.oauth import TokenAnswer
from discogs_service.request.body import read_body
from discogs_service.services.access import require_user


class OAuth(Resource):
    def routes(self) -> list[BaseRoute]:
        return [
            self.route("/oauth/request_token", self.request_token, ["GET", "POST"]),
            self.route("/oauth/access_token", self.access_token, ["GET", "POST"]),
            self.get("/oauth/identity", self.identity),
        ]

    async def request_token(self, request: Request) -> Answer:
        return await self._token_call(request, self.context.oauth.request_token)

    async def access_token(self, request: Request) -> Answer:
        return await self._token_call(request, self.context.oauth.access_token)

    async def _token_call(
        self, request: Request, call: Callable[[str, str, str, dict[str, str]], TokenAnswer]
    ) -> Answer:
        scope = request.scope
        headers = request_headers(scope)
        body = await read_body(request.receive)
        uri = signed_uri(self.context.base_url(scope), scope)
        # Issuing writes tokens and nonces.
        answer = await self.storage.run_writing(
            call, uri, scope["method"], body.decode("utf-8", "replace"), headers
        )
        headers = {**COMMON_HEADERS, "cache-control": "no-store"}
        return plain_answer(answer.status, headers, answer.body.encode(), answer.content_type)

    async def identity(self, request: Request) -> Answer:
        """``{"id", "username", "resource_url", "consumer_name"}`` of the calling user; 401
        without one (a consumer key and secret identify no user)."""
        identity = require_user(identity_of(request.scope))
        base = self.context.base_url(request.scope)
        body = msgspec.json.encode(
            {
                "id": identity.user_id,
                "username": identity.username,
                "resource_url": f"{base}/users/{identity.username}",
                "consumer_name": identity.consumer_name,
            }
        )
        # Private to the caller: never "public" like catalogue answers.
        headers = {**COMMON_HEADERS, "cache-control": "private, no-store", "vary": "Authorization"}
        return plain_answer(200, headers, body, "application/json")
