"""Remove the pinyin annotations that mirror sites insert: ``網(wǎng)`` -> ``網``.

Spam "mirror" sites disguise copied news by replacing, as raw bytes, the code of a few
dozen characters with the code of ``X(pinyin)``. Every occurrence of such a *key* is
annotated, always with the same reading, even where context reads it differently
(協調 gets *diào*). That is the document-level signature this module looks for:

* a CJK character immediately followed by ``(syllable)`` (ASCII or full-width
  parentheses), where the syllable is a reading of that character (pypinyin knows
  the readings; tone marks, tone numbers and toneless forms are all accepted);
* several distinct annotated characters, each annotated (nearly) every time it occurs,
  each always with one reading;
* and not a teaching text or a glossary: there most characters of a passage are
  annotated, or the annotations stand side by side, or each is annotated only once,
  or one character is read differently in different places.

Legitimate parentheses (``(CQC)``, ``(2022-2025)``, ``(以下簡稱《條例》)``) never match,
glosses separated by a space (``你好 (nǐ hǎo)``) do not match either.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from encfix.cleanups.result import CleanupResult
from encfix.prescan import may_hold
from encfix.report import Cleanup, Finding, register_cleanup

__all__ = [
    "ANNOTATION",
    "NAME",
    "Annotation",
    "AnnotationTable",
    "find_annotation_table",
    "find_annotations",
    "is_reading_of",
    "readings_of",
    "remove_pinyin_annotations",
]

NAME = "pinyin"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PINYIN_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
ANNOTATION = re.compile(
    rf"(?P<char>[{_HAN}])(?P<open>[(（])(?P<reading>[{_PINYIN_LETTERS}]{{1,6}}[1-5]?)(?P<close>[)）])"
)
#: What every annotation holds, found by a scan for the parenthesis (much faster than
#: one for the Han class ``ANNOTATION`` starts with): text without it has none. The
#: Han before it is looked back for in the same scan, so the parentheses of Latin,
#: Cyrillic or Arabic text cost no Python step.
_OPENING = re.compile(f"[(（](?<=[{_HAN}][(（])[{_PINYIN_LETTERS}]")


def gate() -> str:
    """Where an annotation may start, for RE2 (``encfix.prescan``): a Han character, a
    parenthesis and a letter of a reading."""
    return f"[{_HAN}][(（][{_PINYIN_LETTERS}]"


def find_annotations(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``ANNOTATION`` in ``text``, as ``ANNOTATION.finditer`` gives them.

    Found from their parentheses: every Han character of a Chinese page starts an
    attempt of ``ANNOTATION``, each costing more than the scan for ``_OPENING`` costs a
    character. Two annotations cannot overlap (only the first character of one is Han),
    so trying one at each opening finds the same matches in the same order.
    """
    if not may_hold("pinyin", text):
        return
    for opening in _OPENING.finditer(text, 1):
        match = ANNOTATION.match(text, opening.start() - 1)
        if match is not None:
            yield match


#: Evidence the document needs before anything is removed.
_MIN_KEYS = 3
_MIN_KEYS_IF_REPEATED = 2
_MIN_ANNOTATIONS_IF_FEW_KEYS = 4
_MIN_COVERAGE = 0.6
_MAX_DENSITY = 0.5
_MAX_SIDE_BY_SIDE = 0.6
_MIN_REPEATS = 2
_PRIMER_RUN = 5


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotated key: the character, how its annotation is spelled, how often."""

    char: str
    open: str
    reading: str
    close: str
    count: int

    @property
    def spelled(self) -> str:
        return f"{self.char}{self.open}{self.reading}{self.close}"


@dataclass(frozen=True, slots=True)
class AnnotationTable:
    """The document's annotation dictionary, as decided from the evidence."""

    annotations: tuple[Annotation, ...]
    confidence: float

    @property
    def total(self) -> int:
        return sum(annotation.count for annotation in self.annotations)

    def readings(self) -> dict[str, str]:
        """Character -> reading (what the byte-level repair needs for straddled keys)."""
        return {annotation.char: annotation.reading for annotation in self.annotations}


