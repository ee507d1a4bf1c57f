"""tests/client/typical_usage.py (checked by mypy --strict) runs, against the served
catalogue on both engines."""

from __future__ import annotations

from tests.api_catalogue import BULK_ARTIST, BULK_RELEASES
from tests.client import typical_usage
from tests.conftest import USER_AGENT, RunningServer


def test_typical_usage_runs(catalogue: RunningServer) -> None:
    url = catalogue.url
    assert "Bulk Title 001" in [
        title.split(" - ")[-1] for title in typical_usage.titles_of_search(url, USER_AGENT, "bulk")
    ]
    assert typical_usage.first_track(url, USER_AGENT, 5134861) == "The Dragon Lies Bleeding"
    assert typical_usage.first_track(url, USER_AGENT, 2147483647) is None
    years = typical_usage.artist_release_years(url, USER_AGENT, BULK_ARTIST)
    assert len(years) == 120
    assert typical_usage.budget_after_a_read(url, USER_AGENT).limit == 25
    items, labels = typical_usage.run_async_examples(url, USER_AGENT)
    assert items == BULK_RELEASES  # "bulk" finds the generated releases
    assert len(labels) > 1  # master 700's six versions are on several labels
