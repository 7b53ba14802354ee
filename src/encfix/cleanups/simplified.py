"""Machine-converted Traditional back to Simplified, and the converter's signature.

Mirror sites convert Simplified news to Traditional with a naive one-to-one table. It
leaves ambiguous characters alone, so its output mixes Traditional-only forms (網, 數)
with Simplified forms that real Traditional text never writes next to them (關系 for
關係, 關于 for 關於, 規范 for 規範). That mix is the signature
(:func:`find_machine_traditional`), reported so the user knows ``to-simplified``
exists; the conversion itself (:func:`convert_to_simplified`) runs only on request.

OpenCC ``t2s`` does the conversion. It keeps 著 everywhere, which is right for 著名,
著作, 顯著 but wrong for the aspect particle (有著, 沿著, 隨著 -> 有着, 沿着, 随着): after
``t2s`` each 著 becomes 着 unless it is part of a word that keeps 著 in Simplified.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from encfix.cleanups.context import convert_t2s
from encfix.cleanups.result import CleanupResult
from encfix.prescan import may_hold
from encfix.report import Cleanup, Finding, register_cleanup

__all__ = ["NAME", "Signature", "convert_to_simplified", "find_machine_traditional", "simplify"]

NAME = "to-simplified"

#: Simplified words in which 著 (zhù: to write, to be evident) stays 著.
_ZHU_WORDS = frozenset(
    "著名 著作 著称 著述 著者 著书 著录 著说 显著 卓著 昭著 土著 名著 原著 论著 专著 巨著 编著 "
    "撰著 译著 合著 遗著 新著 拙著 大著 遐迩著 彰著 著有".split()
)
#: 著 read zhuó/zháo is 着 in Simplified too (着手, 着陆, 衣着), so only zhù words stay.
_ZHU = re.compile("著")

#: Leftovers of a naive Simplified -> Traditional table: the Simplified form it kept,
#: and the Traditional form real Traditional text writes.
_LEFTOVERS = {
    "關系": "關係",
    "關于": "關於",
    "規范": "規範",
    "示范": "示範",
    "模范": "模範",
    "筑牢": "築牢",
    "建筑": "建築",
    "扎實": "紮實",
    "云計算": "雲計算",
    "于是": "於是",
    "由于": "由於",
    "對于": "對於",
}
_TRADITIONAL_ONLY_MIN = 20
_MIN_LEFTOVERS = 2


@dataclass(frozen=True, slots=True)
class Signature:
    """Evidence that a text is machine-converted Traditional."""

    traditional_chars: int  # characters that t2s changes
    leftovers: tuple[tuple[str, int], ...]  # naive-converter leftovers and their counts

    @property
    def is_machine_converted(self) -> bool:
        return self.traditional_chars >= _TRADITIONAL_ONLY_MIN and sum(n for _, n in self.leftovers) >= _MIN_LEFTOVERS


#: The leftovers by first character.
_LEFTOVERS_BY_FIRST: dict[str, list[str]] = {}
for _leftover in _LEFTOVERS:
    _LEFTOVERS_BY_FIRST.setdefault(_leftover[0], []).append(_leftover)
#: Where a leftover starts: its first character, the rest looked ahead for. One C-level
#: scan, skipping to the first characters; a match is one character long, so two
#: leftovers that overlap ("關于是") are both found, as ``str.count`` of each would.
_LEFTOVER_START = re.compile(
    "|".join(
        f"{re.escape(first)}(?={'|'.join(re.escape(leftover[1:]) for leftover in leftovers)})"
        for first, leftovers in _LEFTOVERS_BY_FIRST.items()
    )
)


def gate() -> str:
    """A leftover on a line with a Traditional-only character, for RE2 (``encfix.prescan``):
    after it, before it, or in it (關系)."""
    leftovers = "|".join(_LEFTOVERS)
    traditional = _traditional().pattern  # a class of the characters themselves
    alone = "|".join(leftover for leftover in _LEFTOVERS if _traditional().search(leftover))
    return f"(?:{leftovers})[^\n]*{traditional}|{traditional}[^\n]*(?:{leftovers})|{alone}"


def _leftover_counts(text: str) -> tuple[tuple[str, int], ...]:
    """(leftover, count) in ``_LEFTOVERS`` order, for the leftovers on lines that also
    hold a Traditional-only character.

    由于, 于是, 建筑 are plain Simplified words: they are a converter's leftovers only in
    converted text. A document with a Simplified paragraph and a Traditional one (a
    bilingual page) has both kinds of character, but not on one line.
    """
    if not may_hold("leftovers", text):
        return ()
    counts = dict.fromkeys(_LEFTOVERS, 0)
    traditional_line: dict[int, bool] = {}
    for match in _LEFTOVER_START.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if start not in traditional_line:
            end = text.find("\n", match.start())
            traditional_line[start] = _traditional().search(text, start, len(text) if end < 0 else end) is not None
        if traditional_line[start]:
            for leftover in _LEFTOVERS_BY_FIRST[match.group()]:
                if text.startswith(leftover, match.start()):
                    counts[leftover] += 1
    return tuple((leftover, count) for leftover, count in counts.items() if count)


@cache
def _traditional() -> re.Pattern[str]:
    """The CJK characters t2s changes on their own (網 -> 网; 中 stays), as one class.

    One conversion of the whole block, a character a line, so no phrase spans two.
    """
    block = [chr(code) for code in range(0x3400, 0xA000)]
    converted = convert_t2s("\n".join(block)).split("\n")
    if len(converted) != len(block):  # a converter that joined lines: ask one by one
        converted = [convert_t2s(char) for char in block]
    changed = "".join(char for char, after in zip(block, converted, strict=True) if after != char)
    return re.compile(f"[{re.escape(changed)}]")


def find_machine_traditional(text: str) -> Finding | None:
    """A "machine-converted Traditional" notice when the converter's signature is there.

    >>> find_machine_traditional("網絡安全和信息化條例關系" * 6) is not None
    True
    >>> find_machine_traditional("網絡安全和信息化條例關係" * 6) is None
    True
    """
    leftovers = _leftover_counts(text)
    if sum(n for _, n in leftovers) < _MIN_LEFTOVERS:
        return None  # the cheap half of the signature first: the conversion costs a pass in Python
    # Characters the conversion changes, found by a C-level regex scan: converting the
    # whole text cost 0.2-0.6 s a megabyte. Counted in full only once there are enough.
    if next(itertools.islice(_traditional().finditer(text), _TRADITIONAL_ONLY_MIN - 1, None), None) is None:
        return None
    changed = len(text) - len(_traditional().sub("", text))
    signature = Signature(changed, leftovers)
    if not signature.is_machine_converted:
        return None
    listing = ", ".join(f"{word}×{count} (real Traditional: {_LEFTOVERS[word]})" for word, count in signature.leftovers)
    return Finding(
        kind="notice",
        start=0,
        end=len(text),
        confidence=min(0.95, 0.6 + 0.05 * sum(n for _, n in signature.leftovers)),
        evidence=f"machine-converted Traditional: {changed} Traditional characters mixed with leftovers "
        f"of a naive converter ({listing}); the 'to-simplified' cleanup gives the Simplified original",
        name="machine-converted Traditional",
    )


def _fix_zhe(simplified: str) -> str:
    """著 -> 着 unless it belongs to a word that keeps 著 (著名, 显著 ...)."""

    def replace(match: re.Match[str]) -> str:
        index = match.start()
        for size in (2, 3):
            for start in range(index - size + 1, index + 1):
                if start >= 0 and simplified[start : start + size] in _ZHU_WORDS:
                    return "著"
        return "着"

    return _ZHU.sub(replace, simplified)


def simplify(text: str) -> str:
    """Traditional -> Simplified: OpenCC ``t2s``, then the 著/着 decision.

    >>> simplify("都有著密切關系,沿著正確方向,著名學者")
    '都有着密切关系,沿着正确方向,著名学者'
    """
    return _fix_zhe(convert_t2s(text))


@register_cleanup(NAME)
def _replay(text: str, params: Mapping[str, Any]) -> str:
    return simplify(text)


def convert_to_simplified(text: str) -> CleanupResult:
    """Convert a (machine-converted) Traditional text to Simplified; say what was seen.

    >>> convert_to_simplified("網絡安全").text
    '网络安全'
    """
    output = simplify(text)
    findings = tuple(finding for finding in (find_machine_traditional(text),) if finding)
    if output == text:
        return CleanupResult(text=text, findings=findings)
    changed = sum(1 for before, after in zip(text, output, strict=False) if before != after)
    summary = f"converted {changed} Traditional characters to Simplified (OpenCC t2s, 著/着 by word)"
    step = Cleanup(name=NAME, params=(("converter", "opencc-t2s"),), summary=summary)
    finding = Finding(kind="cleanup", start=0, end=len(text), confidence=1.0, evidence=summary, name=NAME)
    return CleanupResult(text=output, steps=(step,), findings=(*findings, finding))
