"""The Python client's speed: decoding answers, and sending many requests.

    scripts/bench benchmarks/client_speed.py            # installs the other clients first
    .venv-bench/bin/python benchmarks/client_speed.py --requests 1000 --concurrency 16

What it does:

1. serves the bundled sample catalogue with ``discogs-service serve`` (rate limiter off) in
   ``benchmarks/out/client/``, and takes two answers from it as bytes: the release document
   closest to 5 KB, and a search page of 100 results;
2. decodes the same bytes, in the same process and run, with each client the way it decodes
   an answer itself:

   * ours: ``decode(body, Release)`` - msgspec's typed decoder (the models forbid unknown
     keys, so it succeeds when there are none); "ours, unknown keys" decodes the same answer
     with a key no model names added to every object on the first item of each list, the
     slow path that keeps them (``model.extra``);
   * discogs-sdk 0.8 (pydantic 2): ``Release.model_validate(json.loads(body))``, and for a
     page ``[SearchResult.model_validate(item) for item in results]``, as its client does
     with ``response.json()``;
   * python3-discogs-client: ``json.loads(body)`` wrapped in its ``Release`` (its models read
     fields lazily, so the figure also reads ``title`` and every track's title, which every
     client's figure includes);

   best of 7 repeats, and the ratio of discogs-sdk's time to ours (goal: >= 5x);
3. sends ``--requests`` GETs of random release documents from an asyncio task pool of
   ``--concurrency``: plain ``httpx.AsyncClient.get`` (the body read, not decoded) against
   our ``AsyncClient.release(id)`` (decoded into a ``Release``), pacing off, one client each,
   alternating for ``--rounds``; requests/s of each and ours/httpx (goal: >= 0.8x), and the
   client process's CPU time per request (what the client costs, whatever the server's
   speed).

The server and the clients share the machine's cores: the requests/s are the pair's, and
the ratio is what the client costs on top of plain httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, free_port, machine_note, start, stop, tool
from discogs_service_client import AsyncClient, Release, SearchResult
from discogs_service_client._models._base import decode
from discogs_service_client._models.paging import page_body

USER_AGENT = "discogs-service-client-benchmark/1.0"
GOAL_DECODE = 5.0
GOAL_REQUESTS = 0.8
DOCUMENT_SIZE = 5_000


def main() -> None:
    options = arguments()
    folder = OUT / "client"
    folder.mkdir(parents=True, exist_ok=True)
    url, server = serve(folder)
    try:
        release, search, ids = sample_bytes(url)
        print(machine_note())
        print(f"release document: {len(release):,} bytes; search page: {len(search):,} bytes")
        decoding(release, search)
        sending(url, ids, options.requests, options.concurrency, options.rounds)
    finally:
        stop(server)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


# -- the server and its answers -----------------------------------------------------------------


def serve(folder: Path) -> tuple[str, Any]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    env["DISCOGS_DATABASE_URL"] = f"sqlite:///{folder / 'sample.db'}"
    env["DISCOGS_RATELIMIT_ENABLED"] = "false"
    log = (folder / "serve.log").open("wb")
    command = [tool("discogs-service"), "serve", "--port", str(port)]
    process = start(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # the first start loads the sample catalogue
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/", headers={"User-Agent": USER_AGENT}, timeout=1)
            return url, process
        except httpx.HTTPError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"the server did not start: see {folder / 'serve.log'}")


def sample_bytes(url: str) -> tuple[bytes, bytes, list[int]]:
    """The release document nearest 5 KB, a search page of 100 results, and release ids."""
    with httpx.Client(base_url=url, headers={"User-Agent": USER_AGENT}) as http:
        search = http.get("/database/search", params={"type": "release", "per_page": 100})
        ids = [hit["id"] for hit in search.json()["results"]]
        documents = {i: http.get(f"/releases/{i}").content for i in ids}
    nearest = min(documents.values(), key=lambda body: abs(len(body) - DOCUMENT_SIZE))
    return nearest, search.content, ids


# -- decoding ----------------------------------------------------------------------------------


def best_time(work: Callable[[], object], number: int, repeat: int = 7) -> float:
    """Seconds per call, best of ``repeat`` runs of ``number`` calls."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            work()
        runs.append((time.perf_counter() - started) / number)
    return min(runs)


