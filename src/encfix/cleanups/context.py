"""How natural a short stretch of Chinese looks: the judge for characters chosen by context.

When a byte is lost, the byte-level search leaves many candidate characters (one lost
GBK byte leaves ~30-190). Choosing among them needs a model of natural Chinese. This is
a small unigram *word* model: the cost of a text is that of its cheapest segmentation
into dictionary words (a word costs ``-log p(word)``), the way word segmenters such as
jieba read Chinese. So 網絡加快覆蓋 (网络/加快/覆盖) beats 網絡子快覆蓋, where 子 and 快
stand alone. Traditional text is looked up through OpenCC ``t2s``.

The lexicon is an adapter (:func:`lexicon_name` says which one is in use):

* **jieba's dictionary** (349,000 words with frequencies), when the ``jieba`` package
  is installed; it is only read as a data file, jieba itself is not used;
* otherwise **pypinyin's phrase dictionary** (~47,000 words, no frequencies, which
  pypinyin ships for polyphonic words, so common words such as 加快 are missing) with
  GB2312 levels as the commonness prior (level 1 = lead byte 0xB0-0xD7, level 2 =
  0xD8-0xF7, then the rest).

Punctuation gets a small model of its own (closing quotes and brackets are natural only
when something is open; a quote closing a paragraph follows 。！？), and ``/p>`` without
its ``<`` is penalised. Costs are in nats: lower = more natural.
"""

from __future__ import annotations

import math
import re
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from encfix._diskcache import cache_dir, cached

__all__ = [
    "DocumentContext",
    "Reading",
    "char_cost",
    "choice_cost",
    "convert_t2s",
    "document_context",
    "extend",
    "finish",
    "forms_word",
    "han_runs_outside_words",
    "lexicon_name",
    "margin_scale",
    "sequence_cost",
    "start_reading",
    "text_cost",
    "to_simplified",
]

#: Punctuation common in Chinese prose, and how the pairs open and close.
_COMMON_PUNCTUATION = {
    "，": 4.0,
    "。": 4.5,
    "、": 5.5,
    "“": 5.5,
    "”": 5.5,
    "：": 6.0,
    "；": 7.0,
    "《": 6.5,
    "》": 6.5,
    "（": 6.5,
    "）": 6.5,
}
_OTHER_PUNCTUATION = frozenset("？！‘’…—·「」『』【】")
_CLOSERS = {"”": "“", "’": "‘", "》": "《", "）": "（", ")": "(", "」": "「", "』": "『", "】": "【", "〕": "〔"}
_OPENERS = frozenset(_CLOSERS.values())
_SENTENCE_END = frozenset("。！？")
_CLAUSE_MARKS = frozenset("，、：；")
#: Words a question ends on: a question mark between two Chinese characters follows one.
_QUESTION_ENDS = frozenset("吗嗎呢吧么麼啊呀哪谁誰")
_GLUED_QUESTION_MARK_COST = 3.0
_PRIVATE_USE_COST = 30.0
_TAG_REMNANT_COST = 15.0
_STRAY_LETTER_COST = 5.0
_VARIANT_COST = 6.0
_FALLBACK_MARGIN_SCALE = 2.0
_MAX_WORD = 4


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def convert_t2s(text: str) -> str:
    """Traditional -> Simplified with OpenCC ``t2s`` (any length, not cached)."""
    return str(_converter().convert(text))  # type: ignore[attr-defined]


