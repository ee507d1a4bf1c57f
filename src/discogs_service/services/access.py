"""Who may do what: the one place later user endpoints ask.

* ``require_user``: the caller must be a user (personal token or OAuth access token); a
  consumer key and secret identify an application, not a user. Otherwise 401
  ``You must authenticate to access this resource.``
* ``require_owner``: the caller must be the user named in the path (letter case aside), as
  for collections, wantlists and profile edits. Anyone else, signed in or not, gets the live
  API's 403 ``You are not allowed to view this resource. Please authenticate as the owner to
  view this content.``
* ``require_collection_visible`` / ``require_wantlist_visible``: the owner always; anyone
  else only when the owner made it public (the default). Otherwise the same 403.
"""

from __future__ import annotations

from discogs_service.accounts.identity import Identity
from discogs_service.accounts.service import username_key
from discogs_service.errors import NotOwner, Unauthorized
from discogs_service.storage.accounts import UserRow


def require_user(identity: Identity) -> Identity:
    if not identity.is_user or identity.username is None:
        raise Unauthorized()
    return identity


def require_owner(identity: Identity, username: str) -> Identity:
    if not is_owner(identity, username):
        raise NotOwner()
    return identity


def is_owner(identity: Identity, username: str) -> bool:
    """True when the caller is the user named ``username``: the test for showing a user's
    private fields (email, private collection) on an otherwise public resource."""
    return (
        identity.is_user
        and identity.username is not None
        and username_key(identity.username) == username_key(username)
    )


def require_collection_visible(identity: Identity, user: UserRow) -> None:
    if not (user.collection_public or is_owner(identity, user.username)):
        raise NotOwner()


def require_wantlist_visible(identity: Identity, user: UserRow) -> None:
    if not (user.wantlist_public or is_owner(identity, user.username)):
        raise NotOwner()
