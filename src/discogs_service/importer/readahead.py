"""Decompress the dump in a thread, ahead of the main process's use of it.

ISA-L's gzip reader (``files.DumpReader``) lets go of the GIL while it inflates, so a thread
reading the gzip stream runs on the other core while the main thread cuts, hashes and writes
records. Decompression was 3.1 s of the main process's ~11 s of CPU in a 200,000-release
refresh with zlib, where the workers are idle most of the time (only the changed records go
to them); ISA-L takes a third of that.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

# Blocks decompressed ahead of the reader (each BLOCK_SIZE bytes, 1 MB).
DEPTH = 4


class ReadAhead:
    """A file-like ``read`` over blocks another thread read from ``stream``; an error of
    the stream is raised by the ``read`` that reaches it, as reading it directly would."""

    def __init__(self, stream: BinaryIO, block_size: int) -> None:
        self._blocks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=DEPTH)
        self._stopping = threading.Event()
        self._finished = False
        self._thread = threading.Thread(
            target=self._read_all, args=(stream, block_size), name="dump-read-ahead", daemon=True
        )
        self._thread.start()

    def read(self, size: int = -1) -> bytes:
        """The next block (of the size given at the start, whatever ``size`` asks)."""
        if self._finished:
            return b""
        block = self._blocks.get()
        if isinstance(block, BaseException):
            self._finished = True
            raise block
        self._finished = not block
        return block

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()

    def _read_all(self, stream: BinaryIO, block_size: int) -> None:
        try:
            while not self._stopping.is_set():
                block = stream.read(block_size)
                self._put(block)
                if not block:
                    return
        except BaseException as error:  # handed to the reader, raised there
            self._put(error)

    def _put(self, item: bytes | BaseException) -> None:
        while not self._stopping.is_set():
            try:
                self._blocks.put(item, timeout=0.1)
                return
            except queue.Full:
                continue


@contextmanager
def read_ahead(stream: BinaryIO, block_size: int) -> Iterator[BinaryIO]:
    """``stream`` read ahead in a thread, stopped (and no longer touching ``stream``) when
    the block ends, before the stream is closed."""
    ahead = ReadAhead(stream, block_size)
    try:
        yield ahead  # type: ignore[misc]
    finally:
        ahead.stop()
