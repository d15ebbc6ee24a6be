"""Every notebook in notebooks/ executes without error (the notebooks are documentation that runs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path) -> None:
    # Imported here, as test extras: without them this test fails and the rest of the suite still runs.
    nbformat = require("nbformat")
    client = require("nbclient")
    nb = nbformat.read(path, as_version=4)
    client.NotebookClient(nb, timeout=600, kernel_name="python3",
                          resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors


def test_there_are_notebooks() -> None:
    assert any(p.name == "01_quickstart.ipynb" for p in NOTEBOOKS)
