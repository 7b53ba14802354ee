"""Repair GBK runs damaged by a lossy DBCS decoder: straddled keys and out-of-step runs.

Mirror sites replace bytes blindly in GBK, then decode with a decoder (PHP mbstring,
old Java and .NET DBCS decoders behave alike) that

* turns an invalid byte pair into ``?`` **and consumes both bytes** (so the ASCII byte
  after a bad lead byte is swallowed: ``?/p>`` where ``<`` was eaten);
* maps the GBK user-defined areas to private-use characters U+E000-U+E765 (lossless:
  ``ch.encode("gb18030")`` gives the two bytes back);
* runs on blocks independently, so a block boundary inside a character leaves a lone
  lead byte (``?``) and reads the next block one byte late until an ASCII byte brings
  it back in step.

Every character such a decoder emits pins its bytes; only the ``?`` hide one or two,
and an ASCII character may stand for a folded full-width one (``！`` is ``A3 A1``). A
damaged run is undone by a beam search over the observed characters, left to right,
that decides what each ``?`` was (a real question mark, a lone lead byte at a block
boundary, a lead byte that swallowed ``<`` or the ``(`` of an annotation, an unmapped
pair) while decoding the bytes *in step*. A hypothesis survives only if

* its bytes decode as valid GBK in step (no private-use characters in the original),
* re-running the lossy decoder on it, with the block boundaries it assumes, gives back
  exactly the damaged text,
* and it beats the unchanged text, every other consistent hypothesis, and every other
  choice for each lost byte by a margin (``encfix.cleanups.context`` judges).

Otherwise the run is left as it was and reported. The report says which bytes were lost
and which characters were chosen by context.

The entry point is :func:`repair_gbk_runs`. Run it *before* the pinyin cleanup and on
text that still has its private-use characters.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

from encfix.cleanups.context import (
    DocumentContext,
    Reading,
    choice_cost,
    document_context,
    extend,
    finish,
    forms_word,
    margin_scale,
    start_reading,
    text_cost,
)
from encfix.cleanups.pinyin import ANNOTATION, find_annotation_table, find_annotations, is_reading_of, readings_of
from encfix.cleanups.result import CleanupResult
from encfix.prescan import may_hold
from encfix.report import Finding, Replace

__all__ = ["NAME", "RunRepair", "find_damaged_runs", "has_decoder_damage", "lossy_decode", "repair_gbk_runs"]

NAME = "gbk-runs"

_PUA_FIRST, _PUA_LAST = "\ue000", "\ue765"
_CLOSED_LATER = re.compile(r"[^()\n?]{1,30}\)")
_TAG_REMNANT = re.compile(r"/?[A-Za-z][A-Za-z0-9]{0,9}(?:\s[^<>\n]{0,200})?>")
_TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_SYLLABLE = f"[a-z{_TONE_LETTERS}]{{1,6}}[1-5]?"
_READING_REMNANT = re.compile(_SYLLABLE + r"\)")
_LEFT_CONTEXT = 6
_MAX_WINDOW = 160
_BEAM_WIDTH = 48
_PER_FUTURE = 2
_FINALISTS = 12
_MARGIN_OVER_UNCHANGED = 4.0
_MARGIN_OVER_RUNNER_UP = 3.0
_MARGIN_CHARACTER = 2.0
_UNKNOWN = -1
_BOTH_BYTES = 2  # _Lost.part: a whole character lost (a key's lead byte and its trail)

TokenKind = Literal["exact", "question", "straddle", "keyed", "soft"]


# --------------------------------------------------------------------------- the decoder


@cache  # pure, and asked again for every hypothesis: 65,000 pairs at most
def _decode_pair(first: int, second: int) -> str | None:
    """A GBK pair as the original text can contain it (no private use), else None."""
    try:
        char = bytes((first, second)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return None if _is_private_use(char) or len(char) != 1 else char


@cache
def _lossy_pair(lead: int, trail: int) -> str:
    if trail < 0x40 or trail in (0x7F, 0xFF):
        return "?"
    if ((0xAA <= lead <= 0xAF or 0xF8 <= lead <= 0xFE) and trail >= 0xA1) or (0xA1 <= lead <= 0xA7 and trail < 0xA1):
        return bytes((lead, trail)).decode("gb18030")  # user-defined areas -> private use
    try:
        return bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return "?"


def lossy_decode(data: bytes) -> str:
    """Decode CP936 the way PHP mbstring does: a bad pair is one ``?`` for both bytes.

    >>> lossy_decode(bytes.fromhex("d0c293286c69a8a26e29faae943c2f703e"))
    '新?lián)\\ue2fd?/p>'
    """
    out: list[str] = []
    index = 0
    while index < len(data):
        lead = data[index]
        if lead < 0x80:
            out.append(chr(lead))
            index += 1
        elif lead in (0x80, 0xFF) or index + 1 == len(data):
            out.append("?")
            index += 1
        else:
            out.append(_lossy_pair(lead, data[index + 1]))
            index += 2
    return "".join(out)


@cache
def _completions_after(lead: int) -> tuple[tuple[int, str], ...]:
    """(trail, char) for the lead-range bytes that complete ``lead`` (a lost trail byte)."""
    return tuple((trail, char) for trail in range(0x81, 0xFF) if (char := _decode_pair(lead, trail)))


@cache
def _completions_before(trail: int) -> tuple[tuple[int, str], ...]:
    """(lead, char) for the lost lead bytes that ``trail`` completes."""
    return tuple((lead, char) for lead in range(0x81, 0xFF) if (char := _decode_pair(lead, trail)))


@cache
def _unmapped_pairs() -> tuple[tuple[int, int], ...]:
    """Byte pairs in the GBK ranges that map to nothing: the decoder makes them one ``?``."""
    return tuple(
        (lead, trail) for lead in range(0x81, 0xFF) for trail in range(0x81, 0xFF) if _lossy_pair(lead, trail) == "?"
    )


# --------------------------------------------------------------------------- characters


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _is_private_use(char: str) -> bool:
    return _PUA_FIRST <= char <= _PUA_LAST


def _is_cjk_context(char: str) -> bool:
    return (
        _is_han(char)
        or _is_private_use(char)
        or "\u3000" <= char <= "\u303f"
        or "\uff00" <= char <= "\uffef"
        or char in "“”‘’…—·"
    )


def _known_bytes(char: str) -> tuple[int, ...] | None:
    try:
        return tuple(char.encode("gb18030" if _is_private_use(char) else "gbk"))
    except UnicodeEncodeError:
        return None


# --------------------------------------------------------------------------- finding runs


def has_decoder_damage(text: str) -> bool:
    """Document-level evidence of a lossy GBK decoder: private-use characters, ``?`` before
    a tag remnant or before a pinyin reading and ``)``, ``?`` glued to Chinese characters.

    >>> has_decoder_damage("新?lián)\ue2fd?/p>"), has_decoder_damage("你好吗?我很好")
    (True, False)
    """
    return _looks_damaged(text)


def _neighbours_are_cjk(text: str, index: int) -> bool:
    left = index
    opening = text.rfind("(", max(0, index - 9), index)
    if opening > 0 and (annotation := _ANNOTATION_TEXT.match(text, opening)) and annotation.end() == index:
        left = opening  # 博物(wu)?^(guan): the character before is the annotated 物
    around = text[max(0, left - 2) : left] + text[index + 1 : index + 3]
    return any(_is_cjk_context(char) for char in around)


def _is_anchor(text: str, index: int) -> bool:
    char = text[index]
    if _is_private_use(char):
        return _neighbours_are_cjk(text, index)
    if char != "?":
        return False
    return (
        _neighbours_are_cjk(text, index)
        or bool(_TAG_REMNANT.match(text, index + 1))
        or bool(_READING_REMNANT.match(text, index + 1))
    )


_TAG_START = re.compile(r"</?[A-Za-z]")


_OPENED_ANNOTATION = re.compile(r"[\u3400-\u9fff]\(" + _SYLLABLE[: _SYLLABLE.index("{")] + "{0,5}")


def _not_inside_annotation(text: str, start: int, floor: int) -> int:
    """Move a window start back so that it does not cut ``網(wǎng)`` in two, nor an
    annotation the damage starts in (``外(w?\ue60f)``)."""
    for match in ANNOTATION.finditer(text, max(floor, start - 10), start + 10):
        if match.start() < start < match.end():
            return match.start()
    for match in _OPENED_ANNOTATION.finditer(text, max(floor, start - 8), start + 1):
        if match.start() < start <= match.end():
            return match.start()
    return start


def _is_in_step_point(text: str, index: int) -> bool:
    """A line end, or a ``<`` that starts a tag: ASCII the decoder emitted, so in step.
    (A lone ``<`` may be a folded full-width ``＜`` read out of step.)"""
    return text[index] == "\n" or bool(_TAG_START.match(text, index))


def find_damaged_runs(text: str) -> list[tuple[int, int, int]]:
    """(window start, first anchor, window end) of each candidate run, left to right.

    A run starts at a ``?`` or private-use character in CJK context; the decoder is
    back in step, at the latest, at the next ``<`` or line end, where the window ends.
    A few characters before the anchor are kept as in-step context.

    >>> find_damaged_runs("展現新?lián)\\ue2fd?/p>\\n")
    [(0, 3, 14)]
    """
    runs: list[tuple[int, int, int]] = []
    index = 0
    previous_end = 0
    while index < len(text):
        if not _is_anchor(text, index):
            index += 1
            continue
        while index > previous_end and (text[index - 1] == "?" or _is_private_use(text[index - 1])):
            index -= 1  # "??z": the run starts at the first of adjacent marks
        end = index + 1
        while end < len(text) and end - index < _MAX_WINDOW and not _is_in_step_point(text, end):
            end += 1
        if end < len(text) and not _is_in_step_point(text, end):
            end = _cut_before_last_damage(text, index, end)
        start = index
        while start > previous_end and index - start < _LEFT_CONTEXT and text[start - 1] != "\n":
            start -= 1
        start = _not_inside_annotation(text, start, previous_end)
        runs.append((start, index, end))
        previous_end = index = end
    return runs


#: Marks a lossy decoder shows only where it reads in step: '，' is A3 AC, and no GBK
#: text character starts with AC (a user-defined lead byte), so no trail byte A3 read
#: out of step with the lead byte after it gives one; an ASCII ',' is in step itself.
_IN_STEP_MARKS = ",，"


def _cut_before_last_damage(text: str, anchor: int, end: int) -> int:
    """Where a window too long to reach an in-step point ends: after the last comma
    before damage that runs on past (or starts just after) the window's end.

    A paragraph of a mirror page is one line: after a repaired spot, the window runs
    on to the line's end or :data:`_MAX_WINDOW` characters. Cut there, it could end
    inside a later out-of-step run (a block boundary further on), which then belonged
    to no window whole, or just before one, which then had no byte before it to read
    a straddled key with: neither window had a consistent reading. A comma is read in
    step (:data:`_IN_STEP_MARKS`), so the damage after it goes whole to the next
    window. (A stretch without '?' is no such point: characters read out of step are
    mostly valid GBK.)
    """
    upper = end
    while upper < min(len(text), end + _LEFT_CONTEXT) and not _is_in_step_point(text, upper):
        upper += 1
    floor = anchor + 2 * _LEFT_CONTEXT
    comma = max(text.rfind(mark, floor, end) for mark in _IN_STEP_MARKS)
    if comma < 0 or not any(_is_anchor(text, index) for index in range(comma + 1, upper)):
        return end
    return comma + 1


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class _Token:
    """One observed character (or ``?reading)`` / ``K(reading)`` group) of a window."""

    kind: TokenKind
    start: int
    end: int
    data: tuple[int, ...] = ()  # exact bytes; for "soft", the ASCII byte; for "keyed", the key
    wide: tuple[int, ...] = ()  # "soft": the full-width character's bytes
    annotation: str = ""  # "straddle"/"keyed": the annotation as seen, "(lián)"
    reading: str = ""
    swallowed: str = ""  # "question": the ASCII byte the syntax after it says was eaten; "keyed": a label
    cut: int = 0  # "keyed": a block boundary this many bytes into the annotation (0: none)


def _tokenize(text: str, bounds: tuple[int, int, int], keys: dict[str, str]) -> list[_Token] | None:
    start, anchor, end = bounds
    tokens: list[_Token] = []
    index = start
    while index < end:
        token = _cut_annotation_at(text[:end], index, keys) or _token_at(text[:end], index, in_run=index >= anchor)
        if token is None:
            return None
        tokens.append(token)
        index = token.end
    return tokens


def _cut_annotation_at(text: str, index: int, keys: dict[str, str]) -> _Token | None:
    """``外(w?\ue60f)``, ``務(w??的``: a block boundary fell inside a tone-marked letter of
    the annotation of a key (``à`` is ``A8 A4``). The table's reading gives every byte
    back; the lone lead byte became ``?`` and the next block read the trail out of step
    with the byte after it."""
    if text[index + 1 : index + 2] != "(" or not _is_han(text[index]):
        return None
    in_table = text[index] in keys
    # A key whose annotations are all damaged is missing from the table: its readings.
    readings = [keys[text[index]]] if in_table else sorted(readings_of(text[index]))
    for reading in readings:
        token = _cut_annotation_with(text, index, reading)
        if token is not None:
            return token if in_table else replace(token, swallowed="key outside the table")
    return None


def _cut_annotation_with(text: str, index: int, reading: str) -> _Token | None:
    if reading.isascii():
        return None
    key = _known_bytes(text[index])
    try:
        annotation = f"({reading})".encode("gbk")
    except UnicodeEncodeError:
        return None
    offset = 0
    while offset < len(annotation):
        if annotation[offset] < 0x80:
            offset += 1
            continue
        cut = offset + 1  # after the lead byte of a two-byte letter
        seen = _fold(lossy_decode(annotation[:cut]) + lossy_decode(annotation[cut:]))
        if text.startswith(seen, index + 1):
            annotation_text = f"({reading})"
            return _Token("keyed", index, index + 1 + len(seen), data=key or (), annotation=annotation_text, cut=cut)
        offset += 2
    return None


def _token_at(text: str, index: int, in_run: bool) -> _Token | None:
    char = text[index]
    if in_run and char == "?":
        remnant = _READING_REMNANT.match(text, index + 1)
        if remnant:
            reading = remnant.group()[:-1]
            return _Token("straddle", index, remnant.end(), annotation="(" + remnant.group(), reading=reading)
        swallowed = "<" if _TAG_REMNANT.match(text, index + 1) else "(" if _CLOSED_LATER.match(text, index + 1) else ""
        return _Token("question", index, index + 1, swallowed=swallowed)
    keyed = ANNOTATION.match(text, index)
    if keyed and is_reading_of(keyed["reading"], keyed["char"]) and keyed["open"] == "(":
        key = _known_bytes(keyed["char"])
        annotation = keyed.group()[1:]
        return _Token("keyed", index, keyed.end(), data=key or (), annotation=annotation, reading=keyed["reading"])
    if in_run:
        if "!" <= char <= "~" and not _TAG_START.match(text, index):
            wide = _known_bytes(chr(ord(char) + 0xFEE0))
            return _Token("soft", index, index + 1, data=(ord(char),), wide=wide or ())
    known = _known_bytes(char)
    return None if known is None else _Token("exact", index, index + 1, data=known)


# --------------------------------------------------------------------------- the search


@dataclass(frozen=True, slots=True)
class _Lost:
    """A character of the hypothesis that contains lost bytes, and its alternatives."""

    index: int  # position in the hypothesis text
    values: tuple[int, ...]
    candidates: tuple[str, ...]
    pinned: str = ""  # why it is not a choice (the key a straddled byte belongs to)
    offset: int = 0  # where the lost byte of the character is in the stream
    part: int = 0  # which byte of the character it is: 0 the lead, 1 the trail, 2 both


@dataclass(frozen=True, slots=True)
class _State:
    """A partial hypothesis: the original text so far and the bytes the decoder saw."""

    chars: tuple[str, ...] = ()
    pending: int | None = None  # a lead byte waiting for its trail (_UNKNOWN if lost)
    last: int = 0  # the last byte fed
    reading: Reading = field(default_factory=Reading)
    stream: tuple[int, ...] = ()  # bytes as the decoder saw them (_UNKNOWN = not yet chosen)
    boundaries: tuple[int, ...] = ()  # block boundaries assumed, as offsets in ``stream``
    lost: tuple[_Lost, ...] = ()
    labels: tuple[str, ...] = ()
    folded: bool = False  # the document's full-width forms were folded: score them alike

    def emit(self, text: str, lost: _Lost | None = None, scored: bool = True) -> _State:
        """Append original text; annotations are kept but not scored (the reading skips
        them, so that keeping or dropping one is judged by the text around it)."""
        reading = self.reading
        for char in text if scored else ():
            # A character chosen for lost bytes is read as itself: folding made the
            # visible full-width forms ASCII, but a lost '／' or '０' was never seen.
            reading = extend(reading, _canonical(char) if self.folded and lost is None else char)
        return _State(
            self.chars + tuple(text),
            self.pending,
            self.last,
            reading,
            self.stream,
            self.boundaries,
            (*self.lost, lost) if lost else self.lost,
            self.labels,
            self.folded,
        )

    def fed(
        self,
        stream: tuple[int, ...],
        pending: int | None,
        last: int,
        boundaries: tuple[int, ...] | None = None,
        lost: tuple[_Lost, ...] | None = None,
    ) -> _State:
        """The state after bytes were fed to it: the search's most frequent step."""
        return _State(
            self.chars,
            pending,
            last,
            self.reading,
            stream,
            self.boundaries if boundaries is None else boundaries,
            self.lost if lost is None else lost,
            self.labels,
            self.folded,
        )

    def evolve(self, **changes: Any) -> _State:
        """``dataclasses.replace`` without its introspection, which was most of the
        search's time (it makes some 100,000 states on the rednet sample)."""
        get = changes.get
        return _State(
            get("chars", self.chars),
            get("pending", self.pending),
            get("last", self.last),
            get("reading", self.reading),
            get("stream", self.stream),
            get("boundaries", self.boundaries),
            get("lost", self.lost),
            get("labels", self.labels),
            get("folded", self.folded),
        )


_WIDE_PUNCTUATION = frozenset(",:;!?()")


def _canonical(char: str) -> str:
    """One spelling for a character and its folded form: what scoring sees in a folded
    document (full-width for Chinese punctuation, ASCII for letters and digits)."""
    if "\uff01" <= char <= "\uff5e":
        char = chr(ord(char) - 0xFEE0)
    return chr(ord(char) + 0xFEE0) if char in _WIDE_PUNCTUATION else char


#: How unlikely each decoder event is a priori (nats): block boundaries and unmapped pairs
#: are rare, a visible key that is not a whole character is a coincidence, a key that
#: is not in the document's annotation table is a guess from its reading alone.
_EVENT_COST = {
    "block boundary": 6.0,
    "unmapped pair": 6.0,
    "byte 0x80": 2.0,
    "straddled key": 6.0,
    "key outside the table": 6.0,
}


def _mark(state: _State, label: str) -> _State:
    """Record an interpretation, and pay its prior cost."""
    cost = _EVENT_COST.get(label, 0.0)
    reading = state.reading
    if cost:
        reading = Reading(reading.best, reading.extra + cost, reading.tail, reading.open)
    return state.evolve(labels=(*state.labels, label), reading=reading)


def _candidates(pairs: tuple[tuple[int, str], ...]) -> tuple[str, ...]:
    return tuple(char for _, char in pairs)


def _feed(state: _State, byte: int) -> list[_State]:
    """Feed one known byte of the original stream."""
    stream = (*state.stream, byte)
    pending = state.pending
    if pending is None:
        if byte < 0x80:
            return [state.fed(stream, state.pending, byte).emit(chr(byte))]
        if byte in (0x80, 0xFF):
            return []
        return [state.fed(stream, byte, byte)]
    if pending == _UNKNOWN:
        hole = state.stream.index(_UNKNOWN)
        pairs = _completions_before(byte)
        options = _candidates(pairs)
        return [
            state.fed((*stream[:hole], lead, *stream[hole + 1 :]), None, byte).emit(
                char, _Lost(len(state.chars), (lead,), options, offset=hole)
            )
            for lead, char in pairs
        ]
    char = _decode_pair(pending, byte)
    return [] if char is None else [state.fed(stream, None, byte).emit(char)]


def _feed_lost(state: _State) -> list[_State]:
    """Feed one lost lead-range byte."""
    pending = state.pending
    if pending is None:
        if _UNKNOWN in state.stream:
            return []
        return [state.fed((*state.stream, _UNKNOWN), _UNKNOWN, _UNKNOWN)]
    if pending == _UNKNOWN:
        return []
    pairs = _completions_after(pending)
    options = _candidates(pairs)
    states = []
    for trail, char in pairs:
        moved = state.fed((*state.stream, trail), None, trail)
        lost = _Lost(len(state.chars), (trail,), options, offset=len(state.stream), part=1)
        states.append(moved.emit(char, lost))
    return states


def _block_ends(state: _State) -> _State:
    """The state with a block boundary after the last byte fed."""
    return state.evolve(boundaries=(*state.boundaries, len(state.stream)))


def _feed_bytes(states: list[_State], data: tuple[int, ...]) -> list[_State]:
    for byte in data:
        states = [fed for state in states for fed in _feed(state, byte)]
    return states


def _advance(state: _State, token: _Token, keys: dict[str, str]) -> list[_State]:
    """Every way ``token`` can continue ``state``."""
    if token.kind == "exact":
        return _feed_bytes([state], token.data)
    if token.kind == "soft":
        ascii_states = _feed_bytes([state], token.data)
        wide_states = _feed_bytes([_mark(state, "full-width")], token.wide)
        return ascii_states + (wide_states if token.wide else [])
    if token.kind == "keyed":
        return _advance_keyed(state, token)
    if token.kind == "straddle":
        return _advance_straddle(state, token, keys)
    return _advance_question(state, token)


def _advance_keyed(state: _State, token: _Token) -> list[_State]:
    """``K(reading)`` as seen: the annotation is real only if K is a whole character."""
    aligned = state.pending is None
    states = _feed_bytes([state], token.data)
    annotation = tuple(token.annotation.encode("gbk"))
    if token.cut:
        cut = [
            _mark(
                fed.evolve(stream=fed.stream + annotation, boundaries=(*fed.boundaries, len(fed.stream) + token.cut)),
                "block boundary",
            ).emit(token.annotation, scored=False)
            for fed in states
            if aligned and fed.pending is None
        ]
        return [_mark(fed, token.swallowed) for fed in cut] if token.swallowed else cut
    out = []
    for fed in states:
        fed = fed.evolve(stream=fed.stream + annotation)
        if aligned and fed.pending is None:
            out.append(fed.emit(token.annotation, scored=False))
        else:
            out.append(_mark(fed, "straddled key"))
    return out


def _advance_straddle(state: _State, token: _Token, keys: dict[str, str]) -> list[_State]:
    """``?reading)``: the ``?`` is the key's second byte with the annotation's ``(``."""
    literal = [_mark(s, "literal ?") for s in _feed_bytes([state], tuple(("?" + token.annotation[1:]).encode("gbk")))]
    if state.pending == _UNKNOWN:
        return literal + _straddle_after_lost_lead(state, token, keys)
    if state.last < 0x81:
        return literal
    annotation = tuple(token.annotation.encode("gbk"))
    out = literal
    found = _straddled_keys(state.last, token.reading, keys)
    aligned = state.pending == state.last
    # A whole character outside the table is known by its first byte and its reading
    # only (its second byte went into the '?' with the '('): one of several characters,
    # chosen by context like a lost byte, not pinned.
    outside = tuple(key for _, key in found if keys.get(key) != token.reading) if aligned else ()
    for second, key in found:
        for fed in _feed(state, second):
            fed = fed.evolve(stream=fed.stream + annotation, labels=(*fed.labels, f"key {key}{token.annotation}"))
            if keys.get(key) == token.reading or not aligned:
                lost = _Lost(len(fed.chars), (second,), (), pinned=f"{key}{token.annotation}")
            else:
                lost = _Lost(len(fed.chars) - 1, (second,), outside, offset=len(state.stream), part=1)
            if keys.get(key) != token.reading:
                fed = _mark(fed, "key outside the table")
            fed = fed.evolve(lost=(*fed.lost, lost))
            out.append(fed.emit(token.annotation, scored=False) if aligned else fed)
    return out


def _straddle_after_lost_lead(state: _State, token: _Token, keys: dict[str, str]) -> list[_State]:
    """``??reading)``: a block ended on the key's lead byte; the key table gives it back.

    A key whose every annotation is damaged is missing from the table: then any
    character with that reading may be the key (at the prior cost of a key outside the
    table), and the context around it chooses.
    """
    annotation = tuple(token.annotation.encode("gbk"))
    out = []
    in_table = [key for key, reading in keys.items() if reading == token.reading]
    outside = tuple(key for key in _keys_read(token.reading) if key not in keys)
    hole = state.stream.index(_UNKNOWN)
    for key in in_table + list(outside):
        key_bytes = _known_bytes(key)
        if key_bytes is None or len(key_bytes) != 2:
            continue
        filled = state.evolve(
            stream=(*state.stream[:hole], key_bytes[0], *state.stream[hole + 1 :]), pending=key_bytes[0]
        )
        for fed in _feed(filled, key_bytes[1]):
            if key in keys:
                lost = _Lost(len(state.chars), key_bytes, (), pinned=f"{key}{token.annotation}")
                label = f"key {key}{token.annotation}"
            else:
                # Both bytes are lost and only the reading is known: the choice model
                # picks among the characters of that reading, as for any lost byte.
                lost = _Lost(len(state.chars), key_bytes, outside, offset=hole, part=_BOTH_BYTES)
                label = f"key {token.annotation} outside the table"
            fed = fed.evolve(stream=fed.stream + annotation, labels=(*fed.labels, label))
            fed = fed if key in keys else _mark(fed, "key outside the table")
            out.append(fed.evolve(lost=(*fed.lost, lost)).emit(token.annotation, scored=False))
    return out


@cache
def _keys_read(reading: str) -> tuple[str, ...]:
    """The Han characters of GBK that ``reading`` is a reading of (what a key outside the
    table may be)."""
    return tuple(char for char in _chars_by_toneless().get(_toneless(reading), ()) if is_reading_of(reading, char))


@cache
def _chars_by_toneless() -> dict[str, tuple[str, ...]]:
    """Two-byte GBK Han characters by toneless reading (pypinyin's table)."""
    from pypinyin.pinyin_dict import pinyin_dict

    index: dict[str, list[str]] = {}
    for code, readings in pinyin_dict.items():
        char = chr(code)
        if not _is_han(char) or len(_known_bytes(char) or ()) != 2:
            continue
        for base in {_toneless(syllable) for syllable in readings.split(",")}:
            index.setdefault(base, []).append(char)
    return {base: tuple(chars) for base, chars in index.items()}


def _toneless(syllable: str) -> str:
    """``lián`` -> ``lian``, ``lu:`` / ``lǜ`` -> ``lü`` (tone digits dropped)."""
    decomposed = unicodedata.normalize("NFD", syllable.lower().replace("v", "ü"))
    plain = "".join(char for char in decomposed if char.isascii() or char == "\u0308")
    return unicodedata.normalize("NFC", plain).rstrip("12345")


def _advance_question(state: _State, token: _Token) -> list[_State]:
    # A '?' after 嗎/呢/吧... ends a question: kept, it does not leave damage unexplained.
    literal = "question mark" if state.chars and state.chars[-1] in _QUESTION_ENDS else "literal ?"
    out = [_mark(s, literal) for s in _feed_bytes([state], (0x3F,))]
    # A lost byte then a block boundary, or (below) a lost lead byte that swallowed the
    # ASCII byte after it: the same lost byte and characters, read once for both.
    lost = _feed_lost(state)
    out += [_mark(_block_ends(s), "block boundary") for s in lost]
    if token.swallowed and state.pending not in (None, _UNKNOWN):
        label = f"swallowed {token.swallowed!r}"
        out += [_mark(s, label) for s in _feed_bytes(lost, (ord(token.swallowed),))]
    if state.pending is not None:
        out += _unmapped(state)
        # 0x80 is a valid GBK trail byte but not a lead: read out of step, the decoder
        # makes it a '?' on its own, so the byte is known exactly. After a lost lead
        # byte too: 線 and 個 are BE 80 and 82 80, so a block boundary in them gives '??'.
        out += [_mark(s, "byte 0x80") for s in _feed(state, 0x80)]
    return out


def _unmapped_after_lost_lead(state: _State) -> list[_State]:
    """``??``: a lone lead byte at a block end, then an unmapped pair read out of step."""
    out = []
    hole = state.stream.index(_UNKNOWN)
    read: dict[tuple[int, int], _State] = {}  # (first, lead) -> the state with its character read
    for first, second in _unmapped_pairs():
        pairs = _completions_before(first)
        options = _candidates(pairs)
        for lead, char in pairs:
            # Which pair the decoder found unmapped does not change the text: read the
            # character once per (first, lead), then vary the bytes.
            template = read.get((first, lead))
            if template is None:
                lost = _Lost(len(state.chars), (lead,), options, offset=hole)
                template = read[first, lead] = _mark(state.emit(char, lost), "unmapped pair")
            stream = (*state.stream[:hole], lead, *state.stream[hole + 1 :], first, second)
            out.append(template.fed(stream, second, second))
    return out


def _unmapped(state: _State) -> list[_State]:
    """The ``?`` of an unmapped pair: the pending character's trail and the next lead."""
    assert state.pending is not None
    if state.pending == _UNKNOWN:
        return _unmapped_after_lost_lead(state)
    pairs = _completions_after(state.pending)
    options = _candidates(pairs)
    by_trail = dict(pairs)
    out = []
    read: dict[int, _State] = {}  # first -> the state with its character read
    offset = len(state.stream)
    for first, second in _unmapped_pairs():
        char = by_trail.get(first)
        if char is None:
            continue
        template = read.get(first)
        if template is None:
            template = read[first] = _mark(state.emit(char, _Lost(0, (), ())), "unmapped pair")
        lost = _Lost(len(state.chars), (first, second), options, offset=offset, part=1)
        stream = (*state.stream, first, second)
        out.append(template.fed(stream, second, second, lost=(*state.lost, lost)))
    return out


def _straddled_keys(first: int, reading: str, keys: dict[str, str]) -> list[tuple[int, str]]:
    """Second bytes that make ``first`` + byte a character read ``reading``: the table's
    keys first, then the other characters of that reading (paying for it in the search)."""
    in_table = [(second, char) for second, char in _completions_any(first) if keys.get(char) == reading]
    found = [(second, char) for second, char in _read_after(first, reading) if keys.get(char) != reading]
    # Both: another key of the same reading (以 and 意 are both "yi") is in the table
    # only if the page shows it annotated in step somewhere else.
    return in_table + found


@cache
def _completions_any(first: int) -> tuple[tuple[int, str], ...]:
    """(second, char) for every byte 0x40-0xFE that completes ``first`` (a straddled key's
    second byte may be an ASCII-range trail)."""
    return tuple((second, char) for second in range(0x40, 0xFF) if (char := _decode_pair(first, second)))


@cache
def _read_after(first: int, reading: str) -> tuple[tuple[int, str], ...]:
    """(second, char) for the Han characters ``first`` + byte that ``reading`` is a reading of."""
    return tuple(
        (second, char) for second, char in _completions_any(first) if _is_han(char) and is_reading_of(reading, char)
    )


def _prune(states: list[_State]) -> list[_State]:
    """Keep the cheapest few states per future (Viterbi with a runner-up), then the best overall.

    States with the same pending byte, last byte and reading state cost the same from here
    on; keeping two per future, with different interpretations, leaves a runner-up to
    measure the winner's margin against.
    """
    kept: dict[tuple[object, ...], list[_State]] = {}
    count = 0
    full_at = float("inf")  # the cost of the state that filled the beam
    for state in sorted(states, key=lambda state: state.reading.cost):
        if state.reading.cost > full_at:
            break  # the beam holds cheaper states already: none of the rest gets in
        key = (state.pending, state.last, state.reading.state, _UNKNOWN in state.stream)
        group = kept.setdefault(key, [])
        if len(group) < _PER_FUTURE and all(_reading_of(other) != _reading_of(state) for other in group):
            group.append(state)
            count += 1
            if count == _BEAM_WIDTH:
                full_at = state.reading.cost
    survivors = [state for group in kept.values() for state in group]
    return sorted(survivors, key=lambda state: state.reading.cost)[:_BEAM_WIDTH]


def _reading_of(state: _State) -> tuple[str, ...]:
    """The interpretation a state stands for, as far as the text it gives is concerned.

    In a folded document an ASCII mark and its full-width form give the same text once
    folded: a state that differs from another only by that is no runner-up (it used to
    take the runner-up's place, so that the other reading of a lost key never reached
    the finalists and the winner had no rival to be measured against).
    """
    if state.folded and "full-width" in state.labels:
        return tuple(label for label in state.labels if label != "full-width")
    return state.labels


def _search(tokens: list[_Token], keys: dict[str, str], prefix: str, folded: bool) -> list[_State]:
    if folded:
        prefix = "".join(_canonical(char) for char in prefix)
    states = [_State(reading=start_reading(prefix), folded=folded)]
    for token in tokens:
        states = _prune([advanced for state in states for advanced in _advance(state, token, keys)])
        if not states:
            return []
    return [state for state in states if state.pending is None]


# --------------------------------------------------------------------------- deciding


@dataclass(frozen=True, slots=True)
class RunRepair:
    """One damaged run that was repaired (or declined), with the evidence."""

    start: int
    end: int
    old: str
    new: str
    kind: str  # "straddled key" or "out-of-step GBK run"
    lost: tuple[str, ...]  # one description per lost or pinned byte
    confidence: float
    applied: bool
    alternatives: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Window:
    start: int
    end: int
    old: str
    prefix: str
    suffix: str
    fold: bool
    document: DocumentContext = field(default_factory=DocumentContext)


def _simulate(state: _State, fold: bool) -> str:
    """What the lossy decoder makes of the bytes this hypothesis says it saw."""
    data = bytes(state.stream)
    cuts = [0, *state.boundaries, len(data)]
    text = "".join(lossy_decode(data[a:b]) for a, b in itertools.pairwise(cuts))
    return _fold(text) if fold else text


def _repair_window(
    text: str, bounds: tuple[int, int, int], keys: dict[str, str], fold: bool, document: DocumentContext | None = None
) -> RunRepair | None:
    start, _, end = bounds
    tokens = _tokenize(text, bounds, keys)
    if tokens is None:
        old = text[start:end]
        return _unrepaired(_Window(start, end, old, "", "", fold)) if _looks_damaged(old) else None
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    suffix = text[end : line_end if line_end >= 0 else len(text)]
    window = _Window(start, end, text[start:end], text[line_start:start], suffix, fold, document or DocumentContext())
    unchanged = _unchanged_cost(text, tokens, window)
    finalists: dict[str, tuple[float, _State]] = {}
    searched = _search(tokens, keys, window.prefix, fold)
    searched.sort(key=lambda state: finish(state.reading, window.suffix))
    for state in searched:
        candidate = "".join(state.chars)
        candidate = _fold(candidate) if fold else candidate
        if candidate in finalists or _simulate(state, fold) != window.old:
            continue
        finalists[candidate] = (finish(state.reading, window.suffix), state)
        if len(finalists) == _FINALISTS:
            break
    return _decide(window, finalists, unchanged)


def _unchanged_cost(text: str, tokens: list[_Token], window: _Window) -> float:
    """The cost of the window as it is, read like the hypotheses (annotations unscored)."""
    seen = "".join(
        text[token.start] if token.kind == "keyed" and not token.cut else text[token.start : token.end]
        for token in tokens
    )
    if window.fold:
        return text_cost(*("".join(map(_canonical, part)) for part in (seen, window.prefix, window.suffix)))
    return text_cost(seen, window.prefix, window.suffix)


def _lost_values(state: _State, lost: _Lost) -> tuple[int, ...]:
    if lost.pinned:
        return lost.values
    if lost.part == _BOTH_BYTES:
        return state.stream[lost.offset : lost.offset + 2]
    return (state.stream[lost.offset], *lost.values[1:])


def _decide(window: _Window, finalists: dict[str, tuple[float, _State]], unchanged: float) -> RunRepair | None:
    ranked = sorted(finalists.items(), key=lambda item: item[1][0])
    if not ranked or ranked[0][0] == window.old:
        return _unrepaired(window) if _looks_damaged(window.old) else None
    new, (cost, state) = ranked[0]
    if "literal ?" in state.labels:
        # A '?' of the run is kept as a question mark while the run around it changes:
        # the hypothesis explains the damage only in part.
        return _declined_partial(window, new, state)
    runner_up = ranked[1][1][0] if len(ranked) > 1 else float("inf")
    state, lost, weakest = _explain_lost(state, window)
    new = _fold("".join(state.chars)) if window.fold else "".join(state.chars)
    margin = min(unchanged - cost - _MARGIN_OVER_UNCHANGED, runner_up - cost - _MARGIN_OVER_RUNNER_UP)
    applied = margin >= 0 and weakest >= 0
    confidence = round(min(0.99, 0.6 + 0.04 * min(margin, weakest + _MARGIN_CHARACTER)), 4) if applied else 0.3
    straddled = any(label.startswith(("key ", "straddled")) for label in state.labels)
    return RunRepair(
        start=window.start,
        end=window.end,
        old=window.old,
        new=new,
        kind="straddled key" if straddled else "out-of-step GBK run",
        lost=lost,
        confidence=confidence,
        applied=applied,
        alternatives=tuple(text for text, _ in ranked[1:4]),
    )


_QUESTION_ENDS = frozenset("吗嗎呢吧么麼啊呀哪谁誰")
# One leading class, then the branch for the character found: the regex engine skips to
# a '?', a '(' or a private-use character at C speed. Only a pattern that starts with
# one class (or with literals) gets that scan; a top-level alternation whose branches
# start otherwise is tried at every position of the text (3x slower on a clean page).
_DAMAGE_SIGNS = re.compile(
    "[\ue000-\ue765?(](?:"
    "(?<=[\ue000-\ue765])"  # a private-use carrier of GBK user-defined bytes
    r"|(?<=\?)" + _SYLLABLE + r"\)"  # a straddled key: "?lián)"
    r"|(?<=\?)/?[A-Za-z][A-Za-z0-9]{0,9}>"  # "?/p>": the "<" swallowed
    # "?T也", "?^(guò)": a trail byte 0x40-0x7E read in step, the rest of its character
    # (or of the key) after it
    r"|(?<=\?)[@-~](?=[\u3400-\u9fff]|\(" + _SYLLABLE + r"\))"
    r"|(?<=[\u3400-\u9fff]\()[a-z]{1,5}\?(?=[^\x00-\x7f]|\?)"  # "供(g?璶g)": a tone letter cut
    ")"
)
#: What every sign below needs, in one scan of the text as it is (annotations in): a
#: private-use carrier, or a '?' with a Han character or a ')' before it (物(wù)?), with
#: what a key, a tag or a trail byte starts with after it, or a '?' that cuts a tone
#: letter. A clean page's question marks (after Latin, Cyrillic, Arabic words, before
#: a space or a quote) fail it, and then no sign is looked for.
_CARRIER = "\ue000-\ue765"
_HAN_OR_COMPAT = "\u3400-\u9fff\uf900-\ufaff"
_MAYBE_DAMAGED = re.compile(
    f"[{_CARRIER}?](?:(?<=[{_CARRIER}])"
    f"|(?<=[{_HAN_OR_COMPAT})]\\?)"
    f"|(?=[/@-~{_HAN_OR_COMPAT}{_TONE_LETTERS}])"
    "|(?<=[a-z]\\?)(?=[^\x00-\x7f]|\\?))"
)


def gate() -> str:
    """``_MAYBE_DAMAGED`` for RE2 (``encfix.prescan``): the look-arounds spelled out."""
    return (
        f"[{_CARRIER}]|[{_HAN_OR_COMPAT})]\\?|\\?[/@-~{_HAN_OR_COMPAT}{_TONE_LETTERS}]"
        r"|[a-z]\?(?:[^\x00-\x7f]|\?)"
    )


def _looks_damaged(text: str) -> bool:
    """Signs of the lossy decoder that a repair should have explained."""
    if not may_hold(NAME, text):
        return False
    return _MAYBE_DAMAGED.search(text) is not None and _has_damage_signs(text)


def _has_damage_signs(text: str) -> bool:
    """The signs themselves, looked for with the annotations taken out."""
    text = _ANNOTATION_TEXT.sub("", text)
    if _DAMAGE_SIGNS.search(text):
        return True
    index = text.find("?")
    while index >= 0:  # str.find, not a loop over every character
        if _is_suspicious_question_mark(text, index):
            return True
        index = text.find("?", index + 1)
    return False


#: Marks a real question mark does not follow (a '?' after them is a lost byte's).
_NOT_BEFORE_A_QUESTION = frozenset("?。，、；：,;:")


def _is_suspicious_question_mark(text: str, index: int) -> bool:
    """A '?' glued to Chinese text that is not a question mark ending a question."""
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if before in _QUESTION_ENDS and (not after or after in " \n<”\"'" or _is_han(after)):
        return False
    if _is_han(before) and _is_han(after):
        return True
    # After a mark that ends a sentence or a clause, a '?' before a Chinese character
    # asks nothing: it is a lone lead byte (。?衲戤: 今 lost its lead byte).
    return (_is_han(before) and after not in " \n<”\"'") or (_is_han(after) and before in _NOT_BEFORE_A_QUESTION)


def _unrepaired(window: _Window) -> RunRepair:
    return RunRepair(
        start=window.start,
        end=window.end,
        old=window.old,
        new=window.old,
        kind="out-of-step GBK run",
        lost=("no reading of the lost bytes is consistent and clearly better than the text as it is",),
        confidence=0.0,
        applied=False,
    )


def _declined_partial(window: _Window, new: str, state: _State) -> RunRepair:
    return RunRepair(
        start=window.start,
        end=window.end,
        old=window.old,
        new=new,
        kind="straddled key" if any(label.startswith("key ") for label in state.labels) else "out-of-step GBK run",
        lost=("a '?' of the run stays unexplained",),
        confidence=0.2,
        applied=False,
    )


# Starts at the '(' and looks back for the Han character: a literal first is what the
# regex engine finds fastest.
_ANNOTATION_TEXT = re.compile(r"\((?<=[\u3400-\u9fff]\()" + _SYLLABLE + r"\)")


def _without_annotations(text: str, keep: frozenset[int] = frozenset()) -> tuple[str, list[int]]:
    """The text the model reads (annotations out, unless they hold a ``keep`` index), and
    where each kept character went."""
    plain: list[str] = []
    positions: list[int] = []
    spans = [range(match.start(), match.end()) for match in _ANNOTATION_TEXT.finditer(text)]
    dropped = {index for span in spans if not keep.intersection(span) for index in span}
    for index, char in enumerate(text):
        positions.append(len(plain))
        if index not in dropped:
            plain.append(char)
    return "".join(plain), positions


def _line_view(state: _State, window: _Window) -> tuple[str, list[int]]:
    """The line as the choice model reads it: prefix, the hypothesis without its
    annotations, suffix (canonical forms in a folded document, lost characters as
    themselves); and where each character of the hypothesis went."""
    keep = frozenset(lost.index for lost in state.lost if not lost.pinned)
    plain, positions = _without_annotations(_fold("".join(state.chars)) if window.fold else "".join(state.chars), keep)
    prefix, suffix = _ANNOTATION_TEXT.sub("", window.prefix), _ANNOTATION_TEXT.sub("", window.suffix)
    if window.fold:
        plain, prefix, suffix = ("".join(map(_canonical, part)) for part in (plain, prefix, suffix))
    chars = list(prefix + plain + suffix)
    positions = [len(prefix) + position for position in positions]
    for lost in state.lost:
        if not lost.pinned:
            chars[positions[lost.index]] = state.chars[lost.index]
    return "".join(chars), positions


def _with_choice(state: _State, lost: _Lost, char: str) -> _State:
    """The hypothesis with another character for a lost byte (same stream otherwise)."""
    stream = list(state.stream)
    encoded = char.encode("gbk")
    if lost.part == _BOTH_BYTES:
        stream[lost.offset : lost.offset + 2] = encoded
    else:
        stream[lost.offset] = encoded[lost.part]
    chars = list(state.chars)
    chars[lost.index] = char
    return state.evolve(stream=tuple(stream), chars=tuple(chars))


def _rechoose(state: _State, window: _Window) -> tuple[_State, dict[int, tuple[float, int, bool]]]:
    """Choose each character a lost byte stood for with the choice model (word model,
    HMM, the page's own pairs and script), among the characters that keep the decoder's
    output as seen. Returns the hypothesis and, per lost index, the winner's margin
    over the runner-up, the number of consistent candidates, and whether a rival that
    forms a word speaks against a winner that forms none (:func:`_has_word_rival`)."""
    margins: dict[int, tuple[float, int, bool]] = {}
    for lost in state.lost:
        if lost.pinned:
            continue
        line, positions = _line_view(state, window)
        where = positions[lost.index]
        scored = []
        for char in dict.fromkeys(lost.candidates):
            moved = _with_choice(state, lost, char)
            if _simulate(moved, window.fold) == window.old:
                scored.append((choice_cost(line[:where] + char + line[where + 1 :], where, window.document), char))
        scored.sort()
        if not scored:
            margins[lost.index] = (-1.0, 0, False)
            continue
        state = _with_choice(state, lost, scored[0][1])
        margin = scored[1][0] - scored[0][0] if len(scored) > 1 else float("inf")
        margins[lost.index] = (margin, len(scored), _has_word_rival(scored, line, where))
    return state, margins


#: How much more a candidate that forms a word may cost than a winner that forms none
#: and still speak against it (nats; see :func:`_has_word_rival`).
_WORD_RIVAL_RANGE = 5.0


def _has_word_rival(scored: list[tuple[float, str]], line: str, where: int) -> bool:
    """Whether the cheapest candidate is a Chinese character that forms no word with its
    neighbours while a rival within :data:`_WORD_RIVAL_RANGE` of it would form one.

    The word model ranks a character that stands alone by its frequency only: 的, 了,
    是, 在 are cheap anywhere, so they win holes whose neighbours would have made a word
    with the right character (能?數據: 的 over the 耗 of 能耗). A rival that forms a word
    is context speaking for it; the winner has none, so the choice is not sure. (It
    cannot help where the right word is not in the word list: 傳承人 is not in jieba's.)
    Measured on 800 lost bytes of text other than the benchmark's (the zh corpus and
    the rednet sample, machine-converted to Traditional): of the choices the margin
    accepts, 18 of 627 were wrong; this check turns away 3 of them and 7 right ones.
    """
    best, winner = scored[0]
    if not _is_han(winner) or forms_word(line[:where] + winner + line[where + 1 :], where):
        return False
    return any(
        _is_han(char) and forms_word(line[:where] + char + line[where + 1 :], where)
        for cost, char in itertools.takewhile(lambda item: item[0] - best <= _WORD_RIVAL_RANGE, scored[1:])
    )


def _explain_lost(state: _State, window: _Window) -> tuple[_State, tuple[str, ...], float]:
    """The hypothesis with its lost characters chosen, one sentence per lost byte, and the
    smallest margin of a character chosen by context beyond what it needs (negative:
    not sure enough)."""
    lines = []
    weakest = float("inf")
    state, margins = _rechoose(state, window)
    line, positions = _line_view(state, window)
    for lost in state.lost:
        values = " ".join(f"0x{value:02X}" for value in _lost_values(state, lost))
        if lost.pinned:
            lines.append(f"byte {values} of the key {lost.pinned} pinned by its reading")
            continue
        chosen = state.chars[lost.index]
        margin, count, rivalled = margins[lost.index]
        # A Chinese character is chosen by the word model: with the small fallback word
        # list it must win by more. Punctuation is judged alike by both.
        needed = _MARGIN_CHARACTER * (margin_scale() if _is_han(chosen) else 1.0)
        weakest = min(weakest, margin - needed)
        if margin_scale() > 1.0 and _is_han(chosen) and not forms_word(line, positions[lost.index]):
            weakest = -1.0  # the small fallback word list cannot vouch for a lone character
        if rivalled:
            weakest = -1.0  # a lone character chosen for its frequency over one that forms a word
        shown = _fold(chosen) if window.fold else chosen
        lines.append(f"byte {values} lost: {shown!r} chosen by context among {count} candidates")
    if "swallowed '<'" in state.labels:
        lines.append("'<' swallowed by the decoder restored from the tag syntax")
    if "swallowed '('" in state.labels:
        lines.append("'(' swallowed by the decoder restored from the ')' that follows")
    return state, tuple(lines), weakest


def _fold(text: str) -> str:
    return "".join(chr(ord(char) - 0xFEE0) if "\uff01" <= char <= "\uff5e" else char for char in text)


def _is_folded(text: str) -> bool:
    """Full-width punctuation was folded to ASCII (NFKC) in this document."""
    return not any("\uff01" <= char <= "\uff5e" for char in text) and bool(
        re.search(r"[\u4e00-\u9fff][,:;!]|[,:;!][\u4e00-\u9fff]", text)
    )


# --------------------------------------------------------------------------- entry point


def repair_gbk_runs(text: str) -> CleanupResult:
    """Repair straddled annotation keys and out-of-step GBK runs left by a lossy decoder.

    >>> result = repair_gbk_runs("展現(xiàn)新?lián)\\ue2fd?/p>")
    >>> result.text
    '展現(xiàn)新擔當</p>'
    >>> repair_gbk_runs("你好吗?我很好").steps
    ()
    """
    if not has_decoder_damage(text):
        return CleanupResult(text=text)
    table = find_annotation_table(text)
    if table is None and not _damage_is_local(text):
        # Without a mirror's annotation table, the model fits only text that is clean
        # GBK-decoded Chinese apart from a few damaged spots; UTF-8 read as GBK (signs
        # of damage everywhere) is the chain and lossy stages' job, and the search here
        # would take seconds a sentence on it.
        return CleanupResult(text=text)
    keys = table.readings() if table else _keys_in_text(text)
    fold = _is_folded(text)
    steps: list[Replace] = []
    findings: list[Finding] = []
    output = text
    shift = 0
    runs = find_damaged_runs(text)
    document = _document_context(text, runs)
    for bounds in runs:
        repair = _repair_window(text, bounds, keys, fold, document)
        if repair is None:
            continue
        findings.append(_finding(repair))
        if repair.applied:
            reason = f"{repair.kind}: " + "; ".join(repair.lost)
            step = Replace(
                start=repair.start + shift, end=repair.end + shift, old=repair.old, new=repair.new, reason=reason
            )
            output = step.apply(output)
            steps.append(step)
            shift += len(repair.new) - len(repair.old)
    return CleanupResult(text=output, steps=tuple(steps), findings=tuple(findings))


def _document_context(text: str, runs: list[tuple[int, int, int]]) -> DocumentContext:
    """The page's pairs and script, read where the decoder was in step (annotations out)."""
    pieces = []
    previous = 0
    for _, anchor, end in runs:
        pieces.append(text[previous:anchor])
        previous = end
    pieces.append(text[previous:])
    return document_context(_ANNOTATION_TEXT.sub("", "\n".join(pieces)))


#: Damaged spots are "a few" up to one '?' in this many characters: a text where the
#: marks are denser (UTF-8 read as Big5 or GBK and re-saved with '?') is the chain and
#: lossy stages' job, and the search here grows with every '?' of a run.
LOCAL_DAMAGE_SPACING = 10


def _damage_is_local(text: str) -> bool:
    """Whether the signs of damage are few: about as many as the damaged '?' spots, and sparse."""
    from encfix.plausibility import suspicious_spans

    questions = text.count("?") + text.count("\ufffd")
    if questions * LOCAL_DAMAGE_SPACING > len(text) + LOCAL_DAMAGE_SPACING:
        return False
    return len(suspicious_spans(text)) <= 2 * questions + 2


def _keys_in_text(text: str) -> dict[str, str]:
    keys: dict[str, str] = {}
    for match in find_annotations(text):
        if is_reading_of(match["reading"], match["char"]):
            keys.setdefault(match["char"], match["reading"])
    return keys


def _finding(repair: RunRepair) -> Finding:
    if repair.applied:
        evidence = f"{repair.old!r} -> {repair.new!r}; " + "; ".join(repair.lost)
        kind: Literal["lossy", "declined"] = "lossy"
    else:
        guess = f"best guess {repair.new!r}" if repair.new != repair.old else "no consistent reading"
        evidence = f"{repair.old!r} left as it was ({guess}; not sure enough); " + "; ".join(repair.lost)
        kind = "declined"
    return Finding(
        kind=kind,
        start=repair.start,
        end=repair.end,
        confidence=repair.confidence,
        evidence=evidence,
        name=repair.kind,
    )
