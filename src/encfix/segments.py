"""Where to look for damage, and which spans to repair.

A page is rarely damaged uniformly: one pasted paragraph, a title, some CSV fields. The
search therefore works on *units* at three granularities, coarse to fine, and stops at
the first that explains the damage: the whole text, each line (a paragraph, in news
text), and the spans inside a line (runs of non-ASCII words; runs that re-encode to
valid UTF-8). Evidence is pooled: spans that show the same chain support each other, so
ten short damaged CSV fields are repaired together where one alone would be too little
evidence.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from encfix import encodings, plausibility
from encfix.chains import WRONG, Hypothesis, rejudge, required_margin, search, with_word_evidence
from encfix.options import Options
from encfix.report import Layer, undo_layers

__all__ = ["Verdict", "find_mojibake"]

#: How many of a region's best chains are kept as candidates.
PROBE_CHAINS = 4

_LINE = re.compile(r"[^\n]*\n?")
_NON_ASCII_RUNS = re.compile(r"\S*[^\x00-\x7f]\S*(?:[ \t]+\S*[^\x00-\x7f]\S*)*")
_ASCII_SPACE = re.compile(r"[ \t\n\r\x0b\x0c]+")
_ASCII_WHITE = frozenset(" \t\n\r\x0b\x0c")
_NON_ASCII_WORDS = re.compile(r"\S*[^\x00-\x7f]\S*")
_UTF8_RUN = re.compile(
    rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})"
    rb"(?:[\x20-\x7e]{0,3}(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}))*"
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement on one unit: the best hypothesis against leaving it as it is."""

    start: int
    end: int
    best: Hypothesis
    as_is: Hypothesis
    runner_up: Hypothesis | None

    @property
    def delta(self) -> float:
        """How much cheaper the repair is than the text as it is."""
        return self.as_is.total - self.best.total

    @property
    def evidence(self) -> int:
        """How many characters speak for the verdict (the non-ASCII ones)."""
        return _evidence(self.as_is.text, self.best)

    @property
    def confidence(self) -> float:
        """Delta against the margin this much evidence needs; 0.5 exactly at the margin."""
        return _confidence(self.delta, required_margin(self.evidence, self.best.layers), self.runner_up_gap)

    @property
    def runner_up_gap(self) -> float:
        return math.inf if self.runner_up is None else self.runner_up.total - self.best.total


def _evidence(unit: str, best: Hypothesis) -> int:
    """How many characters of ``unit`` speak for repairing it as ``best`` (the non-ASCII ones)."""
    if best.layers and len(best.text) == len(unit):
        # A one-to-one chain: only the characters it changes are evidence.
        return sum(a != b for a, b in zip(unit, best.text, strict=True))
    return len(unit) - len(unit.encode("ascii", "ignore"))  # counted by the codec, in C


def _confidence(delta: float, margin: float, gap: float) -> float:
    if delta <= 0:
        return 0.0
    base = delta / (delta + margin)
    # A close second-best repair (another text) makes the choice, not the damage, unsure.
    return base * (1.0 - 0.5 * math.exp(-2.0 * gap)) if math.isfinite(gap) else base


def _verdict(start: int, end: int, hypotheses: list[Hypothesis]) -> Verdict:
    as_is = next(h for h in hypotheses if not h.layers)
    best = hypotheses[0]
    runner_up = next((h for h in hypotheses[1:] if h is not as_is and h.text != best.text), None)
    return Verdict(start, end, best, as_is, runner_up if best.layers else None)