@cache
def _readings(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    found: set[str] = set()
    for style in (Style.TONE, Style.NORMAL, Style.TONE3):
        for reading in pinyin(char, heteronym=True, style=style, errors="ignore")[:1]:
            found.update(_normalise(syllable) for syllable in reading)
    if not found:
        from encfix.cleanups.context import to_simplified

        simplified = to_simplified(char)
        if simplified != char:
            return _readings(simplified)
    return frozenset(found)


def _normalise(syllable: str) -> str:
    return unicodedata.normalize("NFC", syllable.lower()).replace("v", "ü")


def readings_of(char: str) -> frozenset[str]:
    """The pinyin readings of ``char``: tone marks, tone digits and toneless.

    >>> sorted(reading for reading in readings_of("外") if not reading.isascii())
    ['wài']
    """
    return _readings(char)


def is_reading_of(reading: str, char: str) -> bool:
    """Whether ``reading`` is a pinyin reading of ``char`` (with tone marks, digits or none).

    >>> is_reading_of("wǎng", "網"), is_reading_of("wang", "網"), is_reading_of("CQC", "心")
    (True, True, False)
    """
    return _normalise(reading) in _readings(char)


def _candidates(text: str) -> dict[tuple[str, str, str], Counter[str]]:
    """(char, open, close) -> Counter of readings, for annotations that are real readings."""
    found: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for match in find_annotations(text):
        if is_reading_of(match["reading"], match["char"]):
            found[match["char"], match["open"], match["close"]][match["reading"]] += 1
    return found


def _is_teaching_text(text: str, annotated: int) -> bool:
    """A reading primer, not a mirror dictionary: most characters annotated, or the
    annotations mostly side by side (我(wǒ)愛(ài)北(běi)京(jīng))."""
    han = len(re.findall(f"[{_HAN}]", text))
    if han == 0 or annotated / han > _MAX_DENSITY:
        return True
    matches = [m for m in find_annotations(text) if is_reading_of(m["reading"], m["char"])]
    ends = {match.end() for match in matches}
    starts = {match.start() for match in matches}
    side_by_side = sum(1 for match in matches if match.start() in ends or match.end() in starts)
    return side_by_side > _MAX_SIDE_BY_SIDE * len(matches)


def find_annotation_table(text: str) -> AnnotationTable | None:
    """The mirror-site annotation dictionary of ``text``, or None if the evidence is not there.

    >>> table = find_annotation_table(
    ...     "網(wǎng)絡安全和信息化條例,推動數(shù)字經濟發(fā)展,"
    ...     "保障數(shù)據(jù)安全,建設網(wǎng)上家園,促進信息化發(fā)展"
    ... )
    >>> [a.spelled for a in table.annotations]
    ['網(wǎng)', '數(shù)', '發(fā)', '據(jù)']
    >>> find_annotation_table("你好 (nǐ hǎo), 質量認證中心(CQC)") is None
    True
    """
    return _annotation_table(text, _candidates(text))


def _annotation_table(text: str, candidates: Mapping[tuple[str, str, str], Counter[str]]) -> AnnotationTable | None:
    """``find_annotation_table`` given the text's candidate annotations (``_candidates``)."""
    if not candidates:
        return None
    by_char: dict[str, list[tuple[tuple[str, str, str], Counter[str]]]] = defaultdict(list)
    for key, readings in candidates.items():
        by_char[key[0]].append((key, readings))
    # One character, two readings (or two spellings): a gloss, not a mirror dictionary.
    consistent = {char: forms[0] for char, forms in by_char.items() if len(forms) == 1 and len(forms[0][1]) == 1}
    coverages = _coverages(text, consistent)
    primer = _primer_characters(text, {char for char, coverage in coverages.items() if coverage >= _MIN_COVERAGE})
    annotations = []
    for char, ((_, opener, closer), readings) in consistent.items():
        if char not in primer and coverages[char] >= _MIN_COVERAGE:
            reading, count = readings.most_common(1)[0]
            annotations.append(Annotation(char, opener, reading, closer, count))
    total = sum(annotation.count for annotation in annotations)
    if not _has_enough_evidence(annotations, total) or _is_teaching_text(text, total):
        return None
    annotations.sort(key=lambda annotation: (-annotation.count, text.index(annotation.char)))
    confidence = min(1.0, 0.6 + 0.05 * len(annotations)) * min(coverages[a.char] for a in annotations)
    return AnnotationTable(tuple(annotations), round(confidence, 4))


def _coverages(text: str, consistent: Mapping[str, tuple[tuple[str, str, str], Counter[str]]]) -> dict[str, float]:
    """Character -> the share of its occurrences that are annotated.

    An occurrence whose lead byte was taken by a key matched across the character
    boundary (市衛 is ``CA D0 | D0 6C``, and 行 is ``D0 D0``) could not be annotated: the
    mirror's replacement had already split its bytes. When the byte-level repair has
    restored such a character, it stands bare beside its annotated copies, and counting
    it would make a real key look like a gloss.
    """
    codes = {code for code in map(_gbk, consistent) if len(code) == 2}
    coverages = {}
    for char, (_, readings) in consistent.items():
        annotated = sum(readings.values())
        bare = text.count(char) - annotated
        shadowed = _count_shadowed(text, char, codes) if bare else 0
        coverages[char] = annotated / (annotated + max(0, bare - shadowed))
    return coverages


def _gbk(char: str) -> bytes:
    try:
        return char.encode("gbk")
    except UnicodeEncodeError:
        return b""


def _count_shadowed(text: str, char: str, codes: set[bytes]) -> int:
    """Bare occurrences of ``char`` whose lead byte, after the previous character's last
    byte, spells a key of the page (so a straddled key took it)."""
    lead = _gbk(char)[:1]
    count = 0
    for position in (match.start() for match in re.finditer(re.escape(char), text)):
        if position == 0 or text.startswith(("(", "（"), position + 1):
            continue
        previous = _gbk(text[position - 1])
        count += len(previous) == 2 and previous[1:] + lead in codes
    return count


def _primer_characters(text: str, trusted: set[str]) -> set[str]:
    """Characters annotated only inside reading primers quoted in the page.

    A run of annotations side by side (我(wǒ)愛(ài)北(běi)京(jīng)天(tiān)) is a primer
    unless the page's dictionary explains it: a mirror annotates every key, so its keys
    stand side by side wherever they happen to in the prose (壽命(mìng)達(dá)到(dào)
    五(wǔ)千(qiān)次(cì)). A run is the dictionary's when some of its characters are also
    annotated on their own elsewhere and none of them is contradicted (read otherwise,
    or left bare elsewhere); judging each character alone would throw out every key
    that occurs once, in such a run.
    """
    runs, alone = _side_by_side_runs(text)
    primer: set[str] = set()
    dictionary: set[str] = set()
    for run in runs:
        is_dictionary = run <= trusted and not run.isdisjoint(alone)
        (dictionary if is_dictionary else primer).update(run)
    return primer - dictionary - alone


def _side_by_side_runs(text: str) -> tuple[list[set[str]], set[str]]:
    """The characters of each run of ``_PRIMER_RUN`` or more side-by-side annotations,
    and the characters annotated outside such runs."""
    groups: list[list[str]] = []
    previous_end = -1
    for match in find_annotations(text):
        if not is_reading_of(match["reading"], match["char"]):
            continue
        if match.start() != previous_end or not groups:
            groups.append([])
        groups[-1].append(match["char"])
        previous_end = match.end()
    runs = [set(group) for group in groups if len(group) >= _PRIMER_RUN]
    alone = {char for group in groups if len(group) < _PRIMER_RUN for char in group}
    return runs, alone


def _has_enough_evidence(annotations: list[Annotation], total: int) -> bool:
    """Several keys, and some annotated more than once (a glossary annotates each once)."""
    if total < len(annotations) + _MIN_REPEATS:
        return False
    if len(annotations) >= _MIN_KEYS:
        return True
    return len(annotations) >= _MIN_KEYS_IF_REPEATED and total >= _MIN_ANNOTATIONS_IF_FEW_KEYS


def _pattern(spelled: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(item) for item in sorted(spelled, key=len, reverse=True)))


