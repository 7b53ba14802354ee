"""Lossy damage: recover what the surviving bytes determine, name and mark what is lost.

A wrong decoder that meets a byte sequence it cannot read writes ``U+FFFD`` (or ``?``
once the text is saved again in a legacy code page). The bytes around such a *hole*
are still there: UTF-8 read as GBK with ``errors="replace"`` keeps every byte of
"我们是朋友" except one, so the lossless chain reversal declines the span while four
of its five characters are fully determined. This stage

* finds, for each wrong encoding people meet (GBK, Shift-JIS, Big5, cp949, cp1252),
  the stretches that are UTF-8 read as that encoding *except for holes* (each hole
  one lost byte, the way CPython, ICU and browsers replace: one ``U+FFFD`` a byte);
* enumerates what each hole could have held: the UTF-8 structure around it leaves at
  most 64 values for a lost continuation byte, and re-running the lossy decoder on a
  candidate must give back exactly the damaged text (that rules out most of them);
* fills a hole only when plausibility picks one candidate by a clear margin, and
  otherwise writes one ``U+FFFD`` for exactly the character that is lost;
* restores an ASCII ``<`` that a DBCS decoder swallowed with a bad lead byte (PHP
  mbstring, old Java and .NET: ``鍙?/p>``) where the tag remnant pins it;
* names the damage nobody can undo: "锟斤拷" and its cp949/Big5/Shift-JIS/cp1252
  spellings (``U+FFFD`` read again as a legacy code page), "烫烫烫"/"屯屯屯" (debug
  fill of uninitialised memory), runs of ``U+FFFD``, a multi-byte character cut at
  the end of the text.

What happens to lost characters follows ``Options.lost``: ``mark`` writes ``U+FFFD``,
``keep`` leaves the damaged characters as they were, ``drop`` removes them. Every
span of the output that stands for lost bytes is reported as a ``LostSpan``; findings
are in the coordinates of the stage's input text.

The entry point is :func:`recover_lossy`, a pipeline stage to run after the chain
reversal.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from encfix import encodings, plausibility
from encfix._diskcache import cached
from encfix.chains import required_margin
from encfix.options import Options
from encfix.report import Finding, Layer, LostSpan, Replace
from encfix.spans import common_affixes

if TYPE_CHECKING:
    from collections.abc import Callable

    from encfix.pipeline import StageResult

__all__ = ["WRONG", "WrongDecoder", "recover_lossy", "recover_lossy_stretches"]

REPLACEMENT = "\ufffd"
_HOLE_CHARS = frozenset("?\ufffd")
_HOLE = re.compile("[?\ufffd]")


#: Strings up to this long are judged once: the stage judges the same few thousand
#: short readings (a candidate with three characters either side) a hundred thousand
#: times in a page of '?'-damaged text.
_CACHED_COST_LENGTH = 64


def _cost(text: str) -> float:
    """``plausibility.cost``, remembered for short strings (it is a pure function)."""
    return _short_cost(text) if len(text) <= _CACHED_COST_LENGTH else plausibility.cost(text)


@lru_cache(maxsize=1 << 16)
def _short_cost(text: str) -> float:
    return plausibility.cost(text)


@dataclass(frozen=True, slots=True)
class WrongDecoder:
    """A wrong encoding as damage sees it: the codec to spell text in, the lossy decoders."""

    name: str
    #: Codecs whose ``errors="replace"`` decoding may have produced the damage.
    decoders: tuple[str, ...]


#: The wrong decodings whose lossy form is common enough to look for, most common first.
WRONG: tuple[WrongDecoder, ...] = (
    WrongDecoder("gbk", ("gbk", "gb18030")),
    WrongDecoder("cp932", ("shift_jis", "cp932")),
    WrongDecoder("cp950", ("big5", "cp950")),
    WrongDecoder("cp949", ("cp949", "euc_kr")),
    WrongDecoder("cp1252", ("cp1252",)),
)

#: How much cheaper (in plausibility bits) the best filling of a hole must be than the
#: next one before it is written; below that the character is marked lost.
FILL_MARGIN = 2.0
#: Most candidate fillings enumerated for one hole group; beyond it the hole is marked.
MAX_FILLINGS = 1024
#: How far a stretch reaches around a hole, in characters.
REACH = 400
#: A character at least this dear (GB2312 level 2 and rarer) is not ordinary text.
RARE_COST = 3.0
#: Characters on each side of a stretch that its gain is also judged with.
CONTEXT = 3
#: Unrecoverable patterns need this many repeats to be named (one "烫" is a word).
MIN_FILL_RUN = 3

_TAG_REMNANT = re.compile(r"/?[A-Za-z][A-Za-z0-9]{0,9}(?:\s[^<>\n]{0,200})?>")


# --------------------------------------------------------------------------- UTF-8 states

# A UTF-8 decoder state: (continuation bytes still needed, lowest and highest allowed
# value of the next byte). The first continuation after E0, ED, F0 and F4 is narrowed,
# which is what rules out overlong forms and surrogates.
State = tuple[int, int, int]
START: State = (0, 0, 0)


def _step(state: State, byte: int) -> State | None:  # noqa: PLR0911 - the UTF-8 table
    need, low, high = state
    if need:
        if not low <= byte <= high:
            return None
        return (need - 1, 0x80, 0xBF) if need > 1 else START
    if byte < 0x80:
        return START
    if 0xC2 <= byte <= 0xDF:
        return (1, 0x80, 0xBF)
    if 0xE0 <= byte <= 0xEF:
        return (2, 0xA0 if byte == 0xE0 else 0x80, 0x9F if byte == 0xED else 0xBF)
    if 0xF0 <= byte <= 0xF4:
        return (3, 0x90 if byte == 0xF0 else 0x80, 0x8F if byte == 0xF4 else 0xBF)
    return None


def _has_eaten_pair(tokens: list[_Token]) -> bool:
    return any(token.hole and len(token.allowed[0] if token.allowed else b"") == 2 for token in tokens)


def _is_continuation(byte: int) -> bool:
    return 0x80 <= byte <= 0xBF


# --------------------------------------------------------------------------- tokens


@dataclass(slots=True)
class _Token:
    """One observed character spelled in the wrong encoding, or a hole."""

    start: int  # position in the text
    end: int
    data: bytes  # its bytes in the wrong encoding; for a hole, what is known (a swallowed "<")
    hole: bool = False
    swallowed: bool = False  # a hole whose decoder also ate the ASCII byte after it
    question: bool = False  # a hole written as '?', which may also be a real question mark
    #: The byte values the hole may have held: those the wrong decoder cannot read there.
    allowed: tuple[bytes, ...] = ()


def _tokenize(
    spelled: list[_Token | None], following: _Token | None, wrong: WrongDecoder, eating: bool
) -> list[_Token | None]:
    """Per character: its bytes in ``wrong``, a hole, or None where it cannot be spelled.

    ``spelled`` is a stretch of the text as ``_spell`` gives it, and ``following`` the
    token after it; the holes here are new tokens (what they may hold depends on the
    decoder model), the characters are shared between models.
    ``eating`` is the decoder model: one that replaces a bad lead byte *and the byte
    after it* with '?' (PHP mbstring, old Java and .NET), or one that replaces one
    byte at a time (CPython, ICU, browsers).
    """
    tokens = list(spelled)
    for index, token in enumerate(tokens):
        if token is not None and token.hole:
            after_token = tokens[index + 1] if index + 1 < len(tokens) else following
            if eating and token.question and not token.swallowed and after_token is not None:
                allowed = _eaten_pairs(wrong.name)
            else:
                after = b"" if after_token is None or after_token.hole else after_token.data[:1]
                allowed = _allowed_bytes(wrong, after, token.question, token.swallowed)
            # Built directly: ``dataclasses.replace`` cost a fifth of reading a CJK page's holes.
            tokens[index] = _Token(token.start, token.end, token.data, True, token.swallowed, token.question, allowed)
    return tokens


@cache
def _eaten_pairs(wrong: str) -> tuple[bytes, ...]:
    """Byte pairs an eating decoder turns into one '?': a lead byte and a byte it cannot pair with.

    The second byte may be ASCII: a space or a comma after a Korean syllable is eaten
    as well (a '<' before a tag remnant is handled apart: the remnant pins it).

    Worked out from the codec (32,000 decodes, 0.3 s for the four code pages) once per
    Python: kept in encfix's disk cache, keyed by the interpreter.
    """

    def build() -> tuple[bytes, ...]:
        pairs = []
        for lead in range(0x80, 0x100):
            if not _is_lead_only(lead, wrong):
                continue
            for trail in range(0x01, 0x100):
                pair = bytes((lead, trail))
                if not _is_pair(pair, wrong):
                    pairs.append(pair)
        return tuple(pairs)

    version = ".".join(map(str, sys.version_info[:3]))
    return tuple(cached(f"eaten-pairs-{wrong}-py{version}", Path(sys.executable), build))


def _is_pair(pair: bytes, wrong: str) -> bool:
    try:
        return len(pair.decode(wrong)) == 1
    except UnicodeDecodeError:
        return False


def _swallowed_tag_opener(text: str, index: int) -> bool:
    """Whether the '?' at ``index`` stands for a lead byte whose decoder also ate the "<" of the tag after it."""
    return text[index] == "?" and _TAG_REMNANT.match(text, index + 1) is not None


def _spell(text: str, start: int, end: int, wrong: str) -> list[_Token | None]:
    """Per character of ``text[start:end]``: its bytes in ``wrong``, a hole, or None where it cannot be spelled."""
    spelling = encodings.spelling(wrong)
    tokens = [
        None if (data := spelling[char]) is None else _Token(index, index + 1, data)
        for index, char in enumerate(text[start:end], start)
    ]
    for match in _HOLE.finditer(text, start, end):
        index = match.start()
        swallowed = _swallowed_tag_opener(text, index)
        known = b"<" if swallowed else b""
        tokens[index - start] = _Token(index, index + 1, known, True, swallowed, question=match.group() == "?")
    return tokens


def _spelled_bytes(text: str, wrong: str) -> bytes:
    """The bytes of every token of ``text`` in ``wrong``, joined (what is known of holes included)."""
    pieces = list(map(encodings.spelling(wrong).__getitem__, text))
    for match in _HOLE.finditer(text):
        index = match.start()
        pieces[index] = b"<" if _swallowed_tag_opener(text, index) else b""
    return b"".join(filter(None, pieces))


@cache
def _allowed_bytes(wrong: WrongDecoder, after: bytes, question: bool, swallowed: bool) -> tuple[bytes, ...]:
    """The bytes a lossy decoder would have replaced here, given the known byte after them.

    CPython (like ICU and browsers) replaces one byte at a time: the byte is not a
    character on its own and does not make one with the next byte. A decoder that
    swallows the next byte (``?/p>``) replaced a lead byte that wants a trail byte.
    """
    if swallowed:
        return tuple(bytes([byte]) for byte in range(0x80, 0x100) if _is_lead_only(byte, wrong.name))
    values = [
        byte
        for byte in range(0x80, 0x100)
        if any(bytes([byte, *after]).decode(decoder, "replace")[:1] == REPLACEMENT for decoder in wrong.decoders)
    ]
    if question:
        values.append(0x3F)
    return tuple(bytes([value]) for value in values)


#: ``_advance`` on a set of states and a token's content, worked out once: the windows of
#: neighbouring holes overlap, and a long line full of holes ("?" every other character)
#: was parsed again window after window, set by set: most of the stage's cost.
_ADVANCED: dict[tuple[object, ...], frozenset[State]] = {}
#: Past this many remembered transitions the table starts again (bytes of many texts).
MAX_ADVANCED = 1 << 16


#: The allowed tuples whose identity is part of a key in ``_ADVANCED``, kept alive with
#: it: a tuple freed while its key remained could leave its id to another one.
_ALLOWED_IN_KEYS: dict[int, tuple[bytes, ...]] = {}


def _advance_known(states: frozenset[State], token: _Token) -> frozenset[State]:
    """``_advance`` remembered by content (a hole's allowed tuple by identity, kept alive)."""
    key = (states, token.data, id(token.allowed)) if token.hole else (states, token.data)
    found = _ADVANCED.get(key)
    if found is None:
        if len(_ADVANCED) >= MAX_ADVANCED:
            _ADVANCED.clear()
            _ALLOWED_IN_KEYS.clear()
        found = frozenset(_advance(states, token))
        _ADVANCED[key] = found
        if token.hole:
            _ALLOWED_IN_KEYS[id(token.allowed)] = token.allowed
    return found


def _advance(states: set[State] | frozenset[State], token: _Token) -> set[State]:
    """The UTF-8 states possible after a token, from the states possible before it."""
    result: set[State] = set()
    for state in states:
        if token.hole:
            for through in _through_hole(token.allowed, state):
                after = _run(through, token.data)
                if after is not None:
                    result.add(after)
        else:
            known = _run(state, token.data)
            if known is not None:
                result.add(known)
    return result


_THROUGH: dict[tuple[int, State], frozenset[State]] = {}


def _through_hole(allowed: tuple[bytes, ...], state: State) -> frozenset[State]:
    """The states a hole can lead to (cached: the allowed tuples are cached themselves)."""
    key = (id(allowed), state)
    found = _THROUGH.get(key)
    if found is None:
        found = frozenset(after for lost in allowed if (after := _run(state, lost)) is not None)
        _THROUGH[key] = found
    return found


_OPTIONS: dict[tuple[int, State], tuple[tuple[bytes, State], ...]] = {}


def _hole_options(allowed: tuple[bytes, ...], state: State) -> tuple[tuple[bytes, State], ...]:
    """Each byte sequence a hole may hold from this state, with the state after it (cached)."""
    key = (id(allowed), state)
    found = _OPTIONS.get(key)
    if found is None:
        found = tuple((lost, after) for lost in allowed if (after := _run(state, lost)) is not None)
        _OPTIONS[key] = found
    return found


def _run(state: State | None, data: bytes) -> State | None:
    for byte in data:
        if state is None:
            return None
        state = _step(state, byte)
    return state


_START_STATES: frozenset[State] = frozenset({START})


def _segments(
    tokens: list[_Token | None], at_text_end: bool, until: int | None = None, first: int = 0
) -> tuple[list[tuple[int, int]], int]:
    """Maximal token ranges that can be UTF-8 with the holes filled, greedy from the left.

    A failure restarts the parse at the next token: the characters of a clean prefix
    ("我们" before "鏄�") are not UTF-8 and fall out of every segment. With ``until``,
    the parse stops at the first segment that reaches past that token; it goes on
    from where it stopped when called again with ``first`` (the index returned).
    """
    segments: list[tuple[int, int]] = []
    advanced = _ADVANCED
    while first < len(tokens) and (until is None or first <= until):
        if tokens[first] is None:
            first += 1
            continue
        states = _START_STATES
        last_complete = first
        index = first
        while index < len(tokens):
            token = tokens[index]
            if token is None:
                break
            # ``_advance_known``, inlined: this loop is most of reading a line full of holes.
            key = (states, token.data, id(token.allowed)) if token.hole else (states, token.data)
            found = advanced.get(key)
            states = _advance_known(states, token) if found is None else found
            if not states:
                break
            index += 1
            if START in states or (at_text_end and index == len(tokens)):
                last_complete = index
        if last_complete > first:
            segments.append((first, last_complete))
            first = last_complete
        else:
            first += 1
    return segments, first


# --------------------------------------------------------------------------- hole groups


@dataclass(slots=True)
class _Group:
    """Consecutive tokens whose bytes hold one or more holes, from lead byte to last continuation."""

    first: int  # token indexes, end exclusive
    last: int
    fillings: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)


