"""The docstring examples of every module of the package run as tests.

Each kernel's numpydoc Examples section is a doctest; this collects them all (one test per module),
so an example that no longer matches its function fails the suite. ``retrofit.__main__`` is left out:
importing it runs the command line.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import retrofit

MODULES = sorted(m.name for m in pkgutil.walk_packages(retrofit.__path__, "retrofit.")
                 if not m.name.endswith("__main__"))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    for test in finder.find(module, name):
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, "".join(report)

