"""Does encfix's confidence mean something? Precision of repairs per confidence band.

Runs ``repair_text`` over the generated damaged cases (``benchmarks/corpus.py``) and the
clean set, and for every finding that encfix applied ("mojibake") or declined, records
its confidence and whether the text came out exactly right. A calibrated confidence
has precision close to the band it names: of the repairs applied with confidence
0.8-0.9, about 80-90 % should be exact.

    python benchmarks/calibration.py --limit 100
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import itertools

import corpus
from encfix import Recode, repair_text

BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01)


def _band(confidence: float) -> int:
    return max(index for index, low in enumerate(BANDS[:-1]) if confidence >= low)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100, help="cases per family")
    args = parser.parse_args(argv)
    per_family: dict[str, int] = {}
    applied = [[0, 0] for _ in BANDS[:-1]]  # [exact, total] per band
    declined = [[0, 0] for _ in BANDS[:-1]]  # [would have been exact, total] per band
    for case in corpus.damaged_cases():
        if per_family.get(case.family, 0) >= args.limit:
            continue
        per_family[case.family] = per_family.get(case.family, 0) + 1
        repair = repair_text(case.damaged)
        exact = repair.output == case.clean
        for finding in repair.findings:
            if finding.kind == "mojibake":
                row = applied[_band(finding.confidence)]
                row[0] += exact
                row[1] += 1
            elif finding.kind == "declined" and finding.layers:
                # Would applying the declined chain have given the clean text?
                step = Recode(start=finding.start, end=finding.end, layers=finding.layers)
                try:
                    would = step.apply(repair.output) == case.clean
                except UnicodeError:
                    would = False
                row = declined[_band(finding.confidence)]
                row[0] += would
                row[1] += 1
    print(f"{sum(per_family.values())} damaged cases ({args.limit} per family)\n")
    print(f"{'confidence':>12}  {'applied':>7}  {'exact':>6}  {'declined':>8}  {'would be exact':>14}")
    for index, (low, high) in enumerate(itertools.pairwise(BANDS)):
        exact, total = applied[index]
        missed, refused = declined[index]
        label = f"{low:.2f}-{min(high, 1.0):.2f}"
        precision = f"{100 * exact / total:5.1f}%" if total else "     -"
        print(f"{label:>12}  {total:7d}  {precision:>6}  {refused:8d}  {missed:14d}")
    # The other side of the threshold: how sure encfix gets about "repairs" of clean text.
    clean_confidences = [
        finding.confidence
        for _, text in corpus.clean_set()
        for finding in repair_text(text).findings
        if finding.kind in ("mojibake", "declined")
    ]
    applied_clean = sum(1 for c in clean_confidences if c >= 0.5)
    highest = max(clean_confidences, default=0.0)
    print(
        f"\nclean set: {len(clean_confidences)} candidate repairs considered, {applied_clean} applied; "
        f"highest confidence {highest:.2f} (the default threshold is 0.50)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
