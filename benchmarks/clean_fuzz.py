"""False repairs of clean text people write: how many texts of each kind encfix changes.

The clean set (``corpus.clean_set``) is the corpus as written. Real input is also cut
anywhere, set in capitals, full of names from other languages, quoted in each
language's way, and mixed with symbols and markup: a fuzz of those found Russian
headlines in capitals, romaji, names and Czech questions rewritten. This generates such
texts, seeded, from the corpus and a list of names, and counts the ones
``repair_text`` changes (and ``ftfy.fix_encoding``, for comparison). Every text is
clean: a change is a false repair.

    python benchmarks/clean_fuzz.py                      # 400 texts a kind, ~1 minute
    python benchmarks/clean_fuzz.py --per-kind 2000 --show 5
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # a sibling module, not a package
from encfix import repair_text

SEED = 20261130
#: Names and places from many languages, as their own languages write them.
NAMES = (
    "Zoë Saldaña, Penélope Cruz, Björk Guðmundsdóttir, Sinéad O’Connor, Noël Coward, "
    "Antonín Dvořák, Lech Wałęsa, Ömer Şahin, Recep Tayyip Erdoğan, Søren Kierkegaard, "
    "Martin Ødegaard, Luka Modrić, İlkay Gündoğan, Wojciech Szczęsny, Gianluigi Buffon, "
    "Ibáñez, Logroño, Alcalá de Henares, Şanlıurfa, Diyarbakır, Bodø, Ålesund, Skåne, "
    "Võru, Kruševac, Šabac, Hólmavík, Þingvellir, Győr, Brașov, Łódź, Žilina, Düsseldorf, "
    "Jürgen Klopp, Nguyễn Phú Trọng, Đặng Văn Lâm, Tōkyō, Kyūshū, Ōsaka, Hokkaidō, "
    "Běijīng, Xī’ān, Zhōngguó, Māori, Rīga, Liepāja, Šiauliai, Kaunas, São Paulo, "
    "Curaçao, Bogotá, Zürich, Ångström, Æsir, Œuvre, Straße, Øresund"
).split(", ")
QUOTES = (("„", "“"), ("“", "”"), ("«", "»"), ("« ", " »"), ("»", "«"), ("‹", "›"), ("›", "‹"), ("‚", "‘"), ('"', '"'))
SYMBOLS = "€£¥₹₽₩₺¢$∑∫≤≥±×÷√∞≠≈→←↔⇒─│┌┐└┘░▒▓█■□●○★☆♠♥½¼¾¹²³°‰™®©§¶†•…–—«»"
EMOJI = ("👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "1️⃣", "🇺🇦", "🤷‍♀️", "😂", "🎉", "✅", "⚠️", "☕", "🔥", "🙏🏻")

Generator = Callable[[random.Random, list[tuple[str, str]], int], Iterator[str]]


def _words(paragraphs: list[tuple[str, str]]) -> list[str]:
    return [word.strip('.,;:!?()«»"“”„') for _, paragraph in paragraphs for word in paragraph.split()]


def snippets(rng: random.Random, paragraphs: list[tuple[str, str]], count: int) -> Iterator[str]:
    """A paragraph cut anywhere, 1-40 characters: what a field, a title or a preview holds."""
    for _ in range(count):
        _, paragraph = rng.choice(paragraphs)
        length = rng.randint(1, 40)
        start = rng.randint(0, max(0, len(paragraph) - length))
        yield paragraph[start : start + length]


def _phrase(rng: random.Random, paragraphs: list[tuple[str, str]], most: int) -> str:
    """One to ``most`` words in a row from a paragraph."""
    _, paragraph = rng.choice(paragraphs)
    words = paragraph.split()
    size = rng.randint(1, most)
    start = rng.randint(0, max(0, len(words) - size))
    return " ".join(words[start : start + size])


def capitals(rng: random.Random, paragraphs: list[tuple[str, str]], count: int) -> Iterator[str]:
    """One to eight words in capitals or title case: headlines, signs, legal titles."""
    for _ in range(count):
        text = _phrase(rng, paragraphs, 8)
        yield text.upper() if rng.random() < 0.7 else text.title()


def names(rng: random.Random, paragraphs: list[tuple[str, str]], count: int) -> Iterator[str]:
    """Two to four names and places, listed or in a sentence, sometimes in capitals."""
    english = [paragraph for language, paragraph in paragraphs if language == "en"]
    for _ in range(count):
        picked = rng.sample(NAMES, rng.randint(2, 4))
        roll = rng.random()
        if roll < 0.5:
            text = rng.choice((", ", " and ", " – ", " / ", "; ")).join(picked)
        else:
            sentence = rng.choice(english).split(". ")[0]
            text = f"{sentence}, with {', '.join(picked[:-1])} and {picked[-1]}."
        yield text.upper() if rng.random() < 0.25 else text


def quotations(rng: random.Random, paragraphs: list[tuple[str, str]], count: int) -> Iterator[str]:
    """A phrase in quotation marks, as a question, an exclamation or trailing off."""
    for _ in range(count):
        phrase = _phrase(rng, paragraphs, 6).rstrip(".,;:!?")
        opening, closing = rng.choice(QUOTES)
        ending = rng.choice(("", "?", "!", "…"))
        yield opening + phrase + ending + closing + rng.choice(("", "", " sagte er.", " — dit-elle."))


def symbols(rng: random.Random, paragraphs: list[tuple[str, str]], count: int) -> Iterator[str]:
    """A snippet with prices, units, arrows, box drawing or emoji around it."""
    for text in snippets(rng, paragraphs, count):
        mark = rng.choice(SYMBOLS) if rng.random() < 0.7 else rng.choice(EMOJI)
        roll = rng.random()
        if roll < 0.4:
            yield f"{mark} {text}"
        elif roll < 0.7:
            yield f"{text} {mark}{rng.randint(1, 999)}"
        else:
            yield f"{rng.randint(1, 99)}{mark} {text}"


def structured(rng: random.Random, paragraphs: list[tuple[str, str]], count: int) -> Iterator[str]:
    """Words of the corpus in a CSV row, JSON, a URL, a path, a table row or markup."""
    words = [word for word in _words(paragraphs) if word]
    for _ in range(count):
        first, second = rng.choice(words), rng.choice(words)
        yield rng.choice(
            (
                f'{rng.randint(1, 999)},"{first}",{second},{rng.randint(0, 99)}.{rng.randint(0, 99)}',
                json.dumps({"name": first, "city": second, "id": rng.randint(1, 99)}, ensure_ascii=False),
                f"https://example.org/wiki/{first}_{second}",
                f"/home/user/{first}/{second}.txt",
                f"| {first} | {second} | {rng.randint(1, 99)} |",
                f'<p class="x">{first} <b>{second}</b></p>',
                f'2024-05-17 12:30:45 [INFO] user={first} action="{second}"',
            )
        )


KINDS: dict[str, Generator] = {
    "snippets": snippets,
    "capitals": capitals,
    "names": names,
    "quotations": quotations,
    "symbols": symbols,
    "structured": structured,
}


def texts(kind: str, per_kind: int, seed: int = SEED) -> list[str]:
    """The distinct clean texts of one kind (deterministic for a seed)."""
    data = corpus.load_corpus()
    paragraphs = [(language, paragraph) for language in corpus.languages() for paragraph in data[language]]
    rng = random.Random(f"{seed}:{kind}")
    found: dict[str, None] = {}
    for text in KINDS[kind](rng, paragraphs, per_kind):
        if text.strip():
            found.setdefault(text)
    return list(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=400, help="texts generated per kind")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--show", type=int, default=3, help="changed texts to show per kind")
    parser.add_argument("--kind", action="append", choices=sorted(KINDS), help="only this kind (repeatable)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"{'kind':<12} {'texts':>6} {'encfix changed':>15} {'ftfy.fix_encoding changed':>26}")
    totals = [0, 0, 0]
    shown: list[str] = []
    for kind in args.kind or KINDS:
        items = texts(kind, args.per_kind, args.seed)
        changed = [(text, output) for text in items if (output := repair_text(text).output) != text]
        by_ftfy = sum(ftfy.fix_encoding(text) != text for text in items)
        print(f"{kind:<12} {len(items):>6} {len(changed):>15} {by_ftfy:>26}")
        totals = [totals[0] + len(items), totals[1] + len(changed), totals[2] + by_ftfy]
        shown.extend(f"  {kind}: {text!r}\n      -> {output!r}" for text, output in changed[: args.show])
    print(f"{'ALL':<12} {totals[0]:>6} {totals[1]:>15} {totals[2]:>26}")
    if shown:
        print("\nchanged (false repairs):")
        print("\n".join(shown))
    print(f"\nseed {args.seed}, {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
