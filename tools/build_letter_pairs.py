"""Build ``src/encfix/data/letter_pairs.json``: which letter pairs each language writes.

The judge's alphabet model knows which letters a language uses, not in what company:
Hungarian "Árvíztûrõ" (cp1250 read as cp1252: û, õ for ű, ő) passes, because French
has û and Portuguese õ. The pairs say more: Hungarian writes "tű" and "rő", never "tû"
or "rõ", and neither does any language whose alphabet has those letters *and* the rest
of the line's pairs.

Source: the ``small`` word lists of the ``wordfreq`` package (Robyn Speer et al.; code
Apache-2.0, data CC BY-SA 4.0, built from Wikipedia, subtitles, news, books, web text
and Twitter). Each word's letter pairs, with a space for the word's edges, are counted
weighted by the word's frequency. wordfreq case-folds its words ("ß" is "ss" there, a
final "ς" is "σ"), and the judge folds its words the same way. A pair's level is how
much rarer it is than the language's commonest pair, in whole bits; pairs rarer than
``MAX_LEVEL`` are left out (unseen). Pairs of ASCII letters are kept for the languages
written in the Latin script only: the judge reads them in words with an accented letter,
where they say which language the word is in (mojibake changes the accented letter, not
the rest of the word).
The derived table is therefore under CC BY-SA 4.0 too (see ``src/encfix/data/README.md``).

wordfreq is needed only to rebuild the table, not to run encfix::

    pip install wordfreq
    python tools/build_letter_pairs.py
"""

from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "encfix" / "data" / "letter_pairs.json"

#: encfix's language codes (the keys of the judge's alphabets) and wordfreq's list for each.
#: Serbo-Croatian ("sh", Latin script) stands in for Croatian. Languages wordfreq has no
#: list for (Estonian, Belarusian, Kazakh, Serbian Cyrillic, ...) have no pair table.
SOURCES: dict[str, str] = {
    **{code: code for code in (
        "en fr de es pt it nl ca sv da fi is pl cs sk hu ro tr lv lt sl vi "
        "ru uk bg mk el ar fa he"
    ).split()},
    "hr": "sh",
}  # fmt: skip
#: Pairs rarer than this many bits below the language's total are not kept (unseen).
MAX_LEVEL = 24
_LETTERS = re.compile(r"[^\W\d_]+")
#: Romanian is written with comma-below ș ț and, in older text, cedilla ş ţ: both count.
_VARIANTS = {"ro": str.maketrans("șț", "şţ")}


def pair_counts(frequencies: dict[str, float], language: str) -> Counter[str]:
    """Letter pairs of the words (space at each edge), weighted by word frequency."""
    counts: Counter[str] = Counter()
    for word, frequency in frequencies.items():
        for letters in _LETTERS.findall(unicodedata.normalize("NFC", word).casefold()):
            padded = f" {letters} "
            for index in range(len(padded) - 1):
                counts[padded[index : index + 2]] += frequency
    if language in _VARIANTS:
        for pair, count in list(counts.items()):
            variant = pair.translate(_VARIANTS[language])
            if variant != pair:
                counts[variant] += count
    return counts


#: Languages written in the Latin script: their ASCII pairs are kept too.
LATIN = frozenset("en fr de es pt it nl ca sv da fi is pl cs sk hu ro tr lv lt sl vi hr".split())


def levels(counts: Counter[str], *, keep_ascii: bool = False) -> dict[str, int]:
    """Each pair's level: whole bits of rarity, 0 for the most common pair.

    ASCII pairs are kept only with ``keep_ascii`` (Latin-script languages): the
    rest of a word with an accented letter says which language it is in.
    """
    top = max(counts.values())
    table: dict[str, int] = {}
    for pair, count in counts.items():
        if pair.isascii() and not (keep_ascii and pair.strip().isalpha()):
            continue
        level = round(math.log2(top / count))
        if level <= MAX_LEVEL:
            table[pair] = level
    return table


def main() -> int:
    from importlib.metadata import version

    import wordfreq

    tables: dict[str, dict[str, list[str]]] = {}
    for language, source in SOURCES.items():
        counts = pair_counts(wordfreq.get_frequency_dict(source, wordlist="small"), language)
        by_level: dict[str, list[str]] = {}
        for pair, level in sorted(levels(counts, keep_ascii=language in LATIN).items()):
            by_level.setdefault(str(level), []).append(pair)
        tables[language] = by_level
        print(f"{language}: {sum(len(p) for p in by_level.values())} pairs", file=sys.stderr)
    document = {
        "source": f"wordfreq {version('wordfreq')} small word lists (data CC BY-SA 4.0)",
        "max_level": MAX_LEVEL,
        # Per language, per level: the pairs, joined ("ű " ends a word, " ő" starts one).
        "languages": {
            language: {level: "|".join(pairs) for level, pairs in by_level.items()}
            for language, by_level in tables.items()
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
