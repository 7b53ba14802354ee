"""Speed of encfix beside ftfy, as ratios measured in the same run.

Three measurements:

1. **clean UTF-8** (paragraphs of every corpus language, interleaved): throughput of
   ``encfix.repair_text`` vs ``ftfy.fix_text``. Goal: encfix >= 20x faster. With
   ``--languages``, also each language's clean text alone.
2. **damaged Latin** (Western European paragraphs, UTF-8 read as cp1252):
   ``encfix.repair_text`` vs ``ftfy.fix_text``. Goal: encfix >= 1x. Both outputs are
   also checked against the clean text.
3. **scaling**: encfix on clean and on damaged text from 1 KB to 10 MB, as seconds per
   MB at each size; flat numbers mean linear time.

Times are ``time.perf_counter`` wall times, best of N runs (N shrinks as inputs grow);
for the ratios, encfix and ftfy run in turns, at least three times each.

Usage::

    python benchmarks/speed.py           # up to 10 MB
    python benchmarks/speed.py --quick   # up to 100 KB, a few seconds
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # a sibling module, not a package
import encfix

KB = 1024
MB = 1024 * KB
WESTERN = ("en", "fr", "de", "es", "pt", "it", "nl", "sv")


def _build(paragraphs: Sequence[str], size: int, seed: int = 1) -> str:
    """Lines drawn from ``paragraphs`` until the UTF-8 text reaches ``size`` bytes."""
    rng = random.Random(seed)
    lines: list[str] = []
    total = 0
    while total < size:
        line = rng.choice(paragraphs)
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    text = "\n".join(lines) + "\n"
    return text.encode("utf-8")[:size].decode("utf-8", "ignore").rsplit("\n", 1)[0] + "\n"


def clean_text(size: int) -> str:
    """Mixed-language clean text: paragraphs of every corpus language."""
    data = corpus.load_corpus()
    paragraphs = [p for lang in corpus.languages() for p in data[lang]]
    return _build(paragraphs, size)


def damaged_latin(size: int) -> tuple[str, str]:
    """(damaged, clean): Western paragraphs, each line UTF-8 read as cp1252."""
    data = corpus.load_corpus()
    paragraphs = [p for lang in WESTERN for p in data[lang] if not p.isascii()]
    clean = _build(paragraphs, size)
    damaged = corpus.damage(clean, [("utf-8", "cp1252")])
    assert damaged is not None
    return damaged, clean


def best_time(function: Callable[[str], str], text: str, budget: float = 1.0, most: int = 7) -> float:
    """Best wall time of several runs: as many as fit in ``budget`` seconds (1 to ``most``)."""
    best = float("inf")
    spent = 0.0
    for _ in range(most):
        gc.collect()
        started = time.perf_counter()
        function(text)
        elapsed = time.perf_counter() - started
        best = min(best, elapsed)
        spent += elapsed
        if spent > budget:
            break
    return best


def paired_best_times(
    first: Callable[[str], str], second: Callable[[str], str], text: str, rounds: int = 3, budget: float = 2.0
) -> tuple[float, float]:
    """Best wall times of two functions run in turns: at least ``rounds`` turns each, more
    (up to 7) while they fit in ``budget`` seconds. On a shared machine the load drifts;
    runs taken in turns meet the same drift, where one tool's runs and then the other's
    (a single run each, for the 1 MB damaged text) swung the ratio between 0.9x and 1.8x."""
    best = [float("inf"), float("inf")]
    spent = 0.0
    for turn in range(7):
        for index, function in enumerate((first, second)):
            gc.collect()
            started = time.perf_counter()
            function(text)
            elapsed = time.perf_counter() - started
            best[index] = min(best[index], elapsed)
            spent += elapsed
        if turn + 1 >= rounds and spent > budget:
            break
    return best[0], best[1]


def _encfix(text: str) -> str:
    return encfix.repair_text(text).output


def _size_name(size: int) -> str:
    return f"{size // MB} MB" if size >= MB else f"{size // KB} KB"


def _print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))


def compare(size: int) -> None:
    """encfix vs ftfy.fix_text on clean mixed text and on damaged Latin text."""
    rows = []
    clean = clean_text(size)
    damaged, expected = damaged_latin(size)
    for name, text, goal, want in (
        ("clean UTF-8, mixed languages", clean, 20.0, clean),
        ("damaged Latin (utf-8 as cp1252)", damaged, 1.0, expected),
    ):
        encfix_time, ftfy_time = paired_best_times(_encfix, ftfy.fix_text, text)
        ratio = ftfy_time / encfix_time
        megabytes = len(text.encode("utf-8")) / MB
        rows.append(
            [
                name,
                _size_name(size),
                f"{megabytes / encfix_time:8.2f}",
                f"{megabytes / ftfy_time:8.2f}",
                f"{ratio:6.1f}x",
                f">= {goal:g}x",
                "ok" if ratio >= goal else "MISSED",
                "yes" if _encfix(text) == want else "NO",
                "yes" if ftfy.fix_text(text) == want else "NO",
            ]
        )
    _print_table(
        "== encfix vs ftfy.fix_text (MB/s, best of N; ratio = ftfy time / encfix time) ==",
        ["input", "size", "encfix MB/s", "ftfy MB/s", "ratio", "goal", "", "encfix exact", "ftfy exact"],
        rows,
    )


def by_language(size: int) -> None:
    """encfix vs ftfy.fix_text on clean text of one language at a time.

    The mixed text holds every script at once; a user's files are mostly in one. What
    encfix's screens cost depends on the script: ASCII needs one check, accented Latin
    letters need the alphabet and letter-pair screens.
    """
    data = corpus.load_corpus()
    rows = []
    for lang in corpus.languages():
        text = _build(data[lang], size)
        encfix_time, ftfy_time = paired_best_times(_encfix, ftfy.fix_text, text, budget=0.5)
        megabytes = len(text.encode("utf-8")) / MB
        ratio = ftfy_time / encfix_time
        rows.append([lang, f"{megabytes / encfix_time:8.2f}", f"{megabytes / ftfy_time:8.2f}", f"{ratio:6.1f}x"])
    _print_table(
        f"== clean text of one language, {_size_name(size)} each (ratio = ftfy time / encfix time) ==",
        ["language", "encfix MB/s", "ftfy MB/s", "ratio"],
        rows,
    )


def scaling(sizes: Sequence[int]) -> None:
    """encfix seconds per MB at growing sizes, clean and damaged."""
    rows = []
    for size in sizes:
        clean = clean_text(size)
        damaged, _ = damaged_latin(size)
        budget = 2.0 if size < MB else 0.0  # one run is enough for the large inputs
        clean_time = best_time(_encfix, clean, budget=budget)
        damaged_time = best_time(_encfix, damaged, budget=budget)
        rows.append(
            [
                _size_name(size),
                f"{clean_time * 1000:10.2f}",
                f"{clean_time / (len(clean.encode('utf-8')) / MB):8.3f}",
                f"{damaged_time * 1000:10.2f}",
                f"{damaged_time / (len(damaged.encode('utf-8')) / MB):8.3f}",
            ]
        )
        print(f"  measured {_size_name(size)}", file=sys.stderr)
    _print_table(
        "== encfix scaling (flat s/MB means linear) ==",
        ["size", "clean ms", "clean s/MB", "damaged ms", "damaged s/MB"],
        rows,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="encfix speed beside ftfy")
    parser.add_argument("--quick", action="store_true", help="small sizes only (up to 100 KB)")
    parser.add_argument("--languages", action="store_true", help="also clean text of each language alone")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    # Load data tables and caches first: the first call of each tool is not throughput.
    for lang in corpus.languages():
        _encfix(corpus.load_corpus()[lang][0])
        ftfy.fix_text(corpus.load_corpus()[lang][0])
    print(f"warm-up {time.perf_counter() - started:.1f} s")
    compare(64 * KB if args.quick else MB)
    if args.languages:
        by_language(64 * KB if args.quick else 256 * KB)
    sizes = [KB, 10 * KB, 100 * KB] if args.quick else [KB, 10 * KB, 100 * KB, MB, 10 * MB]
    scaling(sizes)
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
