"""SQLite's variable-length integers, as FTS5 keeps its row count and token totals."""

from __future__ import annotations

from discogs_service.storage.search.bm25 import varints


def test_one_byte_values_are_the_bytes() -> None:
    assert varints(bytes([0, 5, 127])) == [0, 5, 127]


def test_longer_values_take_seven_bits_a_byte_high_bits_first() -> None:
    assert varints(bytes([0x82, 0x2C, 0x01])) == [300, 1]
    assert varints(bytes([0x81, 0x80, 0x00])) == [1 << 14]


def test_the_ninth_byte_counts_whole() -> None:
    assert varints(bytes([0xFF] * 9)) == [(1 << 64) - 1]
