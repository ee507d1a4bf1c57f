"""Read dump records safely and in constant memory.

Two readers, one result:

* ``iter_chunks`` cuts the decompressed stream into runs of whole records at line starts,
  without parsing (raw dumps put every record at the beginning of a line). Chunks can then be
  parsed and converted in worker processes, in parallel.
* ``iter_elements`` is a streaming ``lxml.etree.iterparse`` over the whole file, for copies
  that were pretty-printed or otherwise re-laid out.

Both use a parser that never resolves entities, never loads a DTD or anything from the
network, and keeps libxml2's limits on depth and text size (no ``huge_tree``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from lxml import etree

from discogs_service.importer.errors import DumpError
from discogs_service.importer.files import DECOMPRESSION_ERRORS, DumpFile

BLOCK_SIZE = 1 << 20

# Dumps before mid-2014 contained control characters that XML 1.0 forbids. Deleting them
# byte-wise is safe in UTF-8: no multi-byte sequence contains a byte below 0x80.
_FORBIDDEN_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 13))


def safe_parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


@dataclass(frozen=True, slots=True)
class Chunk:
    index: int
    start_line: int  # line of the file where ``data`` begins
    data: bytes  # whole records, nothing else
    records: int  # how many records ``data`` holds
    # Where each record begins in ``data``, when the chunk was cut from a dump (iter_chunks).
    starts: tuple[int, ...] = ()


def iter_chunks(dump: DumpFile, stream: BinaryIO, target_size: int) -> Iterator[Chunk]:
    """Whole-record chunks of about ``target_size`` bytes, in file order."""
    tag = dump.record_tag.encode()
    start_tag = _start_tag(dump.record_tag)
    pending = bytearray()
    line = 1
    index = 0
    started = False
    while True:
        block = _read(dump, stream, line)
        if block:
            pending += block
        if not started:
            if not block and not pending:
                return
            cut = _first_record(dump, pending, tag, at_eof=not block)
            if cut is None:
                continue
            line += pending.count(b"\n", 0, cut)
            del pending[:cut]
            started = True
        if block and len(pending) < target_size:
            continue
        end = _last_boundary(pending, start_tag) if block else _document_end(dump, pending, line)
        if end > 0:
            data = bytes(pending[:end])
            starts = _record_starts(data, start_tag)
            yield Chunk(index, line, data, len(starts), starts)
            index += 1
            line += data.count(b"\n")
            del pending[:end]
        if not block:
            return


def _read(dump: DumpFile, stream: BinaryIO, line: int) -> bytes:
    try:
        return stream.read(BLOCK_SIZE)
    except EOFError as error:
        raise DumpError(
            dump.name, f"the compressed file is truncated ({error})", line=line
        ) from error
    except DECOMPRESSION_ERRORS as error:  # BadGzipFile, CRC errors, broken blocks
        raise DumpError(dump.name, f"cannot decompress the file: {error}", line=line) from error


def _first_record(dump: DumpFile, pending: bytearray, tag: bytes, *, at_eof: bool) -> int | None:
    match = re.compile(rb"<" + re.escape(tag) + rb"[\s>]").search(pending)
    if match is None:
        if at_eof:
            return len(pending)  # a dump without records
        return None
    return match.start()


def _last_boundary(pending: bytearray, start_tag: re.Pattern[bytes]) -> int:
    """Offset just past the last newline that starts a record (0: none yet)."""
    end = len(pending)
    while True:
        position = pending.rfind(b"\n<", 0, end)
        if position < 0:
            return 0
        if start_tag.match(pending, position):
            return position + 1
        end = position


def _document_end(dump: DumpFile, pending: bytearray, line: int) -> int:
    """At end of file: where the records end, before the root's closing tag."""
    if dump.rootless:
        return len(pending)
    closing = b"</" + dump.kind.encode() + b">"
    position = pending.rfind(closing)
    if position < 0 or pending[position + len(closing) :].strip():
        raise DumpError(
            dump.name,
            f"the file ends without </{dump.kind}>; it is truncated",
            line=line + pending.count(b"\n"),
            record_id=last_record_id(dump.kind, bytes(pending)),
        )
    return position


