"""Stored documents compressed with zstd, with a dictionary trained per kind of document.

A catalogue document (``artists.doc`` .. ``releases.doc``), a release's listing summary
(``releases.summary``) and what the search index and its results are built from
(``search_docs.facts``) are stored as one zstd frame each. Documents of a kind
share most of their bytes (member names, link prefixes, common values), which a frame on its
own cannot exploit on a few hundred bytes; a dictionary trained on the kind's own documents
can. Each frame names its dictionary in its header (zstd's
dictionary id), so a stored value says how to read it:

* not starting with zstd's magic number (0x28 0xB5 0x2F 0xFD): stored before compression
  (legacy JSON, read as it is: JSON starts with ``{`` or ``[``, never with 0x28 ``(``);
* a frame with dictionary id 0: compressed without a dictionary (a kind's first documents,
  before there are enough of them to train one);
* any other id: the dictionary of that id in ``doc_dictionaries``.

Dictionary ids are derived from the dictionary's content by zstd's trainer, so a process
that reads several databases (the tests do) may cache dictionaries by id alone. Readers load
a dictionary from the database on first sight of its id, once per process, and keep one
``ZstdDecompressor`` per dictionary per thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import zstandard
from sqlalchemy import Connection, Engine, text

MAGIC = b"\x28\xb5\x2f\xfd"  # the first bytes of every zstd frame

# Levels measured on 20,000 synthetic releases' documents with a 100 KB dictionary
# (benchmarks/README.md, "zstd documents"): level 3 is the knee of size against import time.
LEVEL = 3
DICTIONARY_SIZE = 100 * 1024
# Fewer documents than this train a poor dictionary (or none: zstd refuses tiny sample
# sets); such a kind is compressed without one until a batch brings enough of them.
MIN_SAMPLES = 500
MAX_SAMPLES = 5_000
# The trainer's segment and d-mer sizes (fastcover's k and d), fixed: left to choose them,
# zstd trains with many pairs and keeps the best, and 5,000 synthetic releases took 1.07 s
# to train on instead of 0.21 s, at the start of an import while the workers wait for the
# first batch to be written. No kind's documents came out more than 1.5 % larger than with
# the pair it chose (13 kinds of synthetic documents, 1,500-150,000 of each;
# benchmarks/README.md, "Dictionaries trained with fixed parameters").
TRAINER_SEGMENT = 1024
TRAINER_DMER = 8

# The kinds of stored documents besides the catalogue tables' own (named as the table):
# the search facts per entity kind, and the releases' listing summaries.
FACTS_KIND_PREFIX = "facts_"
RELEASE_SUMMARIES = "release_summaries"


def facts_kind(table: str) -> str:
    """The dictionary kind of the search facts (``search_docs.facts``) of a table's entities:
    766 bytes of a release's facts take 239 with their own dictionary (benchmarks/README.md)."""
    return FACTS_KIND_PREFIX + table


# -- reading ----------------------------------------------------------------------------------

# A ZstdDecompressor must not be used by two threads at once (python-zstandard's rule), and
# the server reads documents on a pool of threads: each thread keeps its own, per dictionary.
# The dictionaries' bytes are kept once per process.
_dictionary_data: dict[int, bytes] = {}
_local = threading.local()


def expand(value: bytes, source: Connection | Engine) -> bytes:
    """The document a stored value holds. ``source`` is read only the first time a process
    meets a dictionary."""
    if value[:4] != MAGIC:
        return value
    dict_id = zstandard.get_frame_parameters(value).dict_id
    readers = _thread_readers()
    reader = readers.get(dict_id)
    if reader is None:
        reader = readers[dict_id] = _reader(dict_id, source)
    return reader.decompress(value)


def _thread_readers() -> dict[int, zstandard.ZstdDecompressor]:
    readers: dict[int, zstandard.ZstdDecompressor] | None = getattr(_local, "readers", None)
    if readers is None:
        readers = _local.readers = {}
    return readers


def _reader(dict_id: int, source: Connection | Engine) -> zstandard.ZstdDecompressor:
    if dict_id == 0:
        return zstandard.ZstdDecompressor()
    data = _dictionary_data.get(dict_id)
    if data is None:
        data = _dictionary_bytes(dict_id, source)
        if data is None:
            raise LookupError(f"stored document names zstd dictionary {dict_id}, not stored")
        _dictionary_data[dict_id] = data
    return zstandard.ZstdDecompressor(dict_data=zstandard.ZstdCompressionDict(data))


