"""Match sets (``storage.search.match_sets``, PostgreSQL's; SQLite's Tantivy index counts
and ranks without them): the keys a query matches, built from the engine's own index word by
word, must be exactly what the engine itself finds for the whole query; a small memory
budget changes what is kept, never an answer; and a write to the index makes every process
drop what it kept. A page answered (its count and keys) is kept too, and answered again
while the index stays at its version, in one statement."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event

from discogs_service.app import create_app
from discogs_service.config import Settings
from discogs_service.importer.run import import_dump
from discogs_service.search import ranking
from discogs_service.search.entries import IndexEntry
from discogs_service.search.facts import FIELDS, RELEASE, SearchFacts, facts_encoder, key
from discogs_service.search.query import build
from discogs_service.search.ranking import RANK_LIMIT, without_short_prefixes
from discogs_service.storage import Storage, open_storage
from discogs_service.storage.search import postgres, search_index
from discogs_service.storage.search.lexemes import tsquery_text
from discogs_service.storage.search.match_sets import Word, index_version, raise_index_version
from discogs_service.storage.search.postgres import PostgresSearch
from discogs_service.storage.search.results import Hits
from tests.functional.test_search_reimport import import_february, import_january
from tests.search_cases import QUERIES
from tests.search_catalogue import write_catalogue

POSTGRESQL_ONLY = pytest.mark.parametrize("search_storage", ["postgresql"], indirect=True)
POSTGRESQL_STORAGE = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def postgres_index(storage: Storage, **options: int) -> PostgresSearch:
    index = search_index(storage.engine, **options)
    assert isinstance(index, PostgresSearch)
    return index


def engine_count(conn: Connection, index: Any, query: Any) -> int:
    """How many entries the engine's own full-text query matches."""
    assert isinstance(index, PostgresSearch)
    sql = "SELECT count(*) FROM search_terms WHERE tsv @@ CAST(%s AS tsquery)"
    return int(conn.exec_driver_sql(sql, (tsquery_text(query),)).scalar_one())


@POSTGRESQL_ONLY
@pytest.mark.parametrize("text, parameters, kind", QUERIES, ids=lambda v: repr(v))
def test_match_sets_count_what_the_engine_finds(
    search_storage: Storage, text: str, parameters: dict[str, str], kind: str | None
) -> None:
    index = postgres_index(search_storage)
    query = without_short_prefixes(build(text, parameters, kind))
    with search_storage.engine.connect() as conn:
        matched = index.sets.matches(conn, query)
        assert len(matched) == engine_count(conn, index, query)
    assert len(matched) == index.search(query, 0, 0).total


@POSTGRESQL_ONLY
def test_a_small_budget_keeps_fewer_sets_and_the_same_answers(search_storage: Storage) -> None:
    roomy = postgres_index(search_storage)
    tight = postgres_index(search_storage, sets_budget=600)
    with search_storage.engine.connect() as conn:
        for text, parameters, kind in QUERIES * 2:
            query = without_short_prefixes(build(text, parameters, kind))
            assert tight.sets.matches(conn, query) == roomy.sets.matches(conn, query)
            assert 0 < tight.sets.bytes_used <= 600
    assert roomy.sets.bytes_used > 600


@POSTGRESQL_ONLY
def test_a_write_to_the_index_makes_kept_sets_stale(search_storage: Storage) -> None:
    index = postgres_index(search_storage)
    query = build("back", {}, None)
    with search_storage.engine.connect() as conn:
        index.sets.matches(conn, query)
        assert index.sets.bytes_used > 0
        before = index_version(conn)
        raise_index_version(conn)
        assert index_version(conn) == before + 1
        # The next query in the same view reads its words again from the index.
        index.sets.matches(conn, build("wonderwall", {}, None))
        assert index.sets.kept() == {"wonderwall"}
        conn.rollback()  # the shared catalogue stays as it was


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_app_and_an_import_share_one_index_with_the_configured_budget(
    database_url: str,
) -> None:
    app = create_app(Settings(database_url=database_url, search_cache_mb=3))
    try:
        index: Any = app.storage.search
        assert app.storage.dumps.search.index is index
        assert app.context.storage.search is index
        # The budget is shared between the match sets, the answered pages, the change
        # log's versions and the scores read.
        assert _shares(index) == 3 << 20
        assert 0 < index.ranks.budget <= index.pages.budget < index.log.budget < index.sets.budget
    finally:
        app.storage.close()
    # The import command opens its storage the same way (DISCOGS_SEARCH_CACHE_MB).
    imported: Any = open_storage(database_url, search_cache_mb=5)
    try:
        kept = imported.dumps.search.index
        assert _shares(kept) == 5 << 20
    finally:
        imported.close()