def _is_clean_boundary(tokens: list[_Token], index: int) -> bool:
    """Whether a UTF-8 character must start at token ``index``: a known ASCII or lead byte."""
    if index <= 0 or index >= len(tokens):
        return True
    token = tokens[index]
    return not token.hole and not _is_continuation(token.data[0])


def _groups(tokens: list[_Token]) -> list[_Group]:
    """Group each hole with the tokens whose bytes may share a UTF-8 character with it."""
    groups: list[_Group] = []
    for index, token in enumerate(tokens):
        if not token.hole:
            continue
        first = index
        while not _is_clean_boundary(tokens, first):
            first -= 1
        last = index + 1
        while not _is_clean_boundary(tokens, last):
            last += 1
        if groups and first < groups[-1].last:
            groups[-1].last = max(groups[-1].last, last)
        else:
            groups.append(_Group(first, last))
    return groups


def _fillings(tokens: list[_Token], group: _Group, allow_incomplete: bool) -> list[tuple[bytes, ...]] | None:
    """Every assignment of bytes to the group's holes that leaves valid UTF-8 (None: too many)."""
    members = tokens[group.first : group.last]
    if math.prod(len(token.allowed) for token in members if token.hole) > MAX_FILLINGS + 1:
        if _count_fillings(members, allow_incomplete) > MAX_FILLINGS + 1:
            return None  # the walk would give up at the next filling after listing MAX_FILLINGS + 1
    results: list[tuple[bytes, ...]] = []

    def walk(position: int, state: State, chosen: tuple[bytes, ...]) -> bool:
        if len(results) > MAX_FILLINGS:
            return False
        if position == len(members):
            if state == START or allow_incomplete:
                results.append(chosen)
            return True
        token = members[position]
        if not token.hole:
            after = _run(state, token.data)
            return after is None or walk(position + 1, after, chosen)
        options = _hole_options(token.allowed, state)
        if len(options) > MAX_FILLINGS:
            return False
        for lost, after_hole in options:
            after = _run(after_hole, token.data)
            if after is not None and not walk(position + 1, after, (*chosen, lost)):
                return False
        return True

    return results if walk(0, START, ()) else None


def _count_fillings(members: list[_Token], allow_incomplete: bool) -> int:
    """How many fillings ``_fillings`` would list, counted state by state instead of one by one.

    Two holes side by side at the end of a text (each any of 128 bytes) have thousands
    of fillings: listing ``MAX_FILLINGS`` of them only to give up cost more than the
    rest of reading a damaged line. The walk has the same branches: a UTF-8 state and
    how many ways lead to it is all that goes on from one token to the next.
    """
    ways: dict[State, int] = {START: 1}
    for token in members:
        reached: dict[State, int] = {}
        for state, count in ways.items():
            if token.hole:
                afters = [_run(after_hole, token.data) for _lost, after_hole in _hole_options(token.allowed, state)]
            else:
                afters = [_run(state, token.data)]
            for after in afters:
                if after is not None:
                    reached[after] = reached.get(after, 0) + count
        ways = reached
    return sum(ways.values()) if allow_incomplete else ways.get(START, 0)


#: Groups with more holes than this are marked character by character, not searched.
MAX_SEARCHED_HOLES = 2
#: A hole with more readings than this is not pinned down: it is marked, not chosen.
MAX_CHOSEN_AMONG = 64
#: Up to this many fillings, each is also checked by re-running the lossy decoder.
MAX_CHECKED_FILLINGS = 256


def _group_key(tokens: list[_Token], group: _Group) -> tuple[object, ...]:
    """What ``_group_readings`` reads of a group: its tokens and one either side, by content.

    The same syllable with the same byte lost recurs all over a page ("에", "는" in
    Korean); the choice is worked out once for each (the allowed-byte tuples are cached
    objects, so their identity stands for their content).
    """
    low, high = max(0, group.first - 1), min(len(tokens), group.last + 1)
    return (
        group.first - low,
        group.last - low,
        *((token.data, token.hole, token.swallowed, token.question, id(token.allowed)) for token in tokens[low:high]),
    )


@dataclass(frozen=True, slots=True)
class _Readings:
    """What a hole group may decode to, before the text around it picks one."""

    candidates: dict[str, int]  # decoded text -> how many '?' it reads as real question marks
    hole_text: str
    holes: int
    #: For a group cut by the end of the text, the candidates with the cut character
    #: completed every way one more byte allows (none where more are missing).
    completed: tuple[str, ...] = ()


def _choose_reading(readings: _Readings | _Choice | None, context: tuple[str, str], sizes: Sizes) -> _Choice | None:
    """The candidate the context picks, or the choice the group's structure already made."""
    if not isinstance(readings, _Readings):
        return readings
    candidates = _literal_first(readings.candidates, context)
    choice = _choose(candidates, *context, readings.hole_text, readings.holes, sizes)
    if readings.completed:
        choice = replace(choice, guess=_likeliest(list(readings.completed), *context))
    return choice


def _group_readings(
    text: str, tokens: list[_Token], group: _Group, wrong: WrongDecoder, allow_incomplete: bool, sizes: Sizes
) -> _Readings | _Choice | None:
    """The candidates a hole group's fillings decode to; a choice made by structure; None when none fits.

    Nothing here depends on the characters around the group, only on its tokens and
    one either side: the same character with the same byte lost recurs in other
    sentences of a page, and is decoded once (``_recover_segment`` keeps the result).
    """
    members = tokens[group.first : group.last]
    hole_count = sum(token.hole for token in members)
    hole_text = "".join(text[t.start : t.end] for t in members if t.hole)
    if hole_count > MAX_SEARCHED_HOLES:
        return _structural(members, hole_text, sizes, allow_incomplete)
    fillings = _fillings(tokens, group, allow_incomplete)
    if fillings is None and any(token.question for token in members):
        # Too many readings: try the '?' as real question marks first (nothing invented).
        # Only the group and its neighbours are read again (the filling and its check).
        low, high = max(0, group.first - 1), min(len(tokens), group.last + 1)
        literal = list(tokens)
        literal[low:high] = [
            replace(t, allowed=(b"?",)) if t.question and not t.swallowed else t for t in tokens[low:high]
        ]
        fillings = _fillings(literal, group, allow_incomplete)
        if fillings is not None and fillings:
            tokens, members = literal, literal[group.first : group.last]
        else:
            fillings = None
    if fillings is None:
        return _structural(members, hole_text, sizes, allow_incomplete)
    reproduces = _reproduction_check(tokens, group, wrong) if 0 < len(fillings) <= MAX_CHECKED_FILLINGS else None
    candidates: dict[str, int] = {}
    cut: list[bytes] = []  # the fillings' bytes, where the text cuts their last character
    for filling in fillings:
        if reproduces is not None and not reproduces(filling):
            continue
        data = _group_bytes(members, filling)
        decoded = data.decode("utf-8", "replace")
        candidates[decoded] = max(candidates.get(decoded, 0), filling.count(b"?"))
        if allow_incomplete:
            cut.append(data)
    if not candidates:
        # A byte an eating decoder swallowed may have been ASCII (a space): its fillings are
        # not listed, but the structure still says which characters are lost.
        return _structural(members, hole_text, sizes, allow_incomplete) if _has_eaten_pair(members) else None
    return _Readings(candidates, hole_text, hole_count, _completed(cut) if len(cut) <= MAX_CHOSEN_AMONG else ())