@lru_cache(maxsize=1 << 18)
def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC ``t2s``, cached: the same short windows recur.

    >>> to_simplified("擔當")
    '担当'
    """
    return convert_t2s(text)


# --------------------------------------------------------------------------- the lexicon


class _WordCosts:
    """Word -> cost for jieba's word list, made a dict one final character at a time.

    A dict of all 330,000 words took 0.3-0.5 s of every process that met a mirror page
    (hashing each word as it is loaded); a page asks for the words ending in a few
    hundred characters. Each group is packed as its words joined by newlines and their
    costs as native doubles (the exact floats), and unpacked when first asked for.
    """

    __slots__ = ("_groups", "_packed")

    def __init__(self, packed: dict[str, tuple[str, bytes]]) -> None:
        self._packed = packed
        self._groups: dict[str, dict[str, float]] = {}

    def get(self, word: str, default: float | None = None) -> float | None:
        if not word:
            return default
        group = self._groups.get(word[-1])
        if group is None:
            group = self._unpack(word[-1])
        return group.get(word, default)

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def _unpack(self, last: str) -> dict[str, float]:
        packed = self._packed.get(last)
        group = {} if packed is None else dict(zip(packed[0].split("\n"), array("d", packed[1]), strict=True))
        self._groups[last] = group
        return group


def _pack_by_last_char(words: dict[str, float]) -> dict[str, tuple[str, bytes]]:
    """The packed groups :class:`_WordCosts` reads (jieba's words hold no newline)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[-1], []).append(word)
    return {
        last: ("\n".join(group), array("d", [words[word] for word in group]).tobytes())
        for last, group in groups.items()
    }


@dataclass(frozen=True, slots=True)
class _Lexicon:
    name: str
    words: _WordCosts | dict[str, float]  # word (2-4 characters) -> cost
    chars: dict[str, float]  # character -> cost as a word of its own


@cache
def _lexicon() -> _Lexicon:
    try:
        return _jieba_lexicon()
    except (ImportError, OSError):
        return _pypinyin_lexicon()


def _jieba_lexicon() -> _Lexicon:
    source = _jieba_file("dict.txt")
    if cache_dir() is None:  # nothing to load faster next time: packing would be wasted
        words, chars = _read_jieba_lexicon(source)
        return _Lexicon("jieba", words, chars)
    # The costs are packed as machine doubles: a cache folder shared with a machine of the
    # other byte order must not read them.
    packed, chars = cached(f"jieba-words-{sys.byteorder}", source, lambda: _read_packed_jieba_lexicon(source))
    return _Lexicon("jieba", _WordCosts(packed), chars)


def _read_packed_jieba_lexicon(source: Path) -> tuple[dict[str, tuple[str, bytes]], dict[str, float]]:
    words, chars = _read_jieba_lexicon(source)
    return _pack_by_last_char(words), chars


def _jieba_file(name: str) -> Path:
    """A data file of the jieba package, found without importing it (jieba's import
    loads its own tables and pkg_resources: 0.2-0.4 s, for files read as data here)."""
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed")
    return Path(spec.origin).parent / name


def _read_jieba_lexicon(source: Path) -> tuple[dict[str, float], dict[str, float]]:
    counts: dict[str, int] = {}
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            word, count, *_ = line.split(" ")
            if len(word) <= _MAX_WORD:
                counts[word] = counts.get(word, 0) + int(count)
    total = sum(counts.values())
    log_total = math.log(total)
    words: dict[str, float] = {}
    chars: dict[str, float] = {}
    for entry, frequency in counts.items():
        (chars if len(entry) == 1 else words)[entry] = log_total - math.log(frequency + 1)
    return words, chars


def _pypinyin_lexicon() -> _Lexicon:
    from pypinyin.phrases_dict import phrases_dict

    words = [word for word in phrases_dict if 2 <= len(word) <= _MAX_WORD]
    counts: Counter[str] = Counter()
    for word in words:
        counts.update(set(word))
    chars = {char: _gb2312_cost(char) - min(2.0, math.log1p(count) / 2) for char, count in counts.items()}
    word_costs = {word: 0.6 * sum(chars.get(char, 14.0) for char in word) for word in words}
    return _Lexicon("pypinyin", word_costs, chars)


def _gb2312_cost(simplified: str) -> float:
    try:
        lead = simplified.encode("gb2312")[0]
    except UnicodeEncodeError:
        return 16.0
    return 9.0 if lead <= 0xD7 else 13.0


@cache
def _s2t_converter() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def _is_variant(char: str, simplified: str) -> bool:
    """A Traditional character that is not the usual Traditional form of its Simplified
    one (傢 for 家): rare in real text, and never produced by a converter."""
    if simplified == char:
        return False
    return str(_s2t_converter().convert(simplified)) != char  # type: ignore[attr-defined]


@lru_cache(maxsize=1 << 16)
def _variant_penalty(word: str) -> float:
    return sum(_VARIANT_COST for char in word if _is_variant(char, to_simplified(char)))


def lexicon_name() -> str:
    """Which word list judges the candidates: "jieba" or "pypinyin"."""
    return _lexicon().name


def forms_word(text: str, index: int) -> bool:
    """Whether ``text[index]`` is part of a dictionary word of two to four characters.

    >>> forms_word("展現新擔當", 4), forms_word("展現新擔璫", 4)
    (True, False)
    """
    words = _lexicon().words
    for size in range(2, _MAX_WORD + 1):
        for start in range(max(0, index - size + 1), min(index, len(text) - size) + 1):
            if to_simplified(text[start : start + size]) in words:
                return True
    return False


_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")


def han_runs_outside_words(text: str) -> tuple[int, int]:
    """(characters outside words, characters) of the runs of two or more Han characters.

    Each run is read as the cheapest segmentation into dictionary words (the word model
    of ``text_cost``, without punctuation); a character that ends up a word of its own
    is outside words. Real Chinese is mostly words of two to four characters (the
    clean corpus: 40-100 % of each text's Han characters, median 80 %); Korean,
    Japanese or Big5 bytes read as GBK are a random sequence of characters that seldom
    form one (0-15 %). Runs of one character (a kanji between kana) say nothing.

    >>> han_runs_outside_words("今天早上，市气象台发布了暴雨预警")
    (2, 15)
    >>> han_runs_outside_words("瘤窍枚开捞 绢叼俊")
    (8, 8)
    """
    outside = total = 0
    for match in _HAN_RUN.finditer(text):
        run = match.group()
        simplified = to_simplified(run)
        outside += _outside_words(simplified if len(simplified) == len(run) else run)
        total += len(run)
    return outside, total


@lru_cache(maxsize=1 << 14)
def _outside_words(run: str) -> int:
    """How many characters of a Han run its cheapest segmentation leaves outside words."""
    lexicon = _lexicon()
    # best[i]: (cost, characters outside words) of the cheapest segmentation of run[:i].
    best = [(0.0, 0)]
    for end in range(1, len(run) + 1):
        cost, outside = best[end - 1]
        cheapest = (cost + lexicon.chars.get(run[end - 1], _UNKNOWN_CHAR_COST), outside + 1)
        for size in range(2, min(_MAX_WORD, end) + 1):
            word_cost = lexicon.words.get(run[end - size : end])
            if word_cost is not None and best[end - size][0] + word_cost < cheapest[0]:
                cheapest = (best[end - size][0] + word_cost, best[end - size][1])
        best.append(cheapest)
    return best[-1][1]


_UNKNOWN_CHAR_COST = 16.0


def margin_scale() -> float:
    """How much larger a margin must be with the word list in use: the fallback knows
    too few words to tell close candidates apart, so it must be surer."""
    return 1.0 if _lexicon().name == "jieba" else _FALLBACK_MARGIN_SCALE


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"


@cache
def char_cost(char: str) -> float:
    """The cost of one character standing alone: rare or odd characters cost more.

    >>> char_cost("的") < char_cost("癪") < char_cost("\ue2fd")
    True
    """
    if _is_han(char):
        simplified = to_simplified(char)
        cost = _lexicon().chars.get(simplified, _gb2312_cost(simplified) + 4.0)
        return cost + (_VARIANT_COST if _is_variant(char, simplified) else 0.0)
    return _symbol_cost(char)


def _symbol_cost(char: str) -> float:
    if "\ue000" <= char <= "\uf8ff":
        cost = _PRIVATE_USE_COST
    elif char in _COMMON_PUNCTUATION:
        cost = _COMMON_PUNCTUATION[char]
    elif char in _OTHER_PUNCTUATION:
        cost = 8.0
    elif char in "<>/\n":
        cost = 1.0  # tag syntax and line ends: shared by every reading of a window
    elif char.isascii():
        cost = 5.0 if char.isalnum() or char == " " else 7.0
    elif "\u00c0" <= char <= "\u024f" and char.isalpha():
        cost = 5.0  # Latin letters with diacritics: pinyin tone marks (wǎng)
    elif "\uff01" <= char <= "\uff5e":
        cost = 16.0 if char.isalnum() else 12.0
    else:
        cost = 16.0
    return cost


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Reading:
    """Reading a text left to right, segmenting it into dictionary words as it goes.

    ``best`` holds the cheapest segmentation cost ending at each of the last four
    positions, so a word of up to four characters can still close. Two readings with
    the same ``state`` continue alike, which lets a search keep only the cheaper one.
    """

    best: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)
    extra: float = 0.0  # punctuation and tag-syntax terms
    tail: str = ""  # the last three characters
    open: tuple[tuple[str, int], ...] = ()  # opening brackets/quotes not yet closed

    @property
    def cost(self) -> float:
        return self.best[0] + self.extra

    @property
    def state(self) -> tuple[str, tuple[tuple[str, int], ...]]:
        return self.tail, self.open