def _shares(index: PostgresSearch) -> int:
    return int(index.sets.budget + index.pages.budget + index.log.budget + index.ranks.budget)


# Words of the January and February catalogues of test_search_reimport: 42's old and new
# title, its old and new label, a word of the release that February drops, a prefix.
REFRESHED_QUERIES = [
    ("selmasongs", {}, None),
    ("homogenic", {}, None),
    ("", {"label": "warp"}, None),
    ("", {"label": "one little indian"}, None),
    ("wonderwall", {}, None),
    ("", {"catno": "WARPCD999"}, "release"),
    ("sel", {}, None),
    ("the", {}, "release"),
]


def _matches(index: Any, conn: Connection) -> list[list[int]]:
    return [
        sorted(index.sets.matches(conn, without_short_prefixes(build(t, p, k))))
        for t, p, k in REFRESHED_QUERIES
    ]


@POSTGRESQL_STORAGE
def test_an_import_brings_a_servers_kept_sets_up_to_date(storage: Storage, tmp_path: Path) -> None:
    """A server's sets after next month's import are brought up to date from the change log
    (kept, not read again), and find what a new process and the engine find."""
    import_january(storage, tmp_path)
    server = postgres_index(storage)
    with storage.engine.connect() as conn:
        january = _matches(server, conn)
    warm = server.sets.kept()
    import_february(storage, tmp_path)
    with storage.engine.connect() as conn:
        february = _matches(server, conn)
        assert february == _matches(postgres_index(storage), conn)
        for query, found in zip(REFRESHED_QUERIES, february, strict=True):
            assert len(found) == engine_count(conn, server, build(*query)), query
    assert february != january
    assert warm and warm <= server.sets.kept()
    assert server.sets.patched >= 1


@POSTGRESQL_STORAGE
def test_a_server_too_far_behind_the_log_reads_its_words_again(
    storage: Storage, tmp_path: Path
) -> None:
    import_january(storage, tmp_path)
    server = postgres_index(storage)
    with storage.engine.connect() as conn:
        _matches(server, conn)
    with storage.engine.begin() as conn:
        raise_index_version(conn)  # a version the log holds nothing of
    import_february(storage, tmp_path)
    with storage.engine.connect() as conn:
        assert _matches(server, conn) == _matches(postgres_index(storage), conn)
    assert server.sets.patched == 0


@POSTGRESQL_STORAGE
def test_a_set_read_in_an_older_snapshot_is_kept_and_brought_up_to_date(
    storage: Storage, tmp_path: Path
) -> None:
    """A request whose snapshot began before an import's batch reads a word at the older
    version; the set is kept and the next request brings it forward from the log, instead of
    reading the word again (what kept an import's batches from leaving any set warm)."""
    import_january(storage, tmp_path)
    server = postgres_index(storage)
    older = storage.engine.connect().execution_options(isolation_level="REPEATABLE READ")
    try:
        server.sets.matches(older, build("homogenic", {}, None))  # the snapshot begins here
        import_february(storage, tmp_path)
        with storage.engine.connect() as conn:  # the process sees February's version
            server.sets.matches(conn, build("debut", {}, None))
        _matches(server, older)  # every word read in January's snapshot
    finally:
        older.close()
    assert server.sets.patched == 0
    with storage.engine.connect() as conn:
        assert _matches(server, conn) == _matches(postgres_index(storage), conn)
    assert server.sets.patched >= len(REFRESHED_QUERIES)


