"""Domain errors. Services raise these; ``api.errors`` maps each to one HTTP answer.

DiscogsError                      message: the text clients see in {"message": ...}
 ├── NotFound                     404, with the real API's per-resource texts
 │    └── PageOutOfRange          404 "Page N is outside of valid range [1, P]."
 ├── InvalidParameter             422, a query parameter that cannot be read
 └── Forbidden                    403
"""

from __future__ import annotations


class DiscogsError(Exception):
    status = 500
    message = "An internal server error occurred."

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class NotFound(DiscogsError):
    status = 404
    message = "The requested resource was not found."


class ReleaseNotFound(NotFound):
    message = "That release does not exist or may have been deleted."


class ReleaseStatsNotFound(NotFound):
    # The rating and stats sub-resources word it differently from /releases/{id}.
    message = "Release does not exist or may have been deleted."


class MasterNotFound(NotFound):
    message = "That master release does not exist or may have been deleted."


class ArtistNotFound(NotFound):
    message = "Artist not found."


class LabelNotFound(NotFound):
    # 2026 live text, without the period the 2014 docs had.
    message = "Label not found"


class PageOutOfRange(NotFound):
    def __init__(self, page: int, pages: int) -> None:
        super().__init__(f"Page {page} is outside of valid range [1, {pages}].")


class InvalidParameter(DiscogsError):
    status = 422

    def __init__(self, name: str, expected: str) -> None:
        super().__init__(f"Invalid {name}: expected {expected}.")


class Forbidden(DiscogsError):
    status = 403
    message = "You don't have permission to access this resource."
