"""The compiled parts setup.py builds, for their tests: each is checked against the Python
code it stands in for, where it was built; with ``CI=true`` an unbuilt one fails the run."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def compiled(module: str) -> ModuleType:
    """The compiled module ``module``; skipped (failed with CI=true) when it was not built."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true needs the compiled {module}: setup.py did not build it")
        # Nothing to compare: an install without a compiler runs the Python code, which the
        # rest of the suite tests.
        pytest.skip(
            f"{module} was not built at install (no compiler or Python headers), so this"
            f" install runs the Python code it stands in for: {error}"
        )
