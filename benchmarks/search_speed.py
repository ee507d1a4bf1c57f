"""Search speed: ``GET /database/search`` through HTTP against the bare full-text query.

    .venv/bin/python benchmarks/search_speed.py                    # 1,000,000 releases, SQLite
    .venv/bin/python benchmarks/search_speed.py --engine postgresql
    .venv/bin/python benchmarks/search_speed.py --releases 20000 --duration 5 --warmup 1

What it does, per engine:

1. builds the catalogue once: the synthetic dump of N releases (``synthetic_dump.py``, all
   four files) imported with ``discogs-service import`` into
   ``benchmarks/out/search/<N>-seed<S>/catalogue.db`` (SQLite) or into the PostgreSQL
   database ``discogs_search_<N>_seed<S>`` (created here; ``--drop`` drops it at the end).
   The import runs with the search writer (``storage.search.writer.SearchWriter.write``, and
   on SQLite ``SqliteSearch.sync``) timed, which gives the index build time; the index size
   comes from SQLite's ``dbstat`` (``search_docs``, the journal, and the FTS5 tables before
   issue 15) plus the Tantivy index directory, or ``pg_total_relation_size('search_docs')``.
   Later runs reuse the catalogue and the figures kept beside it (``catalogue.json``);
2. makes the query mix once, seeded (``queries.json``, the same for both engines): search
   entries are drawn at random, and each query takes 1-3 words of one entry's title, artist
   or label text, half of them with 1-2 filters (``type``, ``year``, ``country``,
   ``format``, ``genre``, ``style``) that the same entry meets, so every query finds at
   least one result and common words come up as often as they do in the catalogue;
3. the bare engine: each query of the mix answered by the full-text engine alone - count
   every match (the API reports the exact total), rank them all, fetch the first page of
   result documents: PostgreSQL as a plain psycopg connection would ask it (ts_rank),
   SQLite by its Tantivy index (``SqliteSearch.search`` keeping no page between queries,
   the page's documents read from the database file): latency per query on one connection,
   and queries/s with two processes (one per core, as the server's two workers);
4. our SQL: the statements the service's own search code runs once its match sets are
   warm (SQLite: only the index version and the page's documents, Tantivy answering the
   rest; PostgreSQL, its pages kept since the first pass: one statement reading the index
   version with the page's documents, and the community figures) (``storage.search``
   with SQLAlchemy's statement hook recording them on a second pass over the mix),
   replayed the same way - the database's share of our answers;
5. through HTTP: ``discogs-service serve --workers 2`` (granian) with rate limiting off.
   Every query is asked once first on one connection (each then meets cold match sets in
   the worker that answers it: the first-time latency), then ``wrk -t2 -c16`` with a Lua
   script that rotates the query URLs, and one connection (``wrk -t1 -c1``);
6. prints p50/p95 latency, requests/s, the bare figures and the ratios, against the goals:
   p95 <= 50 ms at 16 connections; ours <= 2x the bare engine (per query: one connection's
   p50 and p95 against the bare p50 and p95; throughput: bare queries/s over requests/s).

The machine's load is printed with the figures. All processes started here are stopped on
exit, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    OUT,
    TIMED_IMPORT_ENV,
    WRK_REPORT,
    TreeMemory,
    free_port,
    machine_note,
    megabytes,
    start,
    stop,
    tool,
)
from synthetic_dump import GENERATOR_VERSION, KINDS, Plan, cache_dir, ensure_dump

USER_AGENT = "discogs-service-benchmark/1.0"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
# Put before the PostgreSQL databases' names: the server is shared by every tree's runs.
PG_PREFIX = os.environ.get("DISCOGS_BENCH_DATABASE_PREFIX", "")
GOAL_P95_MS = 50.0
GOAL_RATIO = 2.0
CATALOGUE_VERSION = 2  # bump when the import or the index changes what the catalogue holds


# -- the catalogue ------------------------------------------------------------------------------


@dataclass
class Catalogue:
    engine: str  # sqlite or postgresql
    url: str  # SQLAlchemy URL
    import_seconds: float
    # time inside SearchWriter.write during the import, and on SQLite SqliteSearch.sync (the
    # Tantivy index taking each batch's entries after its commit)
    index_seconds: float
    batch_seconds: float  # time inside DumpWriter.write_batch (all writing, index included)
    index_bytes: int
    index_parts: dict[str, int]
    database_bytes: int
    entries: int


def timed_import(result_path: str, files: list[str]) -> None:
    """``discogs-service import FILES`` in this process, with the search writer and the batch
    writer timed (run as ``search_speed.py --timed-import RESULT FILE...``)."""
    from discogs_service import cli
    from discogs_service.storage import dumps
    from discogs_service.storage.search import sqlite, writer

    spent = {"index": 0.0, "batches": 0.0}

    def timed(owner: Any, name: str, key: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - began

        setattr(owner, name, wrapper)

    timed(writer.SearchWriter, "write", "index")
    timed(sqlite.SqliteSearch, "sync", "index")  # Tantivy takes the entries after each commit
    timed(dumps.DumpWriter, "write_batch", "batches")
    sys.argv = ["discogs-service", "import", *files]
    try:
        cli.main()
    except SystemExit as leaving:
        if leaving.code not in (0, None):
            raise
    finally:
        Path(result_path).write_text(json.dumps(spent) + "\n")


def build_catalogue(plan: Plan, engine: str, work: Path, rebuild: bool) -> Catalogue:
    url = catalogue_url(plan, engine, work)
    marker = work / f"catalogue.{engine}.json"
    expected = {
        "generator": GENERATOR_VERSION,
        "catalogue": CATALOGUE_VERSION,
        "releases": plan.releases,
        "seed": plan.seed,
    }
    if not rebuild and marker.exists() and _exists(engine, url):
        kept = json.loads(marker.read_text())
        if kept.get("plan") == expected:
            catalogue = Catalogue(**kept["catalogue"])
            seconds = catalogue.import_seconds
            print(f"reusing the {engine} catalogue {url} (imported in {seconds:,.0f} s)")
            return catalogue
    marker.unlink(missing_ok=True)
    directory = cache_dir(plan)
    files = [ensure_dump(directory, kind, plan, jobs=os.cpu_count() or 1) for kind in KINDS]
    _fresh_database(engine, url)
    print(f"importing into {url} (machine: {machine_note()}) ...", flush=True)
    env = dict(os.environ, DISCOGS_DATABASE_URL=url, COLUMNS="100", **TIMED_IMPORT_ENV)
    log = work / f"import.{engine}.log"
    times = work / f"import.{engine}.times.json"
    command = [sys.executable, __file__, "--timed-import", str(times), *map(str, files)]
    started = time.perf_counter()
    with log.open("wb") as output:
        process = start(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        with TreeMemory(process.pid, interval=1.0):
            code = process.wait()
        stop(process)
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"the import failed ({code}); see {log}")
    spent = json.loads(times.read_text())
    parts, total, entries = index_size(engine, url)
    catalogue = Catalogue(
        engine=engine,
        url=url,
        import_seconds=elapsed,
        index_seconds=spent["index"],
        batch_seconds=spent["batches"],
        index_bytes=total,
        index_parts=parts,
        database_bytes=database_size(engine, url),
        entries=entries,
    )
    marker.write_text(json.dumps({"plan": expected, "catalogue": asdict(catalogue)}) + "\n")
    print(
        f"imported in {elapsed:,.0f} s ({plan.releases / elapsed:,.0f} releases/s overall); "
        f"search writer {catalogue.index_seconds:,.0f} s of {catalogue.batch_seconds:,.0f} s "
        f"writing batches"
    )
    return catalogue


def catalogue_url(plan: Plan, engine: str, work: Path) -> str:
    if engine == "sqlite":
        return f"sqlite:///{work / 'catalogue.db'}"
    return f"{PG_SERVER}/{pg_database_name(plan)}"


def pg_database_name(plan: Plan) -> str:
    return f"{PG_PREFIX}discogs_search_{plan.releases}_seed{plan.seed}"


def _exists(engine: str, url: str) -> bool:
    if engine == "sqlite":
        return Path(url.removeprefix("sqlite:///")).exists()
    name = url.rsplit("/", 1)[1]
    with _pg_admin() as admin:
        return (
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            is not None
        )


@contextmanager
def _pg_admin() -> Iterator[Any]:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        yield admin


def _fresh_database(engine: str, url: str) -> None:
    if engine == "sqlite":
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm", ".key"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = url.rsplit("/", 1)[1]
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    print(f"dropped the PostgreSQL database {name}")


def index_size(engine: str, url: str) -> tuple[dict[str, int], int, int]:
    """Bytes of each part of the search index, their sum, and the number of entries."""
    if engine == "sqlite":
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            parts = dict(
                connection.execute(
                    "SELECT name, SUM(pgsize) FROM dbstat"
                    " WHERE name LIKE 'search_fts%' OR name = 'search_docs'"
                    " OR name = 'search_pending' OR name LIKE 'sqlite_autoindex_search%'"
                    " GROUP BY name"
                ).fetchall()
            )
            entries = connection.execute("SELECT COUNT(*) FROM search_docs").fetchone()[0]
        finally:
            connection.close()
        tantivy = tantivy_bytes(url)
        if tantivy:
            parts["Tantivy index (directory)"] = tantivy
        return parts, sum(parts.values()), entries
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        row = connection.execute(
            "SELECT pg_table_size('search_docs'), pg_relation_size('pk_search_docs'),"
            " pg_table_size('search_terms'), pg_relation_size('ix_search_terms_tsv'),"
            " pg_relation_size('pk_search_terms'), (SELECT COUNT(*) FROM search_docs)"
        ).fetchone()
    assert row is not None
    names = ["search_docs (table, TOAST)", "pk_search_docs", "search_terms (table, TOAST)"]
    names += ["ix_search_terms_tsv (GIN)", "pk_search_terms"]
    parts = dict(zip(names, row[:5], strict=True))
    return parts, sum(parts.values()), row[5]


def tantivy_bytes(url: str) -> int:
    """The bytes of SQLite's Tantivy index directory (0 before the move from FTS5)."""
    directory = Path(url.removeprefix("sqlite:///") + ".search")
    if not directory.is_dir():
        return 0
    return sum(f.stat().st_size for f in directory.iterdir() if f.is_file())


