"""The web pages: sign-in and sign-out, the OAuth authorisation page, developer settings.

==============================================  ==============================================
``GET/POST /account/sign-in``                   sign in (throttled), then back to ``next``
``POST /account/sign-out``                      sign out
``GET/POST /oauth/authorize?oauth_token=``      which application asks; approve or deny
``GET /settings/developers``                    your tokens, applications, authorisations
``POST /settings/developers/tokens``            a new personal token, shown once
``POST .../tokens/{id}/revoke``                 revoke it
``POST /settings/developers/applications``      register an application: key and secret,
                                                the secret shown once
``POST .../applications/{id}/revoke``           revoke it and every token issued to it
``POST .../authorizations/{id}/revoke``         withdraw an application's access
==============================================  ==============================================

Every POST needs the form's CSRF token; every page is ``no-store`` and may not be framed.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from discogs_service.accounts.service import SESSION_LIFETIME, Accounts
from discogs_service.auth.oauth import OAuthProvider
from discogs_service.config import Settings
from discogs_service.errors import AccountError, SignInThrottled
from discogs_service.request.facts import facts_of
from discogs_service.storage import Storage
from discogs_service.storage.accounts import UserRow
from discogs_service.web import session
from discogs_service.web.base import (
    DEVELOPERS,
    SECURITY_HEADERS,
    Page,
    Visit,
    WebPages,
    local_target,
    page_route,
)


class Pages(WebPages):
    def __init__(
        self, settings: Settings, storage: Storage, accounts: Accounts, oauth: OAuthProvider
    ) -> None:
        super().__init__(settings, storage, accounts)
        self.oauth = oauth
        self.stylesheet_body = (
            resources.files("discogs_service.web").joinpath("static/style.css").read_bytes()
        )

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/static/discogs-service.css", Page(self.stylesheet), methods=["GET"]),
            page_route("/account/sign-in", self.sign_in),
            page_route("/account/sign-out", self.sign_out),
            page_route("/oauth/authorize", self.authorize),
            page_route(DEVELOPERS, self.developers),
            page_route(DEVELOPERS + "/tokens", self.create_token),
            page_route(DEVELOPERS + "/tokens/{item:id}/revoke", self.revoke_token),
            page_route(DEVELOPERS + "/applications", self.create_application),
            page_route(DEVELOPERS + "/applications/{item:id}/revoke", self.revoke_application),
            page_route(DEVELOPERS + "/authorizations/{item:id}/revoke", self.revoke_authorization),
        ]

    async def stylesheet(self, request: Request) -> Response:
        return Response(
            self.stylesheet_body,
            headers={"cache-control": "public, max-age=3600"},
            media_type="text/css",
        )

    # -- sign-in ------------------------------------------------------------------------------

    async def sign_in(self, request: Request) -> Response:
        visit = await self._visit(request)
        if request.method != "POST":
            target = local_target(request.query_params.get("next", ""))
            return self._render(visit, "sign_in.html", next=target, username="", error="")
        form = await self._checked_form(request, visit)
        if isinstance(form, Response):
            return form
        target = local_target(form.get("next", ""))
        username = form.get("username", "")
        # Failed sign-ins count per client, read through trusted proxies as the rate limiter
        # does: behind a proxy its own address would make one count for everybody.
        address = facts_of(request.scope).client
        try:
            user = await self.storage.run_writing(
                self.accounts.sign_in, username, form.get("password", ""), address
            )
        except AccountError as refusal:
            status = 429 if isinstance(refusal, SignInThrottled) else 401
            return self._render(
                visit, "sign_in.html", status, next=target, username=username, error=refusal.message
            )
        # A new token at sign-in: a token planted before cannot ride into the session.
        token = await self.storage.run_writing(self.accounts.start_session, user.id)
        response = RedirectResponse(target, 303, headers=SECURITY_HEADERS)
        session.set_cookie(response, token, secure=visit.secure, max_age=SESSION_LIFETIME)
        return response

    async def sign_out(self, request: Request) -> Response:
        visit = await self._visit(request)
        if request.method != "POST":
            return RedirectResponse(DEVELOPERS, 303, headers=SECURITY_HEADERS)
        form = await self._checked_form(request, visit)
        if isinstance(form, Response):
            return form
        await self.storage.run_writing(self.accounts.end_session, visit.token)
        response = RedirectResponse("/account/sign-in", 303, headers=SECURITY_HEADERS)
        session.set_cookie(response, session.new_token(), secure=visit.secure, max_age=None)
        return response

    # -- the OAuth authorisation page ---------------------------------------------------------

    async def authorize(self, request: Request) -> Response:
        visit = await self._visit(request)
        if request.method != "POST":
            token = request.query_params.get("oauth_token", "")
            pending = await self.storage.run(self.oauth.pending, token)
            if pending is None:
                return self._expired(visit)
            return self._render(
                visit,
                "authorize.html",
                application=pending.application,
                oauth_token=token,
                next="/oauth/authorize?oauth_token=" + quote(token, safe=""),
                username="",
                error="",
            )
        form = await self._checked_form(request, visit)
        if isinstance(form, Response):
            return form
        if visit.user is None:
            return self._message(visit, "Not signed in", "Sign in first.", 401, error=True)
        token = form.get("oauth_token", "")
        pending = await self.storage.run(self.oauth.pending, token)
        if pending is None:
            return self._expired(visit)
        name = pending.application.name
        if form.get("decision") != "approve":
            callback = await self.storage.run_writing(self.oauth.deny, token)
            if callback:
                return RedirectResponse(callback, 303, headers=SECURITY_HEADERS)
            return self._message(visit, "Access denied", f"{name} was not given access.")
        authorize_uri = facts_of(request.scope).base_url + "/oauth/authorize"
        approval = await self.storage.run_writing(
            self.oauth.approve, authorize_uri, token, visit.user
        )
        if approval is None:
            return self._expired(visit)
        if approval.redirect:
            return RedirectResponse(approval.redirect, 303, headers=SECURITY_HEADERS)
        return self._render(
            visit,
            "message.html",
            heading="Access granted",
            text=f"{name} may now use your account.",
            verifier=approval.verifier,
            application_name=name,
            error=False,
            back="",
        )

    def _expired(self, visit: Visit) -> Response:
        return self._message(
            visit,
            "Authorization request expired",
            "This authorization request is unknown, was already answered, or has expired "
            "(requests last 15 minutes). Start again from the application.",
            400,
            error=True,
        )

    # -- developer settings -------------------------------------------------------------------

    async def developers(self, request: Request, error: str = "", status: int = 200) -> Response:
        visit = await self._visit(request)
        user = visit.user
        if user is None:
            return self._to_sign_in(DEVELOPERS)
        tokens, applications, authorizations = await self.storage.run(
            lambda: (
                self.accounts.list_tokens(user),
                self.accounts.list_applications(user),
                self.accounts.list_authorizations(user),
            )
        )
        return self._render(
            visit,
            "developers.html",
            status,
            tokens=tokens,
            applications=applications,
            authorizations=authorizations,
            error=error,
        )

    async def create_token(self, request: Request) -> Response:
        return await self._change(request, self._new_token)

    async def create_application(self, request: Request) -> Response:
        return await self._change(request, self._new_application)

    async def revoke_token(self, request: Request) -> Response:
        return await self._change(
            request,
            lambda user, _form: self.accounts.revoke_token(request.path_params["item"], user),
        )

    async def revoke_application(self, request: Request) -> Response:
        return await self._change(
            request,
            lambda user, _form: self.accounts.revoke_application(request.path_params["item"], user),
        )

    async def revoke_authorization(self, request: Request) -> Response:
        return await self._change(
            request,
            lambda user, _form: self.accounts.revoke_authorization(
                request.path_params["item"], user
            ),
        )

    def _new_token(
        self, user: UserRow, form: dict[str, str]
    ) -> tuple[str, list[tuple[str, str, str]]]:
        _token_id, token = self.accounts.create_token(user, form.get("label", ""))
        return "Your new personal access token", [("Token", token, "new-token")]

    def _new_application(
        self, user: UserRow, form: dict[str, str]
    ) -> tuple[str, list[tuple[str, str, str]]]:
        created = self.accounts.create_application(
            user,
            form.get("name", ""),
            form.get("description", ""),
            form.get("website", ""),
            form.get("callback_url", ""),
        )
        return f"Application {created.name} registered", [
            ("Consumer key", created.consumer_key, "consumer-key"),
            ("Consumer secret", created.consumer_secret, "consumer-secret"),
        ]

    async def _change(
        self, request: Request, change: Callable[[UserRow, dict[str, str]], Any]
    ) -> Response:
        """A POST of the developer settings: CSRF checked, the change made as the signed-in
        user, then the page again (or the page that shows a new secret once)."""
        visit = await self._visit(request)
        if request.method != "POST":
            return RedirectResponse(DEVELOPERS, 303, headers=SECURITY_HEADERS)
        form = await self._checked_form(request, visit)
        if isinstance(form, Response):
            return form
        user = visit.user
        if user is None:
            return self._to_sign_in(DEVELOPERS)
        try:
            result = await self.storage.run_writing(change, user, form)
        except AccountError as refusal:
            return await self.developers(request, error=refusal.message, status=400)
        if result is None:
            return RedirectResponse(DEVELOPERS, 303, headers=SECURITY_HEADERS)
        heading, secrets = result
        return self._render(visit, "created.html", 201, heading=heading, secrets=secrets)