@register_cleanup(NAME)
def _replay(text: str, params: Mapping[str, Any]) -> str:
    """Remove exactly the annotations listed in ``params["annotations"]`` (the decided table)."""
    spelled = tuple(params["annotations"])
    if not spelled:
        return text
    return _pattern(spelled).sub(lambda match: match.group()[0], text)


def remove_pinyin_annotations(text: str) -> CleanupResult:
    """Remove mirror-site pinyin annotations when the document-level evidence holds.

    >>> remove_pinyin_annotations(
    ...     "網(wǎng)絡安全和信息化條例,推動數(shù)字經濟發(fā)展,"
    ...     "保障數(shù)據(jù)安全,建設網(wǎng)上家園,促進信息化發(fā)展"
    ... ).text
    '網絡安全和信息化條例,推動數字經濟發展,保障數據安全,建設網上家園,促進信息化發展'
    >>> remove_pinyin_annotations("行(xíng)走,銀行(háng)").text
    '行(xíng)走,銀行(háng)'
    """
    candidates = _candidates(text)  # one pass over the text, for the table or the notice
    table = _annotation_table(text, candidates)
    if table is None:
        return CleanupResult(text=text, findings=_declined(text, candidates))
    spelled = tuple(annotation.spelled for annotation in table.annotations)
    params = (("annotations", spelled),)
    output = _replay(text, dict(params))
    listing = ", ".join(f"{a.spelled}×{a.count}" for a in table.annotations)
    summary = f"removed {table.total} pinyin annotations of {len(spelled)} characters"
    finding = Finding(
        kind="cleanup",
        start=0,
        end=len(text),
        confidence=table.confidence,
        evidence=f"{summary}: {listing}",
        name=NAME,
    )
    step = Cleanup(name=NAME, params=params, summary=summary)
    return CleanupResult(text=output, steps=(step,), findings=(finding,))


def _declined(text: str, candidates: Mapping[tuple[str, str, str], Counter[str]]) -> tuple[Finding, ...]:
    """Readings in parentheses that were left alone, said once so the user knows why."""
    count = sum(sum(readings.values()) for readings in candidates.values())
    if count < 2:
        return ()
    return (
        Finding(
            kind="notice",
            start=0,
            end=len(text),
            confidence=0.5,
            evidence=f"{count} pinyin readings in parentheses look like glosses or a teaching "
            "text, not a mirror-site annotation dictionary: left alone",
            name=NAME,
        ),
    )
