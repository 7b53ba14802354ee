"""The examples in the library's docstrings are run: documentation that cannot go stale."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import encfix

# Every module but the entry point, which runs the command line when imported.
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(encfix.__path__, "encfix.") if info.name != "encfix.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