def database_size(engine: str, url: str) -> int:
    if engine == "sqlite":
        path = url.removeprefix("sqlite:///")
        files = sum(
            Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
        )
        return files + tantivy_bytes(url)
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        row = connection.execute("SELECT pg_database_size(current_database())").fetchone()
    assert row is not None
    return int(row[0])


# -- the query mix ------------------------------------------------------------------------------

FILTERS = ("type", "year", "country", "format", "genre", "style")


def make_mix(url: str, count: int, seed: int) -> list[dict[str, str]]:
    """``count`` query parameter sets, each from one search entry drawn at random (seeded)."""
    from sqlalchemy import create_engine

    from discogs_service.search.facts import KIND_NAMES, facts_decoder
    from discogs_service.storage.compressed import expand

    rng = random.Random(seed)
    engine = create_engine(url)
    mix: list[dict[str, str]] = []
    try:
        with engine.connect() as conn:
            low, high = conn.exec_driver_sql("SELECT MIN(key), MAX(key) FROM search_docs").one()
            while len(mix) < count:
                row = conn.exec_driver_sql(
                    "SELECT facts FROM search_docs WHERE key >= "
                    + ("?" if url.startswith("sqlite") else "%s")
                    + " ORDER BY key LIMIT 1",
                    (rng.randint(low, high),),
                ).first()
                if row is None:
                    continue
                facts = facts_decoder.decode(expand(bytes(row[0]), conn))
                parameters = _query_of(facts, KIND_NAMES[facts.kind], rng)
                if parameters is not None:
                    mix.append(parameters)
    finally:
        engine.dispose()
    return mix


