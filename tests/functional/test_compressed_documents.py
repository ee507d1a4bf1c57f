"""Documents stored as zstd frames (storage.compressed) answer byte for byte as the plain JSON
they replace, on both engines: a catalogue is imported, written back as the storage before
compression held it (plain JSON, no dictionaries), every catalogue endpoint's answer is
recorded for its ids, ``discogs-service db compress`` converts the database in place, and
every answer is asked again. A conversion stopped half-way goes on where it stopped."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from discogs_service.cli.app import app
from discogs_service.storage import Storage, compressed, convert, migrate
from tests.api_catalogue import catalogue_files
from tests.collectors import Collectors
from tests.functional.collection_support import add
from tests.functional.importing import import_files
from tests.functional.test_cli_accounts import environment

# Answers compared: the ids of each kind (the catalogue is small: all of them)
SEARCHES = [
    {},
    {"type": "release"},
    {"type": "master"},
    {"type": "artist"},
    {"type": "label", "per_page": "5", "page": "2"},
    {"q": "bulk"},
    {"q": "the", "type": "release"},
    {"artist": "bulk"},
]


@pytest.fixture
def few_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dictionaries trained on a few documents (configuration, not mocking): the test
    catalogue's kinds have tens of records, a dump's have millions."""
    monkeypatch.setattr(compressed, "MIN_SAMPLES", 8)


def test_compressing_keeps_every_answer(
    collectors: Collectors, tmp_path: Path, few_samples: None
) -> None:
    storage = collectors.storage
    import_files(storage, *catalogue_files(tmp_path), allow_removal=False)
    assert _forms(storage) == {"compressed"}, "an import writes compressed documents"
    as_imported = _answers(collectors)

    _back_to_plain_json(storage)
    assert _forms(storage) == {"plain"}
    before = _answers(collectors)
    assert before == as_imported

    _compress_with_cli(storage)
    assert _forms(storage) == {"compressed"}
    assert _dictionary_kinds(storage) >= {"releases", "release_summaries", "facts_releases"}
    assert _answers(collectors) == before


