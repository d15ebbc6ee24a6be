"""The docstring examples of every pure-Python module run and give what they show.

Examples run with ``cchc`` in scope and ``m`` = the embedded Lai Châu 2021 model (the name the
docstrings use); an example that needs a file, a plot or a long run is marked ``+SKIP``. Modules
are found by walking the package, so a new module's examples are run too.
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil

import pytest

import cchc

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(cchc.__path__, "cchc.")
    if name not in ("cchc.__main__", "cchc._core")
)


def test_every_module_is_found():
    assert {"cchc.calendar", "cchc.datasets", "cchc.model", "cchc.sim", "cchc.training"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    extra = {"cchc": cchc, "m": cchc.datasets.lai_chau_2021()}  # over the module's own globals
    for test in doctest.DocTestFinder(exclude_empty=True).find(module, name, extraglobs=extra):
        if test.examples and test.name.startswith(name):  # not the examples of imported objects
            runner.run(test, out=out.write)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, out.getvalue()