def start_reading(prefix: str = "") -> Reading:
    """A reading positioned after ``prefix`` (context: its brackets and last characters)."""
    counts: Counter[str] = Counter()
    for char in prefix:
        if char in _OPENERS:
            counts[char] += 1
        elif char in _CLOSERS and counts[_CLOSERS[char]]:
            counts[_CLOSERS[char]] -= 1
    return Reading(tail=prefix[-3:], open=_freeze(counts))


def _freeze(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((char, count) for char, count in counts.items() if count))


def _segment(best: tuple[float, ...], tail: str, char: str) -> tuple[float, ...]:
    """Extend the segmentation costs by one character (closing a word of 2-4, or alone)."""
    cheapest = best[0] + char_cost(char)
    if _is_han(char):
        words = _lexicon().words
        for size in range(2, _MAX_WORD + 1):
            if len(tail) >= size - 1:
                word = tail[len(tail) - size + 1 :] + char
                cost = words.get(to_simplified(word))
                if cost is not None:
                    cheapest = min(cheapest, best[size - 1] + cost + _variant_penalty(word))
    return (cheapest, *best[:3])


def extend(reading: Reading, char: str) -> Reading:
    """The reading after one more character."""
    tail = reading.tail
    extra = reading.extra
    if _is_tag_letter(char) and tail[-1:] in "/／" and tail[-2:-1] not in "<＜" and tail[-1:]:
        extra += _TAG_REMNANT_COST  # "/p>" without its "<": a decoder swallowed the "<"
    if _is_latin_letter(tail[-1:]) and not char.isascii() and not _is_latin_letter(char) and char not in "()":
        extra += _STRAY_LETTER_COST  # "(g。i)": a Chinese mark inside a Latin word
    if _is_stray_letter_join(tail[-1:], char):
        extra += _STRAY_LETTER_COST  # "時r段": an ASCII letter glued to Chinese characters
    if tail[-1:] in "?？" and _is_han(char) and _is_han(tail[-2:-1]) and tail[-2:-1] not in _QUESTION_ENDS:
        extra += _GLUED_QUESTION_MARK_COST  # "十?攝氏度": a question mark inside a phrase
    open_ = reading.open
    if char in "<\n":
        extra += _paragraph_end_cost(tail)
    elif char in _OPENERS:
        counts = Counter(dict(open_))
        counts[char] += 1
        open_ = _freeze(counts)
    elif char in _CLOSERS:
        counts = Counter(dict(open_))
        if counts[_CLOSERS[char]]:
            counts[_CLOSERS[char]] -= 1
            extra -= 3.0 + (2.0 if tail[-1:] in _SENTENCE_END else 0.0)
            open_ = _freeze(counts)
        else:
            extra += 6.0
    return Reading(best=_segment(reading.best, tail, char), extra=extra, tail=(tail + char)[-3:], open=open_)


