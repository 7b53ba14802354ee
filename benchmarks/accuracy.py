"""Accuracy of encfix beside its peers, on the same cases, in one run.

Three measurements, all built by ``benchmarks/corpus.py`` from ``tests/data/corpus``:

1. **Repair**: damaged cases in six families; a tool scores when its output equals the
   clean text exactly. Reported per family, per language and per size.
2. **Clean set**: clean texts; a tool loses a point for every text it changes.
3. **Detection**: clean text encoded in every supported encoding, as short (<= 48
   bytes) and long (49-4,000 bytes) snippets; top-1 means the decoded text equals the
   original exactly.

The tools:

* ``encfix``: ``repair_text(text).output`` (detection: ``decode_bytes(data).text``);
* ``ftfy``: ``ftfy.fix_encoding`` (the clean set also runs ``ftfy.fix_text``);
* ``naive``: the obvious detect-and-decode loop people write by hand. Encode the text
  back to bytes with the first codec that can (Latin-1, then cp1252, then the legacy
  code pages its script suggests: GBK/Big5/Shift_JIS for Han, cp949 for Hangul,
  cp1251/KOI8-R for Cyrillic, ...), ask ``charset_normalizer.from_bytes(data).best()``
  what the bytes are, decode with its answer; repeat while the text changes, at most
  three rounds (one per layer). Python's own strict codecs are used, as a hand-written
  script would.
* detection compares ``encfix.decode_bytes`` with ``charset_normalizer.from_bytes(data).best()``.

Usage::

    python benchmarks/accuracy.py                 # 250 cases per family: a few minutes on 2 cores
    python benchmarks/accuracy.py --limit 0       # all ~3,800 cases
    python benchmarks/accuracy.py --limit 50      # a quick look
    python benchmarks/accuracy.py --family utf8-as-cjk --show 10
    python benchmarks/accuracy.py --json out.json # also write all figures and failures
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import charset_normalizer
import ftfy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # a sibling module, not a package
import encfix
from encfix import encodings as encfix_encodings

# --------------------------------------------------------------------------- tools


def _script_codepages(text: str) -> list[str]:
    """Legacy code pages that the scripts of ``text`` suggest, most common first."""
    found: list[str] = []
    for char in text:
        if char.isascii():
            continue
        name = unicodedata.name(char, "")
        for marker, codepages in _SCRIPT_HINTS:
            if marker in name:
                found.extend(c for c in codepages if c not in found)
                break
    return found


_SCRIPT_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CJK", ("gbk", "big5", "shift_jis")),
    ("HIRAGANA", ("shift_jis", "gbk")),
    ("KATAKANA", ("shift_jis",)),
    ("HANGUL", ("cp949",)),
    ("CYRILLIC", ("cp1251", "koi8-r")),
    ("GREEK", ("cp1253",)),
    ("HEBREW", ("cp1255",)),
    ("ARABIC", ("cp1256",)),
    ("THAI", ("cp874",)),
    ("LATIN", ("cp1250", "cp1254", "cp1257")),
)


def _naive_round(text: str) -> str:
    for codec in ("latin-1", "cp1252", *_script_codepages(text)):
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        best = charset_normalizer.from_bytes(data).best()
        return text if best is None else str(best)
    return text


def naive_fix(text: str) -> str:
    """Detect-and-decode by hand: re-encode, ask charset-normalizer, decode; up to 3 rounds."""
    for _ in range(3):
        fixed = _naive_round(text)
        if fixed == text:
            break
        text = fixed
    return text


def _encfix_repair(text: str) -> str:
    return encfix.repair_text(text).output


REPAIR_TOOLS: dict[str, Callable[[str], str]] = {
    "encfix": _encfix_repair,
    "ftfy.fix_encoding": ftfy.fix_encoding,
    "naive": naive_fix,
}
CLEAN_TOOLS: dict[str, Callable[[str], str]] = {
    "encfix": _encfix_repair,
    "ftfy.fix_text": ftfy.fix_text,
    "ftfy.fix_encoding": ftfy.fix_encoding,
    "naive": naive_fix,
}


def _encfix_decode(data: bytes) -> str:
    return encfix.decode_bytes(data).text


def _charset_normalizer_decode(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else str(best)


DETECT_TOOLS: dict[str, Callable[[bytes], str | None]] = {
    "encfix": _encfix_decode,
    "charset_normalizer": _charset_normalizer_decode,
}

_ALL_TOOLS: dict[str, Callable[[Any], Any]] = {
    **{f"repair:{k}": v for k, v in CLEAN_TOOLS.items()},
    **{f"detect:{k}": v for k, v in DETECT_TOOLS.items()},
}


# --------------------------------------------------------------------------- running


def _run_chunk(tool: str, items: Sequence[Any]) -> tuple[list[Any], float, int]:
    """Run one tool over items in a worker: outputs (None on error), seconds, errors."""
    function = _ALL_TOOLS[tool]
    outputs: list[Any] = []
    errors = 0
    started = time.perf_counter()
    for item in items:
        try:
            outputs.append(function(item))
        except Exception:  # a crash counts as a wrong answer, and is reported
            outputs.append(None)
            errors += 1
    return outputs, time.perf_counter() - started, errors


class Runner:
    """Runs tools over many inputs on a process pool, keeping per-tool CPU time."""

    def __init__(self, jobs: int) -> None:
        self.pool = ProcessPoolExecutor(jobs) if jobs > 1 else None
        self.jobs = jobs
        self.timings: dict[str, dict[str, float]] = defaultdict(dict)
        self.errors: dict[str, int] = defaultdict(int)

    def run(self, section: str, tool: str, items: Sequence[Any]) -> list[Any]:
        size = max(1, min(64, len(items) // (self.jobs * 4) or 1))
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        if self.pool is None:
            results: Iterable[tuple[list[Any], float, int]] = [_run_chunk(tool, c) for c in chunks]
        else:
            results = self.pool.map(_run_chunk, [tool] * len(chunks), chunks)
        outputs: list[Any] = []
        seconds = 0.0
        for chunk_outputs, chunk_seconds, chunk_errors in results:
            outputs.extend(chunk_outputs)
            seconds += chunk_seconds
            self.errors[f"{section}/{tool}"] += chunk_errors
        name = tool.split(":", 1)[1]
        self.timings[section][name] = seconds
        print(f"  [{section}] {name}: {len(items)} inputs, {seconds:.1f} s", file=sys.stderr, flush=True)
        return outputs

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


# --------------------------------------------------------------------------- measures


def _rate(hits: int, total: int) -> str:
    return f"{100 * hits / total:5.1f}%" if total else "    -"


def _table(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(cells))


def _grouped(
    cases: Sequence[corpus.Case], scores: dict[str, list[bool]], key: Callable[[corpus.Case], str]
) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, case in enumerate(cases):
        groups[key(case)].append(index)
        groups["ALL"].append(index)
    return {
        name: {
            "cases": len(indexes),
            **{tool: sum(scores[tool][i] for i in indexes) / len(indexes) for tool in scores},
        }
        for name, indexes in groups.items()
    }


def _print_grouped(title: str, grouped: dict[str, dict[str, Any]], tools: Sequence[str]) -> None:
    names = [*sorted(n for n in grouped if n != "ALL"), "ALL"]
    rows = [[name, grouped[name]["cases"], *(f"{100 * grouped[name][t]:5.1f}%" for t in tools)] for name in names]
    _table(title, ["", "cases", *tools], rows)


def measure_repairs(runner: Runner, cases: Sequence[corpus.Case], show: int) -> dict[str, Any]:
    damaged = [case.damaged for case in cases]
    outputs = {tool: runner.run("repair", f"repair:{tool}", damaged) for tool in REPAIR_TOOLS}
    scores = {
        tool: [out == case.clean for out, case in zip(outs, cases, strict=True)] for tool, outs in outputs.items()
    }
    tools = list(REPAIR_TOOLS)
    result = {
        "by_family": _grouped(cases, scores, lambda c: c.family),
        "by_language": _grouped(cases, scores, lambda c: c.lang),
        "by_size": _grouped(cases, scores, lambda c: c.size),
        "by_chain": _grouped(
            cases, scores, lambda c: f"{c.family}: " + " > ".join(f"{enc}>{wrong}" for enc, wrong in c.chain)
        ),
    }
    print(f"\n== Repair: exact restoration of {len(cases)} damaged cases ==")
    _print_grouped("by family", result["by_family"], tools)
    _print_grouped("by language", result["by_language"], tools)
    _print_grouped("by size", result["by_size"], tools)
    failures = [
        {**case.to_json(), "got": out}
        for case, out, ok in zip(cases, outputs["encfix"], scores["encfix"], strict=True)
        if not ok
    ]
    result["encfix_failures"] = failures
    result["encfix_failure_kinds"] = _failure_kinds(cases, failures)
    _print_failures(failures, show)
    return result


def _failure_kinds(cases: Sequence[corpus.Case], failures: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per family: encfix misses that left the damage alone vs. ones that changed it wrongly.

    A wrong change is worse than no change: it hides the damage under other damage.
    """
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: {"cases": 0, "left alone": 0, "changed wrongly": 0})
    for case in cases:
        kinds[case.family]["cases"] += 1
    for failure in failures:
        kind = "left alone" if failure["got"] == failure["damaged"] else "changed wrongly"
        kinds[failure["family"]][kind] += 1
    rows = [[family, *(str(v) for v in counts.values())] for family, counts in sorted(kinds.items())]
    _table("encfix misses by kind", ["family", "cases", "left alone", "changed wrongly"], rows)
    return dict(kinds)