def decoders(release: bytes, search: bytes) -> dict[str, tuple[Callable[[], object], ...]]:
    import discogs_client
    from discogs_sdk.models.release import Release as SdkRelease
    from discogs_sdk.models.search import SearchResult as SdkResult

    page = page_body("results", list[SearchResult])
    joalla = discogs_client.Client(USER_AGENT)
    release_unknown, search_unknown = with_unknown_keys(release), with_unknown_keys(search)

    def ours_release(body: bytes = release) -> object:
        document = decode(body, Release)
        return document.title, [track.title for track in document.tracklist]

    def ours_search(body: bytes = search) -> object:
        return [hit.title for hit in decode(body, page).results]  # type: ignore[attr-defined]

    def unknown_release() -> object:
        return ours_release(release_unknown)

    def unknown_search() -> object:
        return ours_search(search_unknown)

    def sdk_release() -> object:
        document = SdkRelease.model_validate(json.loads(release))
        return document.title, [track.title for track in document.tracklist or []]

    def sdk_search() -> object:
        results = json.loads(search)["results"]
        return [SdkResult.model_validate(item).title for item in results]

    def joalla_release() -> object:
        document = discogs_client.Release(joalla, json.loads(release))
        return document.title, [track.title for track in document.tracklist]

    def joalla_search() -> object:
        results = json.loads(search)["results"]
        return [discogs_client.Release(joalla, item).title for item in results]

    return {
        "ours": (ours_release, ours_search),
        "ours, unknown keys": (unknown_release, unknown_search),
        "discogs-sdk": (sdk_release, sdk_search),
        "python3-discogs-client": (joalla_release, joalla_search),
    }


def with_unknown_keys(body: bytes) -> bytes:
    """The answer with a key no model names in the first object of every list: what the
    API's next new field looks like to the client (its slow path)."""

    def add(value: Any) -> Any:
        if isinstance(value, dict):
            return {**{k: add(v) for k, v in value.items()}, "field_of_tomorrow": 1}
        if isinstance(value, list) and value:
            return [add(value[0]), *value[1:]]
        return value

    return json.dumps(add(json.loads(body))).encode()


def decoding(release: bytes, search: bytes) -> None:
    timed = {
        name: (best_time(one, 2000), best_time(page, 200))
        for name, (one, page) in decoders(release, search).items()
    }
    print("\ndecoding the same bytes (microseconds per answer, best of 7; lower is better)")
    print(f"{'client':<24}{'release doc':>14}{'search page':>14}")
    for name, (one, page) in timed.items():
        print(f"{name:<24}{one * 1e6:>14.1f}{page * 1e6:>14.1f}")
    ours, sdk = timed["ours"], timed["discogs-sdk"]
    for label, index in (("release document", 0), ("search page", 1)):
        ratio = sdk[index] / ours[index]
        verdict = "met" if ratio >= GOAL_DECODE else "NOT met"
        print(f"discogs-sdk / ours, {label}: {ratio:.1f}x (goal >= {GOAL_DECODE:.0f}x: {verdict})")


# -- sending -----------------------------------------------------------------------------------


Rate = tuple[float, float]  # requests per second, this process's CPU microseconds a request


async def pool(count: int, concurrency: int, request: Callable[[int], Any]) -> Rate:
    """``count`` calls of ``request(n)`` from ``concurrency`` tasks: requests per second, and
    the client's own CPU time per request (the server runs in other processes)."""
    queue = iter(range(count))

    async def worker() -> None:
        for n in queue:
            await request(n)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    return count / elapsed, cpu_used / count * 1e6


async def plain_httpx(url: str, ids: list[int], count: int, concurrency: int) -> Rate:
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=url, headers={"User-Agent": USER_AGENT}, limits=limits
    ) as http:

        async def get(n: int) -> None:
            response = await http.get(f"/releases/{ids[n % len(ids)]}")
            assert response.status_code == 200 and response.content

        return await pool(count, concurrency, get)


async def our_client(url: str, ids: list[int], count: int, concurrency: int) -> Rate:
    async with AsyncClient(USER_AGENT, base_url=url, rate_limit=False) as discogs:

        async def get(n: int) -> None:
            release = await discogs.release(ids[n % len(ids)])
            assert release.title

        return await pool(count, concurrency, get)


def sending(url: str, ids: list[int], count: int, concurrency: int, rounds: int) -> None:
    random.Random(1).shuffle(ids)
    asyncio.run(plain_httpx(url, ids, 200, concurrency))  # warm up both ends
    asyncio.run(our_client(url, ids, 200, concurrency))
    plain: list[Rate] = []
    ours: list[Rate] = []
    for _ in range(rounds):
        plain.append(asyncio.run(plain_httpx(url, ids, count, concurrency)))
        ours.append(asyncio.run(our_client(url, ids, count, concurrency)))
    print(f"\n{count:,} async GETs of release documents, {concurrency} at a time, {rounds} rounds")
    print(f"plain httpx (body read):        {fmt(plain)}")
    print(f"our AsyncClient (Release):      {fmt(ours)}")
    ratio = median_rate(ours) / median_rate(plain)
    verdict = "met" if ratio >= GOAL_REQUESTS else "NOT met"
    print(f"ours / plain httpx (medians): {ratio:.2f}x (goal >= {GOAL_REQUESTS}x: {verdict})")


def median_rate(rates: list[Rate]) -> float:
    return statistics.median(rate for rate, _cpu in rates)


def fmt(rates: list[Rate]) -> str:
    runs = ", ".join(f"{rate:,.0f}" for rate, _cpu in rates)
    cpu = statistics.median(cpu for _rate, cpu in rates)
    return f"median {median_rate(rates):,.0f} requests/s ({runs}); client CPU {cpu:,.0f} us/request"


if __name__ == "__main__":
    main()
