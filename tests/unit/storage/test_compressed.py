"""storage.compressed on both engines: what a stored value says about how to read it, and how
a kind's dictionary is trained, stored and reused."""

from __future__ import annotations

import json
import threading

import pytest
import zstandard
from sqlalchemy import text

from discogs_service.storage import Storage, compressed


def _documents(count: int, salt: str = "") -> list[bytes]:
    return [
        json.dumps(
            {
                "id": i,
                "title": f"Title {salt}{i}",
                "artists": [{"name": f"Artist {i % 13}", "resource_url": f"\x01/artists/{i}"}],
                "genres": ["Electronic", "Rock"][: i % 2 + 1],
                "uri": f"https://www.discogs.com/release/{i}-{salt}",
            }
        ).encode()
        for i in range(count)
    ]


def _dictionaries(storage: Storage) -> list[tuple[int, str]]:
    with storage.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, kind FROM doc_dictionaries"))
        return [(int(row[0]), str(row[1])) for row in rows]


def test_plain_json_is_read_as_it_is(storage: Storage) -> None:
    for value in (b'{"id":1}', b'["a",1]', b""):
        assert compressed.expand(value, storage.engine) == value


def test_a_frame_without_dictionary_is_read_without_one(storage: Storage) -> None:
    document = _documents(1)[0]
    frame = compressed.plain_packer("artists").pack(document)
    assert frame[:4] == compressed.MAGIC
    assert zstandard.get_frame_parameters(frame).dict_id == 0
    assert compressed.expand(frame, storage.engine) == document


def test_a_kind_with_few_documents_gets_no_dictionary(storage: Storage) -> None:
    documents = _documents(compressed.MIN_SAMPLES - 1)
    with storage.engine.begin() as conn:
        packer = compressed.Packers().for_batch(conn, "labels", documents)
    assert packer.dict_id == 0
    assert _dictionaries(storage) == []


def test_a_kind_trains_its_dictionary_once_and_frames_name_it(storage: Storage) -> None:
    documents = _documents(compressed.MIN_SAMPLES, salt="once")
    packers = compressed.Packers()
    with storage.engine.begin() as conn:
        packer = packers.for_batch(conn, "releases", documents)
    assert _dictionaries(storage) == [(packer.dict_id, "releases")]
    frame = packer.pack(documents[3])
    assert zstandard.get_frame_parameters(frame).dict_id == packer.dict_id
    alone = zstandard.ZstdCompressor(level=compressed.LEVEL).compress(documents[3])
    assert len(frame) < len(alone)
    assert compressed.expand(frame, storage.engine) == documents[3]

    with storage.engine.begin() as conn:  # a later writer, or a later batch: the same one
        assert compressed.Packers().for_batch(conn, "releases", documents).dict_id == (
            packer.dict_id
        )
        assert packers.for_batch(conn, "releases", []).dict_id == packer.dict_id
    assert len(_dictionaries(storage)) == 1


def test_a_dictionary_packs_about_as_small_as_one_whose_parameters_zstd_searched(
    storage: Storage,
) -> None:
    documents = _documents(2_000, salt="parameters")
    trained_on, held_out = documents[:1_500], documents[1_500:]
    with storage.engine.begin() as conn:
        packer = compressed.train(conn, "releases", trained_on)
    assert packer is not None
    # The same dictionary size, zstd left to search its trainer's parameters itself.
    stored = compressed._dictionary_bytes(packer.dict_id, storage.engine)
    assert stored is not None
    size = len(stored)
    searched = zstandard.train_dictionary(size, trained_on, level=compressed.LEVEL)  # type: ignore[arg-type]
    theirs = zstandard.ZstdCompressor(level=compressed.LEVEL, dict_data=searched)
    ours_bytes = sum(len(packer.pack(document)) for document in held_out)
    theirs_bytes = sum(len(theirs.compress(document)) for document in held_out)
    assert ours_bytes <= 1.05 * theirs_bytes


def test_a_dictionary_is_loaded_from_the_database_on_first_sight(storage: Storage) -> None:
    documents = _documents(compressed.MIN_SAMPLES, salt="first sight")
    with storage.engine.begin() as conn:
        packer = compressed.train(conn, "masters", documents)
    assert packer is not None
    frame = packer.pack(documents[0])
    # As a reader of another process: a thread of its own, the bytes not kept yet.
    compressed._dictionary_data.pop(packer.dict_id, None)
    expanded: list[bytes] = []
    with storage.engine.connect() as conn:
        reader = threading.Thread(target=lambda: expanded.append(compressed.expand(frame, conn)))
        reader.start()
        reader.join()
    assert expanded == [documents[0]]
    assert packer.dict_id in compressed._dictionary_data


def test_a_frame_naming_a_dictionary_not_stored_is_refused(storage: Storage) -> None:
    documents = _documents(compressed.MIN_SAMPLES, salt="missing")
    trained = zstandard.train_dictionary(8192, documents)  # type: ignore[arg-type]
    frame = zstandard.ZstdCompressor(dict_data=trained).compress(documents[0])
    with pytest.raises(LookupError, match=str(trained.dict_id())):
        compressed.expand(frame, storage.engine)


def test_a_dictionary_rolled_back_with_its_batch_is_forgotten(storage: Storage) -> None:
    documents = _documents(compressed.MIN_SAMPLES, salt="rolled back")
    packers = compressed.Packers()

    class Failed(Exception):
        pass

    with pytest.raises(Failed), storage.engine.begin() as conn:
        packers.for_batch(conn, "artists", documents)
        raise Failed
    packers.forget()
    assert _dictionaries(storage) == []
    with storage.engine.begin() as conn:
        packer = packers.for_batch(conn, "artists", documents)
    assert _dictionaries(storage) == [(packer.dict_id, "artists")]