def _completed(fillings: list[bytes]) -> tuple[str, ...]:
    """What the fillings of a group cut by the end of the text decode to, the cut character completed.

    Empty if one of them lacks more than one byte: then the candidates are not weighed.
    """
    texts: dict[str, None] = {}
    for data in fillings:
        try:
            texts[data.decode("utf-8")] = None
            continue
        except UnicodeDecodeError:
            pass
        completed = _completions(data)
        if not completed:
            return ()
        texts.update(dict.fromkeys(completed))
    return tuple(texts)


#: How much worse (in bits) the text may read with a '?' kept as a question mark.
LITERAL_SLACK = 2.0


def _literal_first(candidates: dict[str, int], context: tuple[str, str]) -> dict[str, int]:
    """Keep the readings with the most '?' read as real question marks, if they read about as well.

    A '?' that can be a real question mark is one ("吗?"): nothing is invented for it.
    Unless keeping it makes the hole next to it a character nobody writes there: "??航"
    from Big5-read "可說" is not "?ȯ說".
    """
    most_literal = max(candidates.values())
    literal = {option: count for option, count in candidates.items() if count == most_literal}
    if not most_literal or len(literal) == len(candidates):
        return literal
    before, after = context

    def best_cost(options: list[str]) -> float:
        return min(_cost(before + option + after) for option in options)

    others = [option for option in candidates if option not in literal]
    if best_cost(list(literal)) <= best_cost(others) + LITERAL_SLACK:
        return literal
    return {option: candidates[option] for option in others}


def _group_bytes(members: list[_Token], filling: tuple[bytes, ...]) -> bytes:
    data = bytearray()
    holes = iter(filling)
    for token in members:
        if token.hole:
            data += next(holes)
        data += token.data
    return bytes(data)


def _reproduction_check(
    tokens: list[_Token], group: _Group, wrong: WrongDecoder
) -> Callable[[tuple[bytes, ...]], bool]:
    """Whether decoding a filling's bytes the lossy way gives back the damaged characters.

    The check runs on the group and one token either side, so the wrong decoder meets
    the same neighbouring bytes it met when it did the damage. A swallowed ``<`` is
    checked by hand: Python's decoders keep it, the ones that eat it cannot be re-run.
    What the decoder must give back is worked out once per group, not per filling.
    """
    low, high = max(0, group.first - 1), min(len(tokens), group.last + 1)
    if tokens[low].hole and low < group.first:
        low = group.first
    if tokens[high - 1].hole and high > group.last:
        high = group.last
    members = tokens[low:high]  # its holes are the group's, in order (a hole beside it is left out)
    swallowed = any(token.hole and token.swallowed for token in tokens[group.first : group.last])
    known: list[bytes] = [b""]  # the bytes between holes
    observed: list[str] = []
    for token in members:
        if token.hole:
            known.append(b"")  # what is known of a hole (a swallowed "<") is checked apart
            observed.append(REPLACEMENT)
        else:
            known[-1] += token.data
            observed.append(encodings.decode(token.data, wrong.name))
    expected = "".join(observed).replace("?", REPLACEMENT)

    def reproduces(filling: tuple[bytes, ...]) -> bool:
        if swallowed or any(len(value) > 1 for value in filling):
            return True  # checked when the hole's possible bytes were listed
        data = bytearray(known[0])
        for value, after in zip(filling, known[1:], strict=True):
            data += value
            data += after
        for decoder in wrong.decoders:
            if bytes(data).decode(decoder, "replace").replace("?", REPLACEMENT) == expected:
                return True
        return False

    return reproduces


def _is_lead_only(byte: int, wrong: str) -> bool:
    """Whether a byte cannot stand alone in ``wrong`` (a DBCS lead byte, or undefined)."""
    try:
        bytes([byte]).decode(wrong)
    except UnicodeDecodeError:
        return True
    return False


# --------------------------------------------------------------------------- marking by structure

# What a byte can be in UTF-8, as bit flags: enough to tell which character sizes a run
# of bytes and holes allows without trying every value a hole may hold.
_ASCII, _C80, _C90, _CA0, _L2, _E0, _E1, _ED, _F0, _F1, _F4, _BAD = (1 << bit for bit in range(12))
_CONTINUATION = _C80 | _C90 | _CA0
#: Per lead class: what the first continuation byte may be (E0, ED, F0 and F4 narrow it).
_FIRST_CONTINUATION = {_L2: _CONTINUATION, _E0: _CA0, _E1: _CONTINUATION, _ED: _C80 | _C90}
_FIRST_CONTINUATION |= {_F0: _C90 | _CA0, _F1: _CONTINUATION, _F4: _C80}
_LEAD_SIZE = {_L2: 2, _E0: 3, _E1: 3, _ED: 3, _F0: 4, _F1: 4, _F4: 4}
#: What a lost character of each size costs when nothing says otherwise (CJK text: 3 bytes).
_DEFAULT_SIZE_COUNTS = (1.0, 2.0, 0.1)
#: How often a multi-byte character is followed by ASCII when nothing says otherwise.
_DEFAULT_ASCII_AFTER = (1.0, 4.0)  # (ASCII, not ASCII)
#: What a lost character costs by its size in bytes (index 0: an ASCII byte a decoder ate).
SizeCosts = tuple[float, float, float, float]


class Sizes(Protocol):
    """What a lost character of 1 to 4 bytes costs (index 0 to 3), as ``_size_costs`` gives it."""

    def __getitem__(self, index: int, /) -> float: ...


class _TextSizes:
    """``_size_costs`` of a whole text spelled in one encoding, worked out when a hole first needs it.

    Most windows read every '?' as a question mark and never price a lost character;
    spelling a long page to count its character sizes is then work for nothing.
    """

    __slots__ = ("_costs", "_text", "_wrong")

    def __init__(self, text: str, wrong: str) -> None:
        self._text = text
        self._wrong = wrong
        self._costs: SizeCosts | None = None

    def __getitem__(self, index: int, /) -> float:
        if self._costs is None:
            self._costs = _size_costs(_spelled_bytes(self._text, self._wrong))
        return self._costs[index]


#: What a '?' read as itself costs inside a stretch of holes, beside a lost character.
LITERAL_COST = 4.0
#: What a byte that fits no UTF-8 character costs (marked as a lost character of its own).
BROKEN_COST = 20.0


@cache
def _byte_class(byte: int) -> int:  # noqa: PLR0911 - the UTF-8 table
    if byte < 0x80:
        return _ASCII
    if byte < 0xC0:
        return _C80 if byte < 0x90 else _C90 if byte < 0xA0 else _CA0
    if 0xC2 <= byte <= 0xDF:
        return _L2
    if byte == 0xE0:
        return _E0
    if byte == 0xED:
        return _ED
    if 0xE1 <= byte <= 0xEF:
        return _E1
    if byte == 0xF0:
        return _F0
    if byte == 0xF4:
        return _F4
    return _F1 if 0xF1 <= byte <= 0xF3 else _BAD


@cache
def _classes(values: tuple[int, ...]) -> int:
    mask = 0
    for value in values:
        mask |= _byte_class(value)
    return mask


@cache
def _fits_character(masks: tuple[int, ...], complete: bool) -> bool:
    """Whether bytes of these classes can be one UTF-8 character (or its start, if not ``complete``)."""
    for lead, size in _LEAD_SIZE.items():
        if not masks[0] & lead or (len(masks) != size if complete else len(masks) >= size):
            continue
        if len(masks) == 1 or (masks[1] & _FIRST_CONTINUATION[lead] and all(m & _CONTINUATION for m in masks[2:])):
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Slot:
    """One byte of a group: known, or a hole's byte with the classes it may have."""

    mask: int
    byte: int | None  # None for a hole
    literal: bool = False  # a hole that may be a real '?'


def _slots(members: list[_Token]) -> list[_Slot]:
    slots: list[_Slot] = []
    for token in members:
        if token.hole:
            masks = _hole_masks(token.allowed)
            slots.extend(_Slot(mask, None, literal=token.question and len(masks) == 1) for mask in masks)
        slots.extend(_Slot(_byte_class(byte), byte) for byte in token.data)
    return slots


@cache
def _hole_masks(allowed: tuple[bytes, ...]) -> tuple[int, ...]:
    """Per byte of a hole: the classes of the values it may hold (a '?' read as itself aside)."""
    width = len(allowed[0]) if allowed else 1
    values = [value for value in allowed if len(value) == width and value != b"?"]
    masks = [_classes(tuple({value[position] for value in values})) for position in range(width)]
    if width == 2:
        # The byte an eating decoder swallowed may have been ASCII too (a space, a comma);
        # its fillings are not enumerated (a letter would have paired), but it is counted.
        masks[1] |= _ASCII
    return tuple(masks)


#: Runs of characters that UTF-8 spells in 2, 3 and 4 bytes.
_UTF8_SIZE_RUNS = tuple(
    re.compile(f"[{low}-{high}]+")
    for low, high in (("\x80", "\u07ff"), ("\u0800", "\uffff"), ("\U00010000", "\U0010ffff"))
)
_WIDE_RUN = re.compile("[^\x00-\x7f]+")
_WIDE_PAIR = re.compile("[^\x00-\x7f](?=[^\x00-\x7f])")


def _size_costs(data: bytes) -> SizeCosts:
    """What a lost character of 1 to 4 bytes costs, in bits, from the known characters around.

    A lost character follows a multi-byte one (a lost lead byte is non-ASCII), so an
    ASCII one is priced by how often ASCII follows a multi-byte character here: often
    in Korean (spaces), rarely in Chinese.
    """
    text = data.decode("utf-8", "ignore")
    # Counted by the regex engine: a page is hundreds of thousands of characters.
    counts = [
        default + sum(map(len, pattern.findall(text)))
        for default, pattern in zip(_DEFAULT_SIZE_COUNTS, _UTF8_SIZE_RUNS, strict=True)
    ]
    wide_chars = sum(map(len, _WIDE_RUN.findall(text)))
    wide_after_wide = len(_WIDE_PAIR.findall(text))
    wide_followed = wide_chars - (1 if text and text[-1] > "\x7f" else 0)
    after = list(_DEFAULT_ASCII_AFTER)
    after[0] += wide_followed - wide_after_wide
    after[1] += wide_after_wide
    ascii_share = after[0] / sum(after)
    total = sum(counts)
    wide = [-math.log2((1 - ascii_share) * count / total) for count in counts]
    return (-math.log2(ascii_share), wide[0], wide[1], wide[2])


