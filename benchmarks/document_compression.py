"""Stored documents: plain JSON against zstd without and with a trained dictionary.

    .venv/bin/python benchmarks/document_compression.py benchmarks/out/import/20000/bench.db

Reads the documents of an imported SQLite database (either form: storage.compressed expands
them) and prints, per kind of document (the catalogue tables, the search results per entity
kind, ``releases.summary`` and ``search_docs.facts`` for comparison): bytes per document
plain, with zstd alone (the reference) and with a dictionary trained on the first
``--samples`` documents (dictionary size and level as storage.compressed uses them, and the
levels given), the ratio, the training time and the microseconds to compress and expand one
document. For search results it also times rendering a result from its facts at read time
(``search.facts.result_document``), the other way to keep no second JSON copy.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine_note
from discogs_service.search.facts import facts_decoder, result_document
from discogs_service.storage import compressed

QUERIES = {
    "releases.doc": "SELECT doc FROM releases ORDER BY id",
    "artists.doc": "SELECT doc FROM artists ORDER BY id",
    "labels.doc": "SELECT doc FROM labels ORDER BY id",
    "masters.doc": "SELECT doc FROM masters ORDER BY id",
    # Stored until migration 0019, rendered from the facts since: measured where present.
    "search_docs.doc (releases)": "SELECT doc FROM search_docs WHERE kind = 0 ORDER BY key",
    "releases.summary": "SELECT summary FROM releases ORDER BY id",
    "search_docs.facts (releases)": "SELECT facts FROM search_docs WHERE kind = 0 ORDER BY key",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path, help="an imported SQLite database")
    parser.add_argument("--samples", type=int, default=1000, help="training documents (1000)")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 3, 6, 9])
    args = parser.parse_args(argv)
    print(machine_note())
    conn = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    dictionaries = _dictionaries(conn)
    for name, sql in QUERIES.items():
        try:
            stored = [bytes(row[0]) for row in conn.execute(sql)]
        except sqlite3.OperationalError as error:  # a column this database does not have
            print(f"{name}: not in this database ({error})")
            continue
        values = [_plain(v, dictionaries) for v in stored]
        if len(values) > args.samples:
            measure(name, values, args.samples, args.levels)
    query = QUERIES["search_docs.facts (releases)"]
    facts = [_plain(bytes(row[0]), dictionaries) for row in conn.execute(query)]
    if facts:
        rendering = _per_item(lambda f: result_document(facts_decoder.decode(f)), facts)
        print(f"search result rendered from its facts: {rendering:.1f} us a result")
    print(machine_note())
    return 0


def measure(name: str, values: list[bytes], samples: int, levels: Sequence[int]) -> None:
    count = len(values)
    plain = sum(map(len, values)) / count
    alone = zstandard.ZstdCompressor(level=compressed.LEVEL)
    reference = sum(len(alone.compress(v)) for v in values) / count
    print(f"== {name}: {count:,} documents, {plain:,.0f} B plain,")
    print(f"   zstd level {compressed.LEVEL} alone {reference:,.0f} B ({plain / reference:.2f}x)")
    started = time.perf_counter()
    training_set: list[bytes | bytearray | memoryview] = list(values[:samples])
    trained = zstandard.train_dictionary(
        compressed.DICTIONARY_SIZE, training_set, level=compressed.LEVEL
    )
    training = time.perf_counter() - started
    test = values[samples:]
    for level in levels:
        packer = zstandard.ZstdCompressor(level=level, dict_data=trained)
        frames = [packer.compress(v) for v in test]
        reader = zstandard.ZstdDecompressor(dict_data=trained)
        size = sum(map(len, frames)) / len(frames)
        print(
            f"   dictionary ({len(trained.as_bytes()):,} B, trained in {training:.1f} s),"
            f" level {level}: {size:,.0f} B ({plain / size:.2f}x plain,"
            f" {reference / size:.2f}x zstd alone); compress"
            f" {_per_item(packer.compress, test):.1f} us, expand"
            f" {_per_item(reader.decompress, frames):.1f} us"
        )


def _per_item(function: Callable[[bytes], object], items: list[bytes]) -> float:
    started = time.perf_counter()
    for item in items:
        function(item)
    return (time.perf_counter() - started) / len(items) * 1e6


def _dictionaries(conn: sqlite3.Connection) -> dict[int, zstandard.ZstdDecompressor]:
    try:
        rows = conn.execute("SELECT id, data FROM doc_dictionaries").fetchall()
    except sqlite3.OperationalError:  # a database from before compression
        return {}
    return {
        int(i): zstandard.ZstdDecompressor(dict_data=zstandard.ZstdCompressionDict(bytes(data)))
        for i, data in rows
    }


def _plain(value: bytes, dictionaries: dict[int, zstandard.ZstdDecompressor]) -> bytes:
    if value[:4] != compressed.MAGIC:
        return value
    dict_id = zstandard.get_frame_parameters(value).dict_id
    reader = dictionaries.get(dict_id) or zstandard.ZstdDecompressor()
    return reader.decompress(value)


if __name__ == "__main__":
    sys.exit(main())
