"""The signed-in user's settings pages for their own data.

==============================================  ==============================================
``GET/POST /settings/privacy``                  who may see your collection and wantlist:
                                                anyone, or only you
``GET /settings/import``                        upload the collection or wantlist CSV that
                                                discogs.com exports
``POST /settings/import/{kind}``                import it (multipart form); the page shows
                                                the import's summary
==============================================  ==============================================

The imports themselves are use cases plugged in through ``services.csv_imports``; the page
offers the kinds registered there.
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import Message, Receive

from discogs_service.errors import AccountError, PayloadTooLarge
from discogs_service.services import csv_imports
from discogs_service.web.base import Visit, WebPages, page_route, redirect

PRIVACY = "/settings/privacy"
IMPORT = "/settings/import"
VISIBILITY = ("public", "private")


class SettingsPages(WebPages):
    def routes(self) -> list[BaseRoute]:
        return [
            page_route(PRIVACY, self.privacy),
            page_route(IMPORT, self.import_page),
            page_route(IMPORT + "/{kind}", self.import_file),
        ]

    # -- privacy ------------------------------------------------------------------------------

    async def privacy(self, request: Request) -> Response:
        visit = await self._visit(request)
        user = visit.user
        if request.method != "POST":
            if user is None:
                return self._to_sign_in(PRIVACY)
            saved = request.query_params.get("done") == "saved"
            return self._privacy_page(visit, done="Saved." if saved else "")
        form = await self._checked_form(request, visit)
        if isinstance(form, Response):
            return form
        if user is None:
            return self._to_sign_in(PRIVACY)
        collection, wantlist = form.get("collection"), form.get("wantlist")
        if collection not in VISIBILITY or wantlist not in VISIBILITY:
            return self._privacy_page(visit, error="Choose public or private for each.", status=400)
        await self.storage.run_writing(
            self.accounts.set_privacy,
            user.username,
            collection_public=collection == "public",
            wantlist_public=wantlist == "public",
        )
        return redirect(PRIVACY + "?done=saved")

    def _privacy_page(
        self, visit: Visit, *, done: str = "", error: str = "", status: int = 200
    ) -> Response:
        return self._render(visit, "privacy.html", status, done=done, error=error)

    # -- CSV imports --------------------------------------------------------------------------

    async def import_page(self, request: Request) -> Response:
        visit = await self._visit(request)
        if visit.user is None:
            return self._to_sign_in(IMPORT)
        if request.method == "POST":
            return redirect(IMPORT)
        return self._import_page(visit)

    def _import_page(
        self,
        visit: Visit,
        *,
        status: int = 200,
        error: str = "",
        kind: str = "",
        summary: csv_imports.ImportSummary | None = None,
    ) -> Response:
        return self._render(
            visit,
            "import.html",
            status,
            kinds=csv_imports.KINDS,
            available=set(csv_imports.IMPORTS),
            error=error,
            kind=kind,
            summary=summary,
            limit_mb=csv_imports.MAX_UPLOAD >> 20,
        )

    async def import_file(self, request: Request) -> Response:
        visit = await self._visit(request)
        kind = request.path_params["kind"]
        if request.method != "POST" or kind not in csv_imports.KINDS:
            return redirect(IMPORT)
        upload = await self._checked_upload(request, visit)
        if isinstance(upload, Response):
            return upload
        user = visit.user
        if user is None:
            return self._to_sign_in(IMPORT)
        try:
            summary = await self.storage.run_writing(
                csv_imports.run_import, self.storage, user, kind, upload
            )
        except AccountError as refusal:
            return self._import_page(visit, status=400, error=refusal.message, kind=kind)
        return self._import_page(visit, kind=kind, summary=summary)

    async def _checked_upload(self, request: Request, visit: Visit) -> bytes | Response:
        """The uploaded file's bytes when the multipart form's CSRF token is right, else the
        refusal page. The body is bounded as it arrives: a file past the limit is refused
        before it is all read."""
        limited = Request(request.scope, _bounded(request.receive, csv_imports.MAX_UPLOAD))
        try:
            form = await limited.form(max_files=1, max_fields=4)
        except PayloadTooLarge:
            too_large = f"The file is too large: at most {csv_imports.MAX_UPLOAD >> 20} MB."
            return self._import_page(visit, status=413, error=too_large)
        except HTTPException as refusal:  # a malformed multipart body
            return self._import_page(visit, status=400, error=str(refusal.detail))
        try:
            token = form.get("csrf_token")
            refused = self._csrf_refusal(request, visit, token if isinstance(token, str) else "")
            if refused is not None:
                return refused
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                return self._import_page(visit, status=400, error="Choose a file to upload.")
            return await upload.read()
        finally:
            await form.close()


def _bounded(receive: Receive, limit: int) -> Receive:
    """``receive`` raising PayloadTooLarge once the body passes ``limit`` bytes (and a
    little more for the form's other fields and multipart framing)."""
    allowed = limit + 64 * 1024
    size = 0

    async def receive_bounded() -> Message:
        nonlocal size
        message = await receive()
        size += len(message.get("body", b""))
        if size > allowed:
            raise PayloadTooLarge()
        return message

    return receive_bounded