def _dictionary_bytes(dict_id: int, source: Connection | Engine) -> bytes | None:
    query = text("SELECT data FROM doc_dictionaries WHERE id = :id")
    if isinstance(source, Engine):
        with source.connect() as conn:
            found = conn.execute(query, {"id": dict_id}).scalar()
    else:
        found = source.execute(query, {"id": dict_id}).scalar()
    return None if found is None else bytes(found)


# -- writing ----------------------------------------------------------------------------------


@dataclass
class Packer:
    """Compresses the documents of one kind: with the kind's dictionary once it has one."""

    kind: str
    dict_id: int
    compressor: zstandard.ZstdCompressor

    def pack(self, doc: bytes) -> bytes:
        return self.compressor.compress(doc)


def plain_packer(kind: str) -> Packer:
    """Compresses without a dictionary (too few documents of the kind to train one)."""
    return Packer(kind, 0, zstandard.ZstdCompressor(level=LEVEL))


class Packers:
    """The packer of each kind for one database, trained on the first documents written.

    The writer asks for a kind's packer with the documents of the batch it is about to
    write: a kind without a dictionary gets one trained on them, stored in the same
    transaction (a rolled-back batch leaves no dictionary its rows never used)."""

    def __init__(self) -> None:
        self._packers: dict[str, Packer] = {}

    def for_batch(self, conn: Connection, kind: str, docs: Sequence[bytes]) -> Packer:
        packer = self._packers.get(kind)
        if packer is not None and packer.dict_id:
            return packer
        packer = stored_packer(conn, kind)
        if packer is None and len(docs) >= MIN_SAMPLES:
            packer = train(conn, kind, docs)
        if packer is None:
            return plain_packer(kind)  # not cached: the next batch may train one
        self._packers[kind] = packer
        return packer

    def forget(self) -> None:
        """Read the dictionaries again (after a transaction that stored one was rolled back)."""
        self._packers.clear()


def stored_packer(conn: Connection, kind: str) -> Packer | None:
    """The packer of the kind's newest stored dictionary, None when it has none."""
    row = conn.execute(
        text(
            "SELECT id, data FROM doc_dictionaries WHERE kind = :kind"
            " ORDER BY created_at DESC, id DESC LIMIT 1"
        ),
        {"kind": kind},
    ).first()
    if row is None:
        return None
    return _packer(kind, int(row[0]), bytes(row[1]))


def train(conn: Connection, kind: str, docs: Sequence[bytes]) -> Packer | None:
    """Train, store and return the kind's dictionary; None when zstd cannot train one on
    these documents."""
    samples: list[bytes | bytearray | memoryview] = list(_spread(docs, MAX_SAMPLES))
    # Up to half the samples' bytes: on a first batch of 600 small documents that is 7-9 %
    # smaller than zstd's rule of a tenth (summaries 67 against 74 bytes, search results 128
    # against 136); large documents reach DICTIONARY_SIZE either way.
    size = min(DICTIONARY_SIZE, max(4096, sum(map(len, samples)) // 2))
    try:
        trained = zstandard.train_dictionary(
            size, samples, level=LEVEL, k=TRAINER_SEGMENT, d=TRAINER_DMER
        )
    except zstandard.ZstdError:
        return None
    data = trained.as_bytes()
    dict_id = trained.dict_id()
    conn.execute(
        text(
            "INSERT INTO doc_dictionaries (id, kind, created_at, data)"
            " VALUES (:id, :kind, :created_at, :data)"
        ),
        {"id": dict_id, "kind": kind, "created_at": time.time_ns(), "data": data},
    )
    return _packer(kind, dict_id, data)


def _packer(kind: str, dict_id: int, data: bytes) -> Packer:
    dictionary = zstandard.ZstdCompressionDict(data)
    return Packer(kind, dict_id, zstandard.ZstdCompressor(level=LEVEL, dict_data=dictionary))


def _spread(docs: Sequence[bytes], most: int) -> list[bytes]:
    """At most ``most`` documents taken evenly across ``docs``."""
    step = max(1, len(docs) // most)
    return list(docs[::step][:most])