def _without_weak_lone_letters(text: str, start: int, end: int, hypotheses: list[Hypothesis]) -> list[Hypothesis]:
    """The hypotheses (sorted), less the best ones that write a lone foreign letter and win by too little.

    Such a reading (``plausibility.writes_lone_foreign_letter``: "Caf酋" for "Café…‹")
    must beat every reading that does not write one, leaving the text as it is among
    them, by twice the margin: ``required_margin(..., lone=True)``. Against the next
    reading, not only against the text as it is: UTF-8 read as cp1250 in "è…”" is undone
    by one layer, and a second one (the clean text read again) makes the lone 腔.
    """
    unit = text[start:end]

    def writes_lone(hypothesis: Hypothesis) -> bool:
        return plausibility.writes_lone_foreign_letter(text, start, end, hypothesis.text)

    while len(hypotheses) > 1 and hypotheses[0].layers:
        best, following = hypotheses[0], hypotheses[1]
        margin = required_margin(_evidence(unit, best), best.layers, lone=True)
        # Asked only where the answer can matter: a long damaged page is read for
        # nothing when its repair is that far ahead of every other reading.
        if following.total - best.total >= margin or not writes_lone(best):
            break
        rival = next(h for h in hypotheses[1:] if not h.layers or not writes_lone(h))
        if rival.total - best.total >= margin:
            break
        spells_any = rival.layers and any(layer.encoding != "utf-8" for layer in rival.layers)
        if spells_any and rival.total - best.total >= required_margin(_evidence(unit, best), best.layers):
            # The lone letter is weak evidence, yet it reads clearly better than the chain
            # behind it, which spells any bytes ("Price: 5 å…ƒ" is 元, not cp866's "хЕГ"):
            # no chain is trusted, and the text stays as it is. A UTF-8 chain behind it
            # has the codec's word for it, and takes its place ("è…”", not "腔").
            return sorted(hypotheses, key=lambda hypothesis: bool(hypothesis.layers))
        hypotheses = hypotheses[1:]
    return hypotheses


#: How much worse a single word may get in a repair before the repair is refused: a
#: true repair improves every word it changes.
WORD_TOLERANCE = 1.0
#: A word that gets this much worse refuses the repair on its own.
WORD_HARM = 2.0
#: More than this share of the changed words getting a little worse refuses it too.
HARMED_SHARE = 0.2


def _harms_words(hypothesis: Hypothesis, unit: str) -> bool:
    """Whether a repair makes words worse while it improves the whole.

    A chain that spells every character (two single-byte code pages, say) can "repair"
    a clean word into junk that happens to cost little; judged word by word, the junk
    loses. A chain that turns a letter into a space (cp866 reads cp1252's ÿ as a
    no-break space) makes any odd letter cheap by deleting it: that is refused outright.
    A word that gets much worse refuses the repair; one that gets a little worse is noise
    of the letter model (Greek "δύο" costs a little more than the "дэп" it was read as)
    unless such words are a real share of the changed ones. Words are aligned by ASCII
    white space, which every chain we try keeps (one that does not is refused).
    """
    before, after = _ASCII_SPACE.split(unit), _ASCII_SPACE.split(hypothesis.text)
    if len(before) != len(after):
        return True
    costs: dict[str, float] = {}

    def word_cost(word: str) -> float:
        if len(word) <= CACHED_WORD_LENGTH:
            return _short_word_cost(word)
        if word not in costs:
            costs[word] = plausibility.cost(word)
        return costs[word]

    changed = worse = 0
    for old, new in zip(before, after, strict=True):
        if old == new or old.isascii():
            continue
        if _spaces(new) > _spaces(old):
            return True  # a letter became white space: "le ÿ et" -> "le \xa0 et" deletes, not repairs
        changed += 1
        loss = word_cost(new) - word_cost(old)
        if loss > WORD_HARM:
            return True
        worse += loss > WORD_TOLERANCE
    return worse > HARMED_SHARE * changed


#: Words up to this long have their cost remembered across hypotheses, units and
#: repairs: every chain judged on a unit meets the unit's own words again, and each
#: line meets the words the whole text was judged with.
CACHED_WORD_LENGTH = 64


@lru_cache(maxsize=1 << 16)
def _short_word_cost(word: str) -> float:
    return plausibility.cost(word)  # a pure function of the word


