"""How natural a short stretch of Chinese looks: the judge for characters chosen by context.

When a byte is lost, the byte-level search leaves a handful of candidate characters
(one lost GBK trail byte leaves ~30-190). Choosing among them needs a notion of which
Chinese is natural. Two cheap, dependency-free signals do most of the work:

* **words**: pypinyin ships a phrase dictionary (~47,000 Simplified words) used here as
  a vocabulary; a candidate that completes a word (擔當 -> 担当) is strongly preferred.
  Traditional text is looked up through OpenCC ``t2s``.
* **commonness**: GB2312 ranks characters (level 1 = the 3,755 common ones, lead byte
  0xB0-0xD7; level 2 = 3,008 rarer ones, 0xD8-0xF7); characters outside it are rarer
  still. How many dictionary words a character appears in refines the rank.

Punctuation gets its own small model (common marks are cheap; closing quotes and
brackets are natural only when something is open). Lower cost = more natural.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache

__all__ = ["char_cost", "convert_t2s", "text_cost", "to_simplified"]

#: Punctuation common in Chinese prose, and how the pairs open and close.
_COMMON_PUNCTUATION = frozenset("，。、；：？！“”‘’《》（）…—·「」『』【】")
_CLOSERS = {"”": "“", "’": "‘", "》": "《", "）": "（", ")": "(", "」": "「", "』": "『", "】": "【", "〕": "〔"}
_OPENERS = frozenset(_CLOSERS.values())
_SENTENCE_END = frozenset("。！？")
_PRIVATE_USE_COST = 15.0
_WORD_BONUS = 3.0


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def convert_t2s(text: str) -> str:
    """Traditional -> Simplified with OpenCC ``t2s`` (any length, not cached)."""
    return str(_converter().convert(text))  # type: ignore[attr-defined]


@cache
def to_simplified(text: str) -> str:
    """Traditional -> Simplified with OpenCC ``t2s`` (cached: the same windows recur).

    >>> to_simplified("擔當")
    '担当'
    """
    return str(_converter().convert(text))  # type: ignore[attr-defined]


@cache
def _vocabulary() -> tuple[frozenset[str], Counter[str]]:
    from pypinyin.phrases_dict import phrases_dict

    words = frozenset(word for word in phrases_dict if 2 <= len(word) <= 4)
    counts: Counter[str] = Counter()
    for word in words:
        counts.update(set(word))
    return words, counts


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"


@cache
def char_cost(char: str) -> float:
    """The cost of one character on its own: rare or odd characters cost more.

    >>> char_cost("的") < char_cost("癪") < char_cost("\\ue2fd")
    True
    """
    if "\ue000" <= char <= "\uf8ff":
        return _PRIVATE_USE_COST
    if _is_han(char):
        return _han_cost(to_simplified(char))
    if char in _COMMON_PUNCTUATION:
        return 1.5
    if char.isascii():
        return 1.0 if char.isalnum() or char in " \n" else 2.0
    if "\uff01" <= char <= "\uff5e":
        return 5.0
    return 7.0


def _han_cost(simplified: str) -> float:
    try:
        lead = simplified.encode("gb2312")[0]
    except UnicodeEncodeError:
        base = 9.0
    else:
        base = 2.0 if lead <= 0xD7 else 6.0
    count = _vocabulary()[1][simplified]
    return base + 3.0 / (1.0 + math.log1p(count))


def _word_bonus(simplified: str) -> float:
    words = _vocabulary()[0]
    bonus = 0.0
    for start in range(len(simplified)):
        for size in (2, 3, 4):
            if simplified[start : start + size] in words and len(simplified) >= start + size:
                bonus += _WORD_BONUS * (size - 1)
    return bonus


def _punctuation_cost(prefix: str, text: str, suffix: str) -> float:
    """Closers need an opener; a paragraph does not end on an opener."""
    open_count: Counter[str] = Counter(char for char in prefix if char in _OPENERS)
    for char in prefix:
        if char in _CLOSERS and open_count[_CLOSERS[char]]:
            open_count[_CLOSERS[char]] -= 1
    cost = 0.0
    paragraph_ends = not suffix or suffix[0] in "<\n"
    for index, char in enumerate(text):
        if char in _OPENERS:
            open_count[char] += 1
        elif char in _CLOSERS:
            cost += _closer_cost(text, index, open_count, paragraph_ends)
    if text and text[-1] in _OPENERS and paragraph_ends:
        cost += 4.0
    return cost


def _closer_cost(text: str, index: int, open_count: Counter[str], paragraph_ends: bool) -> float:
    """A closer is natural when its opener is open; a quote that closes a paragraph
    normally follows the sentence's final mark (。” in news prose)."""
    char = text[index]
    if not open_count[_CLOSERS[char]]:
        return 4.0
    open_count[_CLOSERS[char]] -= 1
    after_sentence = index > 0 and text[index - 1] in _SENTENCE_END
    cost = -2.0 - (1.5 if after_sentence else 0.0)
    remaining = text[index + 1 :]
    last = remaining.startswith("<") or (not remaining and paragraph_ends)
    if last and not after_sentence:
        cost += 2.0
    return cost


def text_cost(text: str, prefix: str = "", suffix: str = "") -> float:
    """The cost of ``text`` read between ``prefix`` and ``suffix`` (context, not scored).

    Words are looked up across the joins, so a candidate completing a word with its
    neighbour is rewarded.

    >>> text_cost("新擔當", prefix="展現") < text_cost("新擔", prefix="展現") + char_cost("璫")
    True
    """
    chars = sum(char_cost(char) for char in text)
    left, right = prefix[-3:], suffix[:3]
    joined = to_simplified(left + text + right)
    bonus = _word_bonus(joined) - _word_bonus(to_simplified(left)) - _word_bonus(to_simplified(right))
    return chars - bonus + _punctuation_cost(prefix, text, suffix) + _tag_remnant_cost(text, suffix)


def _tag_remnant_cost(text: str, suffix: str) -> float:
    """``/p>`` without its ``<`` is what a decoder that swallowed the ``<`` leaves."""
    joined = text + suffix[:1]
    cost = 0.0
    for index, char in enumerate(joined):
        if char == "/" and index + 1 < len(joined) and joined[index + 1].isalpha():
            if index == 0 or joined[index - 1] != "<":
                cost += 8.0
    return cost
