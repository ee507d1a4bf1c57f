"""How much disk an import will take, told before it starts, and whether it fits.

The estimate is the size of each file on disk times what a byte of it became in a database
of the same engine when measured. It is rough (the real dump's records are not the synthetic
ones, and documents and the search index change between versions): good enough to refuse an
import that clearly cannot fit, not to promise one that just does.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from discogs_service.importer import files
from discogs_service.importer.errors import DumpError
from discogs_service.storage import Storage

# Database bytes per byte of the gzipped file, measured on 2026-12-05 after the compressed
# documents and the Tantivy index (issue 15) by importing benchmarks/synthetic_dump.py's files
# (seed 1, gzip level 1) each into a fresh database (SQLite: the file after a checkpoint plus
# the index directory; PostgreSQL: pg_database_size after VACUUM, less an empty one's):
# releases 100,000 (72.7 MB): SQLite 3.11, PostgreSQL 8.92; artists 100,000 (7.1 MB):
# 5.38 / 12.73; labels 25,000 (0.84 MB): 9.91 / 27.26; masters 142,857 (15.7 MB): 4.94 / 11.18.
# (Before them: releases 14.71 / 12.74.) Search results are rendered when served since
# migration 0019 (2026-12-07): 150,000 releases took 2.944 bytes per gzipped byte on SQLite,
# against 3.140 with them stored (the same file, both trees in the same hour), so 3.11 x
# 0.9376 = 2.92 here. On PostgreSQL the 1,000,000-release catalogue took 6,830 against
# 6,994 MB: 8.92 x 0.977 = 8.71.
BYTES_PER_GZIP_BYTE = {
    "sqlite": {"releases": 2.92, "artists": 5.38, "labels": 9.91, "masters": 4.94},
    "postgresql": {"releases": 8.71, "artists": 12.73, "labels": 27.26, "masters": 11.18},
}
# An uncompressed file: the synthetic releases file is 4.58 times its gzipped size
# (670,137,693 against 146,433,616 bytes).
XML_PER_GZIP_BYTE = 4.58
# A refresh rewrites only the records that changed: the 200,000-release SQLite database
# grew by 0.05 % in a refresh with 2 % of the records touched (refresh_speed.py). A share
# of the first import's figure covers a month with more changes, PostgreSQL's dead rows
# until vacuum, and the write-ahead log.
REFRESH_SHARE = 0.05


@dataclass(frozen=True)
class FileEstimate:
    name: str
    kind: str
    refresh: bool  # the kind already has records: only what changes is written
    size: int  # bytes the database is expected to grow by


@dataclass(frozen=True)
class SpaceCheck:
    files: list[FileEstimate]
    directory: Path | None  # where the database's files are, when known here
    free: int | None  # bytes free there

    @property
    def needed(self) -> int:
        return sum(estimate.size for estimate in self.files)

    @property
    def enough(self) -> bool:
        """False only when the free space is known and smaller than the estimate."""
        return self.free is None or self.free >= self.needed


def growth(engine: str, kind: str, file_size: int, *, compressed: bool, refresh: bool) -> int:
    """Bytes a database of ``engine`` grows by when importing a file of this size."""
    ratios = BYTES_PER_GZIP_BYTE.get(engine, BYTES_PER_GZIP_BYTE["postgresql"])
    ratio = ratios[kind] if compressed else ratios[kind] / XML_PER_GZIP_BYTE
    first_import = file_size * ratio
    return int(first_import * REFRESH_SHARE if refresh else first_import)


def check(storage: Storage, paths: Sequence[Path]) -> SpaceCheck:
    """The estimate for importing these files in order, and the free space beside the
    database. A file that is not a dump is left out: its import refuses it in its turn."""
    engine = storage.engine.dialect.name
    estimates: list[FileEstimate] = []
    kinds_written: set[str] = set()
    for path in paths:
        try:
            dump = files.identify(path)
        except DumpError:
            continue
        refresh = dump.kind in kinds_written or storage.dumps.has_records(dump.kind)
        size = growth(engine, dump.kind, dump.size, compressed=dump.compressed, refresh=refresh)
        estimates.append(FileEstimate(dump.name, dump.kind, refresh, size))
        kinds_written.add(dump.kind)
    directory = storage.dumps.database_directory()
    free = shutil.disk_usage(directory).free if directory is not None else None
    return SpaceCheck(estimates, directory, free)