def _spaces(word: str) -> int:
    """The white space in a word (split at ASCII white space, so no-break and ideographic spaces)."""
    return sum(char.isspace() for char in word) if not word.isascii() else 0


def _cannot_harm(layers: tuple[Layer, ...]) -> bool:
    """Undoing UTF-8 only succeeds on words that re-encode to valid UTF-8 sequences.

    A clean word with accents ("über") is not one, so a chain of UTF-8 layers cannot
    change it: the word-by-word check is for chains that accept any bytes.
    """
    return all(layer.encoding == "utf-8" for layer in layers)


def _adds_impossible(hypothesis: Hypothesis, unit: str) -> bool:
    """Whether a repair holds more characters than the unit that no decoded writing holds.

    Private-use, unassigned and control characters are what a decoder makes of bytes
    its encoding leaves undefined or to vendors: a chain that produces them read the
    bytes with the wrong encoding, however much cheaper its junk is than the mojibake
    it replaces ("萨忝\ue297菽" for double-encoded Chinese, through koi8 and cp866).
    A text that really holds a vendor character (an Apple logo in mac-roman, a Big5
    user-defined character) is left alone rather than risk that.
    """
    return plausibility.impossible_characters(hypothesis.text) > plausibility.impossible_characters(unit)


def _without_harm(unit: str, hypotheses: list[Hypothesis], keep: int = 3) -> list[Hypothesis]:
    """The best ``keep`` hypotheses (sorted) that harm no word and add no impossible character, and "as is"."""
    kept: list[Hypothesis] = []
    for hypothesis in hypotheses:
        if not hypothesis.layers:
            kept.append(hypothesis)
        elif (
            len(kept) < keep
            and not _adds_impossible(hypothesis, unit)
            and (_cannot_harm(hypothesis.layers) or not _harms_words(hypothesis, unit))
        ):
            kept.append(hypothesis)
    return kept


def judge(text: str, start: int, end: int, chains: Iterable[tuple[Layer, ...]]) -> Verdict:
    """Judge the candidate chains on ``text[start:end]`` against leaving it as it is.

    Chains are proposed by the searches on small regions (``candidate_chains``); here
    each is only replayed on the unit (one encode and one decode) and judged.
    """
    unit = text[start:end]
    as_is = Hypothesis((), unit, plausibility.cost(unit), 0.0)
    chains = list(chains)
    if len(unit) > LONG_UNIT:
        chains = chains[:2]  # the regions already ranked them; a long unit judges the best two
    costs = {unit: as_is.cost}  # a text several chains give is judged once
    judged = [as_is] + [h for h in (rejudge(unit, layers, costs) for layers in chains) if h is not None]
    # One text is one candidate, however many chains give it (twins do, where the unit
    # holds none of the bytes that tell them apart): it must not crowd out the others.
    distinct: dict[str, Hypothesis] = {}
    for hypothesis in sorted(judged, key=lambda h: h.total):
        distinct.setdefault(hypothesis.text, hypothesis)
    # Every reading is a rival of a weak lone letter, the ones that will not be kept as well.
    ranked = _without_weak_lone_letters(text, start, end, list(distinct.values()))
    return _verdict(start, end, with_word_evidence(_without_harm(unit, ranked)))


#: How far around a sign of damage a search region reaches, in characters, when the
#: word around it is longer than REGION_WORD (CJK text has no spaces).
REGION_RADIUS = 24
REGION_WORD = 80
#: How many regions are searched at most, and how many chains come out of them.
MAX_REGIONS = 24
MAX_CHAINS = 6
CONSISTENT_REGIONS = 3
QUIET_REGIONS = 6
#: Units longer than this are judged with the two best chains only.
LONG_UNIT = 2000


