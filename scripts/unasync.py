#!/usr/bin/env python3
"""Write the client's blocking code from its async source: client/.../_async/*.py ->
_sync/*.py, by replacing the async words with their blocking twins, then formatting with
ruff (so the output is what ``ruff format`` would leave).

    scripts/unasync.py          rewrite the _sync files
    scripts/unasync.py --check  exit 1 and name the files that are not current

The async code is the one that is edited; tests/client/test_unasync.py fails when the sync
code was not regenerated.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "client/src/discogs_service_client"
SOURCE = PACKAGE / "_async"
TARGET = PACKAGE / "_sync"

# Order matters: the longer words first.
REPLACEMENTS = [
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncBaseTransport\b", "BaseTransport"),
    (r"\bStopAsyncIteration\b", "StopIteration"),
    (r"\bAsync([A-Z]\w*)", r"\1"),
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\b__anext__\b", "__next__"),
    (r"\baclose\b", "close"),
    (r"\basyncio\.sleep\b", "time.sleep"),
    (r"^import asyncio$", "import time"),
    (r"\b_async\b", "_sync"),
    (r"``async for``", "``for``"),
    (
        r"\(``async`` methods; ``Client`` is the same, blocking\)",
        "(blocking; ``AsyncClient`` is the same with coroutines)",
    ),
    (
        r"is the source of ``_sync/(\w+\.py)`` \(scripts/unasync.py writes that one\)",
        r"was written from ``_async/\1`` by scripts/unasync.py: edit that one",
    ),
]


def unasync(text: str) -> str:
    for pattern, replacement in REPLACEMENTS:
        text = re.sub(pattern, replacement, text, flags=re.M)
    return text


def formatted(text: str, name: Path) -> str:
    """As ``ruff check --select I --fix`` and ``ruff format`` would leave it (renamed
    imports sort differently)."""
    ruff = str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        ruff = shutil.which("ruff") or "ruff"
    sort = [ruff, "check", "--select", "I", "--fix", "--quiet", "--stdin-filename", str(name)]
    text = _run([*sort, "-"], text)
    return _run([ruff, "format", "--quiet", "--stdin-filename", str(name), "-"], text)


def _run(command: list[str], text: str) -> str:
    result = subprocess.run(
        command, input=text, capture_output=True, text=True, cwd=PACKAGE.parents[2]
    )
    if result.returncode not in (0, 1) or (text and not result.stdout):
        raise RuntimeError(f"{command[:2]} failed: {result.stderr}")
    return result.stdout


def expected() -> dict[Path, str]:
    return {
        TARGET / source.name: formatted(unasync(source.read_text()), TARGET / source.name)
        for source in sorted(SOURCE.glob("*.py"))
    }


def main(argv: list[str]) -> int:
    stale = []
    for target, text in expected().items():
        if not target.exists() or target.read_text() != text:
            stale.append(target)
            if "--check" not in argv:
                target.write_text(text)
    if "--check" in argv and stale:
        print("not current (run scripts/unasync.py):", *map(str, stale), sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