def _print_failures(failures: Sequence[dict[str, Any]], show: int) -> None:
    if not show or not failures:
        return
    print(f"\nencfix failures (first {show} per family, of {len(failures)}):")
    shown: dict[str, int] = defaultdict(int)
    for failure in failures:
        if shown[failure["family"]] >= show:
            continue
        shown[failure["family"]] += 1
        chain = " > ".join(f"{enc} read as {wrong}" for enc, wrong in failure["chain"])
        print(f"- {failure['id']} [{failure['lang']}, {failure['size']}] {chain}")
        got = failure["got"]
        if not isinstance(got, str):
            got = "(exception)"
        at = max(0, _first_difference(failure["clean"], failure["damaged"]) - 10)
        print(f"    damaged:  {_window(failure['damaged'], at)}")
        at = max(0, _first_difference(failure["clean"], got) - 10)
        print(f"    expected: {_window(failure['clean'], at)}")
        print(f"    got:      {_window(got, at)}")


def _first_difference(one: str, other: str) -> int:
    for index, (a, b) in enumerate(zip(one, other, strict=False)):
        if a != b:
            return index
    return min(len(one), len(other))


def _window(text: str, at: int, width: int = 80) -> str:
    """A slice of ``text`` as a repr, with ... where it was cut."""
    prefix = "..." if at > 0 else ""
    suffix = "..." if at + width < len(text) else ""
    return f"{prefix}{text[at : at + width]!r}{suffix}"


