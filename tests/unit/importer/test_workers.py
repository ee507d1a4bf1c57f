"""An import's worker processes (importer.workers). What they load: the fork server imports
the program's main module (the ``discogs-service`` script imports ``discogs_service.cli``)
and ``PRELOADED``, and none of it may pull in the command line's, the storage's or the
server's libraries. How they start: fewer collections, and what they started with frozen."""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

from discogs_service.importer import workers

# What the conversion never uses: loading them cost the fork server 0.85 s of a core.
HEAVY = {"sqlalchemy", "alembic", "typer", "rich", "starlette", "granian", "psycopg", "jinja2"}


def _loaded_after_importing(*modules: str) -> set[str]:
    """The modules loaded by a fresh interpreter that imports ``modules``."""
    script = "import sys\n" + "".join(f"import {name}\n" for name in modules)
    script += "print('\\n'.join(sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    return set(output.split())


def test_the_fork_server_loads_what_converting_needs_and_no_library_of_the_commands() -> None:
    loaded = _loaded_after_importing("discogs_service.cli", *workers.PRELOADED)
    assert {"discogs_service.importer.prepare", "discogs_service.importer.records"} <= loaded
    assert {name.partition(".")[0] for name in loaded} & HEAVY == set()
    assert not any(name.startswith("discogs_service.storage") for name in loaded)


def test_the_commands_load_their_libraries_when_asked_for() -> None:
    """The check above can fail: the commands themselves load the libraries it keeps out."""
    loaded = _loaded_after_importing("discogs_service.cli.app")
    assert {"sqlalchemy", "typer", "rich"} <= {name.partition(".")[0] for name in loaded}


def _collector_settings() -> tuple[tuple[int, int, int], int]:
    return gc.get_threshold(), gc.get_freeze_count()


def test_a_worker_collects_less_and_freezes_what_it_started_with() -> None:
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=context,
        initializer=workers.start_worker,
        initargs=(os.getpid(),),
    ) as pool:
        thresholds, frozen = pool.submit(_collector_settings).result()
    assert thresholds == (workers.YOUNG_THRESHOLD, *workers.OLDER_THRESHOLDS)
    assert frozen > 0
