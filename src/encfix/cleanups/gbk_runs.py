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

Every character such a decoder emits pins its bytes; only the ``?`` hide one or two.
So a damaged run is undone by a small search over *structures* (what each ``?`` was: a
real question mark, a lone lead byte at a block boundary, a lead byte that swallowed
``<`` or the ``(`` of an annotation) and, for each structure, over the lost byte
values. The bytes are decoded in step; the structure and the characters chosen must
beat every alternative by a margin (``encfix.cleanups.context``), otherwise the run is
left as it was and reported. The report says which bytes were lost and which
characters were chosen by context.

The entry point is :func:`repair_gbk_runs`. Run it *before* the pinyin cleanup and on
text that still has its private-use characters.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from encfix.cleanups.context import text_cost
from encfix.cleanups.pinyin import ANNOTATION, find_annotation_table, is_reading_of
from encfix.cleanups.result import CleanupResult
from encfix.report import Finding, Replace

__all__ = ["NAME", "RunRepair", "find_damaged_runs", "has_decoder_damage", "repair_gbk_runs"]

NAME = "gbk-runs"

_PUA_FIRST, _PUA_LAST = "\ue000", "\ue765"
_TAG_REMNANT = re.compile(r"/?[A-Za-z][A-Za-z0-9]{0,9}(?:\s[^<>\n]{0,200})?>")
_READING_REMNANT = re.compile(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[1-5]?\)")
#: ASCII that full-width folding (NFKC) may have produced from a GBK 0xA3 row character.
_SOFT_ASCII = frozenset("!\"#$%&'()*+,-.:;=@[\\]^_`{|}~")
_LEAD_BYTES = range(0x81, 0xFF)
_LEFT_CONTEXT = 6
_MAX_RUN = 80
_MAX_STRUCTURES = 4096
_MARGIN_OVER_UNCHANGED = 5.0
_MARGIN_OVER_RUNNER_UP = 3.0
_MARGIN_CHARACTER = 2.0


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class _Lost:
    """A byte the decoder hid: known to be a lead-range byte (0x81-0xFE)."""

    index: int  # which unknown of the window


@dataclass(frozen=True, slots=True)
class _Option:
    """One reading of an ambiguous token: its bytes (``_Lost`` for unknown ones)."""

    items: tuple[int | _Lost, ...]
    label: str  # "literal", "block boundary", "swallowed '<'", "key 聯(lián)", "full-width"
    annotation: str = ""  # a straddled annotation's text, kept out of the bytes
    pinned: bool = False  # the unknown is pinned (a key), not chosen by context


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    options: tuple[_Option, ...]


@dataclass(frozen=True, slots=True)
class RunRepair:
    """One damaged run that was repaired (or declined), with the evidence."""

    start: int
    end: int
    old: str
    new: str
    kind: str  # "straddled key" or "out-of-step GBK run"
    lost: tuple[str, ...]  # one description per lost byte
    confidence: float
    applied: bool
    alternatives: tuple[str, ...] = field(default=())


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _is_private_use(char: str) -> bool:
    return _PUA_FIRST <= char <= _PUA_LAST


def _is_cjk_context(char: str) -> bool:
    return _is_han(char) or _is_private_use(char) or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef"


def _known_bytes(char: str) -> tuple[int, ...] | None:
    try:
        return tuple(char.encode("gb18030" if _is_private_use(char) else "gbk"))
    except UnicodeEncodeError:
        return None


# --------------------------------------------------------------------------- finding runs


def has_decoder_damage(text: str) -> bool:
    """Document-level evidence of a lossy GBK decoder: private-use characters in CJK text,
    ``?`` before a tag remnant, or ``?`` before a pinyin reading and ``)``.

    >>> has_decoder_damage("新?lián)\\ue2fd?/p>"), has_decoder_damage("你好吗?我很好")
    (True, False)
    """
    for index, char in enumerate(text):
        if _is_private_use(char) and _neighbours_are_cjk(text, index):
            return True
        if char == "?" and (
            (_TAG_REMNANT.match(text, index + 1) and (index == 0 or text[index - 1] != "<"))
            or _READING_REMNANT.match(text, index + 1)
        ):
            return True
    return False


def _neighbours_are_cjk(text: str, index: int) -> bool:
    around = text[max(0, index - 2) : index] + text[index + 1 : index + 3]
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


def find_damaged_runs(text: str) -> list[tuple[int, int, int]]:
    """(window start, first anchor, window end) of each candidate run, left to right.

    A run starts at a ``?`` or private-use character in CJK context and ends after the
    first ASCII byte that must have been decoded in step (a letter, digit, ``<``, ``/``,
    ...); a few characters before it are kept as in-step context.
    """
    runs: list[tuple[int, int, int]] = []
    index = 0
    previous_end = 0
    while index < len(text):
        if not _is_anchor(text, index):
            index += 1
            continue
        end = _run_end(text, index)
        if end is None:
            index += 1
            continue
        start = index
        while start > previous_end and index - start < _LEFT_CONTEXT and text[start - 1] != "\n":
            start -= 1
        runs.append((start, index, end))
        previous_end = index = end
    return runs


def _run_end(text: str, anchor: int) -> int | None:
    index = anchor
    limit = min(len(text), anchor + _MAX_RUN)
    while index < limit:
        char = text[index]
        if char == "\n":
            return index
        if char == "?":
            remnant = _READING_REMNANT.match(text, index + 1)
            index = remnant.end() if remnant else index + 1
            continue
        if char.isascii() and char not in _SOFT_ASCII:
            return index + 1
        index += 1
    return index if index == len(text) else None


# --------------------------------------------------------------------------- tokens


def _tokenize(text: str, start: int, anchor: int, end: int, keys: dict[str, str]) -> list[_Token] | None:
    """The window as tokens: in-step context, then the run with its ambiguous tokens."""
    tokens: list[_Token] = []
    unknowns = itertools.count()
    index = start
    while index < end:
        char = text[index]
        if index >= anchor and char == "?":
            token = _question_mark(text, index, tokens, keys, unknowns)
        elif index >= anchor and char in _SOFT_ASCII:
            wide = _known_bytes(chr(ord(char) + 0xFEE0))
            options = [_Option(tuple(wide), "full-width")] if wide else []
            token = _Token(index, index + 1, (*options, _Option((ord(char),), "literal")))
        else:
            known = _known_bytes(char)
            if known is None:
                return None
            token = _Token(index, index + 1, (_Option(known, "literal"),))
        tokens.append(token)
        index = token.end
    return tokens


def _question_mark(
    text: str, index: int, tokens: list[_Token], keys: dict[str, str], unknowns: Iterator[int]
) -> _Token:
    literal = _Option((0x3F,), "literal")
    remnant = _READING_REMNANT.match(text, index + 1)
    if remnant:
        reading = remnant.group()[:-1]
        annotation = "(" + remnant.group()
        literal = _Option(tuple(("?" + remnant.group()).encode("gbk")), "literal")
        previous = tokens[-1].options[0].items[-1] if tokens else None
        options = [literal]
        if isinstance(previous, int):
            for key_byte, key in _straddled_keys(previous, reading, keys):
                options.append(_Option((key_byte,), f"key {key}({reading})", annotation, pinned=True))
        return _Token(index, remnant.end(), tuple(options))
    lost = _Lost(next(unknowns))
    options = [literal, _Option((lost,), "block boundary")]
    if _TAG_REMNANT.match(text, index + 1):
        options.append(_Option((lost, 0x3C), "swallowed '<'"))
    return _Token(index, index + 1, tuple(options))


def _straddled_keys(first: int, reading: str, keys: dict[str, str]) -> list[tuple[int, str]]:
    """Second bytes that make ``first`` + byte a character read ``reading`` (the table first)."""
    found = []
    for second in range(0x40, 0xFF):
        try:
            char = bytes((first, second)).decode("gbk")
        except UnicodeDecodeError:
            continue
        if keys.get(char) == reading:
            return [(second, char)]
        if _is_han(char) and is_reading_of(reading, char):
            found.append((second, char))
    return found


# --------------------------------------------------------------------------- decoding a structure


@dataclass(slots=True)
class _Decoded:
    """A structure decoded in step: fixed text pieces, and the unknown characters."""

    pieces: list[str | int]  # text, or the index of a slot in ``slots``
    slots: list[list[str]]  # candidate characters per slot (each owns one lost byte)
    slot_bytes: list[list[int]]  # the lost byte value behind each candidate
    annotations: list[tuple[int, str]] = field(default_factory=list)


def _decode_structure(options: tuple[_Option, ...]) -> _Decoded | None:
    """Decode the bytes of one structure in step, or None if they are not valid GBK."""
    sequence: list[int | _Lost] = []
    straddles: dict[int, str] = {}  # byte position -> annotation text
    for option in options:
        if option.annotation:
            straddles[len(sequence)] = option.annotation
        sequence.extend(option.items)
    decoded = _Decoded(pieces=[], slots=[], slot_bytes=[])
    index = 0
    while index < len(sequence):
        byte = sequence[index]
        if isinstance(byte, int) and byte < 0x80:
            decoded.pieces.append(chr(byte))
            index += 1
            continue
        if byte in (0x80, 0xFF) or index + 1 >= len(sequence):
            return None
        pair = (byte, sequence[index + 1])
        if not _add_character(decoded, pair):
            return None
        if index + 1 in straddles:  # the key was a whole character: a real annotation
            decoded.pieces.append(straddles[index + 1])
        index += 2
    return decoded


def _add_character(decoded: _Decoded, pair: tuple[int | _Lost, int | _Lost]) -> bool:
    first, second = pair
    if isinstance(first, int) and isinstance(second, int):
        char = _decode_pair(first, second)
        if char is None:
            return False
        decoded.pieces.append(char)
        return True
    if not isinstance(first, int) and not isinstance(second, int):
        return False
    candidates: list[str] = []
    values: list[int] = []
    for value in _LEAD_BYTES:
        char = _decode_pair(value, second) if isinstance(second, int) else _decode_pair(first, value)  # type: ignore[arg-type]
        if char is not None:
            candidates.append(char)
            values.append(value)
    if not candidates:
        return False
    decoded.pieces.append(len(decoded.slots))
    decoded.slots.append(candidates)
    decoded.slot_bytes.append(values)
    return True


def _decode_pair(first: int, second: int) -> str | None:
    try:
        char = bytes((first, second)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return None if _is_private_use(char) or len(char) != 1 else char


# --------------------------------------------------------------------------- choosing


@dataclass(slots=True)
class _Choice:
    text: str
    cost: float
    labels: tuple[str, ...]
    lost: tuple[str, ...]
    weakest_margin: float


def _choose_slots(decoded: _Decoded, prefix: str, suffix: str, pinned: bool) -> _Choice:
    """Pick each lost character by context (coordinate descent over the slots)."""
    chosen = [min(range(len(slot)), key=lambda i, slot=slot: _single_cost(slot[i])) for slot in decoded.slots]

    def render(choice: list[int]) -> str:
        return "".join(
            piece if isinstance(piece, str) else decoded.slots[piece][choice[piece]] for piece in decoded.pieces
        )

    margins = [float("inf")] * len(decoded.slots)
    for _ in range(2):
        for slot, candidates in enumerate(decoded.slots):
            costs = []
            for candidate in range(len(candidates)):
                trial = chosen.copy()
                trial[slot] = candidate
                costs.append((text_cost(render(trial), prefix, suffix), candidate))
            costs.sort()
            chosen[slot] = costs[0][1]
            margins[slot] = costs[1][0] - costs[0][0] if len(costs) > 1 else float("inf")
    text = render(chosen)
    lost = tuple(
        f"byte 0x{decoded.slot_bytes[slot][choice]:02X} lost: {decoded.slots[slot][choice]!r} chosen by "
        f"context among {len(decoded.slots[slot])} candidates"
        for slot, choice in enumerate(chosen)
    )
    return _Choice(text, text_cost(text, prefix, suffix), (), lost, min(margins, default=float("inf")))


def _single_cost(char: str) -> float:
    from encfix.cleanups.context import char_cost

    return char_cost(char)


def _structures(tokens: list[_Token]) -> Iterator[tuple[_Option, ...]]:
    return itertools.product(*(token.options for token in tokens))


def _repair_window(text: str, window: tuple[int, int, int], keys: dict[str, str], fold: bool) -> RunRepair | None:
    start, anchor, end = window
    tokens = _tokenize(text, start, anchor, end, keys)
    if tokens is None:
        return None
    count = 1
    for token in tokens:
        count *= len(token.options)
    old = text[start:end]
    if count > _MAX_STRUCTURES:
        return _declined(start, end, old, "too many ambiguous bytes in one run")
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    prefix, suffix = text[line_start:start], text[end : line_end if line_end >= 0 else len(text)]
    results: dict[str, _Choice] = {}
    for options in _structures(tokens):
        decoded = _decode_structure(options)
        if decoded is None:
            continue
        choice = _choose_slots(decoded, prefix, suffix, pinned=False)
        choice.text = _fold(choice.text) if fold else choice.text
        labels = tuple(option.label for option in options if option.label != "literal")
        pinned = tuple(
            f"byte 0x{option.items[0]:02X} of the key {option.label[4:]} pinned by its reading"
            for option in options
            if option.pinned and isinstance(option.items[0], int)
        )
        choice.labels, choice.lost = labels, pinned + choice.lost
        if choice.text not in results or choice.cost < results[choice.text].cost:
            results[choice.text] = choice
    return _decide(start, end, old, results, prefix, suffix)


def _decide(start: int, end: int, old: str, results: dict[str, _Choice], prefix: str, suffix: str) -> RunRepair | None:
    ranked = sorted(results.values(), key=lambda choice: choice.cost)
    if not ranked or ranked[0].text == old:
        return None
    best = ranked[0]
    unchanged = results[old].cost if old in results else text_cost(old, prefix, suffix)
    runner_up = ranked[1].cost if len(ranked) > 1 else float("inf")
    kind = "straddled key" if any(label.startswith("key ") for label in best.labels) else "out-of-step GBK run"
    margin = min(unchanged - best.cost - _MARGIN_OVER_UNCHANGED, runner_up - best.cost - _MARGIN_OVER_RUNNER_UP)
    applied = margin >= 0 and best.weakest_margin >= _MARGIN_CHARACTER
    confidence = round(min(0.99, 0.5 + 0.05 * max(0.0, min(margin, best.weakest_margin))), 4) if applied else 0.3
    return RunRepair(
        start=start,
        end=end,
        old=old,
        new=best.text,
        kind=kind,
        lost=best.lost,
        confidence=confidence,
        applied=applied,
        alternatives=tuple(choice.text for choice in ranked[1:4]),
    )


def _declined(start: int, end: int, old: str, reason: str) -> RunRepair:
    return RunRepair(
        start=start,
        end=end,
        old=old,
        new=old,
        kind="out-of-step GBK run",
        lost=(reason,),
        confidence=0.0,
        applied=False,
    )


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
    keys = table.readings() if table else _keys_in_text(text)
    fold = _is_folded(text)
    steps: list[Replace] = []
    findings: list[Finding] = []
    output = text
    shift = 0
    for window in find_damaged_runs(text):
        repair = _repair_window(text, window, keys, fold)
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


def _keys_in_text(text: str) -> dict[str, str]:
    keys: dict[str, str] = {}
    for match in ANNOTATION.finditer(text):
        if is_reading_of(match["reading"], match["char"]):
            keys.setdefault(match["char"], match["reading"])
    return keys


def _finding(repair: RunRepair) -> Finding:
    if repair.applied:
        evidence = f"{repair.old!r} -> {repair.new!r}; " + "; ".join(repair.lost)
        return Finding(
            kind="lossy",
            start=repair.start,
            end=repair.end,
            confidence=repair.confidence,
            evidence=evidence,
            name=repair.kind,
        )
    guess = f"best guess {repair.new!r}" if repair.new != repair.old else "no consistent reading"
    evidence = f"{repair.old!r} left as it was ({guess}; not sure enough); " + "; ".join(repair.lost)
    return Finding(
        kind="declined",
        start=repair.start,
        end=repair.end,
        confidence=repair.confidence,
        evidence=evidence,
        name=repair.kind,
    )
