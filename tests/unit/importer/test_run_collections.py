"""The import's garbage-collector settings (importer.run): raised thresholds while the import
runs in this process and for a worker's whole life, the defaults back afterwards."""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from discogs_service.importer import run, workers

IMPORT_THRESHOLDS = (workers.YOUNG_THRESHOLD, *workers.OLDER_THRESHOLDS)


def _settings() -> tuple[tuple[int, int, int], int]:
    return gc.get_threshold(), gc.get_freeze_count()


def test_the_import_collects_less_in_this_process_and_restores_the_thresholds() -> None:
    before = gc.get_threshold()
    with run._fewer_collections():
        assert gc.get_threshold() == IMPORT_THRESHOLDS
    assert gc.get_threshold() == before


def test_the_thresholds_come_back_when_the_import_fails() -> None:
    before = gc.get_threshold()
    try:
        with run._fewer_collections():
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert gc.get_threshold() == before


def test_a_worker_collects_less_and_freezes_what_it_started_with() -> None:
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=context,
        initializer=workers.start_worker,
        initargs=(os.getpid(),),
    ) as pool:
        thresholds, frozen = pool.submit(_settings).result()
    assert thresholds == IMPORT_THRESHOLDS
    assert frozen > 0
