"""One native pass over a long text that says which checks can find nothing in it.

Clean text is most of what encfix reads, and on clean text every check of the clean
path (the screens, the letter pairs, each cleanup's evidence) finds nothing. Python's
regex engine scans a megabyte at 6-7 ms for each pattern that starts with a class, so
a dozen such questions cost more than everything else. RE2 (the ``google-re2``
package) runs a *gate* for each of them, all in one set, in one pass over the UTF-8
text (a few ms a megabyte).

A gate is a necessary condition: its pattern matches wherever the check it guards
could find anything (the tests hold each gate to its check). A gate that does not
match lets the check be skipped; one that matches proves nothing, and the check runs
as it always does. So every result is the same with and without the gates: without
RE2 (or for a text it cannot scan) every gate counts as matched.

The same pass takes a census of the accented Latin letters the alphabet screen reads:
a text whose letters one alphabet holds has no line that no alphabet does, and the
screen stops there (``latin_letters``).

Gates are RE2 patterns (no look-around; ``\\x{...}`` escapes), defined beside the
checks they guard and named in ``_GATES``. What the pass saw is kept for the text being
repaired and dropped at the start of the next repair (``forget``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

__all__ = ["GATE_NAMES", "PRESCAN_AFTER", "PRESCAN_MIN", "Prescan", "forget", "latin_letters", "may_hold"]

#: Name -> (module, function returning the gate's RE2 pattern).
_GATES: dict[str, tuple[str, str]] = {
    "screens": ("encfix.plausibility", "screen_gate"),
    "pairs": ("encfix.plausibility", "pair_gate"),
    "gbk-runs": ("encfix.cleanups.gbk_runs", "gate"),
    "pinyin": ("encfix.cleanups.pinyin", "gate"),
    "leftovers": ("encfix.cleanups.simplified", "gate"),
    "lossy-marks": ("encfix.pipeline", "lossy_marks_gate"),
}
GATE_NAMES: tuple[str, ...] = tuple(_GATES)

#: Texts shorter than this are not prescanned: their checks cost microseconds, and a
#: damaged text's short spans are asked about many times.
PRESCAN_MIN = 4096

#: The gates cost a process 0.1-0.2 s (building their patterns, RE2's compile, the
#: automaton it builds lazily) and spare a check 5-7 ms on each clean megabyte. They are
#: built once the checks of this process have been asked about this many characters of
#: long texts: one file in a shell does not pay for them, a folder or a large text does.
PRESCAN_AFTER = 4_000_000

#: The RE2 set's memory budget: the letter-pair gate alone is a few hundred branches.
_MAX_MEM = 64 << 20

#: Characters of long texts the checks were asked about before the gates were built.
_asked = 0


def gate_pattern(name: str) -> str:
    """The RE2 pattern of a gate."""
    module, function = _GATES[name]
    pattern: str = getattr(importlib.import_module(module), function)()
    return pattern


@dataclass(frozen=True, slots=True)
class Prescan:
    """What the pass saw: the gates that matched, and which of the census letters occur."""

    gates: frozenset[str]
    letters: frozenset[str]


@cache
def _census() -> str:
    """The letters the pass also counts: the accented Latin letters the alphabet screen
    reads (a text whose letters one alphabet holds has no line that no alphabet does)."""
    from encfix.plausibility import alphabet_screen_letters

    return alphabet_screen_letters()


@cache
def _gate_set() -> Any:
    """The compiled RE2 set: every gate, then a pattern for each census letter; or None
    without RE2."""
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency; this is robustness
        return None
    options = re2.Options()
    options.max_mem = _MAX_MEM
    patterns = re2.Set.SearchSet(options)
    for name in GATE_NAMES:
        patterns.Add(gate_pattern(name))
    for letter in _census():
        patterns.Add(f"\\x{{{ord(letter):x}}}")
    # Last, the end of the text, which every pass that gets there matches: RE2 answers
    # "nothing matched" when its automaton runs out of memory on a text, and that must
    # not skip a check. (The empty pattern would say the same, but matches at every
    # position and doubles the pass.)
    patterns.Add(r"\z")
    try:
        patterns.Compile()
    except re2.error:  # pragma: no cover - too large for the memory budget
        return None
    return patterns


@lru_cache(maxsize=2)
def _prescan(text: str) -> Prescan | None:
    """What the pass sees in ``text``; None when it cannot be told (no RE2, a lone surrogate).

    Cached for the text being repaired: its stages ask in turn, and a string keeps its
    hash, so a repeat costs a dictionary lookup.
    """
    patterns = _gate_set()
    if patterns is None:
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # RE2 reads UTF-8 only
        return None
    found = patterns.Match(data) or []
    gates = len(GATE_NAMES)
    census = _census()
    if gates + len(census) not in found:
        return None  # the pass failed (see ``_gate_set``)
    return Prescan(
        gates=frozenset(GATE_NAMES[index] for index in found if index < gates),
        letters=frozenset(census[index - gates] for index in found if gates <= index < gates + len(census)),
    )


def forget() -> None:
    """Drop what the pass saw (called at the start of each repair: a text repaired again
    is scanned again, as a new one would be)."""
    _prescan.cache_clear()


def _scan(text: str) -> Prescan | None:
    """The prescan of a long text, once this process has read enough to pay for it."""
    global _asked
    if len(text) < PRESCAN_MIN:
        return None
    if _asked < PRESCAN_AFTER:
        _asked += len(text)
        return None
    return _prescan(text)


def may_hold(name: str, text: str) -> bool:
    """False when the check gated by ``name`` can find nothing in ``text``."""
    found = _scan(text)
    return found is None or name in found.gates


def latin_letters(text: str) -> frozenset[str] | None:
    """The accented Latin letters of ``text`` (``_census``), or None when not prescanned."""
    found = _scan(text)
    return None if found is None else found.letters