def _structural(members: list[_Token], hole_text: str, sizes: Sizes, allow_incomplete: bool) -> _Choice:
    """Mark every UTF-8 character that holds a lost byte, splitting the bytes the likeliest way.

    The known bytes pin most boundaries (a lead byte says how many continuations follow);
    where holes leave a choice ("lead, 2 continuations, lead, 2 continuations" with the
    leads lost), the character sizes seen around decide, so six lost bytes of Chinese
    text are two characters, not three.
    """
    slots = _slots(members)
    count = len(slots)
    # best[i]: (cost, previous boundary, piece) for the cheapest split of slots[:i].
    best: list[tuple[float, int, str] | None] = [None] * (count + 1)
    best[0] = (0.0, -1, "")
    for start in range(count):
        if best[start] is None:
            continue
        for end, cost, piece in _characters_from(slots, start, sizes, allow_incomplete):
            total = best[start][0] + cost  # type: ignore[index]
            if best[end] is None or total < best[end][0]:  # type: ignore[index]
                best[end] = (total, start, piece)
    pieces: list[tuple[str, int]] = []
    end = count
    while end > 0:
        _cost, start, piece = best[end]  # type: ignore[misc]
        pieces.append((piece, sum(slot.byte is None for slot in slots[start:end])))
        end = start
    out: list[str] = []
    lost: list[tuple[int, int]] = []
    for piece, holes in reversed(pieces):
        if piece == REPLACEMENT:
            lost.append((len(out), holes))
        out.append(piece)
    return _Choice("".join(out), tuple(lost), 0, 1.0, hole_text)


def _characters_from(
    slots: list[_Slot], start: int, sizes: Sizes, allow_incomplete: bool
) -> list[tuple[int, float, str]]:
    """The characters that may start at ``start``: (end, cost, text), U+FFFD for a lost one."""
    first = slots[start]
    if first.byte is not None and first.byte < 0x80:
        return [(start + 1, 0.0, chr(first.byte))]
    found: list[tuple[int, float, str]] = []
    if first.literal:
        found.append((start + 1, LITERAL_COST, "?"))
    if first.byte is None and first.mask & _ASCII:
        found.append((start + 1, sizes[0], REPLACEMENT))  # an ASCII byte a decoder ate
    for size in (2, 3, 4):
        end = start + size
        chunk = slots[start:end]
        masks = tuple(slot.mask for slot in chunk)
        complete = end <= len(slots)
        if not _fits_character(masks, complete) or (not complete and not allow_incomplete):
            continue
        if all(slot.byte is not None for slot in chunk) and complete:
            decoded = bytes(slot.byte for slot in chunk).decode("utf-8", "replace")  # type: ignore[misc]
            found.append((end, 0.0 if REPLACEMENT not in decoded else BROKEN_COST, decoded[:1]))
        else:
            found.append((min(end, len(slots)), sizes[size - 1], REPLACEMENT))
    if not found:
        found.append((start + 1, BROKEN_COST, REPLACEMENT))
    return found


# --------------------------------------------------------------------------- choosing


def _quote_adjustment(candidate: str, before: str, after: str) -> float:
    """Opening quotes open and closing quotes close: the cost cannot tell “ from ”."""
    if "“" not in candidate and "‘" not in candidate and "”" not in candidate and "’" not in candidate:
        return 0.0  # the common case, found by four C scans
    closing_position = bool(before) and not before[-1].isspace() and (not after or not after[0].isalnum())
    total = 0.0
    for char in candidate:
        if char in "“‘":
            total += 2.5 if closing_position else 0.0
        elif char in "”’":
            total += 0.0 if closing_position else 2.5
    return total


@lru_cache(maxsize=1 << 16)
def _invisible(text: str) -> float:
    """Format characters and odd spaces cost little as characters but are rarely what a hole held."""
    odd = sum(3.0 for char in text if unicodedata.category(char) in ("Cf", "Zs", "Cc") and ord(char) >= 0x80)
    # U+2010/U+2011 (the Unicode hyphens) are rare in text, where "-" is written; they are
    # what E2 80 90 makes of a lost 0x9D in "”" (E2 80 9D) read as cp1252.
    return odd + sum(2.0 for char in text if char in "\u2010\u2011")


@dataclass(frozen=True, slots=True)
class _Choice:
    """What one hole group becomes: the text, how many of its characters are lost."""

    text: str  # the recovered text (lost characters as U+FFFD)
    lost: tuple[tuple[int, int], ...]  # (offset in text, lost bytes) per lost character
    chosen: int  # characters picked by plausibility among several candidates
    confidence: float
    kept: str  # what a lost character is written as under ``lost="keep"``
    #: The text with each lost character as the likeliest candidate; None where the
    #: candidates were not weighed (too many, or the structure alone marked them).
    guess: str | None = None


def _choose(candidates: dict[str, int], before: str, after: str, hole_text: str, holes: int, sizes: Sizes) -> _Choice:
    """Pick the filling by plausibility with a margin; otherwise mark the differing characters."""
    if len(candidates) == 1:
        (text,) = candidates
        return _Choice(text, (), 0, 1.0, hole_text, guess=text)
    if len(candidates) > MAX_CHOSEN_AMONG:
        return _marked(list(candidates), holes, hole_text, sizes)
    costs = sorted(
        (
            _cost(before + text + after) + _quote_adjustment(text, before, after) + _invisible(text),
            text,
        )
        for text in candidates
    )
    gap = costs[1][0] - costs[0][0]
    if gap >= FILL_MARGIN:
        best = costs[0][1]
        prefix, suffix = common_affixes(list(candidates))
        chosen = max(1, len(best) - prefix - suffix)
        return _Choice(best, (), chosen, 1.0 - math.exp(-gap / 2), hole_text, guess=best)
    return replace(_marked(list(candidates), holes, hole_text, sizes), guess=costs[0][1])


def _marked(texts: list[str], holes: int, hole_text: str, sizes: Sizes) -> _Choice:
    """The characters all candidates agree on, and one U+FFFD for each lost one between.

    Where the candidates disagree on how many characters the lost bytes made, the count
    is the one whose character sizes fit the text around best (three-byte characters in
    Chinese, two-byte ones in Russian).
    """
    if len({len(text) for text in texts}) == 1:
        return _marked_in_place(texts, holes, hole_text)
    prefix, suffix = common_affixes(texts)
    middles = [text[prefix : len(text) - suffix] for text in texts]
    counts = {len(middle) for middle in middles}
    if len(counts) == 1:
        count = counts.pop()
    else:
        cheapest = min(middles, key=lambda middle: sum(_lost_size_cost(char, sizes) for char in middle))
        count = len(cheapest)
    count = max(1, count)
    base = texts[0]
    text = base[:prefix] + REPLACEMENT * count + (base[len(base) - suffix :] if suffix else "")
    share = holes // count
    lost = tuple((prefix + i, share + (1 if i < holes % count else 0)) for i in range(count))
    return _Choice(text, lost, 0, 1.0, hole_text)


def _marked_in_place(texts: list[str], holes: int, hole_text: str) -> _Choice:
    """Candidates of one length: keep each character they all agree on, mark the others.

    In "？”这句" with the bytes of ” and 句 partly lost, 这 is known whatever the holes held.
    """
    out: list[str] = []
    positions: list[int] = []
    for index, chars in enumerate(zip(*texts, strict=True)):
        if all(char == chars[0] for char in chars):
            out.append(chars[0])
        else:
            out.append(REPLACEMENT)
            positions.append(index)
    share, extra = divmod(holes, max(1, len(positions)))
    lost = tuple((position, share + (1 if i < extra else 0)) for i, position in enumerate(positions))
    return _Choice("".join(out), lost, 0, 1.0, hole_text)


def _lost_size_cost(char: str, sizes: Sizes) -> float:
    size = len(char.encode("utf-8", "surrogatepass"))
    return sizes[min(size, 4) - 1]


# --------------------------------------------------------------------------- stretches


@dataclass(frozen=True, slots=True)
class _Recovery:
    """One damaged stretch and what it becomes."""

    start: int
    end: int
    old: str
    new: str  # under the lost policy
    lost: tuple[tuple[int, int, int], ...]  # (offset in new, length in new, lost bytes)
    chosen: int
    holes: int
    confidence: float
    wrong: str
    truncated: bool
    recovered: str = ""  # lost characters as U+FFFD, whatever the policy
    eating: bool = False  # read with the model of a decoder that eats the byte after a bad lead


def _recover_segment(
    text: str,
    tokens: list[_Token],
    wrong: WrongDecoder,
    at_end: bool,
    options: Options,
    *,
    sizes: Sizes | None = None,
    choices: _GroupChoices | None = None,
) -> _Recovery | None:
    """Decode one segment with its holes; None when it is not lossy mojibake after all.

    ``sizes`` (the character sizes of the text around) and ``choices`` (what each hole
    group became) let overlapping segments and the other lines of a text share the work.
    """
    groups = _groups(tokens)
    pieces: list[tuple[str, str, tuple[tuple[int, int], ...], str]] = []  # (recovered, kept, lost, kind)
    cursor = 0
    chosen = 0
    holes = 0
    confidence = 1.0
    truncated = False
    if sizes is None:
        sizes = _size_costs(b"".join(token.data for token in tokens))
    if choices is None:
        choices = _GroupChoices()
    guesses: list[str] = []  # the pieces with each lost character as the likeliest one
    for group in groups:
        known = b"".join(token.data for token in tokens[cursor : group.first])
        pieces.append((known.decode("utf-8"), known.decode("utf-8"), (), "known"))
        guesses.append(pieces[-1][0])
        members = tokens[group.first : group.last]
        allow_incomplete = at_end and group.last == len(tokens)
        hole_count = sum(token.hole for token in members)
        holes += hole_count
        after_bytes = b"".join(token.data for token in tokens[group.last : group.last + 4] if not token.hole)
        context = (pieces[-1][0][-3:], after_bytes.decode("utf-8", "ignore")[:3])
        choice = choices.choose(text, tokens, group, wrong, allow_incomplete, context, sizes)
        if choice is None:
            return None
        if allow_incomplete and choice.text.endswith(REPLACEMENT):
            truncated = truncated or not choice.lost
            choice = _with_every_mark_lost(choice, hole_count)
        chosen += choice.chosen
        confidence = min(confidence, choice.confidence)
        pieces.append((choice.text, choice.kept, choice.lost, "group"))
        guesses.append(choice.text if choice.guess is None else choice.guess)
        cursor = group.last
    rest = b"".join(token.data for token in tokens[cursor:])
    try:
        pieces.append((rest.decode("utf-8"), "", (), "known"))
        guesses.append(pieces[-1][0])
    except UnicodeDecodeError:
        if not at_end:
            return None
        truncated = True
        piece, guess = _cut_tail(rest, "".join(guesses)[-CONTEXT:])
        pieces.append(piece)
        guesses.append(guess)
    recovered = "".join(piece[0] for piece in pieces)
    start, end = tokens[0].start, tokens[-1].end
    judged = _judged_if_better(text, start, end, recovered, "".join(guesses), chosen)
    if judged is None:
        return None
    new, lost_spans = _under_policy(pieces, options)
    return _Recovery(
        start=start,
        end=end,
        old=text[start:end],
        new=new,
        lost=lost_spans,
        chosen=chosen,
        holes=holes,
        confidence=confidence * _gain_confidence(judged),
        wrong=wrong.name,
        truncated=truncated,
        recovered=recovered,
    )