def measure_clean(runner: Runner, texts: Sequence[tuple[str, str]], show: int) -> dict[str, Any]:
    inputs = [text for _, text in texts]
    result: dict[str, Any] = {"texts": len(inputs), "changed": {}, "encfix_changed": []}
    for tool in CLEAN_TOOLS:
        outputs = runner.run("clean", f"repair:{tool}", inputs)
        changed = [(label, text, out) for (label, text), out in zip(texts, outputs, strict=True) if out != text]
        result["changed"][tool] = len(changed)
        if tool == "encfix":
            result["encfix_changed"] = [{"label": label, "text": text, "got": out} for label, text, out in changed]
    print(f"\n== Clean set: texts changed (fewer is better) of {len(inputs)} clean texts ==")
    _table(
        "",
        ["tool", "changed", "rate"],
        [[tool, count, _rate(count, len(inputs))] for tool, count in result["changed"].items()],
    )
    for item in result["encfix_changed"][: show * 3]:
        print(f"- {item['label']}: {item['text'][:70]!r}")
        got = item["got"]
        print(f"    -> {got[:70]!r}" if isinstance(got, str) else "    -> (exception)")
    # The whole set as one document: evidence pooled across a page (a chain that wins
    # weakly on many lines) must not add up to a repair that no single text earns.
    joined = "\n".join(inputs)
    output = runner.run("clean", "repair:encfix", [joined])[0]
    result["joined_changed"] = output != joined
    if output == joined:
        verdict = "unchanged"
    elif isinstance(output, str):
        at = _first_difference(joined, output)
        verdict = f"CHANGED at {at}: {_window(joined, at)!r} -> {_window(output, at)!r}"
    else:
        verdict = "FAILED (exception)"
    print(f"the whole set joined into one document ({len(joined.encode('utf-8')) // 1024} KB): {verdict}")
    return result


