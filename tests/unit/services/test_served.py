"""The validator of a stored document as served (``services.served``): it changes with the
stored document and with any filled-in part, and the cached and uncached forms agree."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discogs_service.services.served import document_etag, document_etag_uncached

Etag = Callable[..., str]

DIGEST = 0x0123456789ABCDEF
PARTS = (b"http://127.0.0.1:8000", b'{"have":0,"want":0}', b"0", b"null")
ETAGS = pytest.mark.parametrize("etag", [document_etag, document_etag_uncached])
DIGESTS = st.integers(-(2**63), 2**63 - 1)  # a BIGINT column's values
PART_LISTS = st.lists(st.binary(max_size=40), max_size=5)


@ETAGS
def test_a_weak_validator_of_the_digest_and_a_checksum(etag: Etag) -> None:
    written = etag(DIGEST, *PARTS)
    assert re.fullmatch(r'W/"0123456789abcdef-[0-9a-f]{8}"', written), written


@ETAGS
def test_a_negative_digest_is_written_as_its_64_bits(etag: Etag) -> None:
    assert etag(-1, *PARTS) == etag(2**64 - 1, *PARTS)
    assert etag(-1, *PARTS).startswith('W/"ffffffffffffffff-')


@ETAGS
def test_another_stored_document_has_another_validator(etag: Etag) -> None:
    assert etag(DIGEST, *PARTS) != etag(DIGEST + 1, *PARTS)


@ETAGS
@pytest.mark.parametrize("changed", range(len(PARTS)))
def test_any_changed_part_changes_the_validator(etag: Etag, changed: int) -> None:
    for new in (b"", PARTS[changed] + b" ", b"1" + PARTS[changed][1:]):
        parts = list(PARTS)
        parts[changed] = new
        assert etag(DIGEST, *parts) != etag(DIGEST, *PARTS), (changed, new)


@ETAGS
def test_a_missing_or_extra_part_changes_the_validator(etag: Etag) -> None:
    assert etag(DIGEST, *PARTS[:-1]) != etag(DIGEST, *PARTS)
    assert etag(DIGEST, *PARTS, b"1") != etag(DIGEST, *PARTS)


@given(DIGESTS, PART_LISTS)
def test_cached_and_uncached_agree(digest: int, parts: list[bytes]) -> None:
    assert document_etag(digest, *parts) == document_etag_uncached(digest, *parts)


def test_cached_answers_stay_right_as_parts_repeat_and_change() -> None:
    """The cache is keyed by the parts: asking again, in another order, never mixes them up."""
    bases = [b"http://a", b"http://b", b"https://mirror.example"]
    for _ in range(3):
        for base in [*bases, *reversed(bases)]:
            assert document_etag(DIGEST, base, b"0") == document_etag_uncached(DIGEST, base, b"0")
    assert len({document_etag(DIGEST, base, b"0") for base in bases}) == len(bases)