def _query_of(facts: Any, kind: str, rng: random.Random) -> dict[str, str] | None:
    sources = [facts.title] if kind in ("release", "master") else []
    sources += facts.artists[:1] + facts.labels[:1]
    words = rng.choice(sources).split() if sources else []
    words = [w for w in words if any(c.isalnum() for c in w)]
    if not words:
        return None
    size = min(len(words), rng.choice((1, 1, 2, 2, 3)))
    first = rng.randrange(len(words) - size + 1)
    parameters = {"q": " ".join(words[first : first + size])}
    if rng.random() < 0.5:
        present = {
            "type": kind,
            "year": str(facts.year) if facts.year else "",
            "country": facts.country,
            "format": facts.formats[0] if facts.formats else "",
            "genre": facts.genres[0] if facts.genres else "",
            "style": facts.styles[0] if facts.styles else "",
        }
        available = [name for name in FILTERS if present[name]]
        for name in rng.sample(available, min(len(available), rng.choice((1, 1, 2)))):
            parameters[name] = present[name]
    return parameters


def load_mix(work: Path, url: str, count: int, seed: int) -> list[dict[str, str]]:
    path = work / f"queries-{count}-seed{seed}.json"
    if path.exists():
        return list(json.loads(path.read_text()))
    mix = make_mix(url, count, seed)
    path.write_text(json.dumps(mix, ensure_ascii=False, indent=0) + "\n")
    return mix


