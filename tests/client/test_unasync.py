"""The blocking client is written from the async source by scripts/unasync.py; this fails
when someone edited one without regenerating the other."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SYNC = ROOT / "client/src/discogs_service_client/_sync"


def test_the_sync_code_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/unasync.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_sync_code_has_nothing_async_left() -> None:
    for path in SYNC.glob("*.py"):
        text = path.read_text().replace("``AsyncClient``", "")  # named in a docstring
        assert not re.search(r"\b(async|await|asyncio|Async[A-Z])", text), path.name