def _region(text: str, start: int, end: int) -> tuple[int, int]:
    """A stretch around a suspicious match: the words within ``REGION_RADIUS`` of it.

    Cut at white space, so that no multi-byte character of any layer is split; where
    there is none (CJK text), the cut is hard and the UTF-8 runs inside the region
    provide aligned candidates.
    """
    # On the sign's line: the line before or after holds other text, damaged another way
    # or not at all, and a region reaching into a clean paragraph ("œuvres inédites.\n\n
    # Le musÃ©e") is spelled by no one chain: its search judged a hundred chains for nothing.
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", max(start, end - 1))
    line_end = len(text) if line_end < 0 else line_end
    low, high = max(line_start, start - REGION_RADIUS), min(line_end, end + REGION_RADIUS)
    # A reach that already ends between words is kept: cutting there would only drop a
    # whole word, and with it evidence ("Czeœæ! Co s³ychaæ?" would lose "Czeœæ!").
    if not _starts_word(text, low):
        spaces_before = [m.end() for m in _ASCII_SPACE.finditer(text, low, start)]
        if spaces_before:
            low = spaces_before[0]
        else:
            previous = max(text.rfind(" ", 0, low), text.rfind("\n", 0, low))
            low = previous + 1 if start - previous <= REGION_WORD else low
    if not _ends_word(text, high):
        space_after = [m.start() for m in _ASCII_SPACE.finditer(text, end, high)]
        if space_after:
            high = space_after[-1]
        else:
            following = [i for i in (text.find(" ", high), text.find("\n", high)) if i >= 0]
            nearest = min(following) if following else len(text)
            high = nearest if nearest - end <= REGION_WORD else high
    return low, high


def _starts_word(text: str, index: int) -> bool:
    """Whether a word starts at ``index``: the start of the text, or after ASCII white space.

    Only ASCII: a no-break space is a byte of mojibake as often as a space ("Ã\xa0" is
    the lead of UTF-8 "à" read as Latin-1), and no code page's multi-byte character
    holds an ASCII byte there.
    """
    return index <= 0 or text[index - 1] in _ASCII_WHITE


def _ends_word(text: str, index: int) -> bool:
    """Whether a word ends at ``index``: the end of the text, or before ASCII white space."""
    return index >= len(text) or text[index] in _ASCII_WHITE


def _regions(text: str) -> Iterator[str]:
    """The distinct stretches of text where the chain search runs, densest damage first.

    Around each sign of damage, the words near it; inside, the runs that re-encode to
    valid UTF-8 in a CJK or Windows code page, which start and end where characters do.
    Made as the search asks for them: it usually stops after a few regions.
    """
    groups: list[list[int]] = []  # [low, high, signs]
    for start, end in plausibility.suspicious_spans(text):
        if groups and end <= groups[-1][1]:
            groups[-1][2] += 1
            continue
        if len(groups) >= 4 * MAX_REGIONS:
            break
        low, high = _region(text, start, end)
        groups.append([low, high, 1])
    groups.sort(key=lambda group: -group[2])
    count = 0
    seen: set[str] = set()
    for low, high, _ in groups:
        region = text[low:high]
        # The runs that re-encode to UTF-8 start and end where characters do, whatever
        # the region's cut: "García,MÃ¡laga" holds "MÃ¡laga", "标题：浣犲ソ" holds "浣犲ソ".
        runs = [region[a:b] for a, b in _utf8_runs(region)]
        for candidate in [region, *(run for run in runs if plausibility.has_suspicious(run))]:
            if candidate not in seen:
                seen.add(candidate)
                count += 1
                yield candidate
        if count >= MAX_REGIONS:
            break


_UTF8_WRONG = ("gbk", "cp932", "cp950", "cp949", "cp1252", "cp1251")