def describe_mix(mix: list[dict[str, str]]) -> str:
    words = [len(p["q"].split()) for p in mix]
    filtered = sum(1 for p in mix if len(p) > 1)
    return (
        f"{len(mix)} queries: {words.count(1)} of 1 word, {words.count(2)} of 2, "
        f"{words.count(3)} of 3; {filtered} with filters"
    )


# -- the bare engine ----------------------------------------------------------------------------

Statement = tuple[str, tuple[Any, ...]]


@dataclass
class Recorded:
    statements: list[list[Statement]]  # per query: what the server's code runs, in order
    totals: list[int]  # per query: the result count it answers


def record_sql(url: str, mix: list[dict[str, str]]) -> Recorded:
    """Each query through the service's own search code, recording the SQL it runs once the
    match sets it keeps are warm (a first pass over the mix reads them)."""
    from sqlalchemy import event

    from discogs_service.accounts.identity import ANONYMOUS
    from discogs_service.services import search as search_service
    from discogs_service.services.paging import PageRequest
    from discogs_service.storage.community import CommunityStore
    from discogs_service.storage.engine import build_engine
    from discogs_service.storage.search import search_index

    engine = build_engine(url)
    current: list[Statement] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        # BEGIN (issued by the engine's own begin hook on SQLite) is the replaying
        # connection's to issue: replayed, it meets the transaction the driver began.
        if not statement.lstrip().upper().startswith("BEGIN"):
            current.append((statement, tuple(parameters or ())))

    index = search_index(engine)
    figures = CommunityStore(engine)
    statements, totals = [], []
    try:
        for parameters in mix:
            search_service.search(index, figures, ANONYMOUS, parameters, PageRequest())
        for parameters in mix:
            current.clear()
            page = search_service.search(index, figures, ANONYMOUS, parameters, PageRequest())
            statements.append(list(current))
            totals.append(page.total)
    finally:
        engine.dispose()
    return Recorded(statements, totals)


