"""Decompressing in a thread ahead of the reader (importer.readahead): the same bytes, errors
where reading directly meets them, and a stop that leaves the stream alone."""

from __future__ import annotations

import gzip
import io
import threading

import pytest

from discogs_service.importer import readahead

DATA = bytes(range(256)) * 4000  # 1,024,000 bytes


def test_it_reads_the_stream_s_bytes_in_blocks() -> None:
    with readahead.read_ahead(io.BytesIO(DATA), 100_000) as ahead:
        blocks = list(iter(ahead.read, b""))
        assert ahead.read() == b""  # and stays at the end
    assert b"".join(blocks) == DATA
    assert {len(block) for block in blocks[:-1]} == {100_000}


def test_a_truncated_gzip_fails_after_the_blocks_before_the_cut() -> None:
    compressed = gzip.compress(DATA)
    stream = gzip.GzipFile(fileobj=io.BytesIO(compressed[: len(compressed) // 2]))
    read: list[bytes] = []
    with readahead.read_ahead(stream, 10_000) as ahead:  # type: ignore[arg-type]
        with pytest.raises(EOFError):
            while block := ahead.read():
                read.append(block)
        assert ahead.read() == b""  # nothing after the error
    assert read and DATA.startswith(b"".join(read))


def test_stopping_a_reader_that_is_ahead_ends_its_thread() -> None:
    stream = io.BytesIO(DATA)
    with readahead.read_ahead(stream, 1000) as ahead:
        assert ahead.read() == DATA[:1000]
        threads = [t for t in threading.enumerate() if t.name == "dump-read-ahead"]
        assert threads  # waiting, its queue full
    assert not any(t.is_alive() for t in threads)
    position = stream.tell()
    assert position <= 1000 * (readahead.DEPTH + 2)  # it stopped reading