def candidate_chains(text: str, options: Options) -> list[tuple[Layer, ...]]:
    """The chains worth trying on this text: the best of full searches on small regions.

    Searching costs hundreds of judged hypotheses; it runs only on a few short regions
    around the signs of damage, and the chains that win there are then replayed on the
    whole text, each line and each word (one encode and decode each).
    """
    gains: dict[tuple[Layer, ...], float] = {}
    winners: list[tuple[Layer, ...] | None] = []
    won: dict[tuple[Layer, ...], list[str]] = {}
    gained_in: dict[tuple[Layer, ...], list[str]] = {}
    for region in _regions(text):
        hypotheses = with_word_evidence(
            _without_harm(region, search(region, max_layers=options.max_layers), keep=PROBE_CHAINS)
        )
        as_is = next(h for h in hypotheses if not h.layers)
        for hypothesis in hypotheses:
            if hypothesis.layers and hypothesis.total < as_is.total:
                gains[hypothesis.layers] = gains.get(hypothesis.layers, 0.0) + as_is.total - hypothesis.total
                gained_in.setdefault(hypothesis.layers, []).append(region)
        winners.append(hypotheses[0].layers or None)
        if hypotheses[0].layers:
            won.setdefault(hypotheses[0].layers, []).append(region)
        # A uniformly damaged text shows the same winner everywhere: three in a row are
        # enough. Damage elsewhere by another chain is found in the next round, once
        # this chain's spans are repaired and no longer suspicious. Regions come densest
        # first, so a run of regions where nothing wins means the rest is clean too.
        recent = set(winners[-CONSISTENT_REGIONS:])
        if len(winners) >= CONSISTENT_REGIONS and len(recent) == 1 and winners[-1]:
            break
        if len(winners) >= QUIET_REGIONS and not any(winners[-QUIET_REGIONS:]):
            break
    ranked: list[tuple[Layer, ...]] = []
    for layers in sorted(gains, key=lambda layers: -gains[layers])[:MAX_CHAINS]:
        chosen = _spelling_twin(text, layers, gained_in[layers], taken=ranked)
        if chosen not in ranked:
            ranked.append(chosen)
    if not ranked or ranked[0] not in won:
        return ranked
    twins = [twin for twin in _twins(ranked[0], won[ranked[0]]) if twin not in ranked]
    # Those that can be undone on the whole text first: the others can only speak for a part.
    twins = sorted(twins, key=lambda twin: not _spells(text, twin))[:MAX_TWINS]
    return [ranked[0], *twins, *ranked[1:]]


def _spelling_twin(
    text: str, layers: tuple[Layer, ...], regions: list[str], taken: list[tuple[Layer, ...]]
) -> tuple[Layer, ...]:
    """The chain, or where it cannot be undone on the whole text, its first twin (at any
    layer, for the regions it gained in) that can and is not ``taken`` already.

    The search keeps the likelier of two encodings that spell a region alike: TIS-620
    for Thai UTF-8 read as cp874, where the rest of the text also holds characters only
    cp874 spells ("€", "“", "—": continuation bytes 0x80-0x9F), so the chain found in the
    regions failed on the whole text, and a worse one won there. A twin already among
    the chains is passed over for the next: UTF-8 Polish read as ISO 8859-2 shows in
    short regions as "UTF-8 read as cp1252", whose first twin, cp1250, is already there
    (and makes "juĹź" "juş"), where ISO 8859-2 makes it "już".
    """
    if _spells(text, layers):
        return layers
    for depth in range(len(layers) - 1, -1, -1):
        try:
            middles = [undo_layers(region, layers[depth + 1 :]) for region in regions]
        except UnicodeError:
            continue
        for twin in _twins(layers[: depth + 1], middles):
            candidate = (*twin, *layers[depth + 1 :])
            if candidate not in taken and _spells(text, candidate):
                return candidate
    return layers


def _twins(layers: tuple[Layer, ...], regions: list[str]) -> list[tuple[Layer, ...]]:
    """The chain with its outermost wrong encoding swapped for one that spells every region
    it won with the same bytes.

    The regions cannot tell such twins apart (the search keeps the likelier one), but the
    rest of the text may: UTF-8 read as ISO 8859-15 spells "å" as "Ã¥" like cp1252 does,
    and only "kvÃ€llen" shows that the € was 0xA4, not cp1252's 0x80. The whole text's
    judge chooses between them.
    """
    outer = layers[-1]
    try:
        spelled = [encodings.encode(region, outer.wrong) for region in regions]
    except UnicodeEncodeError:
        return []
    twins: list[tuple[Layer, ...]] = []
    for wrong in WRONG:
        if wrong in (outer.wrong, outer.encoding):
            continue
        try:
            same = all(encodings.encode(region, wrong) == data for region, data in zip(regions, spelled, strict=True))
        except UnicodeEncodeError:
            continue
        if same:
            twins.append((*layers[:-1], Layer(encoding=outer.encoding, wrong=wrong)))
    return twins


