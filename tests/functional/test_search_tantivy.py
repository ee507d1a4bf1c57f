"""SQLite's Tantivy index (``storage.search.sqlite``): it counts exactly what the query's
rules match (checked against the entries' own text, word by word), pages through every match
once in one order, stays level with ``search_docs`` through an import, and takes back what
a process killed between the database's commit and the index's left in the journal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import tantivy
from sqlalchemy import Connection

from discogs_service.app import create_app
from discogs_service.config import Settings
from discogs_service.search.entries import IndexEntry
from discogs_service.search.facts import (
    FIELDS,
    RELEASE,
    SearchFacts,
    facts_encoder,
    index_fields,
    key,
)
from discogs_service.search.query import Clause, SearchQuery, build
from discogs_service.search.ranking import without_short_prefixes
from discogs_service.storage import Storage, migrate, open_storage
from discogs_service.storage.engine import build_engine
from discogs_service.storage.search.match_sets import index_version
from discogs_service.storage.search.sqlite import SqliteSearch, entry_fields
from tests.functional.importing import import_files, use_small_batches
from tests.functional.test_search_reimport import import_february, import_january
from tests.search_cases import QUERIES
from tests.search_catalogue import RELEASES, release_xml, write_dump

SQLITE_ONLY = pytest.mark.parametrize("search_storage", ["sqlite"], indirect=True)


def every_entry(conn: Connection) -> dict[int, dict[str, set[str]]]:
    """Each entry's words per field, from its facts."""
    keys = [key for (key,) in conn.exec_driver_sql("SELECT key FROM search_docs")]
    return {
        key: {name: set(text.split()) for name, text in zip(FIELDS, fields, strict=True)}
        for key, fields in entry_fields(conn, keys).items()
        if fields is not None
    }


def has_word(words: dict[str, set[str]], fields: tuple[str, ...], text: str, prefix: bool) -> bool:
    return any(w == text or (prefix and w.startswith(text)) for f in fields for w in words[f])


def clause_matches(words: dict[str, set[str]], clause: Clause) -> bool:
    last = len(clause.terms) - 1
    every_term = all(
        has_word(words, clause.fields, term, clause.prefix_last and i == last)
        for i, term in enumerate(clause.terms)
    )
    compact = bool(clause.compact) and has_word(
        words, clause.fields, clause.compact, clause.prefix_last
    )
    return every_term or compact


def matches(words: dict[str, set[str]], query: SearchQuery) -> bool:
    if query.kind is not None and query.kind not in words["kind"]:
        return False
    return all(clause_matches(words, clause) for clause in query.clauses)


# The queries the index answers (an impossible one or one without terms never reaches it).
INDEXED_QUERIES = [
    (text, parameters, kind)
    for text, parameters, kind in QUERIES
    if not (query := build(text, parameters, kind)).impossible and not query.matches_everything
]


@SQLITE_ONLY
@pytest.mark.parametrize("text, parameters, kind", INDEXED_QUERIES, ids=lambda v: repr(v))
def test_the_count_is_every_entry_the_rules_match(
    search_storage: Storage, text: str, parameters: dict[str, str], kind: str | None
) -> None:
    query = build(text, parameters, kind)
    with search_storage.engine.connect() as conn:
        entries = every_entry(conn)
    rules = without_short_prefixes(query)
    expected = sorted(key for key, words in entries.items() if matches(words, rules))
    hits = search_storage.search.search(query, 0, 10_000)
    assert hits.total == len(expected)
    assert sorted(hits.keys) == expected


def test_a_prefix_matches_more_than_fifty_words(sqlite_storage: Storage) -> None:
    # Tantivy's phrase prefix stops at 50 words without a word said; the index's must not.
    storage = sqlite_storage
    entries = [release_entry(number, f"ab{number}") for number in range(1, 81)]
    with storage.engine.begin() as conn:
        storage.search.replace(conn, entries, fresh=True)
    storage.search.after_transaction(committed=True)
    hits = storage.search.search(build("ab", {}, None), 0, 100)
    assert hits.total == len(hits.keys) == 80
    storage.close()


def release_entry(release_id: int, title: str) -> IndexEntry:
    facts = SearchFacts(kind=RELEASE, id=release_id, title=title, uri=f"/release/{release_id}")
    return IndexEntry(
        key(RELEASE, release_id),
        RELEASE,
        release_id,
        facts_encoder.encode(facts),
        index_fields(facts),
    )


