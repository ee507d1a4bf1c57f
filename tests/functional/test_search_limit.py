"""Only the first 10,000 results of a search can be paged through; ``items`` still tells the
true total (live API, 2026: items 17,677, pages 200 at 50 per page, page 201 -> 404).
A catalogue of 10,050 labels that all match one word, on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from discogs_service.storage import Storage, open_storage
from tests.conftest import ENGINES, USER_AGENT, serve
from tests.functional.importing import import_files
from tests.functional.support import error_message, page_of
from tests.search_catalogue import write_dump

LABELS = 10_050


@pytest.fixture(scope="module", params=ENGINES)
def many(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server whose catalogue holds ``LABELS`` labels named "Crowded Label <n>"."""
    tmp = tmp_path_factory.mktemp("many-labels")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'many.db'}"
    else:
        url = request.getfixturevalue("postgres").new()
    store: Storage = open_storage(url)
    records = [
        f"<label><id>{n}</id><name>Crowded Label {n}</name><profile/></label>"
        for n in range(1, LABELS + 1)
    ]
    import_files(store, write_dump(Path(tmp), "labels", records))
    with serve(store) as base:
        yield base
    store.close()


def get(base: str, **parameters: object) -> httpx.Response:
    return httpx.get(
        f"{base}/database/search", params=parameters, headers={"User-Agent": USER_AGENT}
    )


@pytest.mark.parametrize(("per_page", "pages"), [(50, 200), (100, 100), (30, 333), (7, 1428)])
def test_pages_stop_at_ten_thousand_results_but_items_is_the_total(
    many: str, per_page: int, pages: int
) -> None:
    body = get(many, q="crowded", per_page=per_page).json()
    assert body["pagination"]["items"] == LABELS
    assert body["pagination"]["pages"] == pages
    assert page_of(body["pagination"]["urls"]["last"]) == (pages, per_page)


def test_the_last_reachable_page_is_served_and_the_next_is_404(many: str) -> None:
    last = get(many, q="crowded", per_page=50, page=200)
    assert last.status_code == 200
    body = last.json()
    assert len(body["results"]) == 50
    assert set(body["pagination"]["urls"]) == {"first", "prev"}
    message = error_message(get(many, q="crowded", per_page=50, page=201), 404)
    assert message == "Page 201 is outside of valid range [1, 200]."


def test_a_page_that_straddles_the_limit_stops_at_it(many: str) -> None:
    # 30 per page: page 333 holds results 9,961-9,990; 334 would cross 10,000
    body = get(many, q="crowded", per_page=30, page=333).json()
    assert len(body["results"]) == 30
    assert get(many, q="crowded", per_page=30, page=334).status_code == 404


def test_the_whole_catalogue_also_stops_at_the_limit(many: str) -> None:
    body = get(many, per_page=100).json()
    assert (body["pagination"]["items"], body["pagination"]["pages"]) == (LABELS, 100)
