"""Reviewed repair cases stored as data in ``tests/cases/*.json`` (schema: its README).

Each case runs under its label. A case with an ``xfail`` reason is a known failure and
runs as a strict xfail: when encfix starts to get it right, the suite fails until the
mark is removed (in ``tests/cases/build.py``, then rebuild the JSON).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from encfix import repair_text, replay

CASES_DIR = Path(__file__).resolve().parent / "cases"
REQUIRED = {"label", "input", "expected", "comment"}
OPTIONAL = {"chain", "xfail"}


def _load() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            cases.append({**item, "file": path.name})
    return cases


CASES = _load()


def _params(with_xfail: bool) -> list[Any]:
    params = []
    for item in CASES:
        marks = []
        if with_xfail and "xfail" in item:
            marks.append(pytest.mark.xfail(reason=item["xfail"], strict=True))
        params.append(pytest.param(item, id=item["label"], marks=marks))
    return params


def test_cases_are_well_formed() -> None:
    labels = [item["label"] for item in CASES]
    assert len(labels) == len(set(labels)), "labels must be unique"
    assert len(CASES) >= 40
    for item in CASES:
        keys = set(item) - {"file"}
        assert REQUIRED <= keys, item["label"]
        assert keys <= REQUIRED | OPTIONAL, item["label"]
        negative = item["file"] == "negative.json"
        assert (item["input"] == item["expected"]) == negative, item["label"]


def test_the_builder_reproduces_the_reviewed_files() -> None:
    """``build.py`` is how cases are edited: if it drifts from the JSON, rebuilding would
    silently drop reviewed cases (five had been added to the JSON by hand)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_cases", CASES_DIR / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for name, text in build.render().items():
        assert (CASES_DIR / name).read_text(encoding="utf-8") == text, name


@pytest.mark.parametrize("case", _params(with_xfail=True))
def test_case(case: dict[str, Any]) -> None:
    repair = repair_text(case["input"])
    assert repair.output == case["expected"]
    assert repair.changed == (case["input"] != case["expected"])
    assert replay(repair.input, repair.plan) == repair.output


@pytest.mark.parametrize("case", _params(with_xfail=False))
def test_expected_text_is_left_alone(case: dict[str, Any]) -> None:
    """Every expected output is clean text: repairing it again must change nothing."""
    repair = repair_text(case["expected"])
    assert repair.output == case["expected"]
    assert not repair.changed