def _answers(index: PostgresSearch) -> list[tuple[int, list[int], list[bytes]]]:
    return [
        (hits.total, hits.keys, hits.docs)
        for hits in (index.search(build(t, p, k), 0, 5) for t, p, k in REFRESHED_QUERIES)
    ]


@POSTGRESQL_STORAGE
def test_a_kept_page_answers_as_the_index_does_until_the_index_moves_on(
    storage: Storage, tmp_path: Path
) -> None:
    """A process keeps the pages it answered and answers them again from memory; next
    month's import moves the index on, and every page is worked out again."""
    import_january(storage, tmp_path)
    server = postgres_index(storage)
    january = _answers(server)
    assert server.pages.pages > 0
    assert _answers(server) == january == _answers(postgres_index(storage))
    # The first page asked after the import is one kept from January, with release 45,
    # which February removes.
    wonderwall = build("wonderwall", {}, None)
    assert key(RELEASE, 45) in server.search(wonderwall, 0, 5).keys
    import_february(storage, tmp_path)
    assert server.search(wonderwall, 0, 5) == postgres_index(storage).search(wonderwall, 0, 5)
    assert key(RELEASE, 45) not in server.search(wonderwall, 0, 5).keys
    february = _answers(server)
    assert february == _answers(postgres_index(storage))
    assert february != january


@POSTGRESQL_ONLY
def test_a_kept_page_is_answered_in_one_statement(search_storage: Storage) -> None:
    """The version of the index and the page's documents in one round trip: no transaction
    of its own, no ranking."""
    server = postgres_index(search_storage)
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    answers = [(build(t, p, k), server.search(build(t, p, k), 0, 5)) for t, p, k in QUERIES]
    event.listen(search_storage.engine, "before_cursor_execute", record)
    try:
        for query, first in answers:
            statements.clear()
            assert server.search(query, 0, 5) == first
            if first.total:  # a query that cannot match reads nothing
                assert len(statements) == 1, (query, statements)
    finally:
        event.remove(search_storage.engine, "before_cursor_execute", record)


class _SlowCountingReader:
    """The engine's own word reader, counted per word and held open a moment, so that the
    other threads ask while the first read runs; ``fail_first`` makes the first read fail."""

    def __init__(self, read: Any, *, fail_first: bool = False) -> None:
        self.read = read
        self.fail_first = fail_first
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, conn: Connection, word: Any) -> Any:
        with self.lock:
            self.calls.append(word.text)
            first = len(self.calls) == 1
        time.sleep(0.3)
        if first and self.fail_first:
            raise RuntimeError("the first read fails")
        return self.read(conn, word)


def _at_once(storage: Storage, index: PostgresSearch, threads: int, query: Any) -> list[Any]:
    """``index.sets.matches`` of ``query`` from ``threads`` threads at once, each on its own
    connection: each one's set, or the exception it raised."""
    barrier = threading.Barrier(threads)

    def ask() -> Any:
        with storage.engine.connect() as conn:
            barrier.wait()
            try:
                return index.sets.matches(conn, query)
            except Exception as error:
                return error

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda _: ask(), range(threads)))


@POSTGRESQL_ONLY
def test_threads_asking_for_a_cold_word_at_once_read_it_once(search_storage: Storage) -> None:
    """A cold server's requests that want the same word wait for one read of it, instead of
    each reading its postings (seconds each at 1,000,000 releases)."""
    index = postgres_index(search_storage)
    reader = _SlowCountingReader(index.sets._keys_of_word)
    index.sets._keys_of_word = reader
    query = without_short_prefixes(build("the", {}, None))
    found = _at_once(search_storage, index, 6, query)
    with search_storage.engine.connect() as conn:
        expected = engine_count(conn, index, query)
    assert [len(each) for each in found] == [expected] * 6
    assert sorted(reader.calls) == sorted(set(reader.calls))  # each word read once