def listing(find: httpx.Client, per_page: int, **parameters: Any) -> tuple[int, list[Any]]:
    results: list[Any] = []
    page = 1
    while True:
        response = find.get(
            "/database/search", params={**parameters, "page": page, "per_page": per_page}
        )
        body = response.json()
        results += [(r["type"], r["id"]) for r in body["results"]]
        if page >= body["pagination"]["pages"]:
            return body["pagination"]["items"], results
        page += 1


@SQLITE_ONLY
@pytest.mark.parametrize("parameters", [{"q": "back"}, {"genre": "rock"}, {"q": "black"}], ids=str)
def test_pages_of_any_size_walk_every_match_once_in_one_order(
    find: httpx.Client, parameters: dict[str, str]
) -> None:
    items, whole = listing(find, 100, **parameters)
    assert items >= 3 and len(whole) == len(set(whole)) == items
    for per_page in (1, 2, 3):
        assert listing(find, per_page, **parameters) == (items, whole)


def indexed_keys(storage: Storage) -> list[int]:
    search = storage.search
    assert isinstance(search, SqliteSearch)
    search.index.reload()
    searcher = search.index.searcher()
    found = searcher.search(tantivy.Query.all_query(), 10_000)
    return sorted(
        int(k or 0) for k in searcher.fast_field_values("key", [a for _, a in found.hits])
    )


def stored_keys(storage: Storage) -> list[int]:
    with storage.engine.connect() as conn:
        return [k for (k,) in conn.exec_driver_sql("SELECT key FROM search_docs ORDER BY key")]


def journal(storage: Storage) -> int:
    with storage.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM search_pending").scalar_one())


@pytest.fixture
def sqlite_storage(tmp_path: Path) -> Storage:
    return open_storage(f"sqlite:///{tmp_path / 'tantivy.db'}")


def test_an_import_leaves_the_index_level_with_the_database(
    sqlite_storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_small_batches(monkeypatch)
    import_files(
        sqlite_storage, write_dump(tmp_path, "releases", [release_xml(r) for r in RELEASES])
    )
    assert journal(sqlite_storage) == 0
    assert indexed_keys(sqlite_storage) == stored_keys(sqlite_storage) != []
    sqlite_storage.close()


def test_what_a_killed_import_left_in_the_journal_is_indexed_on_the_next_open(
    sqlite_storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_small_batches(monkeypatch)
    # The process dies after each batch's database commit, before the index's.
    monkeypatch.setattr(SqliteSearch, "_commit", lambda *_: None)
    import_files(
        sqlite_storage, write_dump(tmp_path, "releases", [release_xml(r) for r in RELEASES])
    )
    sqlite_storage.close()
    monkeypatch.undo()
    assert journal(sqlite_storage) > 0
    reopened = open_storage(str(sqlite_storage.engine.url))  # replays the journal
    try:
        assert journal(reopened) == 0
        assert indexed_keys(reopened) == stored_keys(reopened) != []
        first = RELEASES[0]
        hits = reopened.search.search(build(first.title, {}, "release"), 0, 50)
        assert first.id * 4 in hits.keys
    finally:
        reopened.close()


def test_a_process_that_finds_the_index_taken_leaves_the_journal_to_its_writer(
    sqlite_storage: Storage, tmp_path: Path
) -> None:
    importer = sqlite_storage.search
    assert isinstance(importer, SqliteSearch)
    with sqlite_storage.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO search_pending (key) VALUES (4)")
    importer.start_import(None, bulk=True)  # type: ignore[arg-type]  # holds the writer now
    importer.sync()
    server = open_storage(str(sqlite_storage.engine.url))  # its catch-up finds the lock taken
    try:
        assert journal(server) == 1
    finally:
        server.close()
        sqlite_storage.close()


def test_the_migration_builds_the_index_from_search_docs_and_drops_fts5(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'before.db'}"
    engine = build_engine(url)
    migrate.upgrade(engine, "0011")  # a database of the FTS5 days
    entries = [release_entry(number, f"song{number}") for number in (1, 2, 3)]
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO search_docs (key, kind, entity_id, facts, doc) VALUES (?, ?, ?, ?, ?)",
            [(e.key, e.kind, e.entity_id, e.facts, b"{}") for e in entries],
        )
    engine.dispose()
    progress: list[tuple[int, int]] = []
    storage = open_storage(url, progress=lambda done, total: progress.append((done, total)))
    try:
        assert progress[-1] == (3, 3)
        assert journal(storage) == 0
        assert storage.search.search(build("song2", {}, None), 0, 10).keys == [key(RELEASE, 2)]
        with storage.engine.connect() as conn:
            left = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name LIKE 'search_fts%'"
            ).all()
        assert left == []
    finally:
        storage.close()


