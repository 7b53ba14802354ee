"""Evaluation data built from the clean corpus in ``tests/data/corpus``.

Three deterministic sets, all derived from the same hand-written paragraphs:

* the **clean set** (:func:`clean_set`): sentences, paragraphs, documents, CRLF and NFD
  variants, and the ``special`` lines; a repair tool must return every one unchanged;
* the **damaged cases** (:func:`damaged_cases`): clean text pushed through a chain of
  wrong decodings, in six families (see :data:`FAMILIES`), seeded;
* the **detection snippets** (:func:`detection_snippets`): clean text encoded in each
  encoding encfix supports, cut at character boundaries, for byte-level detection.

Damage is done with :mod:`encfix.encodings` so single-byte code pages are *sloppy*
(bytes a code page leaves undefined become C1 characters, as on the web). A layer
that is infeasible (text not encodable, or bytes not decodable strictly) means the
case is skipped: that is lossy damage, measured elsewhere.

Run ``python benchmarks/corpus.py --out DIR`` to dump the sets as JSONL.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from encfix import encodings

__all__ = [
    "FAMILIES",
    "Case",
    "Snippet",
    "clean_set",
    "damage",
    "damaged_cases",
    "detection_snippets",
    "load_corpus",
    "sentences",
]

CORPUS_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"
SEED = 20240517

Layer = tuple[str, str]  # (encoding, wrong)


# --------------------------------------------------------------------------- corpus


@cache
def load_corpus() -> dict[str, tuple[str, ...]]:
    """Paragraphs per language (file stem), in file order; ``special`` included.

    Files are read with ``newline=""`` so a line written with CRLF keeps its ``\\r``.
    """
    corpus: dict[str, tuple[str, ...]] = {}
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        with path.open(encoding="utf-8", newline="") as handle:
            lines = handle.read().split("\n")
        corpus[path.stem] = tuple(line for line in lines if line.strip())
    return corpus


def languages() -> list[str]:
    """The language codes of the corpus (every file but ``special``)."""
    return [lang for lang in load_corpus() if lang != "special"]


# A sentence ends at . ! ? (followed by a space) or at CJK full stops; Thai separates
# sentences with spaces only, so Thai paragraphs stay whole.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])(?![”」』）])")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences (good enough for clean corpus prose).

    >>> sentences("Hello there. How are you? Fine!")
    ['Hello there.', 'How are you?', 'Fine!']
    >>> sentences("你好。我很好！")
    ['你好。', '我很好！']
    """
    return [part for part in _SENTENCE_END.split(paragraph) if part.strip()]


# --------------------------------------------------------------------------- clean set


def _nfd_variant(text: str) -> str | None:
    decomposed = unicodedata.normalize("NFD", text)
    return decomposed if decomposed != text else None


def _clean_texts_for(lang: str, paragraphs: Sequence[str]) -> Iterator[tuple[str, str]]:
    for index, paragraph in enumerate(paragraphs):
        yield f"{lang}/paragraph/{index}", paragraph
        parts = sentences(paragraph)
        if len(parts) > 1:
            for number, sentence in enumerate(parts):
                yield f"{lang}/sentence/{index}.{number}", sentence
        for number, sentence in enumerate(parts):
            # Headlines, signs and legal titles are written in capitals ("ВНИМАНИЕ!
            # ВЕДУТСЯ РЕМОНТНЫЕ РАБОТЫ"): capitals are what some code page mix-ups make
            # of small letters, and the judge must tell the two apart.
            if sentence.upper() != sentence:
                yield f"{lang}/upper/{index}.{number}", sentence.upper()
        nfd = _nfd_variant(paragraph)
        if nfd is not None:
            yield f"{lang}/nfd/{index}", nfd
    for start in range(0, len(paragraphs), 2):
        window = paragraphs[start : start + 4]
        if len(window) < 2:
            continue
        yield f"{lang}/document/{start}", "\n".join(window) + "\n"
        yield f"{lang}/document-crlf/{start}", "\r\n".join(window) + "\r\n"
        yield f"{lang}/document-blank-lines/{start}", "\n\n".join(window)
    whole = "\n".join(paragraphs) + "\n"
    yield f"{lang}/whole-file", whole
    nfd = _nfd_variant(whole)
    if nfd is not None:
        yield f"{lang}/whole-file-nfd", nfd


