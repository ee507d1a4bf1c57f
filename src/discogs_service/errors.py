"""Domain errors. Services raise these; ``api.errors`` maps each to one HTTP answer.

DiscogsError                      message: the text clients see in {"message": ...}
 ├── NotFound                     404, with the real API's per-resource texts
 │    └── PageOutOfRange          404 "Page N is outside of valid range [1, P]."
 │    └── UserNotFound            404 "User does not exist or may have been deleted."
 │    └── InvalidCurrency         404 "Invalid currency abbreviation." (a profile edit)
 ├── BadRequest                   400, a request body that cannot be read
 ├── InvalidParameter             422, a query parameter that cannot be read
 ├── Unauthorized                 401 "You must authenticate to access this resource."
 │    └── InvalidCredentials      401 bad, revoked or disabled credentials (the API's text)
 ├── Forbidden                    403
 │    └── NotOwner                403 a caller acting on another user's resource
 └── PayloadTooLarge              413

AccountError                      what the account use cases refuse (CLI and web pages show
                                  the message; never an API answer)
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


class UserNotFound(NotFound):
    message = "User does not exist or may have been deleted."


class InvalidCurrency(NotFound):
    # The live API answers an unknown curr_abbr in a profile edit with a 404 (DAC 2026).
    message = "Invalid currency abbreviation."


class PageOutOfRange(NotFound):
    def __init__(self, page: int, pages: int) -> None:
        super().__init__(f"Page {page} is outside of valid range [1, {pages}].")


class BadRequest(DiscogsError):
    status = 400
    message = "The request body could not be read."


class InvalidParameter(DiscogsError):
    status = 422

    def __init__(self, name: str, expected: str) -> None:
        super().__init__(f"Invalid {name}: expected {expected}.")


class Forbidden(DiscogsError):
    status = 403
    message = "You don't have permission to access this resource."


class NotOwner(Forbidden):
    # The live API's wording (2026) for collection, wantlist and profile edits by anyone
    # but the owner, authenticated or not.
    message = (
        "You are not allowed to view this resource. "
        "Please authenticate as the owner to view this content."
    )


class Unauthorized(DiscogsError):
    """An endpoint that needs a user, called without one."""

    status = 401
    message = "You must authenticate to access this resource."


class InvalidCredentials(Unauthorized):
    """Credentials that are present but not valid: unknown, revoked, a disabled account,
    a bad signature, a replayed nonce. The live API's text for a bad token."""

    message = "Invalid consumer token. Please register an app before making requests."


class PayloadTooLarge(DiscogsError):
    status = 413
    message = "The request body is too large."


class AccountError(Exception):
    """An account use case refused: a name taken, an unknown user, a bad password, ..."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class SignInThrottled(AccountError):
    """Too many failed sign-ins for a name or an address in the window."""
