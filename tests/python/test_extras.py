"""The test command fails, not skips, when a test extra is missing.

Tests that need an extra import it with ``conftest.require`` (a failure naming it); this test
checks them all up front against pyproject's ``[project.optional-dependencies] test``, so a
missing one is reported once by name even when no test happened to import it.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from conftest import require

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _test_extras() -> list[str]:
    extras = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["optional-dependencies"]["test"]
    return [re.match(r"[A-Za-z0-9_.\-]+", spec).group(0) for spec in extras]


def test_every_test_extra_is_installed() -> None:
    names = _test_extras()
    assert {"pytest", "jsonschema", "nbclient", "nbformat"} <= set(names)
    missing = []
    for name in names:
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    assert not missing, f"test extras not installed: {missing}; install them with: pip install '.[test]'"


def test_require_fails_rather_than_skips() -> None:
    with pytest.raises(pytest.fail.Exception, match="test extra 'no_such_module_cchc' is not installed"):
        require("no_such_module_cchc")
