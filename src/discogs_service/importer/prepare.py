"""Turn records into what is written: id, digest, document bytes and index rows.

This is the CPU-heavy part of an import, so it runs in worker processes when the file allows
(``xmlstream.iter_chunks``); it touches no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Any

import msgspec

from discogs_service import documents
from discogs_service.importer.errors import DumpError
from discogs_service.importer.records import CONVERTERS, RecordError
from discogs_service.importer.sources import source_digest
from discogs_service.importer.xmlstream import Chunk, id_of_record, parse_chunk, record_slices
from discogs_service.prepared import Prepared, SearchEntry, Unchanged
from discogs_service.search import facts as search_facts


def prepare(kind: str, element: Any, source: int | None = None) -> Prepared:
    converted = CONVERTERS[kind](element)
    doc = documents.encode(converted.document)
    search = _search_entry(converted.search)
    # The digest covers the search facts too, so a change to either is an update.
    digest = int.from_bytes(blake2b(doc + search.facts, digest_size=8).digest(), "big", signed=True)
    record_id = converted.id
    return Prepared(
        id=record_id,
        digest=digest,
        document=doc,
        columns=converted.columns,
        credits=[(artist, role, record_id, info) for artist, role, info in converted.credits],
        labels=[(label, record_id, position, catno) for label, position, catno in converted.labels],
        search=search,
        source_digest=source,
    )


def _search_entry(facts: search_facts.SearchFacts | None) -> SearchEntry:
    assert facts is not None, "every converter describes its record for search"
    encoded = search_facts.facts_encoder.encode(facts)
    if facts.kind == search_facts.MASTER:
        return SearchEntry(encoded, None)
    return SearchEntry(encoded, search_facts.index_fields(facts))


def prepare_element(
    dump_name: str, kind: str, element: Any, line_offset: int = 0, source: int | None = None
) -> Prepared:
    try:
        return prepare(kind, element, source)
    except RecordError as error:
        raise DumpError(
            dump_name,
            f"cannot read the record: {error}",
            line=(element.sourceline or 0) + line_offset,
            record_id=element.get("id") or element.findtext("id"),
        ) from error


@dataclass(frozen=True, slots=True)
class ChunkJob:
    dump_name: str
    kind: str
    record_tag: str
    chunk: Chunk
    rootless: bool
    skip: int  # records at the start of the chunk that an interrupted run already wrote
    # Stored source digests of the chunk's records that may be skipped (sources.py).
    known: dict[int, int] = field(default_factory=dict)


def prepare_chunk(job: ChunkJob) -> list[Prepared | Unchanged]:
    if job.known:
        prepared = _prepare_record_by_record(job)
        if prepared is not None:
            return prepared
    return _prepare_parsed_chunk(job)


# What a worker returns crosses a pipe to the main process, pickled by the pool. As one msgpack
# message, read back into the same named tuples, 11,890 prepared releases took 6.8-6.9 us
# a release to write and 5.4-8.3 to read, against 16.1-19.0 and 8.6-12.2 pickled
# (benchmarks/README.md, "Index builds in small sorted runs"). Unchanged markers go apart,
# with the order of the records, as msgpack arrays do not say which tuple they were.
_packed_encoder = msgspec.msgpack.Encoder()
_packed_decoder = msgspec.msgpack.Decoder(tuple[list[Prepared], list[Unchanged], bytes])


def prepare_chunk_packed(job: ChunkJob) -> bytes:
    """``prepare_chunk`` as one message for :func:`unpacked`."""
    return packed(prepare_chunk(job))


def packed(records: list[Prepared | Unchanged]) -> bytes:
    """A chunk's records as one message: the converted ones, the unchanged markers, and
    (when there are markers) one byte a record saying which list it is next in."""
    prepared = [record for record in records if isinstance(record, Prepared)]
    if len(prepared) == len(records):
        return _packed_encoder.encode((prepared, [], b""))
    unchanged = [record for record in records if isinstance(record, Unchanged)]
    order = bytes(isinstance(record, Unchanged) for record in records)
    return _packed_encoder.encode((prepared, unchanged, order))


def unpacked(message: bytes) -> list[Prepared | Unchanged]:
    """The records :func:`packed` wrote, in their order."""
    prepared, unchanged, order = _packed_decoder.decode(message)
    if not order:
        return list(prepared)
    converted, kept = iter(prepared), iter(unchanged)
    return [next(kept) if is_unchanged else next(converted) for is_unchanged in order]


def _prepare_record_by_record(job: ChunkJob) -> list[Prepared | Unchanged] | None:
    """A re-import's chunk: records whose source digest is the stored one are not even
    parsed; the others are parsed one at a time (10-25 % dearer than in a chunk, a few per
    cent of converting them). None when a slice is not one whole record: the caller parses
    the whole chunk.

    A matching digest needs no look at the element: it says these are the very bytes that
    an earlier import parsed, found under this id, converted and stored."""
    prepared: list[Prepared | Unchanged] = []
    line = job.chunk.start_line
    for index, record in enumerate(record_slices(job.chunk, job.record_tag)):
        if index >= job.skip:
            source = source_digest(record)
            unchanged = _stored_as(job, record, source)
            if unchanged is not None:
                prepared.append(unchanged)
            else:
                element = _single_record(job, record, line)
                if element is None:
                    return None
                prepared.append(prepare_element(job.dump_name, job.kind, element, line - 1, source))
        line += record.count(b"\n")
    return prepared


def _single_record(job: ChunkJob | ChangedJob, record: bytes, line: int) -> Any | None:
    """The record element of one slice; None when the slice does not parse as exactly one
    record. The whole chunk is then parsed, which reports a malformed record exactly as a
    first import does."""
    try:
        elements = parse_chunk(job.dump_name, job.kind, Chunk(0, line, record, 1), job.rootless)
    except DumpError:
        return None
    if len(elements) != 1 or elements[0].tag != job.record_tag:
        return None
    return elements[0]


@dataclass(frozen=True, slots=True)
class ChangedJob:
    """A re-import's records that the main process found changed (``importer.decide``), for
    a worker to convert: (line in the file, XML, source digest)."""

    dump_name: str
    kind: str
    record_tag: str
    rootless: bool
    records: list[tuple[int, bytes, int]]


def prepare_changed_records(jobs: list[ChangedJob]) -> list[list[Prepared] | None]:
    """``prepare_changed`` of several chunks' records: one hand-over to a worker for them."""
    return [prepare_changed(job) for job in jobs]


