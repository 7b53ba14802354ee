"""Bytes to text: byte-order marks, UTF-8, UTF-16/32 without a mark, legacy encodings.

The common case, UTF-8, costs one strict decode. Anything else is a contest: every
supported encoding that decodes the bytes strictly (plus charset-normalizer's own
proposals, which count as a little evidence) is judged by plausibility, with a prior
for how common the encoding is. A file that is mostly UTF-8 with some lines in another
encoding is decoded line block by line block, each with the encoding that fits.
"""

from __future__ import annotations

import codecs
import heapq
import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache

from encfix import encodings, plausibility
from encfix.errors import InputError
from encfix.options import Options
from encfix.report import Decode, DecodeSegments, Decoding, Segment

__all__ = ["decode_bytes"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UNICODE_WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
#: What one level of commonness (0 rare .. 3 very common) is worth against the text's
#: plausibility: enough to break ties, not enough to outvote a wrong script.
PRIOR_PER_LEVEL = 0.5
#: charset-normalizer's guess is a little evidence: less than one level of commonness.
GUESS_BONUS = 0.3
#: An HTML page's declared charset counts for a little more.
DECLARED_BONUS = 1.0
#: How many bytes of a long input the contest is judged on.
SAMPLE = 4096
_LINE = re.compile(rb"[^\n]*\n?")


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    text: str
    total: float


def _prior(name: str) -> float:
    """How surprising an encoding is for a byte file, in the judge's rough bits."""
    if name in _UNICODE_WIDE:
        return 4.0
    return (3 - encodings.by_name(name).commonness) * PRIOR_PER_LEVEL


def _sample(data: bytes) -> bytes:
    if len(data) <= SAMPLE:
        return data
    cut = data.rfind(b"\n", 0, SAMPLE)
    return data[: cut + 1] if cut > SAMPLE // 2 else data[:SAMPLE]


def _charset_normalizer_guess(data: bytes) -> str | None:
    """charset-normalizer's best guess, as one of our names (the adapter for it)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    try:
        return encodings.canonical_name(best.encoding)
    except Exception:  # an encoding Python knows under another name, or not at all
        return None


def _declared(data: bytes) -> str | None:
    """The charset an HTML page declares, as one of our names, if any."""
    from encfix.html import declared_charset

    declared = declared_charset(data)
    return declared if declared in {e.name for e in encodings.ALL} else None


#: How many of the contest's best texts are judged exactly, with every text within
#: ``_SATURATED_GAP`` of the last of them. One: the winner, and the runners-up that are
#: close enough to lower its confidence (the only ones the report can tell apart; a
#: Shift_JIS file's next texts are junk thousands of bits behind, and judging all 35
#: of them cost 0.3 s a file).
CONTEST_TOP = 1
#: A score gap beyond which a confidence is 1.0 to the last bit (1 - exp(-40) / 2
#: rounds to 1.0): texts scoring that much worse than the last of the top ones cannot
#: change any reported figure, so they need not be judged.
_SATURATED_GAP = 80.0


def _contest(data: bytes, *, top: int | None = CONTEST_TOP) -> list[_Entry]:
    """Every encoding that decodes the bytes strictly, judged, best first.

    An HTML page's declared charset is evidence too, though not much: a wrong
    declaration is the commonest cause of mojibake on news sites.

    With ``top``, only the ``top`` best texts and those within ``_SATURATED_GAP`` of
    the last of them are returned: each candidate's score is approached by ever tighter
    lower bounds (``bounds``), the candidate with the lowest bound is worked on first,
    and one whose bound is already further behind is not judged any further (a legacy
    file's wrong decodings are junk whose characters or letters cost thousands).
    The entries returned are exactly the first ones of the full contest, in its order,
    and every confidence computed from them is the same.
    """
    guess = _charset_normalizer_guess(data) if len(data) > 48 else None
    declared = _declared(data)
    names = [e.name for e in encodings.ALL if e.name != "utf-8" and e.name not in _UNICODE_WIDE]
    if len(data) % 2 == 0:
        names += ["utf-16-le", "utf-16-be"]
    if len(data) % 4 == 0:
        names += ["utf-32-le", "utf-32-be"]
    decoded: list[tuple[str, str]] = []
    for name in names:
        text = _decoded(data, name)
        if text is None:
            continue
        decoded.append((name, text))

    judge = _Judge(Counter(data), guess, declared)
    totals = _judged(decoded, judge.score, judge.bounds, top)
    # Same text from several encodings: the best-scored one speaks for it, and the text
    # keeps its place of first appearance (ties are sorted in encoding order).
    entries: dict[str, _Entry] = {}
    for index, (name, text) in enumerate(decoded):
        total = totals.get(index)
        if total is None:
            entries.setdefault(text, _Entry(name, text, math.inf))
        elif text not in entries or total < entries[text].total:
            entries[text] = _Entry(name, text, total)
    ranked = sorted(entries.values(), key=lambda e: e.total)
    if top is not None and len(ranked) > top:
        ranked = [entry for entry in ranked if entry.total <= ranked[top - 1].total + _SATURATED_GAP]
    return ranked


@dataclass(slots=True)
class _Judge:
    """The contest's judge of the candidate decodings of one input's bytes (counted by
    ``byte_counts``).

    Several encodings often give one text (shift_jis and cp932, gbk and gb18030): the
    judge reads it once, and counts its characters once.
    """

    byte_counts: Counter[int]
    guess: str | None
    declared: str | None
    costs: dict[str, float] = field(default_factory=dict)
    floors: dict[str, float] = field(default_factory=dict)
    characters: dict[str, Counter[str]] = field(default_factory=dict)
    #: How many times each byte value occurs, by value (0-255).
    byte_vector: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.byte_vector = [self.byte_counts.get(byte, 0) for byte in range(256)]

    def score(self, name: str, text: str) -> float:
        """The text's plausibility, its origin's misfit, the encoding's prior, the evidence."""
        cost = self.costs.get(text)
        if cost is None:
            cost = self.costs[text] = plausibility.cost(text)
        total = cost + plausibility.origin_misfit(text, name) + _prior(name)
        total -= GUESS_BONUS if name == self.guess else 0.0
        total -= DECLARED_BONUS if name == self.declared else 0.0
        return total

    def bounds(self, name: str, text: str) -> Iterator[tuple[float, bool]]:
        """Lower bounds of ``score``, each tighter than the last, then the score itself,
        flagged exact.

        The first bound is ``score`` with the characters' own costs instead of the whole
        judge; then the letters of one line after another are added, richest lines first
        (``_letter_lines``), the line's alphabet and then its letter pairs. Greek or
        Cyrillic read with a wrong code page is letters that cost little one by one, but
        whose words no language writes: a line or two of them rule the decoding out.

        Sound because of how ``plausibility.cost`` adds up: the characters' costs and
        their pairs' (which only credit symbol runs, as much as ``lower_bound``
        discounts), the alphabet misfit and letter pairs of each line when
        ``plausibility.judges_letters``, and terms that are never negative. Should that change,
        tests/test_contest.py says so: the bounds must rise to the score.
        """
        bound = self.score(name, "") - self.costs[""] + self._floor(name, text)  # score(name, "") judged ""
        yield bound, False
        if self._judges_letters(name, text):
            for line in _letter_lines(text):
                # Both are terms of ``plausibility.cost``, added per line and remembered
                # for the line: the text's own judging does not pay for them again.
                bound += plausibility.line_alphabet_misfit(line)
                yield bound, False
                bound += plausibility.letter_pair_misfit(line)
                yield bound, False
        yield self.score(name, text), True

    def _floor(self, name: str, text: str) -> float:
        """``plausibility.lower_bound(text)``, but for rounding.

        A single-byte code page decodes each byte to one character of its own, so the
        text's floor is its bytes' counts times their characters' floors: a sum over the
        256 byte values in C, not a count of each of the thirty-odd decodings of a legacy
        file character by character (a third of its decoding).
        """
        code_page = _code_page(name)
        if code_page is not None:
            summed: float = sum(map(operator.mul, self.byte_vector, code_page.floors))
            return summed
        floor = self.floors.get(text)
        if floor is None:
            floor = self.floors[text] = plausibility.lower_bound_of_counts(self._characters(text))
        return floor

    def _judges_letters(self, name: str, text: str) -> bool:
        """Whether ``plausibility.cost`` charges the text for its letters (``plausibility.judges_letters``)."""
        code_page = _code_page(name)
        if code_page is not None:
            return not code_page.letters.isdisjoint(self.byte_counts)
        return plausibility.judges_letters(self._characters(text))

    def _characters(self, text: str) -> Counter[str]:
        found = self.characters.get(text)
        if found is None:
            found = self.characters[text] = Counter(text)
        return found


@dataclass(frozen=True, slots=True)
class _CodePage:
    """What the contest's floor needs of a single-byte code page, by byte value."""

    #: Each byte's character's share of ``plausibility.lower_bound``.
    floors: tuple[float, ...]
    #: The bytes whose characters make ``plausibility.cost`` judge a text's letters.
    letters: frozenset[int]


@cache
def _code_page(name: str) -> _CodePage | None:
    """The single-byte code page ``name`` by byte value; None for other encodings."""
    table = encodings.single_byte_table(name) if name not in _UNICODE_WIDE else None
    if table is None:
        return None
    return _CodePage(
        floors=tuple(plausibility.lower_bound_of_counts({char: 1}) for char in table),
        letters=frozenset(byte for byte, char in enumerate(table) if plausibility.judges_letters(char)),
    )


def _letter_lines(text: str) -> list[str]:
    """The lines of ``text`` that ``plausibility.cost`` judges letters in, those with the
    most characters beyond ASCII first: they are where a wrong code page's letters cost
    the most, so few of them bound a wrong decoding out of the contest. (An ASCII line's
    letters cost nothing.)"""
    lines = [line for line in text.split("\n") if not line.isascii()]
    return sorted(lines, key=lambda line: len(line.encode("ascii", "ignore")) - len(line))


#: Bounds and scores add the same terms in another order: allow for the rounding.
_ROUNDING = 1e-9


def _judged(
    decoded: list[tuple[str, str]],
    score: Callable[[str, str], float],
    bounds: Callable[[str, str], Iterator[tuple[float, bool]]],
    top: int | None,
) -> dict[int, float]:
    """The scores of the candidates that can come within ``_SATURATED_GAP`` of the ``top``
    best texts (all of them, without ``top``).

    Best first: the candidate with the lowest bound is taken a step further, until the
    lowest bound is behind the ``top`` best scores by more than the gap. Every candidate
    that scores within the gap is then scored (its bounds never passed the threshold,
    which only falls), and so are the ``top`` best texts: the threshold is the same as
    if every candidate had been scored.
    """
    if top is None:
        return {index: score(name, text) for index, (name, text) in enumerate(decoded)}
    pending: list[tuple[float, int, bool, Iterator[tuple[float, bool]]]] = []
    for index, (name, text) in enumerate(decoded):
        steps = bounds(name, text)
        bound, exact = next(steps)
        pending.append((bound, index, exact, steps))
    heapq.heapify(pending)
    totals: dict[int, float] = {}
    best_by_text: dict[str, float] = {}
    threshold = math.inf
    while pending:
        bound, index, exact, steps = pending[0]
        if bound > threshold + _ROUNDING:
            break  # this one and every other one score worse than the top texts
        if not exact:
            bound, exact = next(steps)
            heapq.heapreplace(pending, (bound, index, exact, steps))
            continue
        heapq.heappop(pending)
        totals[index] = bound
        text = decoded[index][1]
        best_by_text[text] = min(bound, best_by_text.get(text, math.inf))
        if len(best_by_text) >= top:
            threshold = sorted(best_by_text.values())[top - 1] + _SATURATED_GAP
    return totals


def _decoded(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name) if name in _UNICODE_WIDE else encodings.decode(data, name)
    except UnicodeDecodeError:
        return None


def _judge_one(data: bytes, name: str) -> _Entry | None:
    """The bytes decoded with one encoding and judged (plausibility, origin, prior); None if invalid."""
    text = _decoded(data, name)
    if text is None:
        return None
    return _Entry(name, text, plausibility.cost(text) + plausibility.origin_misfit(text, name) + _prior(name))


def _confidence(entries: list[_Entry]) -> float:
    if len(entries) < 2:
        return 1.0 if entries else 0.0
    gap = entries[1].total - entries[0].total
    return 1.0 - 0.5 * math.exp(-gap / 2.0)


def _is_binary(data: bytes) -> bool:
    """NUL bytes that are not UTF-16 or UTF-32 text: a binary file."""
    sample = data[:SAMPLE]
    if b"\x00" not in sample:
        return False
    for name in _UNICODE_WIDE:
        cut = len(sample) - len(sample) % (4 if "32" in name else 2)
        try:
            text = sample[:cut].decode(name)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for char in text if char < " " and char not in "\t\n\r\x0c")
        if controls <= len(text) // 20:
            return False
    return True


def _decode_legacy(data: bytes) -> Decoding:
    sample = _sample(data)
    decoding = _first_fit(data, _contest(sample))
    if decoding is None and sample is not data:
        # The best texts of the sample are not the whole file's: judge every candidate.
        decoding = _first_fit(data, _contest(sample, top=None))
    if decoding is None:
        raise InputError("not text in any supported encoding")
    return decoding


def _first_fit(data: bytes, entries: list[_Entry]) -> Decoding | None:
    """The decoding by the best entry that decodes all of ``data``, if any does."""
    for entry in entries:
        try:
            text = data.decode(entry.name) if entry.name in _UNICODE_WIDE else encodings.decode(data, entry.name)
        except UnicodeDecodeError:
            continue
        alternatives = tuple((e.name, _confidence(entries[i:])) for i, e in enumerate(entries[1:4], start=1))
        return Decoding(
            text=text,
            encoding=entry.name,
            confidence=_confidence(entries),
            alternatives=alternatives,
            step=Decode(encoding=entry.name),
        )
    return None


#: How much better (in the judge's bits) a line's own best encoding must be than its
#: block's for the line to be decoded apart: the lines of a block mostly share a source.
LINE_SWITCH_MARGIN = 2.0


def _resolve_lines(data: bytes, segment: Segment) -> list[Segment] | None:
    """The encoding of each line of a block that is not UTF-8 (a block may join two sources).

    The block is judged as a whole first: its lines pool their evidence, so a short
    Turkish line ("Nasılsın?", whose cp1252 reading "Nasýlsýn?" looks Czech) follows its
    block's cp1254. A line goes its own way only when another encoding fits it clearly
    better (a cp1251 line in a cp1252 block).
    """
    try:
        shared: Decoding | None = _decode_legacy(data[segment.start : segment.end])
    except InputError:
        shared = None
    pieces: list[Segment] = []
    for match in _LINE.finditer(data, segment.start, segment.end):
        start, end = match.span()
        if start == end:
            continue
        try:
            decoding = _decode_legacy(data[start:end])
        except InputError:
            return None
        name, confidence = decoding.encoding, decoding.confidence
        if shared is not None and name != shared.encoding:
            line = data[start:end]
            own, common = _judge_one(line, name), _judge_one(line, shared.encoding)
            if own is not None and common is not None and common.total - own.total < LINE_SWITCH_MARGIN:
                name, confidence = shared.encoding, min(confidence, shared.confidence)
        pieces.append(Segment(start=start, end=end, encoding=name, confidence=confidence))
    return pieces


#: A stray run is at most this many bytes: longer runs are text in another encoding,
#: which ``_decode_mixed`` decodes by lines.
STRAY_RUN = 3
#: The encoding of stray bytes: Windows punctuation (0x92 ’, 0x85 …) and Latin-1
#: letters typed into a UTF-8 file, each byte one character (mojibake it makes is the
#: chain search's to undo, as for any text).
STRAY_ENCODING = "cp1252"
STRAY_CONFIDENCE = 0.8
#: Valid multi-byte characters this many times the stray bytes are UTF-8 by themselves:
#: legacy text forms valid UTF-8 sequences by chance, but not four for every miss.
STRAY_DOMINANCE = 4
_INVALID_RUN = re.compile("[\udc80-\udcff]+")
_LONG_INVALID_RUN = re.compile(f"[\udc80-\udcff]{{{STRAY_RUN + 1},}}")
_ASCII_OR_INVALID = re.compile("[\x00-\x7f\udc80-\udcff]+")


def _stray_pieces(data: bytes, start: int, end: int) -> list[Segment] | None:
    """A line of UTF-8 with a few stray bytes that are no UTF-8, as segments (None if it is not).

    "Don\x92t worry about the café" is UTF-8 but for one cp1252 apostrophe. Judged as a
    whole by the legacy contest, every single-byte code page misread its "é" and the
    cheapest won ("cafรฉ" in cp874); a Chinese line with one stray byte became Cyrillic
    junk. The line's valid UTF-8 stays UTF-8 when it dominates the line: every invalid
    run short (``STRAY_RUN``) and its invalid bytes no more than its valid multi-byte
    characters. A line in a legacy code page is almost never that: GBK, Big5 or cp1251
    bytes form a valid UTF-8 sequence by chance for one character in ten or fewer, and
    a Polish cp1250 line has none at all (its letters are the stray bytes, the whole
    line is the legacy contest's).
    """
    text = data[start:end].decode("utf-8", "surrogateescape")
    if _LONG_INVALID_RUN.search(text):
        return None  # a legacy line's letters, not stray bytes (found in C, before any run is listed)
    runs = list(_INVALID_RUN.finditer(text))
    if not runs:
        return None
    invalid = sum(run.end() - run.start() for run in runs)
    multibyte = len(_ASCII_OR_INVALID.sub("", text))  # the valid multi-byte characters
    if multibyte < invalid:
        return None
    pieces = _stray_split(text, start, end, runs)
    if multibyte >= STRAY_DOMINANCE * invalid:
        return pieces
    # Out of step, legacy double-byte text can look like that too (Greek in GB18030 is
    # A6 xx, and a trail C2-DF before the next A6 is a valid UTF-8 pair, about as many
    # as the A6 bytes left over): unless UTF-8 dominates, the reading must also read
    # better than the line's best legacy decoding. (That judges the stray reading as it
    # is, before the chain search: UTF-8 mojibake with a stray byte loses to any junk.)
    line = data[start:end]
    try:
        legacy = _decode_legacy(line).text
    except InputError:
        return pieces
    stray = DecodeSegments(segments=tuple(pieces)).apply(data)
    return pieces if plausibility.cost(stray) < plausibility.cost(legacy) else None


#: A character cut at an end of the input is at most this many bytes of it.
_CUT = 3
CUT_CONFIDENCE = 0.9
_CONTINUATION = re.compile(rb"[\x80-\xbf]+")


def _cut_pieces(data: bytes, start: int, end: int) -> list[Segment] | None:
    """A first or last line of UTF-8 whose only fault is a character cut by the input's
    start or end (``head -c``, a buffer boundary), as segments: the cut bytes become
    U+FFFD (one at the end; one a byte at the start, as Python's decoder reads lone
    continuation bytes), which the lossy stage reports as lost. Only where the line has
    a whole UTF-8 character beyond ASCII: an ASCII line ending in 0xE9 is Latin-1
    "café", not "caf" and a cut "é"."""
    body_start, body_end = start, end
    if start == 0:
        lead = _CONTINUATION.match(data, 0, min(end, _CUT))
        if lead is not None:
            body_start = lead.end()
    # Only the input's end may leave a character unfinished: the decoder holds its bytes.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(data[body_start:end], final=end != len(data))
    except UnicodeDecodeError:
        return None
    body_end = end - len(decoder.getstate()[0])
    if (body_start, body_end) == (start, end) or text.isascii():
        return None
    return [
        Segment(start=first, end=last, encoding="utf-8", confidence=confidence, errors=errors)
        for first, last, errors, confidence in (
            (start, body_start, "replace", CUT_CONFIDENCE),
            (body_start, body_end, "strict", 1.0),
            (body_end, end, "replace", CUT_CONFIDENCE),
        )
        if first < last
    ]


def _stray_split(text: str, start: int, end: int, runs: list[re.Match[str]]) -> list[Segment]:
    """The line ``text`` (bytes ``start``-``end``, decoded with surrogateescape) as UTF-8
    segments around its invalid ``runs``, each of which is one stray segment."""
    pieces: list[Segment] = []
    position = start  # in bytes
    previous = 0  # in characters
    for run in runs:
        first = position + len(text[previous : run.start()].encode("utf-8", "surrogateescape"))
        last = first + run.end() - run.start()
        if first > position:
            pieces.append(Segment(start=position, end=first, encoding="utf-8"))
        pieces.append(Segment(start=first, end=last, encoding=STRAY_ENCODING, confidence=STRAY_CONFIDENCE))
        position, previous = last, run.end()
    if position < end:
        pieces.append(Segment(start=position, end=end, encoding="utf-8"))
    return pieces


def _append_merged(segments: list[Segment], piece: Segment) -> None:
    """Append ``piece``, joined to the last segment when both decode the same way."""
    last = segments[-1] if segments else None
    if last is None or (last.encoding, last.errors) != (piece.encoding, piece.errors):
        segments.append(piece)
        return
    confidence = min(last.confidence, piece.confidence)
    segments[-1] = replace(last, end=piece.end, confidence=confidence)


def _decode_mixed(data: bytes) -> Decoding | None:
    """Mostly-UTF-8 bytes with blocks of lines in another encoding, decoded block by block,
    and lines of UTF-8 with a few stray bytes (``_stray_pieces``)."""
    segments: list[Segment] = []
    for match in _LINE.finditer(data):
        start, end = match.span()
        if start == end:
            continue
        line = data[start:end]
        try:
            line.decode("utf-8")
            pieces = [Segment(start=start, end=end, encoding="utf-8")]
        except UnicodeDecodeError:
            pieces = (
                _cut_pieces(data, start, end)
                or _stray_pieces(data, start, end)
                or [Segment(start=start, end=end, encoding="")]
            )
        for piece in pieces:
            _append_merged(segments, piece)
    utf8_non_ascii = any(s.encoding == "utf-8" and not data[s.start : s.end].isascii() for s in segments)
    if not utf8_non_ascii:
        return None
    resolved: list[Segment] = []
    for segment in segments:
        lines = [segment] if segment.encoding else _resolve_lines(data, segment)
        if lines is None:
            return None
        for piece in lines:
            _append_merged(resolved, piece)
    step = DecodeSegments(segments=tuple(resolved))
    names = sorted({s.encoding for s in resolved})
    return Decoding(
        text=step.apply(data),
        encoding=names[0] if len(names) == 1 else "mixed:" + "+".join(names),  # a cut UTF-8 file is utf-8
        confidence=min(s.confidence for s in resolved),
        segments=tuple(resolved),
        step=step,
    )


def decode_bytes(data: bytes, options: Options | None = None) -> Decoding:
    """Decode bytes to text, detecting the encoding unless ``options.from_encoding`` says.

    >>> decode_bytes("Grüße".encode("utf-8")).encoding
    'utf-8'
    >>> decoding = decode_bytes("Привет, как дела? Всё хорошо.".encode("cp1251"))
    >>> decoding.encoding, decoding.text
    ('cp1251', 'Привет, как дела? Всё хорошо.')
    """
    options = options or Options()
    if options.from_encoding:
        name = encodings.canonical_name(options.from_encoding)
        try:
            text = data.decode(name) if name not in {e.name for e in encodings.ALL} else encodings.decode(data, name)
        except UnicodeDecodeError as error:
            raise InputError(
                f"not valid {name}: byte {error.start} ({data[error.start : error.start + 1]!r})"
            ) from None
        return Decoding(text=text, encoding=name, confidence=1.0, step=Decode(encoding=name))
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(name)
            except UnicodeDecodeError:
                break
            return Decoding(
                text=text, encoding=name, confidence=1.0, bom=True, step=Decode(encoding=name, bom=len(bom))
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" not in text[:SAMPLE] or not _looks_wide(data):
            return Decoding(text=text, encoding="utf-8", confidence=1.0, step=Decode(encoding="utf-8"))
    if _is_binary(data):
        raise InputError("binary data (NUL bytes), not text")
    mixed = _decode_mixed(data)
    return mixed if mixed is not None else _decode_legacy(data)


def _looks_wide(data: bytes) -> bool:
    """ASCII text in UTF-16/32 is valid UTF-8 too (with NULs): tell the two apart."""
    sample = data[:SAMPLE]
    return len(sample) >= 4 and sample.count(0) > len(sample) // 4
