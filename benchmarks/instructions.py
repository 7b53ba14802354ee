"""Instructions per call, counted by valgrind: speed comparisons that machine load cannot blur.

On a shared 2-core machine, wall and CPU times of the same code swing by 30 % and
more; the number of instructions a call executes does not. This script runs one
call of a tool on ``speed.py``'s clean megabyte (or its damaged Latin megabyte) under
``valgrind --tool=callgrind`` twice, once after one warm-up call and once after two,
and reports the difference: the instructions of one warm call, start-up excluded.
Instructions are not time (cache misses and branch mispredictions cost extra), but
two versions of the same code compare well by them.

Needs ``valgrind`` on the PATH; each measurement takes one to three minutes.

Usage::

    python benchmarks/instructions.py                   # encfix and ftfy, clean text
    python benchmarks/instructions.py --text damaged    # the damaged Latin megabyte
    python benchmarks/instructions.py --tools encfix    # one tool (e.g. to compare commits)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The child: build the text, warm the tool up, then call it CALLS more times.
CHILD = """
import sys
sys.path.insert(0, {here!r})
import speed
text = speed.clean_text(speed.MB) if {kind!r} == "clean" else speed.damaged_latin(speed.MB)[0]
if {tool!r} == "encfix":
    import encfix
    call = lambda: encfix.repair_text(text)
else:
    import ftfy
    call = lambda: ftfy.fix_text(text)
for _ in range(1 + {calls}):
    call()
"""


def instructions(tool: str, kind: str, calls: int) -> int:
    """Instructions of a whole child run (start-up, warm-up and ``calls`` calls)."""
    code = CHILD.format(here=str(HERE), kind=kind, tool=tool, calls=calls)
    env = dict(os.environ, PYTHONHASHSEED="0")  # the same sets and dicts in every run
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count: {result.stderr[-500:]}")
    return int(found.group(1))


def per_call(tool: str, kind: str) -> int:
    return instructions(tool, kind, 2) - instructions(tool, kind, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="instructions per call, encfix beside ftfy")
    parser.add_argument("--text", choices=("clean", "damaged"), default="clean")
    parser.add_argument("--tools", default="encfix,ftfy", help="comma-separated: encfix, ftfy")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 2
    counts = {}
    for tool in args.tools.split(","):
        counts[tool] = per_call(tool, args.text)
        print(f"{tool:7s} {args.text} 1 MB: {counts[tool] / 1e6:8.0f} M instructions a call", flush=True)
    if "encfix" in counts and "ftfy" in counts:
        print(f"ftfy / encfix: {counts['ftfy'] / counts['encfix']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
