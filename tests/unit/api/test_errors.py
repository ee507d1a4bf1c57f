"""The one mapping of domain errors to HTTP statuses (``api.errors``)."""

from __future__ import annotations

import inspect

import pytest

from discogs_service import errors
from discogs_service.api.errors import status_of
from discogs_service.ratelimit import TooManyRequests

EXPECTED = {
    errors.NotFound: 404,
    errors.ReleaseNotFound: 404,
    errors.ReleaseStatsNotFound: 404,
    errors.MasterNotFound: 404,
    errors.ArtistNotFound: 404,
    errors.LabelNotFound: 404,
    errors.UserNotFound: 404,
    errors.ListNotFound: 404,
    errors.InvalidCurrency: 404,  # the live API's status for an unknown curr_abbr
    errors.WantNotFound: 404,
    errors.FolderNotFound: 404,
    errors.InstanceNotFound: 404,
    errors.CollectionReleaseNotFound: 404,
    errors.RequestRefused: 422,
    errors.BadRequest: 400,
    errors.Forbidden: 403,
    errors.NotOwner: 403,
    errors.Unauthorized: 401,
    errors.InvalidCredentials: 401,
    errors.PayloadTooLarge: 413,
    TooManyRequests: 429,
}


def test_every_domain_error_has_its_status() -> None:
    declared = {
        kind
        for _name, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, errors.DiscogsError) and kind is not errors.DiscogsError
    }
    # Errors whose constructor takes arguments are checked below.
    with_arguments = {errors.InvalidParameter, errors.PageOutOfRange, errors.ValidationFailed}
    assert declared - with_arguments <= set(EXPECTED)
    for kind, status in EXPECTED.items():
        assert status_of(kind()) == status, kind.__name__


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (errors.InvalidParameter("per_page", "an integer"), 422),
        (errors.PageOutOfRange(9, 2), 404),
        (errors.ValidationFailed("Invalid folder_id.", ("path", "folder_id")), 422),
        (errors.DiscogsError(), 500),
    ],
)
def test_errors_with_arguments_and_the_base(error: errors.DiscogsError, status: int) -> None:
    assert status_of(error) == status


def test_the_domain_errors_know_no_http() -> None:
    assert not any(hasattr(kind, "status") for kind in EXPECTED)
    assert "starlette" not in inspect.getsource(errors)