def _record_starts(data: bytes, start_tag: re.Pattern[bytes]) -> tuple[int, ...]:
    """Where each record begins: at its start tag, at the beginning of a line. Found once a
    chunk, when it is cut: counting them and slicing them were a pass each over 671 MB in a
    200,000-release refresh (0.6 and 0.8 s of the main thread under py-spy)."""
    starts = [match.start() + 1 for match in start_tag.finditer(data)]
    if not data.startswith(b"\n"):
        starts.insert(0, 0)
    return tuple(starts)


@functools.cache
def _start_tag(record_tag: str) -> re.Pattern[bytes]:
    """A record's start: its tag at the beginning of a line."""
    return re.compile(rb"\n<" + re.escape(record_tag.encode()) + rb"[\s>]")


def record_slices(chunk: Chunk, record_tag: str) -> list[bytes]:
    """A chunk's records as the file wrote them, in order (each from its start tag to the
    next record's)."""
    data = chunk.data
    starts = chunk.starts or _record_starts(data, _start_tag(record_tag))
    ends = [*starts[1:], len(data)]
    return [data[start:end] for start, end in zip(starts, ends, strict=True)]


def id_of_record(kind: str, record: bytes) -> int | None:
    """The id at the start of one record of :func:`record_slices`; None when unreadable."""
    match = _ID_PATTERNS[kind].match(record)
    return int(match[1]) if match and len(match[1]) <= 19 else None


def parse_chunk(dump_name: str, kind: str, chunk: Chunk, rootless: bool) -> list[Any]:
    """The chunk's record elements, or DumpError naming the line and record."""
    data = chunk.data.translate(None, _FORBIDDEN_CONTROLS) if rootless else chunk.data
    try:
        return _records(kind, data)
    except etree.XMLSyntaxError as error:
        # The dumps of mid-2014 have their root but still some control characters. Only a
        # chunk that fails pays for dropping them: nearly all never do.
        cleaned = data.translate(None, _FORBIDDEN_CONTROLS)
        if cleaned == data:
            raise _malformed(dump_name, kind, chunk, data, error) from error
    try:
        return _records(kind, cleaned)
    except etree.XMLSyntaxError as error:
        raise _malformed(dump_name, kind, chunk, cleaned, error) from error


def _records(kind: str, data: bytes) -> list[Any]:
    wrapped = b"<" + kind.encode() + b">" + data + b"</" + kind.encode() + b">"
    return list(etree.fromstring(wrapped, safe_parser()))


def _malformed(dump_name: str, kind: str, chunk: Chunk, data: bytes, error: Any) -> DumpError:
    line = error.lineno or 1
    return DumpError(
        dump_name,
        f"malformed XML: {_file_lines(error.msg, chunk.start_line - 1)}",
        line=chunk.start_line + line - 1,
        record_id=record_id_at_line(kind, data, line),
    )


_LINE_IN_MESSAGE = re.compile(r"\bline (\d+)")


def _file_lines(message: str, offset: int) -> str:
    """libxml2's message with its line numbers, which count from the chunk's start, turned
    into lines of the file ("tag mismatch: title line 53 and titel, line 53, column 9")."""
    return _LINE_IN_MESSAGE.sub(lambda match: f"line {int(match[1]) + offset}", message)