def _is_stray_letter_join(before: str, after: str) -> bool:
    """An ASCII letter directly against a Chinese character (digits are normal: 3月)."""
    if not before:
        return False
    return (_is_han(before) and after.isascii() and after.isalpha()) or (
        before.isascii() and before.isalpha() and _is_han(after)
    )


def _is_latin_letter(char: str) -> bool:
    return bool(char) and ((char.isascii() and char.isalpha()) or ("\u00c0" <= char <= "\u024f" and char.isalpha()))


def _is_tag_letter(char: str) -> bool:
    """An ASCII letter, or its full-width form (folding makes them the same on the page)."""
    return ("a" <= char.lower() <= "z") or ("ａ" <= char <= "ｚ") or ("Ａ" <= char <= "Ｚ")


def _paragraph_end_cost(tail: str) -> float:
    """A paragraph does not end on an opener nor on a comma; a closing quote ending it
    follows 。！？."""
    last = tail[-1:]
    if last in _OPENERS:
        return 6.0
    if last in _CLAUSE_MARKS:
        return 3.0
    if last in _CLOSERS and tail[-2:-1] not in _SENTENCE_END:
        return 3.0
    return 0.0


def finish(reading: Reading, suffix: str = "") -> float:
    """The total cost of a reading followed by ``suffix`` (context shared by all candidates).

    The first characters of the suffix are read too, so that a word across the join
    counts; they cost the same for every candidate otherwise.
    """
    for char in suffix[:3]:
        reading = extend(reading, char)
    cost = reading.cost
    if len(suffix) <= 3:
        cost += _paragraph_end_cost(reading.tail)
    return cost