def _cut_tail(data: bytes, before: str) -> tuple[tuple[str, str, tuple[tuple[int, int], ...], str], str]:
    """The last bytes of a text, whose last character the end cuts: the piece it makes, the
    cut character marked lost, and its text with that character the likeliest it can be."""
    tail = data.decode("utf-8", "replace")
    cut: tuple[tuple[int, int], ...] = ((len(tail) - 1, 1),) if tail.endswith(REPLACEMENT) else ()
    completed = _completions(data) if cut else []
    return (tail, "", cut, "group"), _likeliest(completed, before, "") if completed else tail


def _judged_if_better(text: str, start: int, end: int, recovered: str, guessed: str, chosen: int) -> _Judged | None:
    """What the judge says of reading ``text[start:end]`` as ``recovered``; None unless it reads clearly better.

    ``guessed`` is the reading with each lost character as the likeliest it can be:
    that too must read better than the text as it is (``_guess_is_better``).
    """
    old = text[start:end]
    judged = _judge_reading(old, recovered, (text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]))
    if not _is_better(old, recovered, chosen, judged):
        return None
    if guessed != recovered and not _guess_is_better(text, start, end, guessed):
        return None
    return judged


def _completions(data: bytes) -> list[str]:
    """``data`` decoded with its last UTF-8 sequence, cut one byte short, completed every way it can be.

    Empty where nothing is cut, or more than one byte is missing (thousands of ways).
    """
    lead = len(data) - 1
    while lead > 0 and _is_continuation(data[lead]) and len(data) - lead < _LOOK_BACK:
        lead -= 1
    try:
        head = data[:lead].decode("utf-8")
    except UnicodeDecodeError:
        return []
    completed = []
    for byte in range(0x80, 0xC0):
        try:
            char = (data[lead:] + bytes([byte])).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(char) == 1:  # a whole character, not the cut one and a stray byte
            completed.append(head + char)
    return completed


def _likeliest(texts: list[str], before: str, after: str) -> str:
    """The text that reads best between ``before`` and ``after``, as ``_choose`` weighs a filling
    (the first of the best, as ``min`` gives it).

    A character cut by the end of a text completes thousands of ways: they are judged
    cheapest floor first (``plausibility.lower_bound``, a sum over the characters that
    the other terms only add to), until the floor alone is past the best found.
    """
    around = plausibility.lower_bound(before) + plausibility.lower_bound(after)
    floors = sorted((plausibility.lower_bound(text) + around, index) for index, text in enumerate(texts))
    best: tuple[float, int] | None = None
    for floor, index in floors:
        if best is not None and floor > best[0] + _FLOOR_SLACK:
            break
        text = texts[index]
        found = (_cost(before + text + after) + _quote_adjustment(text, before, after) + _invisible(text), index)
        if best is None or found < best:
            best = found
    if best is None:
        raise ValueError("no texts to choose from")
    return texts[best[1]]


#: Floors summed in another order than the cost's own sums differ by rounding.
_FLOOR_SLACK = 1e-9


def _guess_is_better(text: str, start: int, end: int, guessed: str) -> bool:
    """Whether ``text[start:end]`` reads better as ``guessed``: each lost character as the likeliest it can be.

    A lost character was some character: judged as a gap, it costs nothing, and marking
    any run of letters lost reads better than the letters ("Víš?" as "V" and a lost
    character: í and š are UTF-8 E1 9A, and the '?' a lost third byte). What the bytes
    allow there is what the reading claims the text held (Ogham letters for "íš?"), and
    that must read better than the text as it is, by the margin any repair needs.
    """
    old = text[start:end]
    delta = _delta_in_context(old, guessed, (text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]))
    evidence = sum(1 for char in old if ord(char) >= 0x80)
    lone = plausibility.writes_lone_foreign_letter(text, start, end, guessed)
    return delta >= required_margin(evidence, (Layer(encoding="utf-8", wrong="gbk"),), lone=lone)


class _GroupChoices:
    """What the hole groups of one text and decoder model became, worked out once each.

    A group is read by its content (``_group_key``): its candidates once, the choice
    among them once per context. Sound within one text, where ``sizes`` is the same.
    """

    __slots__ = ("_choices", "_readings")

    def __init__(self) -> None:
        self._readings: dict[tuple[object, ...], _Readings | _Choice | None] = {}
        self._choices: dict[tuple[object, ...], _Choice | None] = {}

    def choose(
        self,
        text: str,
        tokens: list[_Token],
        group: _Group,
        wrong: WrongDecoder,
        allow_incomplete: bool,
        context: tuple[str, str],
        sizes: Sizes,
    ) -> _Choice | None:
        """What the group becomes in this context; None when no filling explains the damage."""
        group_key = (_group_key(tokens, group), allow_incomplete)
        key = (*group_key, context)
        if key not in self._choices:
            if group_key not in self._readings:
                self._readings[group_key] = _group_readings(text, tokens, group, wrong, allow_incomplete, sizes)
            self._choices[key] = _choose_reading(self._readings[group_key], context, sizes)
        return self._choices[key]


def _with_every_mark_lost(choice: _Choice, holes: int) -> _Choice:
    """The choice with a lost entry for every U+FFFD it writes (a character cut at the end among them).

    Every candidate ends in the same cut character, so it is no candidates' disagreement
    that marks it; it is lost all the same and must be reported.
    """
    listed = {position for position, _bytes in choice.lost}
    missing = [position for position, char in enumerate(choice.text) if char == REPLACEMENT and position not in listed]
    if not missing:
        return choice
    share = holes if not choice.lost else 0  # the holes are already counted by the listed ones
    lost = tuple(sorted((*choice.lost, *((position, share) for position in missing))))
    return _Choice(choice.text, lost, choice.chosen, choice.confidence, choice.kept, choice.guess)


def _under_policy(
    pieces: list[tuple[str, str, tuple[tuple[int, int], ...], str]], options: Options
) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """The recovered text with each lost character as ``options.lost`` wants, and where they are."""
    new_parts: list[str] = []
    lost_spans: list[tuple[int, int, int]] = []
    # What new_parts holds so far, kept up as it grows: summed again for each lost character,
    # it took time with the square of a line's damage.
    written = 0
    for piece_text, kept, lost, _kind in pieces:
        offset = 0
        for position, lost_bytes in lost:
            before = piece_text[offset:position]
            replacement = {"mark": REPLACEMENT, "drop": "", "keep": kept}[options.lost]
            kept = ""  # the damaged characters are kept once, at the first lost character
            new_parts += (before, replacement)
            lost_spans.append((written + len(before), len(replacement), lost_bytes))
            written += len(before) + len(replacement)
            offset = position + 1
        rest = piece_text[offset:]
        new_parts.append(rest)
        written += len(rest)
    return "".join(new_parts), tuple(lost_spans)


_HOLES = re.compile("[?\ufffd]+")


def _gain(old: str, recovered: str) -> tuple[float, float]:
    """How much more like writing the recovered stretch is, and the margin it needs.

    The holes are left out of both sides: a damaged '?' costs nothing and a U+FFFD a
    lot, so counting them would judge how the decoder wrote its losses (one U+FFFD a
    byte, or '?') rather than whether the characters around them decode to writing.
    """
    evidence = sum(1 for char in old if ord(char) >= 0x80)
    delta = _cost(_HOLES.sub(" ", old)) - _cost(_HOLES.sub(" ", recovered))
    return delta, required_margin(evidence, (Layer(encoding="utf-8", wrong="gbk"),))


def _gain_in_context(old: str, recovered: str, around: tuple[str, str]) -> float:
    """The gain of marking an island lost, judged with the characters around it, holes cut out.

    Only for a recovery that writes nothing new (U+FFFD for characters of the damaged
    text): there a script switch inside a word ("καλÏ�τε") is the evidence, and nothing
    can be invented. A recovery that decodes something is judged on its own.
    """
    if any(char != REPLACEMENT and char not in old for char in recovered):
        return 0.0
    return _delta_in_context(old, recovered, around)


def _delta_in_context(old: str, new: str, around: tuple[str, str]) -> float:
    """How much better ``new`` reads than ``old`` between the characters ``around`` them, holes cut out."""
    before, after = around
    return _cost(_HOLES.sub("", before + old + after)) - _cost(_HOLES.sub("", before + new + after))


@dataclass(frozen=True, slots=True)
class _Judged:
    """What the judge says of a stretch and its reading: ``_gain`` and ``_gain_in_context``.

    Worked out once per stretch: whether the reading is better and how sure the stage is
    of it ask the same four costs of texts up to a line long.
    """

    delta: float
    margin: float
    in_context: float


def _judge_reading(old: str, recovered: str, around: tuple[str, str]) -> _Judged:
    delta, margin = _gain(old, recovered)
    return _Judged(delta, margin, _gain_in_context(old, recovered, around))


def _gain_confidence(judged: _Judged) -> float:
    delta, margin = judged.delta, judged.margin
    delta = max(delta, judged.in_context)
    return 0.0 if delta <= 0 else delta / (delta + margin)


def _is_better(old: str, recovered: str, chosen: int, judged: _Judged) -> bool:
    """Whether the decoded stretch looks clearly more like writing than the damaged one.

    A stretch whose only result is U+FFFD (nothing decoded but a lost character) needs
    twice the margin: "rare character + U+FFFD" is also what clean text with a genuine
    replacement character can look like.
    """
    delta, margin = judged.delta, judged.margin
    decoded = sum(1 for char in recovered if ord(char) >= 0x80 and char != REPLACEMENT)
    # The chain reversal leaves "鏄�" islands in repaired text: a rare character glued to
    # the hole. A common character next to one is more likely clean text.
    known = "".join(char for char in old if char not in _HOLE_CHARS)
    is_rare = all(plausibility.char_info(char).cost >= RARE_COST for char in known if ord(char) >= 0x80)
    # ... or a letter of another script inside a word ("καλÏ�τε", what the chain reversal
    # leaves of UTF-8 Greek read as cp1252 where 0x81 was undefined): only the text
    # around shows that.
    in_context = judged.in_context
    is_foreign = in_context >= 2 * margin
    # Clean text next to a U+FFFD (this stage's own output, say) is not mojibake: the
    # characters around the hole must look damaged by themselves.
    if not is_rare and not is_foreign and not plausibility.has_suspicious(known):
        return False
    if decoded == 0 and chosen == 0 and not is_rare and not is_foreign:
        margin *= 2
    delta = max(delta, in_context)
    return delta >= margin