def test_a_stopped_conversion_goes_on_where_it_stopped(
    collectors: Collectors, tmp_path: Path, few_samples: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = collectors.storage
    import_files(storage, *catalogue_files(tmp_path), allow_removal=False)
    _back_to_plain_json(storage)
    before = _answers(collectors)
    monkeypatch.setattr(convert, "BATCH", 7)
    releases = next(target for target in convert.TARGETS if target.table == "releases")

    class Stopped(Exception):
        pass

    def stop_after_two_batches(rows: int, walked: list[int] = []) -> None:  # noqa: B006
        walked.append(rows)
        if len(walked) == 2:
            raise Stopped

    with pytest.raises(Stopped):
        convert.compress(storage.engine, releases, stop_after_two_batches)
    counts = _release_forms(storage)
    assert counts == {"compressed": 14, "plain": counts["plain"]} and counts["plain"] > 0
    assert _answers(collectors) == before, "a half-converted database answers the same"

    walked: list[int] = []
    written = convert.compress(storage.engine, releases, walked.append)
    assert written == counts["plain"], "the second run writes only what the first left"
    assert sum(walked) == sum(counts.values())
    assert _release_forms(storage) == {"compressed": sum(counts.values())}
    assert _answers(collectors) == before


def test_downgrading_writes_every_document_back_as_plain_json(
    collectors: Collectors, tmp_path: Path, few_samples: None
) -> None:
    storage = collectors.storage
    import_files(storage, *catalogue_files(tmp_path), allow_removal=False)
    expected = _stored_documents(storage)
    assert _forms(storage) == {"compressed"}

    config = migrate.alembic_config(storage.engine)
    with storage.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0015")  # the revision before 0016 (zstd)

    assert _forms(storage) == {"plain"}
    assert _stored_documents(storage) == expected
    assert "doc_dictionaries" not in inspect(storage.engine).get_table_names()


# -- answers ---------------------------------------------------------------------------------


def _answers(collectors: Collectors) -> dict[str, tuple[int, str, bytes]]:
    """Every catalogue answer of the database's ids: status, ETag and body bytes."""
    storage = collectors.storage
    paths = []
    for kind in ("releases", "masters", "artists", "labels"):
        for entity_id in _ids(storage, kind):
            paths.append(f"/{kind}/{entity_id}")
            if kind == "masters":
                paths.append(f"/masters/{entity_id}/versions")
            if kind in ("artists", "labels"):
                paths.append(f"/{kind}/{entity_id}/releases")
    answers = {}
    for path in paths:
        answers[path] = _answer(collectors, path)
    for params in SEARCHES:
        path = "/database/search?" + "&".join(f"{k}={v}" for k, v in params.items())
        answers[path] = _answer(collectors, path)
    for path in (
        "/users/alice/collection/folders/0/releases",
        "/users/alice/collection/folders/1/releases",
        "/users/alice/wants",
    ):
        answers[path] = _answer(collectors, path)
    return answers


def _answer(collectors: Collectors, path: str) -> tuple[int, str, bytes]:
    response = collectors.alice.get(path)
    assert response.status_code == 200, (path, response.text)
    return response.status_code, response.headers.get("etag", ""), response.content


@pytest.fixture(autouse=True)
def _users_data(collectors: Collectors, tmp_path: Path) -> None:
    """Alice collects and wants a few of the releases: their listings show basic_information
    read from the release documents."""
    for release_id in (1, 2, 3):
        add(collectors, 1, release_id)
        answer = collectors.alice.put(f"/users/alice/wants/{release_id + 10}")
        assert answer.status_code == 201, answer.text


# -- storage ---------------------------------------------------------------------------------


def _back_to_plain_json(storage: Storage) -> None:
    """The database as it was before compression: plain JSON documents, no dictionaries."""
    for target in convert.TARGETS:
        convert.expand(storage.engine, target, lambda _rows: None)
    with storage.engine.begin() as conn:
        conn.execute(text("DELETE FROM doc_dictionaries"))


def _compress_with_cli(storage: Storage) -> None:
    url = storage.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["db", "compress", "--vacuum"], env=environment(url))
    assert result.exit_code == 0, (result.stdout, result.exception)
    assert "stored documents are compressed" in result.stdout


def _stored_documents(storage: Storage) -> dict[tuple[str, str, int], bytes]:
    """Every stored document, expanded, by table, column and key."""
    found = {}
    with storage.engine.connect() as conn:
        for target in convert.TARGETS:
            sql = f"SELECT {target.key}, {target.column} FROM {target.table}"
            for key, value in conn.execute(text(sql)):
                plain = compressed.expand(bytes(value), conn)
                found[target.table, target.column, int(key)] = plain
    return found


def _forms(storage: Storage) -> set[str]:
    """How the documents of every table and column that keeps them are stored."""
    forms = set()
    with storage.engine.connect() as conn:
        for target in convert.TARGETS:
            for (value,) in conn.execute(text(f"SELECT {target.column} FROM {target.table}")):
                forms.add(_form(bytes(value)))
    return forms


def _form(value: bytes) -> str:
    return "compressed" if value[:4] == compressed.MAGIC else "plain"


def _release_forms(storage: Storage) -> dict[str, int]:
    counts: dict[str, int] = {}
    with storage.engine.connect() as conn:
        for (doc,) in conn.execute(text("SELECT doc FROM releases")):
            form = _form(bytes(doc))
            counts[form] = counts.get(form, 0) + 1
    return counts


def _dictionary_kinds(storage: Storage) -> set[str]:
    with storage.engine.connect() as conn:
        return {row[0] for row in conn.execute(text("SELECT kind FROM doc_dictionaries"))}


def _ids(storage: Storage, kind: str) -> list[int]:
    with storage.engine.connect() as conn:
        return [row[0] for row in conn.execute(text(f"SELECT id FROM {kind} ORDER BY id"))]