@POSTGRESQL_ONLY
def test_when_the_shared_read_fails_the_waiting_requests_read_for_themselves(
    search_storage: Storage,
) -> None:
    index = postgres_index(search_storage)
    reader = _SlowCountingReader(index.sets._keys_of_word, fail_first=True)
    index.sets._keys_of_word = reader
    query = without_short_prefixes(build("homogenic", {}, None))
    found = _at_once(search_storage, index, 4, query)
    failed = [each for each in found if isinstance(each, RuntimeError)]
    answered = [each for each in found if not isinstance(each, Exception)]
    assert len(failed) == 1 and len(answered) == 3
    assert len({tuple(each) for each in answered}) == 1 and len(answered[0]) > 0
    # The word: once by the first thread (failed), then once by each thread that waited.
    assert reader.calls.count("homogenic") == 4
    with search_storage.engine.connect() as conn:
        assert index.sets.matches(conn, query) == answered[0]  # kept: no read now
    assert reader.calls.count("homogenic") == 4


@POSTGRESQL_STORAGE
def test_threads_bringing_kept_sets_across_an_import_read_its_changes_once(
    storage: Storage, tmp_path: Path
) -> None:
    import_january(storage, tmp_path)
    server = postgres_index(storage)
    query = without_short_prefixes(build("wonderwall", {}, None))
    with storage.engine.connect() as conn:
        server.sets.matches(conn, query)
    import_february(storage, tmp_path)
    read_changes = server.sets._changes_of
    calls: list[tuple[int, int]] = []

    def slow_changes(conn: Connection, old: int, new: int) -> Any:
        calls.append((old, new))
        time.sleep(0.3)
        assert read_changes is not None
        return read_changes(conn, old, new)

    server.sets._changes_of = slow_changes
    found = _at_once(storage, server, 5, query)
    with storage.engine.connect() as conn:
        expected = server.sets.matches(conn, query)
        assert len(expected) == engine_count(conn, server, query)
    assert found == [expected] * 5
    assert len(calls) == 1 and server.sets.patched >= 1


_SETTINGS = "SELECT current_setting('work_mem'), current_setting('enable_seqscan')"