def text_cost(text: str, prefix: str = "", suffix: str = "") -> float:
    """The cost of ``text`` read between ``prefix`` and ``suffix`` (context, not scored).

    >>> text_cost("新擔當", prefix="展現") < text_cost("新擔璫", prefix="展現")
    True
    >>> text_cost("網絡加快覆蓋") < text_cost("網絡子快覆蓋")
    True
    """
    reading = start_reading(prefix)
    for char in text:
        reading = extend(reading, char)
    return finish(reading, suffix)


# --------------------------------------------------------------------------- choosing one character
#
# The word model above reads words, not how they follow each other: 提高了三個 and
# 提高人三個 are both a common word and two common single characters. Choosing the
# character one lost byte stood for takes two more signals, both measured on the
# rednet sample (see benchmarks/mirror.py for the generated pages):
#
# * jieba's part-of-speech HMM (``jieba/posseg``: start, transition and emission
#   tables over (B/M/E/S, part of speech) states, trained on a tagged corpus), read as
#   a character model: the forward probability of the few characters around the hole.
#   It knows that 了 follows a verb and a numeral follows 了.
# * the document itself: a news page repeats its words, so a character pair that the
#   undamaged rest of the page contains is likelier (a cache model).
#
# And the script of the page: a mirror's naive Simplified->Traditional converter leaves
# no Simplified-only character (调 for 調), and a Simplified page has no Traditional-only one.