# --------------------------------------------------------------------------- finding holes


#: Every state a UTF-8 decoder can be in: where a parse may stand at a point it did not start from.
_ANY_STATE = frozenset(
    {START, (1, 0x80, 0xBF), (2, 0x80, 0xBF), (2, 0xA0, 0xBF), (2, 0x80, 0x9F), (3, 0x80, 0xBF)}
    | {(3, 0x90, 0xBF), (3, 0x80, 0x8F)}
)
#: Characters looked at before a hole: a UTF-8 character spans at most four bytes.
_LOOK_BACK = 4


def _hole_allowed(
    text: str, index: int, spelling: dict[str, bytes | None], wrong: WrongDecoder, eating: bool
) -> tuple[bytes, ...]:
    """What the hole at ``index`` may hold, as ``_tokenize`` works it out from the token after it."""
    question = text[index] == "?"
    following = text[index + 1] if index + 1 < len(text) else None
    data = None if following is None or following in _HOLE_CHARS else spelling[following]
    if eating and question and following is not None and (data is not None or following in _HOLE_CHARS):
        return _eaten_pairs(wrong.name)
    return _allowed_bytes(wrong, data[:1] if data else b"", question, False)


def _may_hold_bytes(text: str, site: int, wrong: WrongDecoder, *, eating: bool) -> bool:
    """Whether the hole ('?' or U+FFFD) at ``site`` can stand for lost bytes of UTF-8 read as ``wrong``.

    Judged from a few characters on each side: the UTF-8 states a parse can stand in
    before it (started at any character boundary since the line began, the encoding
    could not spell a character, or, further back than a UTF-8 character reaches, in
    any state), the bytes the decoder model replaces there, and the byte after it. The
    state set holds every state the segment parse can reach, which makes the answer
    safe: False only where no reading puts a byte in the hole. A '?' before a tag
    remnant (its decoder ate the '<') is always worth reading.
    """
    spelling = encodings.spelling(wrong.name)
    first = site
    while first > 0 and site - first < _LOOK_BACK:
        char = text[first - 1]
        if char == "\n" or (char not in _HOLE_CHARS and spelling[char] is None):
            break
        first -= 1
    restarted = (
        first == 0
        or text[first - 1] == "\n"
        or (text[first - 1] not in _HOLE_CHARS and spelling[text[first - 1]] is None)
    )
    states: set[State] = {START} if restarted else set(_ANY_STATE)
    for index in range(first, site + 1):
        char = text[index]
        if _swallowed_tag_opener(text, index):
            return True
        if char not in _HOLE_CHARS:
            states = {after for state in states if (after := _run(state, spelling[char] or b"")) is not None}
        elif index < site:
            allowed = _hole_allowed(text, index, spelling, wrong, eating)
            states = {after for state in states for after in _through_hole(allowed, state)}
        else:
            allowed = _hole_allowed(text, index, spelling, wrong, eating)
            following = text[index + 1] if index + 1 < len(text) else None
            known = None if following is None or following in _HOLE_CHARS else spelling[following]
            return any(
                not known or _step(reached, known[0]) is not None
                for state in states
                for lost, reached in _hole_options(allowed, state)
                if lost != b"?"  # a question mark read as itself holds no lost byte
            )
        states.add(START)  # a segment may start at any character
    return True


_HOLE_NEAR_NON_ASCII = re.compile(r"[\ufffd]|\?(?<=[^\x00-\x7f]\?)|\?(?=[^\x00-\x7f])")


def _hole_sites(text: str) -> list[int]:
    sites = [match.start() for match in _HOLE_NEAR_NON_ASCII.finditer(text)]
    if text and ord(text[-1]) >= 0x80 and text[-1] != REPLACEMENT:
        sites.append(len(text) - 1)
    return sites


#: The last text's stretches: the final pass meets the very text the first pass read
#: whenever the stages between changed nothing, and the reading is the stage's cost.
_last_holes: list[tuple[str, tuple[Options, tuple[tuple[int, int], ...]], list[_Recovery]]] = []


def forget_holes() -> None:
    """Drop the remembered readings: they are for the passes of one repair only."""
    _last_holes.clear()


def _recover_holes(text: str, options: Options, marked: tuple[tuple[int, int], ...] = ()) -> list[_Recovery]:
    """The lossy stretches around every hole (and a cut at the end), best reading first, not overlapping."""
    key = (options, marked)
    if _last_holes and _last_holes[0][0] is text and _last_holes[0][1] == key:
        return _last_holes[0][2]
    recoveries = _read_holes(text, options, marked)
    _last_holes[:] = [(text, key, recoveries)]
    return recoveries


def _line_window(text: str, site: int) -> tuple[int, int]:
    """Within ``REACH`` of a hole, on its line."""
    line_end = text.find("\n", site)
    return (
        max(text.rfind("\n", 0, site) + 1, site - REACH),
        min(len(text) if line_end < 0 else line_end, site + REACH),
    )


def _read_holes(text: str, options: Options, marked: tuple[tuple[int, int], ...]) -> list[_Recovery]:
    sites = _hole_sites(text)
    if not sites:
        return []
    reader = _Reader(text, options)
    recoveries: list[_Recovery] = []
    done_until = -1
    # A stretch stops at a named pattern (锟斤拷 ...): reaching into one, it would be
    # dropped whole, and the holes before the pattern left for another pass to misread.
    # It stops at a character an earlier pass marked lost, too: that pass read the bytes
    # around it, and what it decoded there is text now, not bytes to read again ("ä�"
    # is no lead byte and its hole).
    barriers = [*marked, *(span for pattern in _UNRECOVERABLE[:-1] for span in pattern.spans(text))]
    inside = _Cover(len(text), barriers)
    # Looked up by bisection: a repaired page read again has hundreds of barriers and holes.
    barrier_ends = sorted(end for _start, end in barriers)
    barrier_starts = sorted(start for start, _end in barriers)
    for site in sites:
        if site < done_until or inside.covers(site, site + 1):
            continue
        # A stretch stays on its hole's line: no UTF-8 sequence spans a line break, and
        # the evidence that a hole is damage must come from its own line. Reaching into
        # a damaged line before it, "Jak se máš?" (clean Czech: á, š and a question mark
        # are also E1 9A and a lost byte) rode on "cafÃ©" and lost its "áš?".
        line_start, line_end = _line_window(text, site)
        ends_before = bisect.bisect_right(barrier_ends, site)  # the last barrier ending at or before the hole
        starts_after = bisect.bisect_right(barrier_starts, site)  # the first one starting after it
        low = max(line_start, done_until, barrier_ends[ends_before - 1] if ends_before else 0)
        high = min(line_end, barrier_starts[starts_after] if starts_after < len(barrier_starts) else len(text))
        best = reader.best(site, low, high)
        if best is not None:
            recoveries.append(best)
            done_until = best.end
    return recoveries


#: Bits the eating-decoder reading pays for being the rarer decoder.
EATING_PRIOR = 1.0
#: Bits a lost character costs when two readings are compared (each was a character of some text).
LOST_CHARACTER_COST = 1.5
#: A reading that explains this many more damaged characters wins whatever the confidences.
COVERAGE_GAIN = 2


def _coverage(recovery: _Recovery) -> int:
    """How many damaged-looking characters (non-ASCII, holes) a reading explains."""
    return _damaged_count(recovery.old)


def _damaged_count(text: str) -> int:
    """How many characters of ``text`` are not ASCII or are a '?', counted by C loops."""
    return len(text) - len(text.encode("ascii", "ignore")) + text.count("?")


def _fills_a_hole(recovery: _Recovery) -> bool:
    """Whether a reading does anything with a hole: reading every '?' as itself is a lossless reading."""
    holes = recovery.old.count("?") + recovery.old.count(REPLACEMENT)
    return holes > 0 and (REPLACEMENT in recovery.old or recovery.recovered.count("?") < holes)


def _reading_cost(text: str, eating: bool) -> float:
    """How a reading reads, holes priced apart.

    A hole costs the same whether a reading marks it lost (U+FFFD) or leaves it as it
    was ('?'): a hole one reading leaves in place is damage the other explains. Cut out,
    the holes leave what a reading decoded next to its neighbours, where a stray symbol
    or Latin letter amid Chinese shows.
    """
    holes = text.count("?") + text.count(REPLACEMENT)
    prior = EATING_PRIOR if eating else 0.0
    return _cost(_HOLES.sub("", text)) + LOST_CHARACTER_COST * holes + prior


#: Characters spelled at a time by the reader (see ``_Reader.tokens``).
TOKEN_CHUNK = 128