def _mixed_documents(corpus: dict[str, tuple[str, ...]]) -> Iterator[tuple[str, str]]:
    langs = languages()
    for offset in range(12):
        picked = [langs[(offset * 5 + step * 7) % len(langs)] for step in range(4)]
        lines = [corpus[lang][(offset + step) % len(corpus[lang])] for step, lang in enumerate(picked)]
        yield f"mixed/document/{'+'.join(picked)}", "\n".join(lines) + "\n"


def clean_set() -> list[tuple[str, str]]:
    """Clean texts, each with a label; deterministic and free of duplicates.

    >>> texts = clean_set()
    >>> len(texts) > 1000 and len({label for label, _ in texts}) == len(texts)
    True
    """
    corpus = load_corpus()
    seen: set[str] = set()
    result: list[tuple[str, str]] = []
    items: list[Iterator[tuple[str, str]]] = [_clean_texts_for(lang, paragraphs) for lang, paragraphs in corpus.items()]
    items.append(_mixed_documents(corpus))
    special = corpus["special"]
    items.append(iter([("special/document", "\n".join(special) + "\n")]))
    for iterator in items:
        for label, text in iterator:
            if text not in seen:
                seen.add(text)
                result.append((label, text))
    return result


# --------------------------------------------------------------------------- damage


def damage(text: str, chain: Sequence[Layer]) -> str | None:
    """Apply a chain of wrong decodings (outermost last); None if a layer is infeasible.

    >>> damage("café", [("utf-8", "cp1252")])
    'cafÃ©'
    >>> damage("café", [("utf-8", "cp1252"), ("utf-8", "cp1252")])
    'cafÃƒÂ©'
    >>> damage("你好", [("utf-8", "gbk")])
    '浣犲ソ'
    """
    for encoding, wrong in chain:
        try:
            text = encodings.decode(encodings.encode(text, encoding), wrong)
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None
    return text


@dataclass(frozen=True, slots=True)
class Case:
    """One damaged text and the clean text it should become."""

    id: str
    family: str
    lang: str
    size: str  # "sentence" | "paragraph" | "document"
    chain: tuple[Layer, ...]
    clean: str
    damaged: str

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["chain"] = [list(layer) for layer in self.chain]
        return data


_WESTERN = ("cp1252", "iso8859-1", "iso8859-15", "mac-roman", "cp437", "cp850")
_CENTRAL = ("cp1250", "iso8859-2", "cp1252", "iso8859-1")
_CYRILLIC = ("cp1251", "koi8-r", "cp866", "cp1252")

#: Wrong single-byte code pages that make sense for UTF-8 text in each language.
SINGLE_BYTE_WRONG: dict[str, tuple[str, ...]] = {
    **{lang: _WESTERN for lang in ("en", "fr", "de", "es", "pt", "it", "nl", "sv")},
    **{lang: _CENTRAL for lang in ("pl", "cs", "hu", "ro")},
    "tr": ("cp1254", "cp1252", "iso8859-1"),
    "lt": ("cp1257", "cp1252"),
    "ru": _CYRILLIC,
    "bg": _CYRILLIC,
    "uk": ("cp1251", "koi8-u", "koi8-r", "cp1252"),
    "el": ("cp1253", "cp1252", "iso8859-1"),
    "he": ("cp1255", "cp1252"),
    "ar": ("cp1256", "cp1252"),
    "fa": ("cp1256", "cp1252"),
    "th": ("cp874", "cp1252"),
    "vi": ("cp1252", "cp1258", "iso8859-1"),
    "hi": ("cp1252", "iso8859-1"),
    "zh-Hans": ("cp1252", "iso8859-1"),
    "zh-Hant": ("cp1252", "iso8859-1"),
    "ja": ("cp1252", "iso8859-1"),
    "ko": ("cp1252", "iso8859-1"),
}

CJK_WRONG: tuple[str, ...] = (
    "gbk",
    "gb18030",
    "big5",
    "cp950",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "cp949",
)