def measure_detection(runner: Runner, snippets: Sequence[corpus.Snippet]) -> dict[str, Any]:
    data = [snippet.data for snippet in snippets]
    outputs = {tool: runner.run("detect", f"detect:{tool}", data) for tool in DETECT_TOOLS}
    scores = {tool: [out == s.text for out, s in zip(outs, snippets, strict=True)] for tool, outs in outputs.items()}
    # Sibling code pages of one standard sometimes map the same bytes to a character and
    # its compatibility form: Big5 A2 46 is "£" in Python's big5 and "￡" in cp950 (and in
    # browsers). The snippet's truth is whichever codec wrote it, so the other one counts
    # as a miss above; this second score also accepts a text equal up to NFKC.
    for tool, outs in outputs.items():
        scores[f"{tool} (≡NFKC)"] = [
            isinstance(out, str) and unicodedata.normalize("NFKC", out) == unicodedata.normalize("NFKC", s.text)
            for out, s in zip(outs, snippets, strict=True)
        ]
    tools = list(scores)
    by_band: dict[str, list[int]] = defaultdict(list)
    by_encoding: dict[str, list[int]] = defaultdict(list)
    for index, snippet in enumerate(snippets):
        by_band[snippet.band].append(index)
        by_band["ALL"].append(index)
        by_encoding[snippet.encoding].append(index)

    def summarise(groups: dict[str, list[int]]) -> dict[str, dict[str, Any]]:
        return {
            name: {"snippets": len(ix), **{t: sum(scores[t][i] for i in ix) / len(ix) for t in tools}}
            for name, ix in groups.items()
        }

    order = [e.name for e in encfix_encodings.ALL]
    by_encoding = dict(sorted(by_encoding.items(), key=lambda item: order.index(item[0])))
    by_band = {band: by_band[band] for band in ("<=48", "49-4000", "ALL") if band in by_band}
    result = {"by_band": summarise(by_band), "by_encoding": summarise(by_encoding)}
    print(f"\n== Detection: top-1 exact decoding of {len(snippets)} byte snippets ==")
    for title, groups in (("by size band (bytes)", "by_band"), ("by encoding", "by_encoding")):
        rows = [
            [name, values["snippets"], *(f"{100 * values[t]:5.1f}%" for t in tools)]
            for name, values in result[groups].items()
        ]
        _table(title, ["", "snippets", *tools], rows)
    return result


# --------------------------------------------------------------------------- main


def _sample(items: Sequence[Any], limit: int | None, key: Callable[[Any], str], seed: int) -> list[Any]:
    """At most ``limit`` items per key, picked at random but reproducibly."""
    if limit is None:
        return list(items)
    groups: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    rng = random.Random(seed)
    picked: list[Any] = []
    for name in sorted(groups):
        group = groups[name]
        picked.extend(group if len(group) <= limit else rng.sample(group, limit))
    return picked