def test_an_index_left_by_another_database_is_rebuilt(
    sqlite_storage: Storage, tmp_path: Path
) -> None:
    import_files(
        sqlite_storage, write_dump(tmp_path, "releases", [release_xml(r) for r in RELEASES])
    )
    sqlite_storage.close()
    database = Path(str(sqlite_storage.engine.url.database))
    for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        leftover.unlink(missing_ok=True)  # the database is deleted, its index directory kept
    anew = open_storage(str(sqlite_storage.engine.url))
    try:
        assert indexed_keys(anew) == stored_keys(anew) == []
        first = RELEASES[0]
        assert anew.search.search(build(first.title, {}, None), 0, 10).total == 0
    finally:
        anew.close()


@pytest.mark.parametrize(("stamp", "rebuilt"), [("{version}\n", True), (None, False)])
def test_an_index_of_an_earlier_layout_is_rebuilt(
    sqlite_storage: Storage, tmp_path: Path, stamp: str | None, rebuilt: bool
) -> None:
    """An index written by an earlier layout of its documents (its stamp says so, or says
    nothing) is rebuilt when the storage opens; one of this layout is kept as it is."""
    import_files(
        sqlite_storage, write_dump(tmp_path, "releases", [release_xml(r) for r in RELEASES])
    )
    index = sqlite_storage.search
    assert isinstance(index, SqliteSearch) and index._stamp is not None
    with sqlite_storage.engine.connect() as conn:
        version = index_version(conn)
    writer = index.index.writer(15_000_000, 1)
    writer.delete_all_documents()  # what the earlier layout wrote: gone, and seen to be
    writer.commit()
    writer.wait_merging_threads()
    if stamp is not None:
        index._stamp.write_text(stamp.format(version=version))
    sqlite_storage.close()
    reopened = open_storage(str(sqlite_storage.engine.url))
    try:
        found = indexed_keys(reopened)
        assert (found == stored_keys(reopened) != []) == rebuilt
        assert (found == []) == (not rebuilt)
    finally:
        reopened.close()


def test_the_app_and_its_imports_share_one_index(tmp_path: Path) -> None:
    # One writer per index: a server that imports (the sample, the import page) must write
    # through the index it reads.
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}"))
    try:
        assert isinstance(app.storage.search, SqliteSearch)
        assert app.storage.dumps.search.index is app.storage.search
    finally:
        app.storage.close()


def _pages(index: SqliteSearch) -> list[tuple[int, list[int]]]:
    return [
        (hits.total, hits.keys)
        for hits in (index.search(build(t, p, k), 0, 5) for t, p, k in QUERIES)
    ]


def test_a_kept_page_answers_as_the_index_does_until_the_index_moves_on(
    sqlite_storage: Storage, tmp_path: Path
) -> None:
    """A process keeps the pages it answered (count and keys) and answers them again from
    memory; next month's import moves the index, and every page is read from it again."""
    import_january(sqlite_storage, tmp_path)
    server = SqliteSearch(sqlite_storage.engine)
    january = _pages(server)
    assert server.pages.pages > 0
    assert _pages(server) == january == _pages(SqliteSearch(sqlite_storage.engine))
    import_february(sqlite_storage, tmp_path)
    february = _pages(server)
    assert february == _pages(SqliteSearch(sqlite_storage.engine))
    assert february != january
    sqlite_storage.close()


@SQLITE_ONLY
def test_a_small_budget_keeps_fewer_pages_and_the_same_answers(search_storage: Storage) -> None:
    roomy = SqliteSearch(search_storage.engine)
    tight = SqliteSearch(search_storage.engine, cache_budget=300)
    assert _pages(tight) == _pages(roomy) == _pages(tight)
    assert 0 < tight.pages.pages < roomy.pages.pages
