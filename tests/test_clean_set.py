"""Rule 1 of DESIGN.md on real-looking text: clean text comes back byte-identical.

The clean set is built from ``tests/data/corpus`` by ``benchmarks/corpus.py``: single
sentences, paragraphs, multi-paragraph documents (LF, CRLF, blank-line separated), NFD
variants, mixed-language documents and the tricky ``special.txt`` lines, in every
language of the corpus. A failure lists every text encfix changed.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from encfix import repair_bytes, repair_text

ROOT = Path(__file__).resolve().parents[1]


def _load_corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("encfix_bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()
CLEAN_SET: list[tuple[str, str]] = corpus.clean_set()


def _first_difference(text: str, output: str) -> int:
    for index, (before, after) in enumerate(zip(text, output, strict=False)):
        if before != after:
            return index
    return min(len(text), len(output))


def _describe(failures: list[tuple[str, str, str]]) -> str:
    """Each failing text: label, first 80 characters, and the output around the first change."""
    lines = [f"{len(failures)} clean texts changed:"]
    for label, text, output in failures:
        at = max(0, _first_difference(text, output) - 20)
        lines.append(f"  {label}: {text[:80]!r}")
        lines.append(f"      at {at}: {text[at : at + 60]!r}")
        lines.append(f"      became: {output[at : at + 60]!r}")
    return "\n".join(lines)


def test_clean_set_is_big_and_varied() -> None:
    languages = {label.split("/")[0] for label, _ in CLEAN_SET} - {"special", "mixed"}
    kinds = Counter(label.split("/")[1] for label, _ in CLEAN_SET)
    assert len(CLEAN_SET) >= 1000
    assert len(languages) >= 20
    for kind in ("sentence", "paragraph", "document", "document-crlf", "nfd", "upper"):
        assert kinds[kind] >= 20, kind
    assert any("\r\n" in text for _, text in CLEAN_SET)


def test_clean_text_is_unchanged() -> None:
    failures = []
    for label, text in CLEAN_SET:
        repair = repair_text(text)
        if repair.output != text or repair.changed:
            failures.append((label, text, repair.output))
    assert not failures, _describe(failures)


def test_clean_utf8_bytes_decode_unchanged() -> None:
    failures = []
    for label, text in CLEAN_SET[::8]:
        output = repair_bytes(text.encode("utf-8")).output
        if output != text:
            failures.append((label, text, output))
    assert not failures, _describe(failures)


SPECIAL = [(label, text) for label, text in CLEAN_SET if label.startswith("special/")]


@pytest.mark.parametrize("text", [text for _, text in SPECIAL], ids=[label for label, _ in SPECIAL])
def test_special_line_is_unchanged(text: str) -> None:
    repair = repair_text(text)
    assert repair.output == text
    assert not repair.changed