_HMM_WEIGHT = 0.5
_HMM_NON_HAN_COST = 5.0  # about what one Han character costs the HMM
_HMM_UNSEEN_EMISSION = -20.0
_CACHE_BONUS = 3.0
_OTHER_SCRIPT_COST = 8.0
_CHOICE_LEFT = 3
_CHOICE_RIGHT = 5
_HMM_SPAN = 4


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What the rest of a page says about a hole: its character pairs and its script."""

    pairs: frozenset[str] = frozenset()  # Simplified pairs of Han characters in the page
    script: str = "unknown"  # "traditional", "simplified" or "unknown"


def document_context(text: str) -> DocumentContext:
    """Pairs of Han characters and the script of ``text`` (the undamaged page).

    >>> document_context("網絡安全,網絡強國").script
    'traditional'
    """
    simplified = convert_t2s(text)
    pairs = frozenset(
        simplified[index : index + 2]
        for index in range(len(simplified) - 1)
        if _is_han(simplified[index]) and _is_han(simplified[index + 1])
    )
    traditional_only = sum(1 for old, new in zip(text, simplified, strict=True) if old != new)
    simplified_only = sum(1 for char in set(text) if _is_han(char) and _is_simplified_only(char))
    script = "unknown"
    if traditional_only >= 3 and simplified_only == 0:
        script = "traditional"
    elif simplified_only >= 3 and traditional_only == 0:
        script = "simplified"
    return DocumentContext(pairs=pairs, script=script)


@lru_cache(maxsize=1 << 16)
def _is_simplified_only(char: str) -> bool:
    """A character that a Simplified->Traditional converter always changes (调, 这)."""
    return str(_s2t_converter().convert(char)) != char  # type: ignore[attr-defined]


@lru_cache(maxsize=1 << 16)
def _is_traditional_only(char: str) -> bool:
    return to_simplified(char) != char


def _script_cost(char: str, script: str) -> float:
    if not _is_han(char):
        return 0.0
    if script == "traditional" and _is_simplified_only(char):
        return _OTHER_SCRIPT_COST
    if script == "simplified" and _is_traditional_only(char):
        return _OTHER_SCRIPT_COST
    return 0.0


_HmmState = tuple[str, str]  # (B/M/E/S, part of speech)
_Alpha = dict[_HmmState, float]  # forward log-probabilities by state; None: no path reads the text


@dataclass(frozen=True, slots=True)
class _Hmm:
    start: dict[_HmmState, float]
    transitions: dict[_HmmState, dict[_HmmState, float]]
    emissions: dict[_HmmState, dict[str, float]]
    states_of: dict[str, tuple[_HmmState, ...]]
    # Derived: the transitions read backwards (state -> {state before: log p}), so that
    # a forward step looks up the few states that can precede a state instead of
    # testing each state it has reached; and the forward variables after the first
    # characters of the texts read so far (the candidates for one hole share them).
    incoming: dict[_HmmState, dict[_HmmState, float]] = field(default_factory=dict)
    prefixes: dict[str, _Alpha | None] = field(default_factory=dict)
    preceding_tags: dict[_HmmState, str] = field(default_factory=dict)  # B/M/E/S of the states before


@cache
def _hmm() -> _Hmm | None:
    """jieba's part-of-speech HMM tables, or None without jieba (or with the fallback
    word list in use, which stands for "no jieba")."""
    if _lexicon().name != "jieba":
        return None
    try:
        source = _jieba_file("posseg/prob_emit.p")
        tables = cached("jieba-hmm", source, lambda: _read_jieba_hmm(source.parent))
    except (ImportError, OSError):
        return None
    start, transitions, emissions, states_of = tables
    incoming: dict[_HmmState, dict[_HmmState, float]] = {}
    for before, targets in transitions.items():
        for state, value in targets.items():
            incoming.setdefault(state, {})[before] = value
    tags = {state: "".join(sorted({before[0] for before in befores})) for state, befores in incoming.items()}
    return _Hmm(start, transitions, emissions, states_of, incoming, preceding_tags=tags)


def _read_jieba_hmm(folder: Path) -> list[Any]:
    import pickle

    tables = []
    for name in ("prob_start", "prob_trans", "prob_emit", "char_state_tab"):
        # Read as data, as jieba reads them (importing jieba.posseg would load them twice).
        with (folder / f"{name}.p").open("rb") as file:
            tables.append(pickle.load(file))
    return tables


def _log_sum(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(value - top) for value in values))


#: How many first characters of a text the forward variables are remembered for: a
#: hole's window has this many characters before the hole, shared by its candidates.
_HMM_PREFIX = _HMM_SPAN
_HMM_PREFIXES_KEPT = 1 << 12


def _forward_cost(hmm: _Hmm, text: str) -> float:
    """-log P(text) under the HMM, summed over the state paths (Simplified Han only)."""
    alpha = _forward_prefix(hmm, text[:_HMM_PREFIX])
    for char in text[_HMM_PREFIX:]:
        if alpha is None:
            break
        alpha = _forward_step(hmm, alpha, char)
    if alpha is None:
        return -_HMM_UNSEEN_EMISSION * len(text)
    return -_log_sum(list(alpha.values())) if alpha else 0.0


def _forward_prefix(hmm: _Hmm, prefix: str) -> _Alpha | None:
    """The forward variables after ``prefix`` (a few characters), remembered."""
    if not prefix:
        return {}
    if prefix in hmm.prefixes:
        return hmm.prefixes[prefix]
    before = _forward_prefix(hmm, prefix[:-1])
    alpha = None if before is None else _forward_step(hmm, before, prefix[-1])
    if len(hmm.prefixes) >= _HMM_PREFIXES_KEPT:
        hmm.prefixes.clear()
    hmm.prefixes[prefix] = alpha
    return alpha


def _forward_step(hmm: _Hmm, alpha: _Alpha, char: str) -> _Alpha | None:
    """The forward variables after one more character (``alpha`` empty: the first one)."""
    step: _Alpha = {}
    ranks: dict[_HmmState, int] = {}
    by_tags: dict[str, list[tuple[_HmmState, float]]] = {}
    for state in hmm.states_of.get(char) or tuple(hmm.transitions):
        emission = hmm.emissions[state].get(char, _HMM_UNSEEN_EMISSION)
        if not alpha:
            if state in hmm.start and hmm.start[state] > -1e90:
                step[state] = hmm.start[state] + emission
            continue
        incoming = hmm.incoming.get(state, {})
        if len(incoming) * 2 < len(alpha):
            # Few states can precede this one (M and E follow B or M of their part of
            # speech only): look them up, in the order of ``alpha``, which is the
            # order the terms are summed in.
            found = [before for before in incoming if before in alpha]
            if len(found) > 1:
                ranks = ranks or {before: rank for rank, before in enumerate(alpha)}
                found.sort(key=ranks.__getitem__)
            terms = [alpha[before] + incoming[before] for before in found]
        else:
            # B and S follow E or S only: test only the reached states of those tags.
            tags = hmm.preceding_tags.get(state, "")
            items = by_tags.get(tags)
            if items is None:
                items = by_tags[tags] = [(before, value) for before, value in alpha.items() if before[0] in tags]
            terms = [value + incoming[before] for before, value in items if before in incoming]
        if terms:
            step[state] = _log_sum(terms) + emission
    return step or None


def sequence_cost(text: str) -> float:
    """The HMM's cost of ``text``: each stretch of Han characters read as a sequence,
    anything else a fixed cost (0.0 when jieba's tables are not there).

    >>> sequence_cost("提高了三個百分點") < sequence_cost("提高人三個百分點")
    True
    """
    hmm = _hmm()
    if hmm is None:
        return 0.0
    return _sequence_cost(to_simplified(text))


@lru_cache(maxsize=1 << 16)
def _sequence_cost(simplified: str) -> float:
    hmm = _hmm()
    assert hmm is not None
    cost = 0.0
    stretch = ""
    for char in simplified + "\n":
        if _is_han(char):
            stretch += char
            continue
        if stretch:
            cost += _forward_cost(hmm, stretch)
            stretch = ""
        cost += _HMM_NON_HAN_COST if char != "\n" else 0.0
    return cost


@lru_cache(maxsize=1 << 12)
def _reading_before(prefix: str, scored: str) -> Reading:
    """The reading after ``prefix`` (context) and ``scored``: what every candidate for a
    hole is read after, remembered."""
    reading = start_reading(prefix)
    for char in scored:
        reading = extend(reading, char)
    return reading


def choice_cost(text: str, index: int, document: DocumentContext | None = None) -> float:
    """How natural ``text[index]`` is where it stands: the word model on the characters
    around it, the HMM on the nearest ones, pairs the page repeats, the page's script.
    Only differences between characters tried at one index mean anything.

    >>> choice_cost("提高了三個", 2) < choice_cost("提高人三個", 2)
    True
    """
    document = document or DocumentContext()
    char = text[index]
    right = text[index + 1 : index + 1 + _CHOICE_RIGHT]
    # The characters just before are scored too, so that a word they form with this one
    # counts (context that is not scored reads as free); the whole left side counts
    # for the open quotes. This is text_cost(text[left : index + 1], text[:left], right),
    # with the reading up to the hole made once for all its candidates.
    left = max(0, index - _CHOICE_LEFT)
    cost = finish(extend(_reading_before(text[:left], text[left:index]), char), right)
    cost += _HMM_WEIGHT * sequence_cost(text[max(0, index - _HMM_SPAN) : index + 1 + _HMM_SPAN])
    for pair in (text[index - 1 : index + 1] if index else "", text[index : index + 2]):
        cost -= _CACHE_BONUS if len(pair) == 2 and to_simplified(pair) in document.pairs else 0.0
    return cost + _script_cost(char, document.script)