#: The encoding text in each language was stored in before UTF-8.
LEGACY: dict[str, tuple[str, ...]] = {
    "zh-Hans": ("gbk", "gb18030"),
    "zh-Hant": ("big5", "cp950"),
    "ja": ("shift_jis", "cp932", "euc_jp"),
    "ko": ("euc_kr", "cp949"),
    "ru": ("cp1251", "koi8-r"),
    "bg": ("cp1251",),
    "uk": ("cp1251", "koi8-u"),
    "el": ("cp1253", "iso8859-7"),
    "he": ("cp1255",),
    "ar": ("cp1256",),
    "fa": ("cp1256",),
    "th": ("tis-620", "cp874"),
    "pl": ("cp1250", "iso8859-2"),
    "cs": ("cp1250",),
    "hu": ("cp1250",),
    "ro": ("cp1250",),
    "tr": ("cp1254",),
    "lt": ("cp1257",),
}

#: (language, encoding, wrong): one legacy code page read as another.
LEGACY_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("ru", "koi8-r", "cp1251"),
    ("ru", "cp1251", "koi8-r"),
    ("ru", "cp866", "cp1251"),
    ("bg", "cp1251", "koi8-r"),
    ("bg", "cp866", "cp1251"),
    ("uk", "koi8-u", "cp1251"),
    ("uk", "cp1251", "koi8-u"),
    ("zh-Hant", "big5", "gbk"),
    ("zh-Hans", "gbk", "big5"),
    ("ja", "shift_jis", "gbk"),
    ("ko", "cp949", "gbk"),
    ("pl", "cp1250", "cp1252"),
    ("cs", "cp1250", "cp1252"),
    ("hu", "cp1250", "cp1252"),
    ("ro", "iso8859-2", "cp1252"),
    ("el", "cp1253", "cp1251"),
    ("he", "cp1255", "cp1251"),
    ("ar", "cp1256", "cp1251"),
)

#: Chains mixing kinds of layers (outermost last).
MIXED_CHAINS: tuple[tuple[tuple[str, ...], tuple[Layer, ...]], ...] = (
    (("zh-Hans", "zh-Hant", "ja"), (("utf-8", "gbk"), ("utf-8", "cp1252"))),
    (("zh-Hans", "ja", "ko"), (("utf-8", "gbk"), ("gbk", "cp1252"))),
    (("ja",), (("utf-8", "cp932"), ("utf-8", "cp1252"))),
    (("ko",), (("utf-8", "cp949"), ("utf-8", "cp1252"))),
    (("zh-Hant",), (("utf-8", "big5"), ("utf-8", "iso8859-1"))),
    (("fr", "de", "es", "pt", "vi"), (("utf-8", "cp1252"), ("utf-8", "cp1251"))),
    (("fr", "de", "es", "pl"), (("utf-8", "iso8859-1"), ("utf-8", "cp1252"))),
    (("ru", "uk", "bg"), (("utf-8", "cp1251"), ("utf-8", "cp1252"))),
    (("ru", "bg"), (("cp1251", "cp1252"), ("utf-8", "cp1252"))),
    (("zh-Hans",), (("gbk", "cp1252"), ("utf-8", "cp1252"))),
    (("ja",), (("shift_jis", "cp1252"), ("utf-8", "cp1252"))),
    (("el",), (("utf-8", "cp1253"), ("utf-8", "cp1252"))),
    (("fr", "de", "es"), (("utf-8", "cp1252"), ("utf-8", "gbk"))),
)

SIZES = ("sentence", "paragraph", "document")


