"""Precision of search ranking on the judged query set of ``tests/search_cases.py``, per
engine.

Imports the search catalogue and the bundled sample into a fresh SQLite file and (when it is
reachable) a fresh PostgreSQL database, serves each over HTTP and prints, per engine,
precision@1 (the judged entity first) and precision@3 (among the first three), then the
queries whose entity was not first.

    .venv/bin/python benchmarks/search_judged.py [--no-postgres]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the judged set and the catalogues live in the tests

from tests.conftest import PostgresDatabases, RunningServer, ServerThread, import_sample  # noqa: E402
from tests.search_cases import (  # noqa: E402
    JUDGED,
    SAMPLE,
    SEARCH_CATALOGUE,
    judged_positions,
    summary,
)
from tests.search_catalogue import write_catalogue  # noqa: E402

from discogs_service.config import Settings  # noqa: E402 (after the path is set)
from discogs_service.importer.run import import_dump  # noqa: E402
from discogs_service.storage import open_storage  # noqa: E402


@contextmanager
def served(url: str, fill: str, tmp: Path) -> Iterator[RunningServer]:
    store = open_storage(url)
    try:
        if fill == SAMPLE:
            import_sample(store)
        else:
            for path in write_catalogue(tmp / "dumps"):
                import_dump(store, path, allow_removal=False, workers=1)
        settings = Settings(database_url=url, ratelimit_enabled=False)
        with ServerThread(settings, store) as base:
            yield RunningServer(base, store, settings)
    finally:
        store.close()


def measure(engine: str, urls: dict[str, str], tmp: Path) -> None:
    with (
        served(urls[SEARCH_CATALOGUE], SEARCH_CATALOGUE, tmp) as search_server,
        served(urls[SAMPLE], SAMPLE, tmp) as sample_server,
    ):
        positions = judged_positions({SEARCH_CATALOGUE: search_server, SAMPLE: sample_server})
    print(summary(engine, positions))
    for judged, rank in zip(JUDGED, positions, strict=True):
        if rank != 1:
            print(f"  rank {rank}: {judged}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        sqlite = {
            name: f"sqlite:///{tmp / f'{i}.db'}"
            for i, name in enumerate((SEARCH_CATALOGUE, SAMPLE))
        }
        measure("sqlite", sqlite, tmp)
        if options.no_postgres:
            return
        databases = PostgresDatabases()
        try:
            measure("postgresql", {name: databases.new() for name in sqlite}, tmp)
        finally:
            databases.drop_all()


if __name__ == "__main__":
    main()