def prepare_changed(job: ChangedJob) -> list[Prepared] | None:
    """The records converted, in order; None when one of them does not parse as exactly one
    record (the caller then has the whole chunk parsed)."""
    prepared: list[Prepared] = []
    for line, record, source in job.records:
        element = _single_record(job, record, line)
        if element is None:
            return None
        prepared.append(prepare_element(job.dump_name, job.kind, element, line - 1, source))
    return prepared


def _prepare_parsed_chunk(job: ChunkJob) -> list[Prepared | Unchanged]:
    elements = parse_chunk(job.dump_name, job.kind, job.chunk, job.rootless)
    records = record_slices(job.chunk, job.record_tag)
    if len(records) != len(elements):  # a chunk laid out unlike a dump: nothing to skip by
        records = [b""] * len(elements)
    line_offset = job.chunk.start_line - 1
    prepared: list[Prepared | Unchanged] = []
    for element, record in zip(elements[job.skip :], records[job.skip :], strict=True):
        if element.tag != job.record_tag:
            raise DumpError(
                job.dump_name,
                f"unexpected element <{element.tag}> between records",
                line=(element.sourceline or 0) + line_offset,
            )
        source = source_digest(record) if record else None
        unchanged = _unchanged(job, element, record, source)
        if unchanged is not None:
            prepared.append(unchanged)
        else:
            prepared.append(prepare_element(job.dump_name, job.kind, element, line_offset, source))
        # Freed now, while its nodes are still in the cache. The chunk's whole tree freed
        # after its last record cost 10-15 us a release (4-5 right after parsing); cleared
        # record by record, parse + convert + free took 159.9 against 164.5 us (benchmarks/
        # README.md, "Where a first import's CPU goes, thread by thread").
        element.clear()
    return prepared


def _unchanged(job: ChunkJob, element: Any, record: bytes, source: int | None) -> Unchanged | None:
    """The marker for a parsed record whose source digest is the stored one, else None."""
    if source is None or not job.known:
        return None
    unchanged = _stored_as(job, record, source)
    # The id read from the raw text must be the element's (an attribute or an <id> child).
    if unchanged is None or (element.get("id") or element.findtext("id")) != str(unchanged.id):
        return None
    return unchanged


def _stored_as(job: ChunkJob, record: bytes, source: int) -> Unchanged | None:
    """The marker when the id at the record's start has ``source`` as its stored digest."""
    record_id = id_of_record(job.kind, record)
    if record_id is None or job.known.get(record_id) != source:
        return None
    return Unchanged(record_id, source)
