"""Search cases several test modules (and ``benchmarks/search_judged.py``) share.

* ``QUERIES``: every way a query combines words - plain words, a prefix, the compact form,
  fields, several clauses, kinds, one-letter last words, words that match nothing - over the
  search catalogue (``tests/search_catalogue.py``).
* ``JUDGED``: ranking judged by hand, over the search catalogue and the bundled sample: for
  each query, the entity that must come first (``top=1``) or among the first three
  (``top=3``); and how a server is measured against them (``judged_positions``, precision@k).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass

import httpx

from tests.conftest import RunningServer, client_of

# Every way a query combines words: plain words, a prefix, the compact form, fields,
# several clauses, kinds, one-letter last words, and words that match nothing.
QUERIES: list[tuple[str, dict[str, str], str | None]] = [
    ("back", {}, None),
    ("back in bl", {}, None),
    ("ac dc", {}, None),
    ("acdc", {}, "release"),
    ("b", {}, None),
    ("", {"genre": "rock"}, None),
    ("", {"genre": "rock", "year": "1980"}, "release"),
    ("black", {"artist": "ac dc"}, "master"),
    ("", {"catno": "WARPCD 153"}, None),
    ("", {"title": "ac dc back in black"}, None),
    ("wonder", {"track": "champagne"}, "release"),
    ("bjork", {}, "artist"),
    ("zzzz nothing", {}, None),
    ("", {"label": "warp", "country": "UK"}, None),
]


SEARCH_CATALOGUE, SAMPLE = "search catalogue", "sample"


@dataclass(frozen=True)
class Judged:
    catalogue: str
    parameters: dict[str, str]
    kind: str
    id: int
    top: int = 1  # the expected entity must be within the first `top` results

    def __str__(self) -> str:
        asked = "&".join(f"{k}={v}" for k, v in self.parameters.items())
        return f"{self.catalogue}: {asked} -> {self.kind} {self.id} (top {self.top})"


def on_search(kind: str, entity_id: int, top: int = 1, **parameters: str) -> Judged:
    return Judged(SEARCH_CATALOGUE, parameters, kind, entity_id, top)


def on_sample(kind: str, entity_id: int, top: int = 1, **parameters: str) -> Judged:
    return Judged(SAMPLE, parameters, kind, entity_id, top)


R, M, A, L = "release", "master", "artist", "label"

JUDGED: Sequence[Judged] = (
    # an artist's name: the artist
    on_search(A, 11, q="bjork"),
    on_search(A, 10, q="acdc"),
    on_search(A, 10, q="ac/dc"),
    on_search(A, 12, q="motorhead"),
    on_search(A, 15, q="david bowie"),
    on_search(A, 14, q="oasis"),
    on_search(A, 13, q="sigur ros"),
    on_search(A, 18, q="tangerine dream"),
    on_search(A, 19, q="!!!"),
    on_search(A, 16, q="mutt lange"),
    on_search(A, 60, q="brian eno"),
    on_search(A, 17, q="kungsholmen"),
    on_sample(A, 1, q="the persuader"),
    on_sample(A, 1, q="dahlback"),  # the real name, Jesper Dahlbäck
    on_sample(A, 29, q="sweet abraham"),
    # a title, with or without its artist: the master before its versions
    on_search(M, 31, q="björk homogenic"),
    on_search(M, 30, q="back in black"),
    on_search(M, 30, q="ac dc back in black"),
    on_search(M, 32, q="morning glory"),
    on_search(M, 32, q="whats the story morning glory"),
    on_search(R, 47, q="ace of spades"),
    on_search(R, 46, q="heroes"),
    on_search(R, 46, q="bowie heroes"),
    on_search(R, 44, q="agaetis byrjun"),
    on_search(R, 49, q="near dark"),
    on_search(R, 50, q="myth takes"),
    on_search(R, 48, q="ostermalm", top=3),  # also a label's name
    on_sample(R, 1, q="persuader stockholm"),
    on_sample(R, 1, q="stockholm"),
    on_sample(R, 3, q="josh wink profound sounds"),
    on_sample(M, 482870, q="lila wolken"),
    on_sample(M, 482870, q="marteria lila wolken"),
    on_sample(R, 4, q="faze action moving cities"),
    on_sample(R, 4497827, q="space oddity"),
    on_sample(R, 9343070, q="wings over lund"),
    on_sample(M, 114, q="biologique"),
    on_sample(R, 101, q="morgon sol"),
    on_sample(R, 79, q="city of islands"),
    on_sample(R, 6084147, q="eivor room"),
    on_sample(M, 516993, q="turkish delight"),
    on_sample(M, 775382, q="gunter lenz"),
    on_sample(M, 387774, q="cepaitis"),
    on_sample(R, 2, q="knockin boots vol 2", top=3),  # "Vol 1 Of 2" has "2" too
    # typing in progress: the last word is a prefix
    on_search(M, 30, q="back in bl"),
    on_search(M, 31, q="homog"),
    on_sample(M, 482870, q="lila wol"),
    # a track
    on_search(M, 32, q="dont look back in anger", top=3),
    on_search(M, 32, q="wonderwall", top=3),
    # a label
    on_search(L, 21, q="ostermalm records"),
    on_search(L, 22, q="one little indian"),
    on_search(L, 28, q="warp"),
    on_sample(L, 1, q="planet e"),
    # catalogue numbers and barcodes, written any way
    on_search(R, 40, q="sd 16018", top=3),
    on_search(R, 41, q="5099751076520"),
    on_search(R, 41, q="5 099751 076520"),
    on_search(R, 42, q="tplp 71 cd", top=3),
    on_sample(R, 1, q="sk032"),
    on_sample(R, 1, q="sk-032"),
    # field parameters
    on_search(R, 43, artist="bjork", release_title="debut"),
    on_search(R, 40, q="back in black", type="release", top=3),
    on_search(M, 32, title="oasis - morning glory"),
    on_search(R, 41, artist="ac/dc", format="cd"),
    on_search(R, 48, genre="electronic", style="deep house"),
)


def ranked(client: httpx.Client, judged: Judged) -> list[tuple[str, int]]:
    response = client.get("/database/search", params={**judged.parameters, "per_page": 10})
    assert response.status_code == 200, response.text
    return [(r["type"], r["id"]) for r in response.json()["results"]]


def position(client: httpx.Client, judged: Judged) -> int | None:
    """1-based rank of the judged entity among the first ten, None when not there."""
    results = ranked(client, judged)
    wanted = (judged.kind, judged.id)
    return results.index(wanted) + 1 if wanted in results else None


def precision(positions: Sequence[int | None], k: int) -> float:
    return sum(1 for p in positions if p is not None and p <= k) / len(positions)


def judged_positions(servers: dict[str, RunningServer]) -> list[int | None]:
    """The position of each judged entity, JUDGED's order, from ``servers`` by catalogue."""
    with ExitStack() as stack:
        clients = {name: stack.enter_context(client_of(s)) for name, s in servers.items()}
        return [position(clients[j.catalogue], j) for j in JUDGED]


def summary(engine: str, positions: Sequence[int | None]) -> str:
    return (
        f"search ranking on {engine}: {len(positions)} judged queries,"
        f" precision@1 {precision(positions, 1):.3f}, precision@3 {precision(positions, 3):.3f}"
    )
