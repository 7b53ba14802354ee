"""Lossy damage: how much of what the bytes still hold comes back, and is the loss marked?

Seeded cases from the clean corpus (``tests/data/corpus``), sentences of every language:

* ``replace``: UTF-8 read as GBK, Shift-JIS, Big5, cp949 or cp1252 with
  ``errors="replace"`` (one U+FFFD a byte the decoder cannot read);
* ``question``: the same, saved again in a legacy code page (U+FFFD became ``?``);
* ``swallow``: HTML paragraphs read by a decoder that swallows the byte after a bad
  lead byte and writes ``?`` (PHP mbstring, old Java/.NET): ``鍙?/p>``;
* ``truncated``: the UTF-8 bytes cut inside a multi-byte character, then read as above;
* ``document``: two to four paragraphs of one language (a whole file, as users have
  them), damaged as ``replace`` or ``question``;
* ``锟斤拷``: legacy bytes read as UTF-8 with replacement, saved as UTF-8 and read as the
  legacy code page again (锟斤拷, 嚙踝蕭, 占쏙옙, 鐃緒申): must be flagged, never "repaired".

A character is *recoverable* when none of its bytes was replaced or swallowed (an ASCII
``<`` eaten before a tag remnant counts: the syntax pins it). The expected output is the
original with every other character as U+FFFD. Reported, per tool and per kind:

* ``restored``: recoverable characters found in place in the output (aligned with
  difflib against the original);
* ``exact``: output equals the original with each lost character as U+FFFD or, where
  plausibility chose it, as itself;
* ``invented``: output characters that are neither U+FFFD, nor the original's, nor left
  from the damaged input: wrong guesses (must stay near 0);
* ``flagged`` (锟斤拷 cases): a finding named 锟拷码;
* ``clean changed``: clean corpus texts the tool changes (must be 0).

Tools: ``repair_text`` is ``encfix.repair_text``, what ``encfix repair`` runs (byte
decoding aside): the figures a user gets. ``lossy`` is the stage alone
(``encfix.lossy.recover_lossy`` on the damaged text, no chain search, no cleanups),
``ftfy`` is ``ftfy.fix_encoding``. Each case is in the same seeded set for every tool;
the ``document`` kind is drawn after the others, so the sentence cases are those of
earlier runs.

Usage::

    python benchmarks/lossy.py                # 60 cases per kind, a minute or two
    python benchmarks/lossy.py --per-kind 200 --seed 7 --show 5
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import astuple, dataclass
from pathlib import Path

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # a sibling module, not a package
from encfix import repair_text
from encfix.lossy import recover_lossy
from encfix.options import Options

SEED = 20261130
R = "\ufffd"
WRONG = ("gbk", "shift_jis", "big5", "cp949", "cp1252")
#: Which languages each wrong decoder meets in real damage (its own region's text).
LANGUAGES = {
    "gbk": ("zh-Hans", "zh-Hant", "ja", "en", "fr"),
    "shift_jis": ("ja", "zh-Hans", "en", "de"),
    "big5": ("zh-Hant", "zh-Hans", "en"),
    "cp949": ("ko", "zh-Hans", "en"),
    "cp1252": ("ru", "el", "de", "fr", "pl", "cs", "vi", "tr", "zh-Hans", "ar", "he"),
}
_TAG_REMNANT = re.compile(r"/?[A-Za-z][A-Za-z0-9]{0,9}(?:\s[^<>\n]{0,200})?>")


#: The kinds of recoverable damage, in the order the tables show them.
KINDS = ("replace", "question", "swallow", "truncated", "document")


@dataclass(frozen=True, slots=True)
class Case:
    kind: str
    wrong: str
    lang: str
    original: str
    damaged: str
    expected: str  # lost characters as U+FFFD
    recoverable: tuple[int, ...]  # indexes of the original's recoverable characters


# --------------------------------------------------------------------------- damage


def _decode_replace(data: bytes, wrong: str) -> tuple[str, set[int]]:
    """CPython's lossy decoding, and which byte offsets became U+FFFD (one a byte)."""
    text = data.decode(wrong, "replace")
    lost: set[int] = set()
    position = 0
    for char in text:
        if char == R:
            lost.add(position)
            position += 1
        else:
            position += len(char.encode(wrong))
    return text, lost


