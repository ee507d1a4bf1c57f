"""Domain errors. Services raise these; ``api.errors`` alone maps each to an HTTP status
and answer. Each error carries the message clients see in ``{"message": ...}``: the live
API's own words for what went wrong.

DiscogsError                      the message
 ├── NotFound                     what was asked for is not there (per-resource texts)
 │    └── PageOutOfRange          "Page N is outside of valid range [1, P]."
 │    └── UserNotFound            "User does not exist or may have been deleted."
 │    └── ListNotFound            "List not found" (also a private list, to all but its owner)
 │    └── InvalidCurrency         "Invalid currency abbreviation." (a profile edit)
 │    └── WantNotFound            "That release does not exist in the user's wantlist."
 │    └── FolderNotFound, InstanceNotFound, CollectionReleaseNotFound  (collections)
 ├── BadRequest                   a request body that cannot be read
 ├── InvalidParameter             a query parameter that cannot be read
 ├── RequestRefused               a request understood and refused (a permanent folder)
 ├── ValidationFailed             the live API's ``detail`` body (collection field edits)
 ├── Unauthorized                 a user is needed and none is signed in
 │    └── InvalidCredentials      bad, revoked or disabled credentials (the API's text)
 ├── Forbidden                    the caller may not do this
 │    └── NotOwner                a caller acting on another user's resource
 └── PayloadTooLarge              a request body past its limit

AccountError                      what the account use cases refuse (CLI and web pages show
                                  the message; never an API answer)
 ├── ListRefused                  a change to a list its owner's pages refuse
 └── ImportRefused                an uploaded CSV file refused as a whole
"""

from __future__ import annotations


class DiscogsError(Exception):
    message = "An internal server error occurred."

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class NotFound(DiscogsError):
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


class ListNotFound(NotFound):
    # 2026 live text, no period; a private list reads the same to anyone but its owner.
    message = "List not found"


class InvalidCurrency(NotFound):
    # The live API answers an unknown curr_abbr in a profile edit with a 404 (DAC 2026).
    message = "Invalid currency abbreviation."


class WantNotFound(NotFound):
    # The live API's words (sic, DAC 2026) for a want of a release that does not exist; also
    # for a want that is not in the wantlist (docs/seed-spec-deviations.md, D34).
    message = "That release does not exist in the user's wantlist."


class FolderNotFound(NotFound):
    message = "The requested folder does not exist."


class InstanceNotFound(NotFound):
    message = "The requested collection item does not exist in this user's collection."


class CollectionReleaseNotFound(NotFound):
    # A custom field edit of an instance the user does not have (DAC 2026).
    message = "Release not found in user's collection."


class PageOutOfRange(NotFound):
    def __init__(self, page: int, pages: int) -> None:
        super().__init__(f"Page {page} is outside of valid range [1, {pages}].")


class BadRequest(DiscogsError):
    message = "The request body could not be read."


class InvalidParameter(DiscogsError):
    def __init__(self, name: str, expected: str) -> None:
        super().__init__(f"Invalid {name}: expected {expected}.")


class RequestRefused(DiscogsError):
    """A request the API understood and will not carry out (its message says why)."""


class ValidationFailed(DiscogsError):
    """The live API's other 422 form: ``{"detail": [{"msg", "loc", "type"}], "message":
    "See \"detail\" for validation errors."}`` (collection field edits, DAC 2026)."""

    message = 'See "detail" for validation errors.'

    def __init__(self, msg: str, location: tuple[str, str]) -> None:
        super().__init__()
        self.detail = [{"msg": msg, "loc": list(location), "type": "value_error"}]


class Forbidden(DiscogsError):
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

    message = "You must authenticate to access this resource."


class InvalidCredentials(Unauthorized):
    """Credentials that are present but not valid: unknown, revoked, a disabled account,
    a bad signature, a replayed nonce. The live API's text for a bad token."""

    message = "Invalid consumer token. Please register an app before making requests."


class PayloadTooLarge(DiscogsError):
    message = "The request body is too large."


class AccountError(Exception):
    """An account use case refused: a name taken, an unknown user, a bad password, ..."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class SignInThrottled(AccountError):
    """Too many failed sign-ins for a name or an address in the window."""


class ListRefused(AccountError):
    """A change to a list that the owner's web pages refuse, with the reason shown there: an
    empty or too long text, an id the catalogue does not hold, a URL that names no entity."""


class ImportRefused(AccountError):
    """An uploaded collection or wantlist CSV refused as a whole (not UTF-8, empty, of a
    kind this server cannot import yet), with the reason the settings page shows."""
