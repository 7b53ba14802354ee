"""The byte-decoding contest judges only the candidates that can matter, and its answer is
the full contest's: the same first entries, the same scores to the bit."""

from __future__ import annotations

import itertools
from collections import Counter
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from encfix import decoding, encodings, plausibility

CORPUS = Path(__file__).parent / "data" / "corpus"
PROPERTY = settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _paragraphs() -> dict[str, tuple[str, ...]]:
    return {
        path.stem: tuple(line for line in path.read_text(encoding="utf-8").split("\n") if line.strip())
        for path in sorted(CORPUS.glob("*.txt"))
    }


@st.composite
def legacy_files(draw: st.DrawFn) -> bytes:
    """Paragraphs of one or two languages, in a legacy encoding that can spell them."""
    corpus = _paragraphs()
    languages = draw(st.lists(st.sampled_from(sorted(corpus)), min_size=1, max_size=2))
    lines = [draw(st.sampled_from(corpus[language])) for language in languages for _ in range(draw(st.integers(1, 4)))]
    text = "\n".join(draw(st.permutations(lines)))[: draw(st.sampled_from((40, 300, 4000)))]
    spellers = []
    for encoding in encodings.ALL:
        try:
            spellers.append(encodings.encode(text, encoding.name))
        except UnicodeEncodeError:
            continue
    return draw(st.sampled_from(spellers)) if spellers else text.encode("cp1252", "replace")


def _full_contest(data: bytes) -> list[decoding._Entry]:
    """Every candidate judged, cut where the fast contest cuts."""
    entries = decoding._contest(data, top=None)
    return [entry for entry in entries if entry.total <= entries[0].total + decoding._SATURATED_GAP]


def _assert_same_contest(data: bytes) -> None:
    fast, full = decoding._contest(data), _full_contest(data)
    assert [(e.name, e.text, e.total) for e in fast] == [(e.name, e.text, e.total) for e in full]
    assert decoding._confidence(fast) == decoding._confidence(full)


@PROPERTY
@given(legacy_files())
def test_the_contest_of_a_legacy_file_is_the_full_contest(data: bytes) -> None:
    _assert_same_contest(data)


@PROPERTY
@given(st.binary(min_size=1, max_size=600))
def test_the_contest_of_any_bytes_is_the_full_contest(data: bytes) -> None:
    _assert_same_contest(data)


def _score(name: str, text: str) -> float:
    """The contest's score, without charset-normalizer's guess and a declared charset."""
    return plausibility.cost(text) + plausibility.origin_misfit(text, name) + decoding._prior(name)


@PROPERTY
@given(st.one_of(legacy_files(), st.binary(min_size=1, max_size=600)))
def test_the_bounds_of_a_candidate_rise_to_its_score(data: bytes) -> None:
    """Each bound is at most the next, the last is the score: pruning on a bound is safe."""
    for encoding in encodings.ALL:
        text = decoding._decoded(data, encoding.name)
        if text is None:
            continue
        steps = list(decoding._Judge(Counter(data), None, None).bounds(encoding.name, text))
        assert steps[-1] == (_score(encoding.name, text), True)
        values = [value for value, _ in steps]
        assert all(low <= high + decoding._ROUNDING for low, high in itertools.pairwise(values)), encoding.name
