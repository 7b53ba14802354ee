"""Mixed-encoding byte files: mostly UTF-8, with blocks of lines in another encoding.

Concatenated scrapes, logs and CSV exports look like this. Each generated file has
UTF-8 paragraphs from the clean corpus and one to three blocks of lines encoded in a
legacy encoding that fits their language (GBK, Big5, Shift-JIS, EUC-KR, cp1251, cp1252,
cp1250, cp1253, ...). encfix must decode every byte segment with the encoding that fits:
the decoded text must equal the original exactly. charset-normalizer's answer for the
whole file is shown beside it.

    python benchmarks/mixed.py --cases 200
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from charset_normalizer import from_bytes

from encfix import InputError, decode_bytes

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "corpus"
LEGACY: dict[str, tuple[str, ...]] = {
    "zh-Hans": ("gbk",),
    "zh-Hant": ("big5",),
    "ja": ("shift_jis", "euc_jp"),
    "ko": ("euc_kr",),
    "ru": ("cp1251", "koi8-r"),
    "uk": ("cp1251",),
    "bg": ("cp1251",),
    "el": ("cp1253",),
    "fr": ("cp1252",),
    "de": ("cp1252",),
    "es": ("cp1252",),
    "pl": ("cp1250",),
    "cs": ("cp1250",),
    "tr": ("cp1254",),
    "he": ("cp1255",),
    "ar": ("cp1256",),
}
SEED = 20261130


def _paragraphs(language: str) -> list[str]:
    lines = (CORPUS / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


def generate(cases: int, seed: int = SEED) -> list[tuple[str, bytes, str]]:
    """(label, file bytes, the text they hold)."""
    rng = random.Random(seed)
    languages = sorted(LEGACY)
    generated: list[tuple[str, bytes, str]] = []
    while len(generated) < cases:
        parts: list[tuple[str, str]] = []  # (text, encoding)
        for _ in range(rng.randint(3, 8)):
            language = rng.choice(languages)
            parts.append(("\n".join(rng.sample(_paragraphs(language), 1)) + "\n", "utf-8"))
        for _ in range(rng.randint(1, 3)):
            language = rng.choice(languages)
            encoding = rng.choice(LEGACY[language])
            block = "\n".join(rng.sample(_paragraphs(language), rng.randint(1, 2))) + "\n"
            try:
                block.encode(encoding)
            except UnicodeEncodeError:
                continue
            parts.insert(rng.randint(1, len(parts)), (block, encoding))
        data = b"".join(text.encode(encoding) for text, encoding in parts)
        text = "".join(text for text, _ in parts)
        legacy = sorted({encoding for _, encoding in parts if encoding != "utf-8"})
        if not legacy:
            continue
        generated.append(("+".join(legacy), data, text))
    return generated


def measure(cases: int = 200, seed: int = SEED) -> dict[str, int]:
    """How many generated files encfix and charset-normalizer decode exactly (for accuracy.py)."""
    generated = generate(cases, seed)
    encfix_exact = sum(_decodes(data, text) for _, data, text in generated)
    normalizer_exact = 0
    for _, data, text in generated:
        best = from_bytes(data).best()
        normalizer_exact += best is not None and str(best) == text
    return {"files": len(generated), "encfix": encfix_exact, "charset_normalizer": normalizer_exact}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    args = parser.parse_args(argv)
    cases = generate(args.cases)
    exact = Counter[str]()
    total = Counter[str]()
    normalizer_exact = 0
    failures: list[str] = []
    for label, data, text in cases:
        for encoding in label.split("+"):
            total[encoding] += 1
        try:
            ok = decode_bytes(data).text == text
        except InputError:
            ok = False
        if ok:
            for encoding in label.split("+"):
                exact[encoding] += 1
        elif len(failures) < 5:
            failures.append(label)
        best = from_bytes(data).best()
        normalizer_exact += best is not None and str(best) == text
    hits = sum(1 for label, data, text in cases if _decodes(data, text))
    print(f"{len(cases)} mixed-encoding files (UTF-8 with 1-3 legacy blocks)\n")
    print(f"encfix decode_bytes exact:        {hits}/{len(cases)} = {100 * hits / len(cases):.1f}%")
    share = 100 * normalizer_exact / len(cases)
    print(f"charset-normalizer (whole file):  {normalizer_exact}/{len(cases)} = {share:.1f}%\n")
    print("files decoded exactly, by legacy encoding they contain:")
    for encoding in sorted(total):
        rate = 100 * exact[encoding] / total[encoding]
        print(f"  {encoding:10s} {exact[encoding]:4d}/{total[encoding]:<4d} {rate:5.1f}%")
    if failures:
        print("\nfirst failures:", ", ".join(failures))
    return 0


def _decodes(data: bytes, text: str) -> bool:
    try:
        return decode_bytes(data).text == text
    except InputError:
        return False


if __name__ == "__main__":
    sys.exit(main())