def iter_elements(dump: DumpFile, stream: BinaryIO) -> Iterator[Any]:
    """Top-level record elements of a file of any layout, cleared once consumed.

    A push parser, not ``iterparse``: when a block holds good records and then broken XML,
    lxml 6.2 raises from ``iterparse`` before handing out the records parsed ahead of the
    error (6.1 handed them out first). Draining the parser's events ourselves after a failed
    feed keeps those records, and the record being parsed names the error, on every version.
    """
    source: Any = _RootlessStream(dump, stream) if dump.rootless else _GuardedStream(dump, stream)
    parser = etree.XMLPullParser(
        events=("start", "end"),
        tag=dump.record_tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    records = _TopLevelRecords()
    while block := source.read(BLOCK_SIZE):
        try:
            parser.feed(block)
        except etree.XMLSyntaxError as error:
            yield from records.consume(parser.read_events())
            raise records.malformed(dump, error) from error
        yield from records.consume(parser.read_events())
    try:
        parser.close()
    except etree.XMLSyntaxError as error:
        yield from records.consume(parser.read_events())
        raise records.malformed(dump, error) from error
    yield from records.consume(parser.read_events())


class _TopLevelRecords:
    """Turns a pull parser's events into finished records, and remembers the record being
    parsed so that an error can name it."""

    def __init__(self) -> None:
        self.current: Any = None  # the record whose start was seen last
        self.last_id: str | None = None  # of the last finished record

    def consume(self, events: Iterator[tuple[str, Any]]) -> Iterator[Any]:
        for event, element in events:
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # a <label> inside <sublabels>, not a record
            if event == "start":
                self.current = element
                continue
            yield element
            self.last_id = _element_id(element)
            self.current = None
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del parent[0]

    def malformed(self, dump: DumpFile, error: Any) -> DumpError:
        record = _element_id(self.current) if self.current is not None else None
        return DumpError(
            dump.name,
            f"malformed XML: {error.msg}",
            line=error.lineno,
            record_id=record or (f"after {self.last_id}" if self.last_id else None),
        )


def _element_id(element: Any) -> str | None:
    found: str | None = element.get("id") or element.findtext("id")
    return found


class _GuardedStream:
    """A file object whose read errors become DumpErrors (lxml re-raises them)."""

    def __init__(self, dump: DumpFile, stream: BinaryIO) -> None:
        self.dump = dump
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        return _read(self.dump, self.stream, line=0) if size else b""


_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*\?>")


class _RootlessStream(_GuardedStream):
    """Wraps a pre-2014 dump in the root element it lacks and drops forbidden controls."""

    def __init__(self, dump: DumpFile, stream: BinaryIO) -> None:
        super().__init__(dump, stream)
        self.head = b"<" + dump.kind.encode() + b">"
        self.tail = b"</" + dump.kind.encode() + b">"

    def read(self, size: int = -1) -> bytes:
        data = super().read(size).translate(None, _FORBIDDEN_CONTROLS)
        if self.head:  # the root goes after an XML declaration, which must come first
            head, self.head = self.head, b""
            declaration = _DECLARATION.match(data)
            cut = declaration.end() if declaration else 0
            return data[:cut] + head + data[cut:]
        if data:
            return data
        tail, self.tail = self.tail, b""
        return tail


_ID_PATTERNS = {
    "artists": re.compile(rb"<artist>\s*(?:<images>.*?</images>\s*)?<id>(\d+)</id>", re.S),
    "labels": re.compile(rb"<label>\s*(?:<images>.*?</images>\s*)?<id>(\d+)</id>", re.S),
    "masters": re.compile(rb"<master\s[^>]*?id=\"(\d+)\""),
    "releases": re.compile(rb"<release\s[^>]*?id=\"(\d+)\""),
}


def record_id_at_line(kind: str, data: bytes, line: int) -> int | None:
    """The id of the last record that starts at or before ``line`` of ``data``."""
    offset = 0
    for _ in range(line - 1):
        offset = data.find(b"\n", offset) + 1
        if offset == 0:
            offset = len(data)
            break
    end = data.find(b"\n", offset)
    return last_record_id(kind, data[: len(data) if end < 0 else end])


def last_record_id(kind: str, data: bytes) -> int | None:
    found = _ID_PATTERNS[kind].findall(data)
    return int(found[-1]) if found else None
