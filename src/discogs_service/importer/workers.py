"""What an import's worker processes are made of before their first record: the modules the
fork server loads for them, and the pool's initializer.

The workers are forked from multiprocessing's fork server. Before its first fork it imports
the program's main module (the ``discogs-service`` script, which loads only
``discogs_service.cli``'s entry point) and ``PRELOADED``: what converting a record needs,
and nothing of the command line, the storage or the server (SQLAlchemy, Alembic, Rich,
Starlette). It loaded the whole command line before, 0.85 s more of a core, and the workers
waited for it while the import's process stood idle on its first chunk.
This module and ``importer.prepare`` hold every function handed to the pool: a worker
unpickles them by module and name.
"""

from __future__ import annotations

import gc
import os
import threading
import time

PRELOADED = ("discogs_service.importer.workers", "discogs_service.importer.prepare")

# Workers run this much nicer than the importer's process (as nice(1) adds; 19 at most).
# The importer's process writes every record, alone: its work is the import's critical path,
# and with fair shares it got two thirds of a core while two workers kept the other cores
# busy. A first import of 150,000 releases on 2 cores: 33.7-35.2 s with the workers at the
# importer's niceness, 32.5-33.4 s at +10, 32.6-32.8 s at +19 (benchmarks/README.md, "A
# compiled reader").
WORKER_NICENESS = 10

# Young objects counted before a collection runs, during an import (Python's default: 700).
# Records are dicts and lists that live until their chunk is sent (in a worker) or written
# (in the importer's process), and the default collects them again and again while they are
# young; they hold no cycles for a collection to free. 100,000 (and the older generations a
# fifth as often): a worker's conversion -3 to -5 %, unpickling its results in the importer's
# process 17 against 11 us a release (30 chunks of the 150,000-release synthetic dump, three
# runs each, alternating).
YOUNG_THRESHOLD = 100_000
OLDER_THRESHOLDS = (50, 100)


def start_worker(importer: int) -> None:
    """Worker initializer. The modules the fork server imported stay for the worker's life:
    frozen, no collection walks them again. The worker yields the CPU to the importer's
    process (WORKER_NICENESS)."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
    os.nice(WORKER_NICENESS)
    _exit_with(importer)


def _exit_with(importer: int) -> None:
    """Leave once the importer process is gone. A killed import (SIGKILL, the OOM killer)
    would otherwise strand its workers, and with them the fork server, waiting on the task
    queue forever."""

    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(importer, 0)
            except OSError:
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-importer", daemon=True).start()
