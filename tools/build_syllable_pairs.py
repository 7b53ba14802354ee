"""Build ``src/encfix/data/syllable_pairs.json``: the letter pairs two romanisations write.

Some Latin-script writing is a closed set of syllables, so its letter pairs are known
exactly: those inside a syllable (with a space at each edge) and those where two
syllables meet in a word (one syllable's last letter, the next one's first). The judge
reads them as it reads a language's pair table (``plausibility._pair_tables``): without
one, a language pays a little for every pair of its letters, "Tōkyō" looked no better
than the "Tôkyô" a cp1257 mix-up makes of it, and Czech read as cp1252 ("hlavnì ve
mìstech") would pass for pinyin, whose syllables never hold "hl" or "st".

- ``zh``: Hanyu Pinyin with tone marks ("Nǐ hǎo", "Zhōngguó"), from the readings in
  pypinyin's character dictionary (``pypinyin.constants``, MIT licence), an encfix
  dependency. A syllable starting with a vowel is set off by an apostrophe inside a
  word ("Xī'ān"), so only consonants follow another syllable directly.
- ``mi``: long vowels with macrons, Māori ("Kōrero Māori") and Japanese in Hepburn
  romaji ("Tōkyō", "Kyūshū"), from the syllables listed below; any vowel may be long,
  and a Japanese consonant may be doubled ("Hokkaidō").

Every pair gets level 0: a syllable system has no rare pairs, only possible and
impossible ones. Rebuild with::

    python tools/build_syllable_pairs.py
"""

from __future__ import annotations

import json
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "encfix" / "data" / "syllable_pairs.json"
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")
_LONG = {"a": "ā", "e": "ē", "i": "ī", "o": "ō", "u": "ū"}
_HEPBURN = (
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
    "ma mi mu me mo ya yu yo ra ri ru re ro wa wo n ga gi gu ge go za ji zu ze zo da de do "
    "ba bi bu be bo pa pi pu pe po kya kyu kyo sha shu sho cha chu cho nya nyu nyo hya hyu "
    "hyo mya myu myo rya ryu ryo gya gyu gyo ja ju jo bya byu byo pya pyu pyo"
).split()
_MAORI = [start + vowel for start in ("", "h", "k", "m", "n", "p", "r", "t", "w", "ng", "wh") for vowel in "aeiou"]
#: Japanese doubles a consonant before another syllable ("Hokkaidō", "matcha").
_DOUBLED = ("kk", "ss", "tt", "pp", "tc")


def pinyin() -> set[str]:
    """Every reading of every character in pypinyin's dictionary, case-folded, NFC."""
    from pypinyin.constants import PINYIN_DICT

    found: set[str] = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            syllable = unicodedata.normalize("NFC", reading.strip()).casefold()
            if syllable.isalpha():
                found.add(syllable)
    return found


def long_vowel_syllables() -> set[str]:
    """Hepburn and Māori syllables, each with its vowel short and long."""
    found: set[str] = set()
    for syllable in (*_HEPBURN, *_MAORI):
        found.add(syllable)
        if syllable[-1] in _LONG:
            found.add(syllable[:-1] + _LONG[syllable[-1]])
    return found


def pairs(found: set[str], *, vowel_joints: bool, extra: tuple[str, ...] = ()) -> set[str]:
    """The pairs inside each syllable (space at its edges) and where two syllables meet."""
    result: set[str] = set(extra)
    for syllable in found:
        padded = f" {syllable} "
        result.update(padded[index : index + 2] for index in range(len(padded) - 1))
    last = {syllable[-1] for syllable in found}
    first = {syllable[0] for syllable in found if vowel_joints or syllable[0] in _CONSONANTS}
    result.update(a + b for a in last for b in first)
    return result


def main() -> int:
    systems = {
        "zh": (pinyin(), False, ()),
        "mi": (long_vowel_syllables(), True, _DOUBLED),
    }
    languages: dict[str, dict[str, str]] = {}
    letters: dict[str, str] = {}
    for language, (found, vowel_joints, extra) in systems.items():
        table = sorted(pairs(found, vowel_joints=vowel_joints, extra=extra))
        languages[language] = {"0": "|".join(table)}
        letters[language] = "".join(sorted({char for syllable in found for char in syllable if not char.isascii()}))
        print(f"{language}: {len(found)} syllables, {len(table)} pairs, letters {letters[language]}", file=sys.stderr)
    document = {
        "source": f"pypinyin {version('pypinyin')} character readings (MIT); Hepburn and Māori syllables",
        "letters": letters,
        "languages": languages,
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