class _Source:
    """Random text units from the corpus: one sentence, one paragraph, or a document."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.corpus = load_corpus()
        self.sentences = {
            lang: [s for p in paragraphs for s in sentences(p)] for lang, paragraphs in self.corpus.items()
        }

    def text(self, lang: str, size: str) -> str:
        paragraphs = self.corpus[lang]
        if size == "sentence":
            return self.rng.choice(self.sentences[lang])
        if size == "paragraph":
            return self.rng.choice(paragraphs)
        count = self.rng.randint(3, 6)
        start = self.rng.randrange(len(paragraphs))
        picked = [paragraphs[(start + step) % len(paragraphs)] for step in range(count)]
        return "\n".join(picked) + "\n"

    def size(self, weights: Sequence[float] = (0.4, 0.4, 0.2)) -> str:
        return self.rng.choices(SIZES, weights=weights)[0]


ChainPicker = Callable[[random.Random], tuple[str, tuple[Layer, ...]] | None]


def _single_byte_chain(rng: random.Random) -> tuple[str, tuple[Layer, ...]]:
    lang = rng.choice(sorted(SINGLE_BYTE_WRONG))
    layers = rng.choices((1, 2, 3), weights=(0.6, 0.3, 0.1))[0]
    first = rng.choice(SINGLE_BYTE_WRONG[lang])
    chain: list[Layer] = [("utf-8", first)]
    for _ in range(layers - 1):
        # Further layers are mostly the same mistake again, sometimes a Western one.
        wrong = first if rng.random() < 0.6 else rng.choice(("cp1252", "iso8859-1"))
        chain.append(("utf-8", wrong))
    return lang, tuple(chain)


def _cjk_chain(rng: random.Random) -> tuple[str, tuple[Layer, ...]]:
    pool = ["zh-Hans", "zh-Hant", "ja", "ko"] * 3 + languages()
    return rng.choice(pool), (("utf-8", rng.choice(CJK_WRONG)),)


def _legacy_single_chain(rng: random.Random) -> tuple[str, tuple[Layer, ...]]:
    lang = rng.choice(sorted(LEGACY))
    return lang, ((rng.choice(LEGACY[lang]), rng.choice(("iso8859-1", "cp1252"))),)


def _legacy_pair_chain(rng: random.Random) -> tuple[str, tuple[Layer, ...]]:
    lang, encoding, wrong = rng.choice(LEGACY_PAIRS)
    return lang, ((encoding, wrong),)


def _mixed_chain(rng: random.Random) -> tuple[str, tuple[Layer, ...]]:
    langs, chain = rng.choice(MIXED_CHAINS)
    return rng.choice(langs), chain


_PICKERS: dict[str, tuple[ChainPicker, tuple[float, float, float]]] = {
    "utf8-as-single-byte": (_single_byte_chain, (0.4, 0.4, 0.2)),
    # Long UTF-8 runs rarely decode strictly in a double-byte code page: favour short.
    "utf8-as-cjk": (_cjk_chain, (0.6, 0.3, 0.1)),
    "legacy-as-single-byte": (_legacy_single_chain, (0.4, 0.4, 0.2)),
    "legacy-as-legacy": (_legacy_pair_chain, (0.4, 0.4, 0.2)),
    "mixed-layers": (_mixed_chain, (0.5, 0.35, 0.15)),
}

#: Target number of cases per family for the default benchmark run.
FAMILIES: dict[str, int] = {
    "utf8-as-single-byte": 1200,
    "utf8-as-cjk": 600,
    "legacy-as-single-byte": 500,
    "legacy-as-legacy": 500,
    "mixed-layers": 500,
    "inline-span": 500,
}


def _chain_family(family: str, count: int, rng: random.Random) -> Iterator[Case]:
    picker, weights = _PICKERS[family]
    source = _Source(rng)
    made = attempts = 0
    seen: set[tuple[str, tuple[Layer, ...]]] = set()
    while made < count and attempts < count * 40:
        attempts += 1
        lang, chain = picker(rng)
        size = source.size(weights)
        clean = source.text(lang, size)
        damaged = damage(clean, chain)
        if damaged is None or damaged == clean or (clean, chain) in seen:
            continue
        seen.add((clean, chain))
        yield Case(f"{family}-{made:04d}", family, lang, size, chain, clean, damaged)
        made += 1


# ----------------------------------------------------------------- inline spans

_INLINE_CHAINS: tuple[tuple[Layer, ...], ...] = (
    (("utf-8", "cp1252"),),
    (("utf-8", "cp1252"),),
    (("utf-8", "iso8859-1"),),
    (("utf-8", "gbk"),),
    (("utf-8", "cp1251"),),
    (("utf-8", "cp1252"), ("utf-8", "cp1252")),
    (("utf-8", "cp932"),),
)


Built = tuple[str, str, str] | None  # (size, clean, damaged)


def _inline_document(source: _Source, lang: str, chain: tuple[Layer, ...]) -> Built:
    """A clean document with one paragraph (or its first line, the title) damaged."""
    rng = source.rng
    paragraphs = list(source.corpus[lang])
    start = rng.randrange(len(paragraphs))
    picked = [paragraphs[(start + step) % len(paragraphs)] for step in range(rng.randint(3, 6))]
    target = rng.randrange(len(picked))
    units = sentences(picked[target])
    if len(units) > 1 and rng.random() < 0.5:
        which = rng.randrange(len(units))
        broken = damage(units[which], chain)
        if broken is None or broken == units[which]:
            return None
        sep = "" if lang in ("zh-Hans", "zh-Hant", "ja") else " "
        units[which] = broken
        damaged_paragraph = sep.join(units)
        if sep.join(sentences(picked[target])) != picked[target]:
            return None  # the split was not reversible (several spaces): skip
        size = "paragraph"
    else:
        damaged_paragraph = damage(picked[target], chain) or picked[target]
        size = "document"
    if damaged_paragraph == picked[target]:
        return None
    clean = "\n".join(picked) + "\n"
    damaged = "\n".join([*picked[:target], damaged_paragraph, *picked[target + 1 :]]) + "\n"
    return size, clean, damaged


def _inline_csv(source: _Source, lang: str, chain: tuple[Layer, ...]) -> Built:
    """A CSV export where one field of one row went through the wrong decoding."""
    rng = source.rng
    rows = []
    for number in range(rng.randint(3, 8)):
        sentence = rng.choice(source.sentences[lang]).replace('"', '""')
        rows.append([str(1000 + number), lang, f'"{sentence}"'])
    row = rng.randrange(len(rows))
    clean_field = rows[row][2]
    broken = damage(clean_field, chain)
    if broken is None or broken == clean_field:
        return None
    header = "id,lang,text\n"
    clean = header + "".join(",".join(r) + "\n" for r in rows)
    rows[row][2] = broken
    damaged = header + "".join(",".join(r) + "\n" for r in rows)
    return "document", clean, damaged


def _inline_family(count: int, rng: random.Random) -> Iterator[Case]:
    source = _Source(rng)
    made = attempts = 0
    while made < count and attempts < count * 40:
        attempts += 1
        chain = rng.choice(_INLINE_CHAINS)
        wrong = chain[0][1]
        if wrong in ("gbk", "cp932"):
            lang = rng.choice(("zh-Hans", "zh-Hant", "ja", "ko"))
        elif wrong == "cp1251":
            lang = rng.choice(("ru", "uk", "bg", "zh-Hans", "ja"))
        else:
            lang = rng.choice(languages())
        builder = _inline_csv if rng.random() < 0.25 else _inline_document
        built = builder(source, lang, chain)
        if built is None:
            continue
        size, clean, damaged = built
        yield Case(f"inline-span-{made:04d}", "inline-span", lang, size, chain, clean, damaged)
        made += 1


def damaged_cases(seed: int = SEED, scale: float = 1.0, families: Sequence[str] | None = None) -> list[Case]:
    """Damaged cases for every family (or the ones named), deterministic for a seed.

    ``scale`` multiplies the per-family targets of :data:`FAMILIES`. Each family gets
    its own generator seeded from ``seed`` and its name, so asking for one family
    yields the same cases as the full run does.
    """
    cases: list[Case] = []
    for family, target in FAMILIES.items():
        if families is not None and family not in families:
            continue
        rng = random.Random(f"{seed}:{family}")
        count = max(1, round(target * scale))
        if family == "inline-span":
            cases.extend(_inline_family(count, rng))
        else:
            cases.extend(_chain_family(family, count, rng))
    return cases


# --------------------------------------------------------------------------- detection


@dataclass(frozen=True, slots=True)
class Snippet:
    """Clean text encoded in one encoding: what byte detection should decode back."""

    encoding: str
    lang: str
    band: str  # "<=48" | "49-4000"
    text: str
    data: bytes

    def to_json(self) -> dict[str, object]:
        return {
            "encoding": self.encoding,
            "lang": self.lang,
            "band": self.band,
            "text": self.text,
            "hex": self.data.hex(),
        }


_CP1258_MARKS = "\u0302\u0306\u031b"  # circumflex, breve and horn stay precomposed


def _cp1258_form(text: str) -> str:
    """Vietnamese as cp1258 stores it: base letters precomposed, tone marks combining.

    >>> _cp1258_form("Việt") == "Vi\\u00ea\\u0323t"
    True
    """
    out: list[str] = []
    for cluster in re.findall(r".[\u0300-\u036f]*", unicodedata.normalize("NFD", text), re.S):
        kept = "".join(mark for mark in cluster[1:] if mark in _CP1258_MARKS)
        tones = "".join(mark for mark in cluster[1:] if mark not in _CP1258_MARKS)
        out.append(unicodedata.normalize("NFC", cluster[0] + kept) + tones)
    return "".join(out)


def _encoded(text: str, encoding: str) -> bytes | None:
    if encoding == "cp1258":
        text = _cp1258_form(text)
    try:
        return encodings.encode(text, encoding)
    except UnicodeEncodeError:
        return None


def _truth(data: bytes, encoding: str) -> str:
    return encodings.decode(data, encoding)


def _cut(text: str, encoding: str, limit: int) -> bytes | None:
    """The longest prefix of ``text`` (whole characters) whose encoding fits in ``limit``."""
    if encoding == "cp1258":
        text = _cp1258_form(text)
    data = b""
    for char in text:
        try:
            piece = encodings.encode(char, encoding)
        except UnicodeEncodeError:
            return None
        if len(data) + len(piece) > limit:
            break
        data += piece
    return data or None


def _languages_for(encoding: str) -> list[str]:
    """Languages whose paragraphs mostly encode in ``encoding`` and are not plain ASCII."""
    corpus = load_corpus()
    fitting = []
    for lang in languages():
        paragraphs = corpus[lang]
        encodable = [p for p in paragraphs if _encoded(p, encoding) is not None]
        has_non_ascii = any(not p.isascii() for p in encodable)
        if has_non_ascii and len(encodable) >= 0.6 * len(paragraphs):
            fitting.append(lang)
    return fitting


def _snippet(rng: random.Random, encoding: str, lang: str, band: str) -> Snippet | None:
    paragraphs = [p for p in load_corpus()[lang] if _encoded(p, encoding) is not None]
    if band == "<=48":
        limit = rng.randint(12, 48)
        start = rng.choice(paragraphs)
    else:
        limit = round(2 ** rng.uniform(5.62, 11.97))  # 49 .. 4000 bytes, log-uniform
        first = rng.randrange(len(paragraphs))
        start = "\n".join(paragraphs[first:] + paragraphs[:first])
        while len(start) < limit:
            start = start + "\n" + start
    data = _cut(start, encoding, limit)
    if data is None or data.isascii():
        return None
    if band == "49-4000" and len(data) < 49:
        return None
    return Snippet(encoding, lang, band, _truth(data, encoding), data)


def detection_snippets(seed: int = SEED, per_band: int = 12) -> list[Snippet]:
    """Byte snippets of clean text in every supported encoding that fits some language."""
    snippets: list[Snippet] = []
    for encoding in (e.name for e in encodings.ALL):
        rng = random.Random(f"{seed}:{encoding}")
        langs = _languages_for(encoding)
        if not langs:
            continue
        for band in ("<=48", "49-4000"):
            made = attempts = 0
            while made < per_band and attempts < per_band * 20:
                attempts += 1
                snippet = _snippet(rng, encoding, rng.choice(langs), band)
                if snippet is not None:
                    snippets.append(snippet)
                    made += 1
    return snippets


# --------------------------------------------------------------------------- command line


def _write_jsonl(path: Path, rows: Iterator[dict[str, object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write JSONL files to")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply case counts")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    counts = {
        "cases.jsonl": _write_jsonl(
            args.out / "cases.jsonl",
            (case.to_json() for case in damaged_cases(args.seed, args.scale)),
        ),
        "clean.jsonl": _write_jsonl(
            args.out / "clean.jsonl",
            ({"label": label, "text": text} for label, text in clean_set()),
        ),
        "detection.jsonl": _write_jsonl(
            args.out / "detection.jsonl",
            (snippet.to_json() for snippet in detection_snippets(args.seed)),
        ),
    }
    for name, count in counts.items():
        print(f"{args.out / name}: {count} rows")


if __name__ == "__main__":
    main()