def _decode_swallow(data: bytes, wrong: str) -> tuple[str, set[int], set[int]]:
    """A DBCS decoder that writes '?' for a bad lead byte and eats the byte after it.

    Returns the text, the lost byte offsets, and the offsets of eaten '<' that a tag
    remnant after them pins (those count as recoverable).
    """
    out: list[str] = []
    lost: set[int] = set()
    pinned: set[int] = set()
    index = 0
    while index < len(data):
        if data[index] < 0x80:
            out.append(chr(data[index]))
            index += 1
            continue
        try:
            out.append(data[index : index + 2].decode(wrong))
            index += 2
            continue
        except UnicodeDecodeError:
            pass
        out.append("?")
        lost.add(index)
        if index + 1 < len(data):
            if data[index + 1] == 0x3C and _TAG_REMNANT.match(data[index + 2 :].decode("latin-1")):
                pinned.add(index + 1)
            else:
                lost.add(index + 1)
        index += 2
    return "".join(out), lost, pinned


def _expected(original: str, lost: set[int]) -> tuple[str, tuple[int, ...]]:
    parts: list[str] = []
    recoverable: list[int] = []
    offset = 0
    for index, char in enumerate(original):
        size = len(char.encode("utf-8"))
        if any(offset + i in lost for i in range(size)):
            parts.append(R)
        else:
            parts.append(char)
            recoverable.append(index)
        offset += size
    return "".join(parts), tuple(recoverable)