class _Reader:
    """Reads the holes of one text under each decoder model, remembering what it worked out.

    Neighbouring sites share windows and segments: each model spells the text once, and
    each segment is recovered once, however many holes it holds.
    """

    def __init__(self, text: str, options: Options) -> None:
        self.text = text
        self.options = options
        self._spelled: dict[tuple[str, int], list[_Token | None]] = {}
        self._tokens: dict[tuple[str, bool, int], list[_Token | None]] = {}
        self._recoveries: dict[tuple[str, bool, int, int, bool], _Recovery | None] = {}
        self._sizes: dict[str, Sizes] = {}
        self._choices: dict[tuple[str, bool], _GroupChoices] = {}
        self._possible: dict[tuple[int, str, bool], bool] = {}
        self._holes: list[int] | None = None  # where every '?' and U+FFFD is
        self._impossible_until: dict[tuple[str, bool], dict[int, int]] = {}
        self._windows: dict[tuple[str, bool, int, int], tuple[list[tuple[int, int]], int]] = {}

    def best(self, site: int, low: int, high: int) -> _Recovery | None:
        best: _Recovery | None = None
        for wrong in WRONG:
            if not self._may_beat(best, wrong, site, low, high) or not self._may_read(wrong, low, high, eating=False):
                continue
            found = self.recover(site, low, high, wrong, eating=False)
            if found is not None and self._is_better_reading(found, best):
                best = found
        window = self.text[low:high]
        # Eating decoders write '?', never U+FFFD, and only DBCS decoders have a lead byte.
        if "?" not in window or REPLACEMENT in window or (best is not None and best.wrong == "cp1252"):
            return best
        for wrong in WRONG[:4]:
            if not self._may_beat(best, wrong, site, low, high) or not self._may_read(wrong, low, high, eating=True):
                continue
            eaten = self.recover(site, low, high, wrong, eating=True)
            if eaten is not None and self._is_better_reading(eaten, best):
                best = eaten
        return best

    def _may_read(self, wrong: WrongDecoder, low: int, high: int, *, eating: bool) -> bool:
        """Whether a model can read anything in ``text[low:high]``: a hole that held bytes, or a cut end.

        Most '?' next to a letter that is not ASCII are question marks ("cittÃ\xa0?" is
        "città?"): the bytes before them end a UTF-8 character, and no byte the wrong
        decoder replaces fits before the byte after. Reading such a window under nine
        models cost more than the rest of a repair of a damaged French page, and every
        reading left the '?' as it was. Likewise a U+FFFD between Han characters is no
        hole of UTF-8 read as cp1252, which cannot spell them. What a model reads in a
        window is a segment with a hole that held bytes, or a character cut at the end.
        """
        text = self.text
        if high == len(text):
            return True
        key = (wrong.name, eating)
        if self._holes is None:
            self._holes = [match.start() for match in _HOLE.finditer(text)]
        holes = self._holes
        # Windows of neighbouring sites overlap: a run of holes known to hold no byte is
        # skipped in one step (a repaired Korean page read again has hundreds of holes,
        # and each site's window asked about most of them again).
        skips = self._impossible_until.setdefault(key, {})
        visited: list[int] = []
        found = False
        number = bisect.bisect_left(holes, low)
        while number < len(holes) and holes[number] < high:
            skip = skips.get(number)
            if skip is not None:
                number = skip
                continue
            index = holes[number]
            possible = self._possible.get((index, *key))
            if possible is None:
                possible = _may_hold_bytes(text, index, wrong, eating=eating)
                self._possible[(index, *key)] = possible
            if possible:
                found = True
                break
            visited.append(number)
            number += 1
        for passed in visited:
            skips[passed] = number  # the holes from ``passed`` up to ``number`` hold no byte
        return found

    def _may_beat(self, best: _Recovery | None, wrong: WrongDecoder, site: int, low: int, high: int) -> bool:
        """Whether a reading in ``wrong`` could win over ``best`` at all, judged before reading.

        ``_is_better_reading`` lets a reading that explains ``COVERAGE_GAIN`` fewer damaged
        characters lose whatever it reads, and a reading is a segment around the site,
        which no character the encoding cannot spell interrupts: the run of such
        characters around the site bounds what any reading in ``wrong`` covers. Once
        GBK has read a whole line of Chinese mojibake, Big5 and Shift-JIS spell only
        scraps of it, and spelling the line in each and searching their holes was
        most of the stage's time on a damaged CJK page.
        """
        if best is None:
            return True
        text = self.text
        spelling = encodings.spelling(wrong.name)
        start = end = site
        while start > low and (text[start - 1] in _HOLE_CHARS or spelling[text[start - 1]] is not None):
            start -= 1
        while end < high and (text[end] in _HOLE_CHARS or spelling[text[end]] is not None):
            end += 1
        return _damaged_count(text[start:end]) - _coverage(best) > -COVERAGE_GAIN

    def _is_better_reading(self, found: _Recovery, best: _Recovery | None) -> bool:
        """Whether ``found`` beats ``best``: it explains clearly more of the damage, or reads better.

        A reading that stops short leaves mojibake in place ("鏈冭?資料" when a decoder
        ate the byte after each bad lead byte and the one-byte-a-hole reading breaks
        there). Otherwise the readings are judged on the stretch both cover: "ɼ자" from
        one byte a '?' loses to "�자" from a swallowed pair in Korean, and an ASCII letter
        a GBK reading decodes amid Big5 damage loses to the Big5 reading.
        """
        if best is None:
            return True
        gained = _coverage(found) - _coverage(best)
        if abs(gained) >= COVERAGE_GAIN:
            return gained > 0
        found_text, best_text = self._on_common_stretch(found, best)
        return _reading_cost(found_text, found.eating) < _reading_cost(best_text, best.eating)

    def _on_common_stretch(self, first: _Recovery, second: _Recovery) -> tuple[str, str]:
        """What each reading makes of the stretch both cover, where they differ."""
        start, end = min(first.start, second.start), max(first.end, second.end)
        texts = [
            self.text[start : reading.start] + reading.recovered + self.text[reading.end : end]
            for reading in (first, second)
        ]
        prefix, suffix = common_affixes(texts)
        return texts[0][prefix : len(texts[0]) - suffix], texts[1][prefix : len(texts[1]) - suffix]

    def tokens(self, wrong: WrongDecoder, eating: bool, low: int, high: int) -> list[_Token | None]:
        """The tokens of ``text[low:high]``, made a chunk at a time where windows need them.

        A long page with a few holes is read in a few windows: spelling all of it in
        every model would cost more than reading the holes.
        """
        if high <= low:
            return []
        first, last = low // TOKEN_CHUNK, (high - 1) // TOKEN_CHUNK
        tokens: list[_Token | None] = []
        for number in range(first, last + 1):
            key = (wrong.name, eating, number)
            if key not in self._tokens:
                chunk_end = min(len(self.text), (number + 1) * TOKEN_CHUNK)
                following = self.spelled(wrong, number + 1)[0] if chunk_end < len(self.text) else None
                self._tokens[key] = _tokenize(self.spelled(wrong, number), following, wrong, eating)
            tokens.extend(self._tokens[key])
        offset = first * TOKEN_CHUNK
        return tokens[low - offset : high - offset]

    def spelled(self, wrong: WrongDecoder, number: int) -> list[_Token | None]:
        """Chunk ``number`` of the text spelled in ``wrong``, holes not yet told what they may hold."""
        key = (wrong.name, number)
        if key not in self._spelled:
            start = number * TOKEN_CHUNK
            self._spelled[key] = _spell(self.text, start, min(len(self.text), start + TOKEN_CHUNK), wrong.name)
        return self._spelled[key]

    def recover(self, site: int, low: int, high: int, wrong: WrongDecoder, *, eating: bool) -> _Recovery | None:
        tokens = self.tokens(wrong, eating, low, high)
        at_end = high == len(self.text)
        for first, last in self._window_segments(tokens, (wrong.name, eating, low, high), at_end, site - low):
            if not first <= site - low < last:
                continue
            is_end = at_end and last == len(tokens)
            key = (wrong.name, eating, low + first, low + last, is_end)
            if key not in self._recoveries:
                self._recoveries[key] = self._recover_segment(tokens[first:last], wrong, is_end, eating=eating)
            return self._recoveries[key]
        return None

    def _window_segments(
        self, tokens: list[_Token | None], key: tuple[str, bool, int, int], at_end: bool, until: int
    ) -> list[tuple[int, int]]:
        """The window's segments up to the one holding token ``until``, parsed once per window.

        The holes of one line share its window; a page whose '?' and U+FFFD all stay as
        they are (a repaired page, read again) parsed the line again for each of them.
        """
        segments, parsed = self._windows.get(key) or ([], 0)
        if parsed <= until and parsed < len(tokens):
            more, parsed = _segments(tokens, at_end, until=until, first=parsed)
            segments = segments + more
            self._windows[key] = (segments, parsed)
        return segments

    def _recover_segment(
        self, segment: list[_Token | None], wrong: WrongDecoder, is_end: bool, *, eating: bool
    ) -> _Recovery | None:
        real = [token for token in segment if token is not None]
        if not any(token.hole for token in real) and not is_end:
            return None
        key = (wrong.name, eating)
        # The same for both decoder models: holes add only what is known of them.
        sizes = self._sizes.setdefault(wrong.name, _TextSizes(self.text, wrong.name))
        choices = self._choices.get(key) or self._choices.setdefault(key, _GroupChoices())
        recovery = _recover_segment(self.text, real, wrong, is_end, self.options, sizes=sizes, choices=choices)
        if recovery is not None and eating:
            recovery = replace(recovery, eating=True)
        # Without a hole, only a character cut at the end is this stage's business; the
        # rest of a lossless span belongs to the chain reversal.
        if recovery is not None and not _fills_a_hole(recovery):
            if not recovery.truncated or not _cut_has_evidence(recovery):
                return None
        # A stretch that decodes nothing but a character cut at the end around a hole
        # ("ä�", which the stage writes for "Ã¤â€�"), needs the evidence a cut without a
        # hole needs: read again, the stage ate the "ä" of its own output.
        if recovery is not None and recovery.truncated and _decodes_nothing(recovery):
            if not _cut_has_evidence(recovery):
                return None
        return recovery


#: A stretch with no hole, only a character cut at the end, is read before the chain
#: search when it decodes at least this many characters beyond ASCII.
CUT_FIRST_DECODED = 3


def _is_first_pass_stretch(recovery: _Recovery) -> bool:
    """Whether the first pass takes a stretch: it decodes mojibake around its holes, or before its cut.

    A stretch that only marks characters lost decodes no evidence: "锍?" on a GBK
    mirror page (the cleanup's model of that decoder explains it), "á\x9a?" (Czech in
    cp1250 read as Latin-1). A cut with no hole needs more: legacy Thai read as Latin-1
    ends "Ô¹ä»", one Armenian letter and a cut as UTF-8; the chain search reads it
    right, and reads "Ã©tude ... un Ã" right but for its cut, which then lacks evidence.
    """
    decoded = sum(1 for char in recovery.recovered if not char.isascii() and char != REPLACEMENT)
    return decoded >= (1 if _fills_a_hole(recovery) else CUT_FIRST_DECODED)


def _decodes_nothing(recovery: _Recovery) -> bool:
    """Whether a reading decodes no character beyond ASCII, only lost ones."""
    return all(char.isascii() or char == REPLACEMENT for char in recovery.recovered)


def _cut_has_evidence(recovery: _Recovery) -> bool:
    """Whether a character cut at the end is more than one odd letter at the end of a text.

    "AØ" is clean Danish-looking text; read as UTF-8 in cp1252 it ends on a lead byte,
    but nothing else says it was ever UTF-8. A cut counts when the reading decodes
    another multi-byte character, or the cut keeps a lead byte with its continuation
    ("â€" at the end). A hole is no continuation: "ä�" is a letter and a lost character
    as well as a cut one, and it is what this stage writes for "Ã¤â€�" (reading it
    again as a cut made the stage eat the "ä" of its own output).
    """
    decoded = recovery.recovered.rstrip(REPLACEMENT)
    if not decoded.isascii():
        return True
    tail = recovery.old[len(decoded) :]  # ASCII decodes from one byte, one character
    return sum(char not in _HOLE_CHARS for char in tail) >= 2