def engine_sql(url: str, mix: list[dict[str, str]]) -> list[Any]:
    """Per query, the full-text engine answering it alone: the count, every match ranked,
    the first page of documents. PostgreSQL: the SQL statements; SQLite: the search query,
    which its Tantivy index answers (``run_statements``)."""
    from discogs_service.search.query import build
    from discogs_service.search.ranking import without_short_prefixes

    try:
        from discogs_service.storage.search.lexemes import tsquery_text
    except ImportError:  # a tree from before lexemes.py (``PYTHONPATH``)
        from discogs_service.storage.search.postgres import tsquery_text  # type: ignore

    answers: list[Any] = []
    for parameters in mix:
        text = parameters.get("q") or parameters.get("query") or ""
        query = without_short_prefixes(build(text, parameters, parameters.get("type")))
        if url.startswith("sqlite"):
            answers.append(query)
            continue
        tsquery = tsquery_text(query)
        answers.append(
            [
                ("SELECT count(*) FROM search_terms WHERE tsv @@ CAST(%s AS tsquery)", (tsquery,)),
                (
                    "SELECT d.facts FROM search_terms AS t JOIN search_docs AS d ON d.key = t.key"
                    " WHERE t.tsv @@ CAST(%s AS tsquery) ORDER BY"
                    " ts_rank('{0.1, 0.3, 0.6, 1.0}', t.tsv, CAST(%s AS tsquery), 1) DESC, t.key"
                    " LIMIT 50",
                    (tsquery, tsquery),
                ),
            ]
        )
    return answers


def bare_connection(url: str, sql: bool = False) -> tuple[Any, Callable[[], None]]:
    """A plain driver connection set up as the server's: (connection, end of a request);
    on SQLite, unless ``sql``, its Tantivy index (which reads the page's documents from the
    database file)."""
    if url.startswith("sqlite") and not sql:
        from discogs_service.storage.engine import build_engine
        from discogs_service.storage.search.sqlite import SqliteSearch

        # No page kept between queries: the bare engine counts and ranks every time.
        return SqliteSearch(build_engine(url), cache_budget=0), lambda: None
    if url.startswith("sqlite"):
        from discogs_service.storage.engine import prepare_sqlite_connection

        connection = sqlite3.connect(url.removeprefix("sqlite:///"), check_same_thread=False)
        prepare_sqlite_connection(connection)

        def end() -> None:
            if connection.in_transaction:
                connection.rollback()

        return connection, end
    import psycopg

    connection = psycopg.connect(url.replace("+psycopg", ""))
    return connection, connection.rollback


def run_statements(connection: Any, statements: Any, end: Callable[[], None]) -> int:
    """Runs one request's SQL, fetching every row; the rows fetched. (SQLite: the Tantivy
    index answers the search query, its first page of 50.)"""
    if not isinstance(statements, list):
        return len(connection.search(statements, 0, 50).docs)
    rows = 0
    for statement, parameters in statements:
        cursor = connection.execute(statement, parameters)
        if cursor.description is not None:
            rows += len(cursor.fetchall())
    end()
    return rows


@dataclass
class Latencies:
    samples_ms: list[float]
    per_query_ms: list[float]  # the median of each query of the mix

    def percentile(self, share: float) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, int(share / 100 * len(ordered)))]


def bare_latency(url: str, answers: list[Any], passes: int, sql: bool = False) -> Latencies:
    connection, end = bare_connection(url, sql)
    times: list[list[float]] = [[] for _ in answers]
    try:
        for statements in answers:  # one pass to warm the caches
            run_statements(connection, statements, end)
        for _ in range(passes):
            for position, statements in enumerate(answers):
                began = time.perf_counter()
                run_statements(connection, statements, end)
                times[position].append((time.perf_counter() - began) * 1000)
    finally:
        connection.close()
    return Latencies([t for per in times for t in per], [statistics.median(per) for per in times])


def _bare_worker(url: str, statements: list[Any], offset: int, until: float) -> int:
    connection, end = bare_connection(url)
    done = 0
    try:
        while time.time() < until:
            run_statements(connection, statements[(offset + done) % len(statements)], end)
            done += 1
    finally:
        connection.close()
    return done


