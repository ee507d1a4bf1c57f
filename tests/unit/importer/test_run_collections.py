"""The import's garbage-collector settings in the importer's process (importer.run): raised
thresholds while the import runs, the defaults back afterwards. A worker's are in
test_workers.py."""

from __future__ import annotations

import gc

from discogs_service.importer import run, workers

IMPORT_THRESHOLDS = (workers.YOUNG_THRESHOLD, *workers.OLDER_THRESHOLDS)


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
