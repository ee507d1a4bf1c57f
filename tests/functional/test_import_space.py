"""``discogs-service import`` tells the disk an import will take before it starts, and
refuses (with the figures) an import that clearly cannot fit, unless told to go on.

A file that cannot fit is a real one: a small pretty-printed dump followed by a hole (a
sparse file) as large as it takes for the estimate to pass the free space of the database's
disk. (Not a gzipped one: gzip reads the zeros after a member as padding, byte by byte.)"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from discogs_service.importer import space
from discogs_service.storage import Storage
from tests.dumpfiles import many_releases, pretty_printed, run_import, write_dump
from tests.functional.importing import import_runs


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size < 10e6 else f"{size / 1e6:,.0f} MB"


def test_the_estimate_is_told_before_the_import_starts(
    database_url: str, storage: Storage, tmp_path: Path
) -> None:
    path = write_dump(
        tmp_path / "discogs_20250101_releases.xml", "releases", list(many_releases(20))
    )
    engine = storage.engine.dialect.name
    first = run_import(database_url, path)
    assert first.returncode == 0, first.stderr
    needed = space.growth(engine, "releases", path.stat().st_size, compressed=False, refresh=False)
    assert f"Disk: about {megabytes(needed)} for this import" in first.stderr
    assert "first import" in first.stderr
    again = run_import(database_url, path)
    assert again.returncode == 0, again.stderr
    needed = space.growth(engine, "releases", path.stat().st_size, compressed=False, refresh=True)
    assert f"Disk: about {megabytes(needed)} for this import" in again.stderr
    assert "refresh" in again.stderr


def a_file_too_large_for_the_disk(storage: Storage, tmp_path: Path) -> tuple[Path, int]:
    """A dump of 3 releases, sparse to twice the size the free space could take; and the
    import's estimate for it."""
    directory = storage.dumps.database_directory()
    assert directory is not None  # both test engines are on this machine
    free = shutil.disk_usage(directory).free
    engine = storage.engine.dialect.name
    per_byte = space.BYTES_PER_GZIP_BYTE[engine]["releases"] / space.XML_PER_GZIP_BYTE
    size = int(2 * free / per_byte)
    path = tmp_path / "discogs_20250101_releases.xml"
    path.write_bytes(pretty_printed("releases", list(many_releases(3))))
    os.truncate(path, size)
    return path, space.growth(engine, "releases", size, compressed=False, refresh=False)


def test_an_import_that_clearly_cannot_fit_is_refused_with_the_figures(
    database_url: str, storage: Storage, tmp_path: Path
) -> None:
    path, needed = a_file_too_large_for_the_disk(storage, tmp_path)
    refused = run_import(database_url, path)
    assert refused.returncode == 1
    assert f"import refused: it needs about {megabytes(needed)}" in " ".join(refused.stderr.split())
    assert "MB are free in" in refused.stderr
    assert import_runs(storage) == []  # nothing was started


def test_ignore_space_starts_the_import_anyway(
    database_url: str, storage: Storage, tmp_path: Path
) -> None:
    path, _needed = a_file_too_large_for_the_disk(storage, tmp_path)
    started = run_import(database_url, "--ignore-space", path)
    assert "import refused" not in started.stderr
    # It starts, and stops where the hole begins.
    assert started.returncode == 1
    assert "import stopped" in started.stderr
    (run,) = import_runs(storage)
    assert run["status"] == "failed"
