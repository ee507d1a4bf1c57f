"""Ranking judged by hand (``tests/search_cases.py``'s ``JUDGED``): for each query, the entity
that must come first (``top=1``) or among the first three (``top=3``), over the search
catalogue (``tests/search_catalogue.py``) and the bundled sample. Every judged query must pass
on both engines; the last test prints precision@1 and precision@3 per engine (``-s`` shows
it; ``benchmarks/search_judged.py`` prints the same figures without pytest)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ENGINES, RunningServer, client_of
from tests.search_cases import (
    JUDGED,
    SAMPLE,
    SEARCH_CATALOGUE,
    Judged,
    judged_positions,
    position,
    precision,
    ranked,
    summary,
)

# Both catalogues on the same engine in one test (not every pairing of the two).
pytestmark = pytest.mark.parametrize(
    ("search_storage", "sample_storage"), [(e, e) for e in ENGINES], indirect=True, ids=ENGINES
)


@pytest.fixture
def servers(search_server: RunningServer, sample_server: RunningServer) -> dict[str, RunningServer]:
    assert search_server.storage.engine.dialect.name == sample_server.storage.engine.dialect.name
    return {SEARCH_CATALOGUE: search_server, SAMPLE: sample_server}


def test_the_judged_set_is_large_enough(servers: dict[str, RunningServer]) -> None:
    assert len(JUDGED) >= 40
    assert len({str(j) for j in JUDGED}) == len(JUDGED)


@pytest.mark.parametrize("judged", JUDGED, ids=str)
def test_judged_query(servers: dict[str, RunningServer], judged: Judged) -> None:
    with client_of(servers[judged.catalogue]) as client:
        rank = position(client, judged)
        assert rank is not None and rank <= judged.top, (rank, ranked(client, judged))


def test_precision_figures(servers: dict[str, RunningServer], capsys: Any) -> None:
    positions = judged_positions(servers)
    engine = servers[SAMPLE].storage.engine.dialect.name
    line = summary(engine, positions)
    with capsys.disabled():
        print(f"\n{line}")
    assert precision(positions, 3) == 1.0
    judged_first = sum(1 for j in JUDGED if j.top == 1) / len(JUDGED)
    assert precision(positions, 1) >= judged_first
