"""The import's disk estimate (importer.space): what a file becomes, first import or refresh,
and when the free space is too small."""

from __future__ import annotations

from pathlib import Path

from discogs_service.importer import space


def test_a_gzipped_file_grows_the_database_by_its_measured_ratio() -> None:
    grown = space.growth("sqlite", "releases", 1_000_000, compressed=True, refresh=False)
    assert grown == int(1_000_000 * space.BYTES_PER_GZIP_BYTE["sqlite"]["releases"])


def test_an_uncompressed_file_counts_as_its_gzipped_size() -> None:
    plain = space.growth("postgresql", "artists", 4_580_000, compressed=False, refresh=False)
    gzipped = space.growth("postgresql", "artists", 1_000_000, compressed=True, refresh=False)
    assert abs(plain - gzipped) <= 1


def test_a_refresh_needs_a_share_of_a_first_import() -> None:
    first = space.growth("sqlite", "masters", 1_000_000, compressed=True, refresh=False)
    refresh = space.growth("sqlite", "masters", 1_000_000, compressed=True, refresh=True)
    assert refresh == int(first * space.REFRESH_SHARE)


def check(free: int | None) -> space.SpaceCheck:
    files = [
        space.FileEstimate("a.xml.gz", "releases", refresh=False, size=700),
        space.FileEstimate("b.xml.gz", "artists", refresh=True, size=300),
    ]
    return space.SpaceCheck(files, Path("/data") if free is not None else None, free)


def test_the_estimate_is_the_sum_of_the_files() -> None:
    assert check(5_000).needed == 1_000


def test_enough_unless_the_known_free_space_is_below_the_estimate() -> None:
    assert check(1_000).enough
    assert not check(999).enough
    assert check(None).enough  # unknown (a server elsewhere): not refused
