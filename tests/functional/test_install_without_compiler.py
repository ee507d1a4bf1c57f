"""Without a C compiler the package still builds, and imports with its Python code.

setup.py's compiled parts (importer/records/native.pyx and slugs.pyx, search/native.pyx) are
optional: a machine without gcc or Python's headers gets a warning at install, not a failed
install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILT = "*.so"

CONVERT = """
from lxml import etree
from discogs_service.importer.records import common, releases
from discogs_service.search import text
assert releases._compiled_reader is None, releases._compiled_reader
assert common._readable_slug is common.python_readable_slug, common._readable_slug
assert text._compiled_field_text is None, text._compiled_field_text
element = etree.fromstring(b'<release id="5"><title>T</title><artists><artist><id>2</id>'
                           b'<name>A</name></artist></artists></release>')
document = releases.convert_release(element).document
print(document["artists"][0]["name"], document["uri"])
"""


@pytest.mark.slow
def test_a_build_without_a_compiler_installs_the_python_code(tmp_path: Path) -> None:
    shutil.copy(ROOT / "setup.py", tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copy(ROOT / "README.md", tmp_path)
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns(BUILT, "*.c"))
    environment = dict(os.environ, CC="/bin/false")  # every compile fails

    build = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_ext", "--inplace"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert build.returncode == 0, build.stderr
    for module in ("importer.records.native", "importer.records.slugs", "search.native"):
        assert f'building extension "discogs_service.{module}" failed' in build.stderr
    assert not list((tmp_path / "src").rglob(BUILT))
    converted = subprocess.run(
        [sys.executable, "-c", CONVERT],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(tmp_path / "src")),
        capture_output=True,
        text=True,
    )
    assert converted.returncode == 0, converted.stderr
    assert converted.stdout.strip() == "A https://www.discogs.com/release/5-A-T"