@contextmanager
def _settings_of_word_reads(engine: Engine) -> Iterator[list[tuple[str, str]]]:
    """``work_mem`` and ``enable_seqscan`` as each word's read from the index ran."""
    during: list[tuple[str, str]] = []

    def note(_conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if "array_agg(key)" in statement:
            with cursor.connection.cursor() as settings:
                settings.execute(_SETTINGS)
                during.append(settings.fetchone())

    with _listening(engine, "after_cursor_execute", note):
        yield during


@contextmanager
def _listening(engine: Engine, name: str, hook: Callable[..., None]) -> Iterator[None]:
    """``hook`` listens to the engine's ``name`` events meanwhile."""
    event.listen(engine, name, hook)
    try:
        yield
    finally:
        event.remove(engine, name, hook)


@POSTGRESQL_ONLY
def test_a_words_read_gets_the_memory_of_an_exact_bitmap_and_gives_it_back(
    search_storage: Storage,
) -> None:
    """PostgreSQL keeps the index's matches as a bitmap in ``work_mem``; one too small
    forgets which rows matched and tests every row of the page again, out of TOAST."""
    index = postgres_index(search_storage)
    engine = search_storage.engine
    with _settings_of_word_reads(engine) as during, engine.connect() as conn:
        conn.exec_driver_sql("SET work_mem = '64kB'")  # this session's own setting
        found = index.keys_of_word(conn, Word(("title",), "the", False, False))
        assert conn.exec_driver_sql(_SETTINGS).one() == ("64kB", "on")
        conn.exec_driver_sql("RESET work_mem")
        conn.rollback()
    assert during == [("4MB", "off")]  # PostgreSQL's default: the test catalogue is small
    assert len(list(found)) > 0


def release_entry(release: int, title: str) -> IndexEntry:
    """A release's index entry with only a title."""
    facts = SearchFacts(kind=RELEASE, id=release, title=title, uri=f"/release/{release}")
    fields = tuple({"kind": "release", "title": title}.get(name, "") for name in FIELDS)
    return IndexEntry(key(RELEASE, release), RELEASE, release, facts_encoder.encode(facts), fields)


def write_titles(
    storage: Storage, titles: dict[int, str], writer: PostgresSearch | None = None
) -> None:
    """Index release entries with these titles, in one version of the index, through
    ``writer`` (an importer's index, say) or a new process's."""
    entries = [release_entry(release, title) for release, title in titles.items()]
    with storage.engine.begin() as conn:
        (writer or postgres_index(storage)).replace(conn, entries, fresh=False)


def _remove(storage: Storage, release: int) -> None:
    with storage.engine.begin() as conn:
        postgres_index(storage).delete(conn, [key(RELEASE, release)])


def _pages(index: PostgresSearch) -> list[Hits]:
    return [index.search(build(t, p, k), 0, 3) for t, p, k in QUERIES]


@POSTGRESQL_STORAGE
@pytest.mark.parametrize("rank_limit", [RANK_LIMIT, 2], ids=["ranked", "strong-candidates"])
def test_a_kept_page_is_answered_again_at_a_newer_version_only_as_a_fresh_one_would_be(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rank_limit: int
) -> None:
    """Writes to the index that leave a page's words alone leave the page kept; any other
    makes the server work it out again, and every answer is what a new process gives."""
    monkeypatch.setattr(ranking, "RANK_LIMIT", rank_limit)
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    server = postgres_index(storage)
    back, *_ = [k // 4 for k in _pages(server)[0].keys if k % 4 == RELEASE]  # q=back
    steps: list[tuple[str, Callable[[], None]]] = [
        ("a release of words no query has", lambda: write_titles(storage, {900: "zanzibar"})),
        ("retitled into a query's word", lambda: write_titles(storage, {900: "back to black"})),
        (
            "one out of a page, one in",
            lambda: write_titles(storage, {back: "zanzibar", 901: "back"}),
        ),
        ("a release of a page removed", lambda: _remove(storage, 900)),
    ]
    carried = []
    for step, write in steps:
        before = server.carried
        write()
        assert _pages(server) == _pages(postgres_index(storage)), step
        carried.append(server.carried - before)
    assert carried[0] == len(QUERIES)
    assert all(0 < others < carried[0] for others in carried[1:])


@POSTGRESQL_STORAGE
def test_a_page_the_process_can_tell_is_unchanged_is_answered_in_one_statement(
    storage: Storage, tmp_path: Path
) -> None:
    """Once a process has read what a batch changed, each kept page the batch left alone is
    answered as a page of the current version is: no snapshot, no ranking."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    server = postgres_index(storage)
    first, *others = [build(t, p, k) for t, p, k in QUERIES if t or p]
    answers = [server.search(query, 0, 3) for query in others]
    server.search(first, 0, 3)
    write_titles(storage, {900: "zanzibar"})
    server.search(first, 0, 3)  # reads the batch's changes
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(storage.engine, "before_cursor_execute", record)
    try:
        for query, answer in zip(others, answers, strict=True):
            statements.clear()
            assert server.search(query, 0, 3) == answer
            if answer.total:
                assert len(statements) == 1, (query, statements)
    finally:
        event.remove(storage.engine, "before_cursor_execute", record)
    assert server.carried == 1 + len(others)


@POSTGRESQL_ONLY
def test_a_page_worked_out_in_a_snapshot_reads_the_index_version_once(
    search_storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its sets, its strong candidates' and its ranking all see the snapshot's version."""
    monkeypatch.setattr(ranking, "RANK_LIMIT", 2)  # strong candidates: matches asked twice
    server = postgres_index(search_storage)
    statements: list[str] = []

    def record(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if conn.get_execution_options().get("isolation_level") == "REPEATABLE READ":
            statements.append(statement)

    event.listen(search_storage.engine, "before_cursor_execute", record)
    try:
        for text, parameters, kind in QUERIES:
            statements.clear()
            server.search(build(text, parameters, kind), 0, 3)
            versions = [s for s in statements if s.startswith("SELECT version FROM")]
            assert len(versions) == (1 if statements else 0), text
    finally:
        event.remove(search_storage.engine, "before_cursor_execute", record)


def _isolation(conn: Any) -> str:
    return str(conn.get_execution_options().get("isolation_level"))


@POSTGRESQL_STORAGE
def test_a_page_worked_out_again_on_kept_sets_takes_no_transaction(
    storage: Storage, tmp_path: Path
) -> None:
    """After a write that changes pages, a process that keeps their words' sets works them
    out again in statements of their own (no BEGIN, no ROLLBACK: two round trips of a
    database a refresh keeps busy), and answers as a new process does."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    server = postgres_index(storage)
    _pages(server)
    write_titles(storage, {900: "back in black", 901: "ac dc wonder bjork"})
    isolations: list[str] = []

    def record(conn: Any, *_: Any) -> None:
        isolations.append(_isolation(conn))

    carried = server.carried
    with _listening(storage.engine, "before_cursor_execute", record):
        again = _pages(server)
    assert again == _pages(postgres_index(storage))
    assert server.carried - carried < len(QUERIES)  # some were worked out again
    assert set(isolations) == {"AUTOCOMMIT"} and server.moved == 0


@POSTGRESQL_STORAGE
@pytest.mark.parametrize(
    "before, write, more",
    [
        ("search_changes", lambda storage: write_titles(storage, {901: "back"}), 2),
        ("ts_rank", lambda storage: write_titles(storage, {901: "back"}), 2),
        ("ts_rank", lambda storage: _remove(storage, 900), 0),
    ],
    ids=["retitled-before-its-changes", "retitled-before-ranking", "removed-before-ranking"],
)
def test_a_page_the_index_moves_under_is_answered_again_in_a_snapshot(
    storage: Storage,
    tmp_path: Path,
    before: str,
    write: Callable[[Storage], None],
    more: int,
) -> None:
    """A write that commits while a page is worked out outside a transaction (before the
    request reads what the last batch changed, or before it ranks) sends the request to a
    snapshot, and nothing it read is kept: this answer and every later one are a new
    process's."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    server = postgres_index(storage)
    back = build("back", {}, None)
    first = server.search(back, 0, 3)
    _pages(server)
    write_titles(storage, {900: "back to black"})
    written: list[str] = []

    def write_meanwhile(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if before in statement and _isolation(conn) == "AUTOCOMMIT" and not written:
            written.append(statement)
            write(storage)

    event.listen(storage.engine, "before_cursor_execute", write_meanwhile)
    try:
        answer = server.search(back, 0, 3)
    finally:
        event.remove(storage.engine, "before_cursor_execute", write_meanwhile)
    assert written and server.moved == 1
    assert answer == postgres_index(storage).search(back, 0, 3)
    assert answer.total == first.total + more
    assert _pages(server) == _pages(postgres_index(storage))


@POSTGRESQL_STORAGE
def test_what_a_batch_changed_read_after_the_index_moved_on_is_not_kept(
    storage: Storage, tmp_path: Path
) -> None:
    """Release 900 is retitled into "back to black", then out of it while a request outside
    a transaction reads that first change: what it read has the second title, so a request
    still at the first version (a snapshot begun between them) must not be answered
    from it."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    server = postgres_index(storage)
    _pages(server)
    black = without_short_prefixes(build("black", {}, None))
    write_titles(storage, {900: "back to black"})
    older = storage.engine.connect().execution_options(isolation_level="REPEATABLE READ")
    written: list[str] = []

    def retitle_meanwhile(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "search_changes" in statement and _isolation(conn) == "AUTOCOMMIT" and not written:
            written.append(statement)
            write_titles(storage, {900: "zanzibar"})

    try:
        index_version(older)  # the snapshot begins between the two titles
        event.listen(storage.engine, "before_cursor_execute", retitle_meanwhile)
        try:
            server.search(build("back", {}, None), 0, 3)
        finally:
            event.remove(storage.engine, "before_cursor_execute", retitle_meanwhile)
        assert written and server.moved == 1
        assert key(RELEASE, 900) in server.sets.matches(older, black)
    finally:
        older.close()


@POSTGRESQL_STORAGE
def test_a_word_a_page_meets_only_as_it_is_worked_out_is_read_with_its_settings(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Strong candidates' words show only as a page is ranked: when a request outside a
    transaction meets one not kept, it is read in a snapshot, where its settings hold
    for its statement (outside a transaction they last only the statement that sets them)."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    server = postgres_index(storage)
    _pages(server)  # every page's own words kept: few enough matches to rank them all
    monkeypatch.setattr(ranking, "RANK_LIMIT", 2)  # now strong candidates, with new words
    with _settings_of_word_reads(storage.engine) as during:
        pages = _pages(server)
    assert pages == _pages(postgres_index(storage))
    assert during and set(during) == {("4MB", "off")} and server.moved > 0


@POSTGRESQL_STORAGE
def test_a_page_worked_out_again_reads_the_scores_only_of_entries_written_since(
    storage: Storage, tmp_path: Path
) -> None:
    """An entry's ``ts_rank`` depends on its vector and the query alone: a page worked out
    again after a write ranks the entries it did not write from the scores kept, and
    answers as a new process does, also when the write changed a ranked entry."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    server = postgres_index(storage)
    _pages(server)
    assert server.ranks.scores > 0
    asked: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "ts_rank" in statement:
            asked.append(parameters[1])

    back, *_ = [k // 4 for k in _pages(server)[0].keys if k % 4 == RELEASE]  # q=back
    for titles in ({900: "back in black"}, {back: "back back in black again"}):
        asked.clear()
        write_titles(storage, titles)
        with _listening(storage.engine, "before_cursor_execute", record):
            again = _pages(server)
        assert again == _pages(postgres_index(storage))
        written = {str(key(RELEASE, release)) for release in titles}
        assert asked and all(set(keys.strip("{}").split(",")) <= written for keys in asked)


@POSTGRESQL_STORAGE
def test_a_page_worked_out_again_reads_only_the_documents_it_did_not_have(
    storage: Storage, tmp_path: Path
) -> None:
    """Checking a kept page reads its documents at the current version; worked out again at
    that version, the page reads only the documents of entries new to it."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    server = postgres_index(storage)
    before = _pages(server)
    write_titles(storage, {900: "back in black", 901: "ac dc wonder bjork"})
    read: list[set[str]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "search_docs" in statement:
            read.append(set(parameters[0].strip("{}").split(",")) - {""})

    carried = server.carried
    for query, kept in zip(QUERIES, before, strict=True):
        read.clear()
        with _listening(storage.engine, "before_cursor_execute", record):
            again = server.search(build(*query), 0, 3)
        if not kept.keys:
            continue
        checked, *more = read
        assert checked == {str(k) for k in kept.keys}, query
        assert all(keys <= {str(k) for k in set(again.keys) - set(kept.keys)} for keys in more)
    assert server.carried - carried < len(QUERIES)  # some were worked out again
    assert _pages(server) == _pages(postgres_index(storage))


@POSTGRESQL_STORAGE
def test_a_page_whose_matches_a_write_left_alone_is_kept_across_it(
    storage: Storage, tmp_path: Path
) -> None:
    """A written entry in a set of a page's words, but among its matches neither before nor
    after, with every word's set as large as it was, leaves the page as it was: kept, not
    worked out again. One that is among the matches sends the page to be worked out."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    server = postgres_index(storage)
    write_titles(storage, {900: "zanzibar back"})
    pages = {text: build(text, {}, None) for text in ("back in bl", "back")}
    for query in pages.values():
        server.search(query, 0, 3)
    write_titles(storage, {900: "back zanzibar"})  # the same words: every set as large
    assert _kept_across(storage, server, pages) == {"back in bl": True, "back": False}

    write_titles(storage, {900: "back in zanzibar", 901: "back blue"})
    for query in pages.values():
        server.search(query, 0, 3)
    # As large again ("bl" leaves 901 for 900), but 900 now matches "back in bl".
    write_titles(storage, {900: "back in blue", 901: "back"})
    assert _kept_across(storage, server, pages) == {"back in bl": False, "back": False}
    # And back: 900 matched "back in bl" before the write, and no longer does.
    write_titles(storage, {900: "back in zanzibar", 901: "back blue"})
    assert _kept_across(storage, server, pages) == {"back in bl": False, "back": False}


def _kept_across(
    storage: Storage, server: PostgresSearch, pages: dict[str, Any]
) -> dict[str, bool]:
    """Whether each page was kept across the last write, each answer checked against a new
    process's."""
    kept = {}
    for name, query in pages.items():
        carried = server.carried
        answer = server.search(query, 0, 3)
        kept[name] = server.carried > carried
        assert answer == postgres_index(storage).search(query, 0, 3), name
    return kept


def _start_import(storage: Storage) -> PostgresSearch:
    """An importer's index, its import begun (as ``storage.dumps`` begins a run)."""
    importer = postgres_index(storage)
    with storage.engine.begin() as conn:
        importer.start_import(conn, bulk=False)
    return importer


@POSTGRESQL_STORAGE
def test_while_an_import_writes_a_kept_page_answers_as_it_was_for_a_minute(
    storage: Storage, tmp_path: Path
) -> None:
    """Through an import, a page the server kept answers as it was at the version it was
    worked out at, with its entries' documents as they are now; once the import ends, as a
    new process does."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    write_titles(storage, {900: "zanzibar"})
    server = postgres_index(storage)
    query = build("zanzibar", {}, None)
    before = server.search(query, 0, 3)
    importer = _start_import(storage)
    write_titles(storage, {901: "zanzibar zanzibar"}, importer)
    write_titles(storage, {902: "blue"}, importer)  # within the half minute: no new mark
    fresh = postgres_index(storage).search(query, 0, 3)
    assert (before.total, fresh.total) == (1, 2)
    assert server.search(query, 0, 3) == before
    assert server.lagged == 1

    with storage.engine.begin() as conn:
        importer.finish_import(conn)
    assert server.search(query, 0, 3) == fresh
    assert server.lagged == 1


@POSTGRESQL_STORAGE
@pytest.mark.parametrize("case", ["a mark a minute old", "a later version marked", "an entry gone"])
def test_a_page_answers_behind_an_import_only_from_a_recent_mark_and_whole(
    storage: Storage, tmp_path: Path, case: str
) -> None:
    """A page kept at a version older than the one an import marked, or kept while an
    import whose mark is a minute old (killed, say) wrote, or one of whose entries the
    import removed, is worked out again."""
    for path in write_catalogue(tmp_path / "dumps"):
        import_dump(storage, path, allow_removal=False, workers=1)
    write_titles(storage, {900: "zanzibar", 901: "zanzibar blue"})
    server = postgres_index(storage)
    query = build("zanzibar", {}, None)
    server.search(query, 0, 3)
    importer = _start_import(storage)
    if case == "an entry gone":
        with storage.engine.begin() as conn:
            importer.delete(conn, [key(RELEASE, 901)])
    else:
        write_titles(storage, {902: "zanzibar zanzibar"}, importer)
    if case == "a mark a minute old":
        _age_mark(storage, postgres.REFRESH_LAG_SECONDS)
    if case == "a later version marked":
        _age_mark(storage, postgres.REFRESH_LAG_SECONDS / 2)
        write_titles(storage, {903: "blue"}, importer)  # marks the version before it
    assert server.search(query, 0, 3) == postgres_index(storage).search(query, 0, 3)
    assert server.lagged == 0


def _age_mark(storage: Storage, seconds: float) -> None:
    with storage.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE search_state SET marked_at = marked_at - %s", (int(seconds * 1000),)
        )


@POSTGRESQL_STORAGE
def test_an_import_marks_the_version_it_writes_from_and_clears_the_mark_at_its_end(
    storage: Storage, tmp_path: Path
) -> None:
    """A refresh's transactions commit a mark of the version the index had as it began;
    the one that ends the run commits none."""
    import_january(storage, tmp_path)
    with storage.engine.connect() as conn:
        january = index_version(conn)
    marks: list[int | None] = []

    def note(conn: Connection) -> None:
        marks.append(conn.exec_driver_sql("SELECT marked_version FROM search_state").scalar())

    with _listening(storage.engine, "commit", note):
        import_february(storage, tmp_path)
    with storage.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT marked_version FROM search_state").scalar() is None
        assert index_version(conn) > january
    last = max(i for i, mark in enumerate(marks) if mark is not None)
    assert set(marks[: last + 1]) - {None} == {january}
    assert marks[last + 1 :] and set(marks[last + 1 :]) == {None}