def measure_lossy() -> dict[str, Any]:
    """The lossy family: '?'/U+FFFD holes, eaten bytes, truncation, 锟斤拷 (benchmarks/lossy.py's cases)."""
    import lossy as lossy_bench  # a sibling module, not a package

    scores, table = lossy_bench.measure()
    print("\n== Lossy damage: through repair_text, the lossy stage alone, ftfy (benchmarks/lossy.py) ==\n")
    print("\n".join(table))
    return {tool: {kind: vars(score) for kind, score in kinds.items()} for tool, kinds in scores.items()}


def measure_mixed() -> dict[str, Any]:
    """The mixed family: UTF-8 byte files with blocks in other encodings (benchmarks/mixed.py's cases)."""
    import mixed as mixed_bench  # a sibling module, not a package

    figures = mixed_bench.measure()
    files = figures["files"]
    print(f"\n== Mixed-encoding files: decoded exactly, of {files} (benchmarks/mixed.py) ==\n")
    for tool in ("encfix", "charset_normalizer"):
        print(f"  {tool:20} {figures[tool]:4d}  {100 * figures[tool] / files:5.1f}%")
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="encfix accuracy beside ftfy and charset-normalizer")
    parser.add_argument(
        "--limit",
        type=int,
        default=250,
        help="sample at most N damaged cases per family and N snippets per size band "
        "(default 250, a few minutes on 2 cores; 0 = all)",
    )
    parser.add_argument(
        "--family",
        action="append",
        choices=sorted(corpus.FAMILIES),
        help="only this family (repeatable); skips clean set and detection",
    )
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--show", type=int, default=3, help="encfix failures to print per family")
    parser.add_argument("--json", type=Path, help="write every figure and failure to this file")
    parser.add_argument("--skip", action="append", default=[], choices=["repair", "clean", "detect", "lossy", "mixed"])
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # show tables as they come

    started = time.perf_counter()
    args.limit = args.limit or None
    cases = corpus.damaged_cases(args.seed, families=args.family)
    generated = len(cases)
    cases = _sample(cases, args.limit, lambda c: c.family, args.seed)
    print(f"seed {args.seed}: {len(cases)} of {generated} generated cases (limit {args.limit} per family)")
    report: dict[str, Any] = {"seed": args.seed, "limit": args.limit, "jobs": args.jobs}
    runner = Runner(args.jobs)
    try:
        if "repair" not in args.skip:
            report["repair"] = measure_repairs(runner, cases, args.show)
        if not args.family and "clean" not in args.skip:
            texts = corpus.clean_set()  # always whole: rule 1 is the one never broken
            report["clean"] = measure_clean(runner, texts, args.show)
        if not args.family and "detect" not in args.skip:
            snippets = corpus.detection_snippets(args.seed)
            snippets = _sample(snippets, args.limit, lambda s: s.band, args.seed)
            report["detection"] = measure_detection(runner, snippets)
        if not args.family and "lossy" not in args.skip:
            report["lossy"] = measure_lossy()
        if not args.family and "mixed" not in args.skip:
            report["mixed"] = measure_mixed()
    finally:
        runner.close()

    total = time.perf_counter() - started
    rows = [
        [section, tool, f"{seconds:8.2f}"]
        for section, tools in runner.timings.items()
        for tool, seconds in tools.items()
    ]
    if rows:  # nothing ran in the workers when only lossy/mixed were asked for
        _table(
            f"== Timings (CPU seconds summed over {args.jobs} workers; wall {total:.1f} s) ==",
            ["section", "tool", "seconds"],
            rows,
        )
    errors = {name: count for name, count in runner.errors.items() if count}
    if errors:
        print("\nexceptions raised (counted as wrong):", errors)
    report["timings"] = runner.timings
    report["errors"] = errors
    report["wall_seconds"] = total
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