def bare_throughput(url: str, answers: list[Any], processes: int, seconds: float) -> float:
    """Queries/s of ``processes`` processes replaying the mix, each on its own connection."""
    context = get_context("fork")
    until = time.time() + 1.0 + seconds
    step = len(answers) // processes
    with context.Pool(processes) as pool:
        started = time.time() + 1.0
        results = [
            pool.apply_async(_bare_worker, (url, answers, i * step, until))
            for i in range(processes)
        ]
        done = sum(result.get() for result in results)
    return done / (until - started)


# -- through HTTP ---------------------------------------------------------------------------------

WRK_SCRIPT = r"""
-- Rotates through the query URLs (one per line in the file given as the first argument),
-- each thread from its own starting point.
local paths = {}
local position = 0
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_number", thread_number)
end

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  position = math.floor((thread_number or 0) * #paths / 7)
end

local headers = {["User-Agent"] = "%(user_agent)s"}

function request()
  position = position %% #paths + 1
  return wrk.format("GET", paths[position], headers)
end
"""


def query_path(parameters: dict[str, str]) -> str:
    return "/database/search?" + urllib.parse.urlencode(parameters)


def start_server(url: str, port: int, workers: int, work: Path, engine: str) -> Any:
    env = dict(os.environ, DISCOGS_DATABASE_URL=url, DISCOGS_RATELIMIT_ENABLED="0")
    command = [tool("discogs-service"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--no-sample"]
    log = (work / f"serve.{engine}.log").open("wb")
    return start(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def fetch(port: int, path: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_ready(process: Any, port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode} before it served")
        try:
            if fetch(port, "/")[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer on port {port} within {timeout:.0f} s")


def check_answers(port: int, mix: list[dict[str, str]], totals: list[int]) -> list[float]:
    """Every query answers 200 with results, and ``items`` as the bare count says; the
    latency of each, asked for the first time (ms)."""
    first_times = []
    for parameters, total in zip(mix, totals, strict=True):
        began = time.perf_counter()
        status, body = fetch(port, query_path(parameters))
        first_times.append((time.perf_counter() - began) * 1000)
        if status != 200:
            raise SystemExit(f"{query_path(parameters)}: {status} {body[:300]!r}")
        answer = json.loads(body)
        items = answer["pagination"]["items"]
        if items != total or items < 1 or not answer["results"]:
            raise SystemExit(
                f"{query_path(parameters)}: items {items}, {len(answer['results'])} results; "
                f"the service's search code counted {total}"
            )
    print(f"{len(mix)} queries answered 200 with results; items agree with the bare count")
    return first_times


@dataclass
class Load:
    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    # The latency at every half percent (200 values; empty when wrk did not print them).
    quantiles_ms: tuple[float, ...] = ()

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def merged_percentile(loads: list[Load], share: float) -> float:
    """The ``share`` percentile of every request of several wrk runs together: each run's
    half-percent quantiles stand for a two-hundredth of its requests (within half a percent
    of the exact figure)."""
    weighted = sorted(
        (value, load.requests / len(load.quantiles_ms))
        for load in loads
        for value in load.quantiles_ms
    )
    wanted = share / 100 * sum(weight for _, weight in weighted)
    seen = 0.0
    for value, weight in weighted:
        seen += weight
        if seen >= wanted:
            return value
    return weighted[-1][0]


def run_wrk(
    port: int, script: Path, paths: Path, threads: int, connections: int, seconds: float
) -> Load:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s"]
    command += ["-s", str(script), f"http://127.0.0.1:{port}", "--", str(paths)]
    process = start(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = process.communicate()
    stop(process)
    text = output.decode(errors="replace")
    lines = [line for line in text.splitlines() if line.startswith("RESULT ")]
    if process.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed:\n{text}")
    result = json.loads(lines[-1][len("RESULT ") :])
    quantiles = [line for line in text.splitlines() if line.startswith("QUANTILES ")]
    return Load(
        connections=connections,
        requests=result["requests"],
        seconds=result["duration_us"] / 1e6,
        p50_ms=result["p50_us"] / 1000,
        p95_ms=result["p95_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        max_ms=result["max_us"] / 1000,
        errors={key: result[key] for key in ("connect", "read", "write", "status", "timeout")},
        quantiles_ms=_quantiles(quantiles[-1]) if quantiles else (),
    )


def _quantiles(line: str) -> tuple[float, ...]:
    return tuple(int(value) / 1000 for value in line.split()[1].split(","))


def show_load(load: Load) -> None:
    errors = ", ".join(f"{key} {value:,}" for key, value in load.errors.items() if value)
    print(
        f"  HTTP, {load.connections:>2} connection(s): {load.rate:8,.0f} requests/s  "
        f"p50 {load.p50_ms:7.2f} ms  p95 {load.p95_ms:7.2f} ms  p99 {load.p99_ms:7.2f} ms  "
        f"max {load.max_ms:7.1f} ms" + (f"  ERRORS: {errors}" if errors else "")
    )


# -- the run -------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def show_catalogue(catalogue: Catalogue, plan: Plan) -> None:
    parts = ", ".join(f"{name} {megabytes(size)}" for name, size in catalogue.index_parts.items())
    print(
        f"catalogue ({catalogue.engine}): {plan.releases:,} releases, {catalogue.entries:,} "
        f"search entries; import {catalogue.import_seconds:,.0f} s, of which the search writer "
        f"{catalogue.index_seconds:,.0f} s (batches written in {catalogue.batch_seconds:,.0f} s); "
        f"index {megabytes(catalogue.index_bytes)} ({parts}) of a "
        f"{megabytes(catalogue.database_bytes)} database"
    )


def benchmark(args: argparse.Namespace, plan: Plan, work: Path) -> None:
    catalogue = build_catalogue(plan, args.engine, work, args.rebuild)
    show_catalogue(catalogue, plan)
    if args.import_only:
        return
    mix = load_mix(work, catalogue.url, args.queries, args.mix_seed)
    print(describe_mix(mix))
    recorded = record_sql(catalogue.url, mix)
    print(f"[bare] machine: {machine_note()}")
    answers = engine_sql(catalogue.url, mix)
    latency = bare_latency(catalogue.url, answers, args.passes)
    slowest = sorted(
        zip(latency.per_query_ms, mix, recorded.totals, strict=True), key=lambda x: -x[0]
    )
    for ms, parameters, total in slowest[: args.show_slowest]:
        print(f"  slow: {ms:8.2f} ms  {total:>9,} items  {parameters}")
    throughput = bare_throughput(catalogue.url, answers, args.workers, args.duration)
    print(
        f"  bare engine, 1 connection: p50 {latency.percentile(50):7.2f} ms  "
        f"p95 {latency.percentile(95):7.2f} ms  "
        f"mean {statistics.fmean(latency.samples_ms):7.2f} ms; "
        f"{args.workers} processes: {throughput:8,.0f} queries/s"
    )
    ours_sql = bare_latency(catalogue.url, recorded.statements, args.passes, sql=True)
    print(
        f"  our SQL (match sets warm), 1 connection: p50 {ours_sql.percentile(50):7.2f} ms  "
        f"p95 {ours_sql.percentile(95):7.2f} ms  "
        f"mean {statistics.fmean(ours_sql.samples_ms):7.2f} ms"
    )
    paths = work / f"queries-{args.queries}-seed{args.mix_seed}.paths"
    paths.write_text("".join(query_path(p) + "\n" for p in mix))
    script = work / "rotate_queries.lua"
    script.write_text((WRK_SCRIPT + WRK_REPORT) % {"user_agent": USER_AGENT})
    port = free_port()
    server = start_server(catalogue.url, port, args.workers, work, args.engine)
    try:
        wait_ready(server, port)
        first = check_answers(port, mix, recorded.totals)
        first_p50, first_p95 = (Latencies(first, first).percentile(p) for p in (50, 95))
        print(f"  first time asked, 1 connection: p50 {first_p50:.2f} ms, p95 {first_p95:.2f} ms")
        if args.warmup:
            run_wrk(port, script, paths, 2, args.connections, args.warmup)
        print(f"[http] machine: {machine_note()}")
        single = run_wrk(port, script, paths, 1, 1, args.duration)
        show_load(single)
        loaded = run_wrk(port, script, paths, 2, args.connections, args.duration)
        show_load(loaded)
    finally:
        stop(server)
    if args.drop and args.engine == "postgresql":
        drop_pg_database(catalogue.url)

    bare_p50, bare_p95 = latency.percentile(50), latency.percentile(95)
    print(f"\n== {args.engine}, {plan.releases:,} releases; {describe_mix(mix)} ==")
    show_catalogue(catalogue, plan)
    print(
        f"bare engine: p50 {bare_p50:.2f} ms, p95 {bare_p95:.2f} ms (1 connection); "
        f"{throughput:,.0f} queries/s ({args.workers} processes)"
    )
    print(
        f"our SQL alone: p50 {ours_sql.percentile(50):.2f} ms, "
        f"p95 {ours_sql.percentile(95):.2f} ms (1 connection)"
    )
    print(
        f"ours over HTTP, each query asked the first time (cold match sets): "
        f"p50 {first_p50:.2f} ms, p95 {first_p95:.2f} ms (1 connection)"
    )
    show_load(single)
    show_load(loaded)
    p50_ratio, p95_ratio = single.p50_ms / bare_p50, single.p95_ms / bare_p95
    rate_ratio = throughput / loaded.rate
    print(
        f"ours/bare: p50 {p50_ratio:.2f}x, p95 {p95_ratio:.2f}x (1 connection); "
        f"time per request at {args.connections} connections {rate_ratio:.2f}x "
        f"(goal <= {GOAL_RATIO:g}x: {verdict(max(p50_ratio, p95_ratio, rate_ratio) <= GOAL_RATIO)})"
    )
    print(
        f"p95 at {args.connections} connections: {loaded.p95_ms:.2f} ms "
        f"(goal <= {GOAL_P95_MS:g} ms: {verdict(loaded.p95_ms <= GOAL_P95_MS)})"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--timed-import"]:
        timed_import(argv[1], argv[2:])
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    parser.add_argument("--releases", type=int, default=1_000_000, help="catalogue size (1000000)")
    parser.add_argument("--seed", type=int, default=1, help="synthetic dump seed (1)")
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--queries", type=int, default=500, help="queries in the mix (500)")
    parser.add_argument("--mix-seed", type=int, default=1, help="seed of the query mix (1)")
    parser.add_argument("--passes", type=int, default=3, help="bare passes over the mix (3)")
    parser.add_argument("--duration", type=float, default=20, help="seconds per measured run (20)")
    parser.add_argument("--warmup", type=float, default=5, help="wrk warm-up seconds (5)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--workers", type=int, default=2, help="server workers (2)")
    parser.add_argument("--show-slowest", type=int, default=5, help="slowest queries shown (5)")
    parser.add_argument("--rebuild", action="store_true", help="import the catalogue again")
    parser.add_argument("--import-only", action="store_true", help="build the catalogue, stop")
    parser.add_argument(
        "--drop", action="store_true", help="drop the PostgreSQL database at the end"
    )
    args = parser.parse_args(argv)
    plan = Plan.for_releases(args.releases, args.seed)
    work = OUT / "search" / f"{plan.releases}-seed{plan.seed}"
    work.mkdir(parents=True, exist_ok=True)
    benchmark(args, plan, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