# --------------------------------------------------------------------------- unrecoverable


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    name: str
    unit: str  # what the damage writes for ``lost_per_unit`` lost characters
    lost_per_unit: int
    bytes_per_unit: int  # bytes a unit stands for, at least
    reason: str

    def lost_characters(self, old: str) -> int:
        return max(1, len(old) // len(self.unit) * self.lost_per_unit)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the pattern is in ``text`` (a substring test first: the regex scans slowly)."""
        if self.unit not in text:
            return []
        return [match.span() for match in self.regex.finditer(text)]


def _replacement_pattern(wrong: str, per_unit: int) -> _Pattern:
    unit = (REPLACEMENT * per_unit).encode().decode(wrong)
    return _Pattern(
        re.compile(f"(?:{re.escape(unit)})+"),
        "锟拷码",
        unit,
        per_unit,
        per_unit,
        f"U+FFFD written as UTF-8 and read again as {wrong}: the bytes were lost before",
    )


_UNRECOVERABLE: tuple[_Pattern, ...] = (
    # "锟斤拷" (GBK), "嚙踝蕭" (Big5), "占쏙옙" (cp949), "鐃緒申" (EUC-JP): two U+FFFD per
    # three characters; "ï¿½" (cp1252): one per three.
    *(_replacement_pattern(wrong, 2) for wrong in ("gbk", "cp950", "cp949", "euc_jp")),
    _replacement_pattern("cp1252", 1),
    _Pattern(
        re.compile(f"烫{{{MIN_FILL_RUN},}}"),
        "烫烫烫",
        "烫",
        1,
        2,
        "0xCC fill of uninitialised stack memory read as GBK: no text was ever there",
    ),
    _Pattern(
        re.compile(f"屯{{{MIN_FILL_RUN},}}"),
        "屯屯屯",
        "屯",
        1,
        2,
        "0xCD fill of uninitialised heap memory read as GBK: no text was ever there",
    ),
    _Pattern(re.compile("\ufffd+"), "符号码", REPLACEMENT, 1, 1, "U+FFFD from a decoder that could not read bytes"),
)


def _unrecoverable(text: str, taken: list[tuple[int, int]]) -> list[tuple[_Pattern, int, int]]:
    found: list[tuple[_Pattern, int, int]] = []
    cover = _Cover(len(text), taken)
    for pattern in _UNRECOVERABLE:
        for span in pattern.spans(text):
            if cover.covers(*span):
                continue
            found.append((pattern, *span))
            cover.add(*span)
    return sorted(found, key=lambda item: item[1])


class _Cover:
    """Which characters of a text some span covers: a page has hundreds of lost spans and
    holes, and asking each hole about each span grew with the square of the damage."""

    def __init__(self, size: int, spans: list[tuple[int, int]]) -> None:
        self._covered = bytearray(size if spans else 0)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        if len(self._covered) < end:
            self._covered.extend(bytes(end - len(self._covered)))
        self._covered[start:end] = b"\x01" * (end - start)

    def covers(self, start: int, end: int) -> bool:
        """Whether any character of ``[start, end)`` is covered."""
        return self._covered.find(1, start, end) >= 0


# --------------------------------------------------------------------------- the stage


def _has_signs(text: str) -> bool:
    """C-level screen: nothing to do without a hole, a fill run or a non-ASCII last character."""
    if text.isascii():
        return False
    return (
        REPLACEMENT in text
        or "?" in text
        or "锟" in text
        or "占" in text
        or "嚙" in text
        or "鐃" in text
        or "ï¿½" in text
        or "烫烫" in text
        or "屯屯" in text
        or ord(text[-1]) >= 0x80
    )


@dataclass(slots=True)
class _Edit:
    start: int
    end: int
    new: str
    reason: str
    lost: list[tuple[int, int, int]]  # (offset in new, length, lost bytes)


def recover_lossy(text: str, options: Options, *, marked: tuple[tuple[int, int], ...] = ()) -> StageResult:
    """Recover what lossy damage left, mark what it took, and name the unrecoverable.

    ``marked`` are spans of ``text`` an earlier pass already reported lost: they are not
    reported again.

    >>> from encfix.options import Options
    >>> recover_lossy("鎴戜滑鏄\\ufffd鏈嬪弸", Options()).text
    '我们\\ufffd朋友'
    >>> recover_lossy("這是锟斤拷錯誤", Options()).text
    '這是\\ufffd\\ufffd錯誤'
    >>> recover_lossy("烫伤要及时处理", Options()).steps
    ()
    """
    return _recover(text, options, first_pass=False, marked=marked)


def recover_lossy_stretches(text: str, options: Options) -> StageResult:
    """The first pass, before the chain reversal: only stretches of mojibake around holes.

    A '?' or U+FFFD inside UTF-8 mojibake makes the damaged text look like other
    damage: the chain search, which cannot explain a hole, undoes the pieces between
    holes one by one and leaves islands ("铺垫莠�"), or finds a chain that reads the
    holes into Thai or kana, and truncated UTF-8 through Thai as a stepping stone. This
    stage explains holes and cuts, so it goes first where a stretch decodes mojibake
    around them (see ``_is_first_pass_stretch``); the rest, and the named patterns
    (锟斤拷 ...), wait for the later stages.

    >>> from encfix.options import Options
    >>> recover_lossy_stretches("鎴戜滑鏄\ufffd鏈嬪弸", Options()).text
    '我们\ufffd朋友'
    >>> recover_lossy_stretches("這是锟斤拷錯誤", Options()).steps
    ()
    """
    return _recover(text, options, first_pass=True)


class _Spans:
    """Spans sorted by start, with the furthest end of each prefix: whether one overlaps
    or contains a span is a bisection, not a pass over all of them (a page with thousands
    of lost spans asked it of thousands of recoveries)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._furthest = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span starts before ``end`` and ends after ``start``."""
        before = bisect.bisect_left(self._starts, end)
        return before > 0 and self._furthest[before - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """Whether a span starts at or before ``start`` and ends at or after ``end``."""
        before = bisect.bisect_right(self._starts, start)
        return before > 0 and self._furthest[before - 1] >= end


def _recover(text: str, options: Options, *, first_pass: bool, marked: tuple[tuple[int, int], ...] = ()) -> StageResult:
    from encfix.pipeline import StageResult

    if not _has_signs(text):
        return StageResult(text=text)
    edits: list[_Edit] = []
    findings: list[Finding] = []
    confidence = 1.0
    taken: list[tuple[int, int]] = list(marked)
    # The named patterns (锟斤拷, 烫烫烫 ...) win over a hole stretch that reaches into them:
    # they must always be flagged, never decoded into something invented.
    named = _Spans(span for pattern in _UNRECOVERABLE[:-1] for span in pattern.spans(text))
    earlier = _Spans(marked)
    for recovery in _recover_holes(text, options, marked):
        if named.overlaps(recovery.start, recovery.end):
            continue
        if first_pass and not _is_first_pass_stretch(recovery):
            continue
        if earlier.contains(recovery.start, recovery.end):
            continue  # what an earlier pass made of these holes, kept under ``--lost keep``
        finding = _recovery_finding(recovery)
        if first_pass and recovery.confidence < options.min_confidence:
            continue  # the final pass reports it, once
        if recovery.confidence < options.min_confidence:
            findings.append(
                Finding(
                    kind="lossy",
                    start=recovery.start,
                    end=recovery.end,
                    layers=finding.layers,
                    confidence=recovery.confidence,
                    evidence="left as it was: " + finding.evidence,
                    name=finding.name,
                )
            )
            continue
        findings.append(finding)
        confidence = min(confidence, recovery.confidence)
        taken.append((recovery.start, recovery.end))
        edits.append(_recovery_edit(recovery))
    for pattern, start, end in () if first_pass else _unrecoverable(text, taken):
        edit, finding = _unrecoverable_edit(text, pattern, start, end, options)
        findings.append(finding)
        if edit is not None:
            edits.append(edit)
    return _apply(text, sorted(edits, key=lambda e: e.start), findings, confidence)


def _recovery_finding(recovery: _Recovery) -> Finding:
    lost = sum(item[2] for item in recovery.lost)
    parts = [f"{recovery.holes} lost byte(s) in utf-8 read as {recovery.wrong}"]
    if recovery.lost:
        parts.append(f"{len(recovery.lost)} character(s) could not be recovered ({lost} byte(s))")
    if recovery.chosen:
        parts.append(f"{recovery.chosen} character(s) chosen by context")
    if recovery.truncated:
        parts.append("a multi-byte character cut at the end")
    hole_chars = set(recovery.old) & _HOLE_CHARS
    name = "truncated" if recovery.truncated and not hole_chars else "问句码" if "?" in hole_chars else "符号码"
    return Finding(
        kind="lossy",
        start=recovery.start,
        end=recovery.end,
        layers=(Layer(encoding="utf-8", wrong=recovery.wrong),),
        confidence=recovery.confidence,
        evidence="; ".join(parts),
        name=name,
    )


def _recovery_edit(recovery: _Recovery) -> _Edit:
    reason = f"undo utf-8 read as {recovery.wrong} around {recovery.holes} lost byte(s)"
    if recovery.chosen:
        reason += f"; {recovery.chosen} character(s) chosen by context"
    return _Edit(recovery.start, recovery.end, recovery.new, reason, list(recovery.lost))


def _unrecoverable_edit(
    text: str, pattern: _Pattern, start: int, end: int, options: Options
) -> tuple[_Edit | None, Finding]:
    old = text[start:end]
    count = pattern.lost_characters(old)
    finding = Finding(
        kind="unrecoverable", start=start, end=end, confidence=1.0, evidence=pattern.reason, name=pattern.name
    )
    lost_bytes = len(old) // len(pattern.unit) * pattern.bytes_per_unit
    if options.lost == "keep":
        return _Edit(start, end, old, pattern.reason, [(0, len(old), lost_bytes)]), finding
    if options.lost == "drop":
        return _Edit(start, end, "", pattern.reason, [(0, 0, lost_bytes)]), finding
    return _Edit(start, end, REPLACEMENT * count, pattern.reason, [(0, count, lost_bytes)]), finding


def _apply(text: str, edits: list[_Edit], findings: list[Finding], confidence: float) -> StageResult:
    """Replace steps right to left; lost spans in the coordinates of the output."""
    from encfix.pipeline import StageResult

    steps: list[Replace] = []
    lost: list[LostSpan] = []
    shift = 0
    for edit in edits:
        old = text[edit.start : edit.end]
        for offset, length, lost_bytes in edit.lost:
            position = edit.start + shift + offset
            lost.append(LostSpan(start=position, end=position + length, lost_bytes=lost_bytes, reason=edit.reason))
        shift += len(edit.new) - len(old)
    output = text
    for edit in reversed(edits):
        old = text[edit.start : edit.end]
        if old == edit.new:
            continue
        # Trim what did not change, so that a step shows only the damage.
        prefix, suffix = common_affixes([old, edit.new]) if old and edit.new else (0, 0)
        step = Replace(
            start=edit.start + prefix,
            end=edit.end - suffix,
            old=old[prefix : len(old) - suffix],
            new=edit.new[prefix : len(edit.new) - suffix],
            reason=edit.reason,
        )
        output = step.apply(output)
        steps.append(step)
    return StageResult(
        text=output,
        steps=tuple(steps),
        findings=tuple(sorted(findings, key=lambda f: f.start)),
        lost=tuple(lost),
        confidence=confidence,
    )