def _lossy_case(kind: str, wrong: str, lang: str, text: str, rng: random.Random) -> Case | None:
    data = text.encode("utf-8")
    if kind == "truncated":
        # Cut inside a multi-byte character in the second half: the text ends there, and
        # the cut character is lost (its bytes that remain may be replaced as well).
        leads = [i for i in range(len(data) // 2, len(data)) if data[i] >= 0xC0]
        if not leads:
            return None
        lead = rng.choice(leads)
        size = len(data[lead:].decode("utf-8")[0].encode("utf-8"))
        cut = lead + rng.randint(1, size - 1)
        damaged, lost = _decode_replace(data[:cut], wrong)
        original = data[: lead + size].decode("utf-8")
        expected, recoverable = _expected(original, lost | set(range(cut, lead + size)))
        return Case(kind, wrong, lang, original, damaged, expected, recoverable)
    if kind == "swallow":
        text = f"<p>{text}</p>"
        data = text.encode("utf-8")
        damaged, lost, _pinned = _decode_swallow(data, wrong)
    else:
        damaged, lost = _decode_replace(data, wrong)
        if kind == "question":
            damaged = damaged.replace(R, "?")
    if not lost:
        return None
    expected, recoverable = _expected(text, lost)
    return Case(kind, wrong, lang, text, damaged, expected, recoverable)


_REPLACEMENT_PAIR = {"gbk": "gbk", "big5": "cp950", "cp949": "cp949", "euc_jp": "euc_jp"}
_PAIR_LANG = {"gbk": "zh-Hans", "big5": "zh-Hant", "cp949": "ko", "euc_jp": "ja"}


def _kunkao_case(legacy: str, text: str) -> Case | None:
    """Legacy bytes read as UTF-8 (U+FFFD), saved as UTF-8, read as the legacy code page."""
    try:
        data = text.encode(legacy)
    except UnicodeEncodeError:
        return None
    damaged = data.decode("utf-8", "replace").encode("utf-8").decode(_REPLACEMENT_PAIR[legacy], "replace")
    if R * 2 not in data.decode("utf-8", "replace"):
        return None
    return Case("锟斤拷", legacy, _PAIR_LANG[legacy], text, damaged, "", ())


def _sentences(lang: str) -> list[str]:
    return [s for paragraph in corpus.load_corpus()[lang] for s in corpus.sentences(paragraph) if len(s) >= 6]


def _paragraphs(lang: str) -> list[str]:
    return [paragraph for paragraph in corpus.load_corpus()[lang] if len(paragraph) >= 20]


def _document_cases(per_kind: int, rng: random.Random) -> list[Case]:
    """Whole files: a few paragraphs of one language, every one read by the same lossy decoder."""
    result: list[Case] = []
    attempts = 0
    while len(result) < per_kind and attempts < per_kind * 40:
        attempts += 1
        wrong = WRONG[attempts % len(WRONG)]
        lang = rng.choice(LANGUAGES[wrong])
        text = "\n".join(rng.sample(_paragraphs(lang), min(rng.randint(2, 4), len(_paragraphs(lang))))) + "\n"
        case = _lossy_case(rng.choice(("replace", "question")), wrong, lang, text, rng)
        if case is not None and case.damaged != case.original:
            result.append(Case("document", *astuple(case)[1:]))
    return result


def cases(per_kind: int, seed: int = SEED) -> list[Case]:
    """Seeded lossy cases, ``per_kind`` of each kind, spread over the wrong decoders."""
    rng = random.Random(seed)
    result: list[Case] = []
    for kind in ("replace", "question", "swallow", "truncated"):
        made = 0
        attempts = 0
        while made < per_kind and attempts < per_kind * 40:
            attempts += 1
            wrong = WRONG[attempts % len(WRONG)]
            if kind == "swallow" and wrong == "cp1252":
                continue  # a single-byte code page has no lead byte to swallow with
            lang = rng.choice(LANGUAGES[wrong])
            case = _lossy_case(kind, wrong, lang, rng.choice(_sentences(lang)), rng)
            if case is not None and case.damaged != case.original:
                result.append(case)
                made += 1
    made = 0
    legacies = sorted(_REPLACEMENT_PAIR)
    for attempt in range(per_kind * 10):
        if made >= per_kind:
            break
        legacy = legacies[attempt % len(legacies)]
        case = _kunkao_case(legacy, rng.choice(_sentences(_PAIR_LANG[legacy])))
        if case is not None:
            result.append(case)
            made += 1
    # Drawn last, so that the cases above stay those of earlier runs with the same seed.
    return result + _document_cases(per_kind, rng)


# --------------------------------------------------------------------------- scoring

Tool = Callable[[str], tuple[str, tuple[str, ...]]]  # output, finding names


def _lossy_tool(text: str) -> tuple[str, tuple[str, ...]]:
    result = recover_lossy(text, Options())
    return result.text, tuple(f.name for f in result.findings)


def _repair_text_tool(text: str) -> tuple[str, tuple[str, ...]]:
    repaired = repair_text(text)
    return repaired.output, tuple(f.name for f in repaired.findings)


def _ftfy_tool(text: str) -> tuple[str, tuple[str, ...]]:
    return ftfy.fix_encoding(text), ()


def _is_exact(case: Case, output: str) -> bool:
    """The original, each lost character as U+FFFD or (chosen by context) as itself."""
    if len(output) != len(case.original):
        return False
    triples = zip(case.original, output, case.expected, strict=True)
    return all(new == old or (new == R and mark == R) for old, new, mark in triples)


def _invented(case: Case, output: str) -> int:
    """Output characters that are neither U+FFFD nor aligned with the original: wrong guesses."""
    matcher = difflib.SequenceMatcher(None, case.original, output, autojunk=False)
    matched: set[int] = set()
    for block in matcher.get_matching_blocks():
        matched.update(range(block.b, block.b + block.size))
    damaged = set(case.damaged)
    return sum(1 for index, char in enumerate(output) if index not in matched and char != R and char not in damaged)


def _restored(case: Case, output: str) -> int:
    matcher = difflib.SequenceMatcher(None, case.original, output, autojunk=False)
    matched: set[int] = set()
    for block in matcher.get_matching_blocks():
        matched.update(range(block.a, block.a + block.size))
    return sum(1 for index in case.recoverable if index in matched)


@dataclass
class Score:
    cases: int = 0
    recoverable: int = 0
    restored: int = 0
    exact: int = 0
    flagged: int = 0
    invented: int = 0
    seconds: float = 0.0


def _run(tool: Tool, all_cases: list[Case], show: int, name: str) -> dict[str, Score]:
    scores: dict[str, Score] = defaultdict(Score)
    shown = 0
    for case in all_cases:
        started = time.perf_counter()
        output, names = tool(case.damaged)
        elapsed = time.perf_counter() - started
        for key in {case.kind, "all lossy" if case.kind != "锟斤拷" else "锟斤拷"}:  # 锟斤拷 once
            score = scores[key]
            score.cases += 1
            score.seconds += elapsed
            if case.kind == "锟斤拷":
                score.flagged += "锟拷码" in names
                continue
            score.recoverable += len(case.recoverable)
            score.restored += _restored(case, output)
            score.exact += _is_exact(case, output)
            score.invented += _invented(case, output)
        if case.kind != "锟斤拷" and not _is_exact(case, output) and shown < show:
            shown += 1
            print(f"  [{name} {case.kind} {case.wrong} {case.lang}] {case.damaged!r}", file=sys.stderr)
            print(f"      got      {output!r}\n      expected {case.expected!r}", file=sys.stderr)
    return scores


def _clean_changed(tool: Tool, limit: int) -> tuple[int, int]:
    texts = [text for _label, text in corpus.clean_set()][:limit]
    return sum(tool(text)[0] != text for text in texts), len(texts)


def _table(results: dict[str, dict[str, Score]]) -> Iterator[str]:
    header = ("tool", "kind", "cases", "restored", "exact", "invented", "flagged", "ms/case")
    yield f"{header[0]:11} {header[1]:12} " + " ".join(f"{name:>9}" for name in header[2:])
    for tool, scores in results.items():
        for kind in (*KINDS, "all lossy", "锟斤拷"):
            score = scores.get(kind)
            if score is None or not score.cases:
                continue
            restored = f"{100 * score.restored / score.recoverable:.1f}%" if score.recoverable else "-"
            exact = f"{100 * score.exact / score.cases:.1f}%" if kind != "锟斤拷" else "-"
            flagged = f"{100 * score.flagged / score.cases:.0f}%" if kind == "锟斤拷" else "-"
            per_case = 1000 * score.seconds / score.cases
            invented = str(score.invented) if kind != "锟斤拷" else "-"
            values = (str(score.cases), restored, exact, invented, flagged, f"{per_case:.1f}")
            yield f"{tool:11} {kind:12} " + " ".join(f"{value:>9}" for value in values)


#: The tools, the one users run first.
TOOLS: dict[str, Tool] = {"repair_text": _repair_text_tool, "lossy": _lossy_tool, "ftfy": _ftfy_tool}


def summary(results: dict[str, dict[str, Score]]) -> list[str]:
    """One line per encfix tool: the issue's two figures for all recoverable lossy cases."""
    lines = []
    for tool, label in (("repair_text", "through repair_text (what users run)"), ("lossy", "the lossy stage alone")):
        score = results[tool]["all lossy"]
        lines.append(
            f"{label:38} restored {100 * score.restored / score.recoverable:5.1f} % of recoverable characters, "
            f"exact {score.exact}/{score.cases} ({100 * score.exact / score.cases:.1f} %)"
        )
    return lines


def measure(per_kind: int = 60, seed: int = SEED) -> tuple[dict[str, dict[str, Score]], list[str]]:
    """encfix (through repair_text and the stage alone) and ftfy on the generated cases: scores and table."""
    all_cases = cases(per_kind, seed)
    results = {name: _run(tool, all_cases, 0, name) for name, tool in TOOLS.items()}
    return results, [*_table(results), "", *summary(results)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-kind", type=int, default=60, help="cases per kind of damage (default 60)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--clean", type=int, default=400, help="clean corpus texts to check (default 400)")
    parser.add_argument("--show", type=int, default=0, help="print this many misses per tool")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    all_cases = cases(args.per_kind, args.seed)
    results = {name: _run(tool, all_cases, args.show, name) for name, tool in TOOLS.items()}
    for line in _table(results):
        print(line)
    print()
    for line in summary(results):
        print(line)
    for name, tool in TOOLS.items():
        changed, total = _clean_changed(tool, args.clean)
        print(f"{name}: clean corpus texts changed: {changed} of {total}")
    print(f"{len(all_cases)} cases, seed {args.seed}, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