#: How many twins of the best chain are judged on the whole text.
MAX_TWINS = 2


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]


def _strip_newline(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return start, end


def _utf8_spans(line: str, wrong: str) -> list[tuple[int, int]]:
    """Spans of a line whose characters, spelled in ``wrong``, are valid UTF-8 multi-byte runs."""
    # NUL where ``wrong`` has no bytes: it breaks any run, never being inside a UTF-8 sequence.
    pieces = [piece or b"\x00" for piece in map(encodings.spelling(wrong).__getitem__, line)]
    data = b"".join(pieces)
    # Where each character's bytes start (strictly increasing: every piece has a byte).
    offsets = list(itertools.accumulate(map(len, pieces), initial=0))
    spans = []
    cursor = 0
    while (match := _UTF8_RUN.search(data, cursor)) is not None:
        first = bisect.bisect_left(offsets, match.start())
        if offsets[first] != match.start():  # the run starts inside a character: look again from the next one
            cursor = offsets[first]
            continue
        last = bisect.bisect_right(offsets, match.end()) - 1
        if last - first >= 2 and _is_utf8(data[offsets[first] : offsets[last]]):
            spans.append(_extend_over_letters(line, first, last))
        cursor = max(match.end(), offsets[first] + 1)
    return spans


#: How many UTF-8 layers deep the runs of a region are aligned (``_utf8_runs``).
UTF8_RUN_DEPTH = 3


def _utf8_runs(region: str, depth: int = UTF8_RUN_DEPTH) -> list[tuple[int, int]]:
    """Spans of a region that re-encode to valid UTF-8 once (``_utf8_spans``), or up to
    ``depth`` times.

    A region cut hard inside a run of double-encoded CJK text ("†Â¸Ã¥ÂªÂ½") may start
    at a character of the outer layer that is the middle of one of the inner layer:
    undoing the outer layer gives "¸å¤§...", where UTF-8 cannot be undone again. The
    runs of that middle text that re-encode to UTF-8 start where characters of both
    layers do; they are mapped back onto the region through the bytes between.
    """
    spans: list[tuple[int, int]] = []
    for wrong in _UTF8_WRONG:
        for start, end in _utf8_spans(region, wrong):
            spans.append((start, end))
            if depth > 1:
                inner = _inner_utf8_spans(region[start:end], wrong, depth - 1)
                spans.extend((start + a, start + b) for a, b in inner)
    return list(dict.fromkeys(spans))


def _inner_utf8_spans(run: str, wrong: str, depth: int) -> list[tuple[int, int]]:
    """Spans of ``run`` (valid UTF-8 when spelled in ``wrong``) whose UTF-8 reading holds a
    run that re-encodes to UTF-8 again (up to ``depth`` more times), as spans of ``run``."""
    pieces = [encodings.spelling(wrong)[char] or b"" for char in run]
    offsets = list(itertools.accumulate(map(len, pieces), initial=0))
    try:
        middle = b"".join(pieces).decode("utf-8")
    except UnicodeDecodeError:
        return []
    if middle.isascii():
        return []
    # Where each character of the middle text starts in the bytes, and so in ``run``.
    middle_offsets = list(itertools.accumulate((len(char.encode("utf-8")) for char in middle), initial=0))
    spans: list[tuple[int, int]] = []
    for a, b in _utf8_runs(middle, depth):
        first = bisect.bisect_left(offsets, middle_offsets[a])
        last = bisect.bisect_left(offsets, middle_offsets[b])
        # Both ends on a character of ``run`` (a multi-byte ``wrong`` may split one).
        aligned = offsets[first] == middle_offsets[a] and offsets[last] == middle_offsets[b]
        if aligned and (first, last) != (0, len(run)):
            spans.append((first, last))
    return spans


def _extend_over_letters(line: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span over the ASCII letters around it: the rest of its word is context."""
    while start > 0 and line[start - 1].isascii() and line[start - 1].isalnum():
        start -= 1
    while end < len(line) and line[end].isascii() and line[end].isalnum():
        end += 1
    return start, end


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _inline_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Candidate spans inside one suspicious line: non-ASCII word runs, and UTF-8-looking runs.

    The caller has found signs of damage in the line (``find_mojibake`` looks inside
    no other), so the line is not screened again.
    """
    line = text[start:end]
    units = {(start + m.start(), start + m.end()) for m in _NON_ASCII_RUNS.finditer(line)}
    units.update((start + m.start(), start + m.end()) for m in _NON_ASCII_WORDS.finditer(line))
    # Only a unit that shows a sign of damage is a candidate: the screen defines damage.
    units = {(a, b) for a, b in units if plausibility.has_suspicious(text[a:b])}
    for wrong in _UTF8_WRONG:
        units.update((start + a, start + b) for a, b in _utf8_spans(line, wrong))
    return sorted(units - {(start, end)})


def _has_codec_evidence(layers: tuple[Layer, ...]) -> bool:
    """Whether the codecs themselves vouch for a chain: a UTF-8 or multi-byte layer.

    Undoing such a layer only succeeds on bytes of the right shape; two single-byte code
    pages accept any bytes, so there the judge is the only evidence, and many weak
    spans agreeing on a single-byte chain ("by³o" -> "byüo") prove little.
    """
    return any(
        encodings.by_name(name).family != "single-byte" for layer in layers for name in (layer.encoding, layer.wrong)
    )


def _accept(verdicts: list[Verdict], options: Options) -> tuple[list[Verdict], list[Verdict]]:
    """Accepted and declined verdicts, pooling evidence per chain where the codecs vouch for it."""
    pooled: dict[tuple[Layer, ...], tuple[float, int]] = {}
    # The same text twice is the same evidence once: a page that repeats a table border
    # ("├────┼───┤", which cp437 spells as EUC-KR Hangul) must not pool its copies into
    # a repair that no single copy earns.
    counted: set[str] = set()
    for verdict in verdicts:
        if verdict.best.layers and verdict.delta > 0 and verdict.as_is.text not in counted:
            counted.add(verdict.as_is.text)
            delta, evidence = pooled.get(verdict.best.layers, (0.0, 0))
            pooled[verdict.best.layers] = (delta + verdict.delta, evidence + verdict.evidence)
    accepted: list[Verdict] = []
    declined: list[Verdict] = []
    for verdict in verdicts:
        if not verdict.best.layers:
            continue
        delta, evidence = pooled.get(verdict.best.layers, (0.0, 0))
        pooled_confidence = _confidence(delta, required_margin(evidence, verdict.best.layers), verdict.runner_up_gap)
        poolable = verdict.delta > 0.5 and _has_codec_evidence(verdict.best.layers)
        confidence = max(verdict.confidence, pooled_confidence if poolable else 0.0)
        (accepted if confidence >= options.min_confidence else declined).append(verdict)
    return accepted, declined


def _non_overlapping(verdicts: list[Verdict]) -> list[Verdict]:
    """The verdicts that gain most, each overlapping none chosen before it, left to right.

    The chosen ones are kept sorted: a verdict can only overlap the one chosen before its
    start and those starting before its end (a page with thousands of damaged lines
    compared each verdict with every one chosen).
    """
    chosen: list[Verdict] = []
    starts: list[int] = []
    for verdict in sorted(verdicts, key=lambda v: -v.delta):
        index = bisect.bisect_left(starts, verdict.start)
        if not _overlaps_any(verdict, chosen, index):
            chosen.insert(index, verdict)
            starts.insert(index, verdict.start)
    return chosen


def _overlaps_any(verdict: Verdict, chosen: list[Verdict], index: int) -> bool:
    """Whether ``verdict`` overlaps one of ``chosen`` (disjoint, sorted; ``index`` is where
    it would go): the one before it, or one starting before it ends."""
    position = max(0, index - 1)
    while position < len(chosen) and (position < index or chosen[position].start < verdict.end):
        other = chosen[position]
        if not (verdict.end <= other.start or verdict.start >= other.end):
            return True
        position += 1
    return False


def _outdone(line: Verdict, spans: list[Verdict]) -> bool:
    """Whether the spans inside a line's verdict explain more of the damage than it does."""
    inside = _non_overlapping([span for span in spans if line.start <= span.start and span.end <= line.end])
    return bool(inside) and sum(span.delta for span in inside) > line.delta


def _spells(text: str, layers: tuple[Layer, ...]) -> bool:
    """Whether a chain can be undone on all of ``text`` (one C-level pass per layer)."""
    try:
        undo_layers(text, layers)
    except UnicodeError:
        return False
    return True


def find_mojibake(text: str, options: Options, *, screened: bool = False) -> tuple[list[Verdict], list[Verdict]]:
    """The spans to repair (accepted) and the suspicious ones left alone (declined).

    ``screened`` says the caller has already found signs of damage in this text.

    >>> accepted, declined = find_mojibake("Menu: cafÃ© crÃ¨me", Options())
    >>> [(v.start, v.end, v.best.text) for v in accepted]
    [(0, 18, 'Menu: café crème')]
    """
    if not screened and (text.isascii() or not plausibility.has_suspicious(text)):
        return [], []
    chains = candidate_chains(text, options)
    if not chains:
        return [], []
    whole = judge(text, 0, len(text), chains)
    whole_accepted, _ = _accept([whole], options)
    # The whole text in one step, unless the chain that gains most around the damage
    # cannot spell all of it (one damaged line in a clean page): then a chain that can
    # may only garble that line further ("sÃ¥" -> "s°¬", cp437 read as cp850), and the
    # lines are judged too; whichever explains more of the damage wins.
    if whole_accepted and (whole.best.layers == chains[0] or _spells(text, chains[0])):
        return whole_accepted, []
    lines = [_strip_newline(text, a, b) for a, b in _lines(text)]
    suspicious = [(a, b) for a, b in lines if b > a and plausibility.has_suspicious(text[a:b])]
    line_verdicts = [judge(text, a, b, chains) for a, b in suspicious if (a, b) != (0, len(text))]
    accepted, declined = _accept(line_verdicts, options)
    # A line repaired by a chain that spells any bytes may have rewritten its clean words
    # along with the damage ("Привет! РљР°Рє" read as Shift-JIS in mac-cyrillic is all
    # kanji): its spans are judged too, and whichever explains more of the damage wins,
    # as the whole text against its parts. A UTF-8 chain changes only damaged runs.
    done = {(v.start, v.end) for v in accepted if _cannot_harm(v.best.layers)}
    inline = [
        judge(text, u, w, chains) for a, b in suspicious if (a, b) not in done for u, w in _inline_units(text, a, b)
    ]
    inline_accepted, inline_declined = _accept(inline, options)
    accepted = [verdict for verdict in accepted if not _outdone(verdict, inline_accepted)]
    accepted = _non_overlapping(accepted + inline_accepted)
    if whole_accepted and sum(verdict.delta for verdict in accepted) <= whole.delta:
        return whole_accepted, []  # the whole-text chain explains more of the damage after all
    declined = [
        verdict
        for verdict in _non_overlapping([v for v in declined + inline_declined + [whole] if v.delta > 0])
        if all(verdict.end <= other.start or verdict.start >= other.end for other in accepted)
    ]
    return accepted, declined
