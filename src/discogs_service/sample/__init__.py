"""The bundled sample catalogue: real CC0 dump excerpts (2020-08 and 2025-01 eras)."""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).parent


def sample_files() -> list[Path]:
    """The sample dump files, oldest month first so newer records win."""
    return sorted(SAMPLE_DIR.glob("discogs_*_*.xml.gz"))
