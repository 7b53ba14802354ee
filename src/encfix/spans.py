"""Spans across the texts of a repair: a finding is reported on the text the user gave.

A repair is a sequence of steps, each rewriting a region of the text (a cleanup, a few
regions). Stages see the text as the steps before them left it, so a finding made late
points into an intermediate text; ``EditMap`` records what each step rewrote and moves
a span back to the first text. A span that touches a rewritten region grows to cover
all of that region's original: it is never narrower than what was seen.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from encfix.report import Finding, Recode, Replace, Step

__all__ = ["EditMap", "common_affixes"]


@dataclass(frozen=True, slots=True)
class _Edit:
    """``before[start:old_end]`` became ``after[start:new_end]``."""

    start: int
    old_end: int
    new_end: int


class EditMap:
    """The regions rewritten since the first text, in the order they were rewritten."""

    def __init__(self) -> None:
        self._edits: list[_Edit] = []

    def record(self, before: str, after: str, step: Step | None = None) -> None:
        """Note that ``before`` became ``after`` (by ``step``, when it says where)."""
        if before == after:
            return
        if isinstance(step, Recode | Replace):
            self._edits.append(_Edit(step.start, step.end, step.end + len(after) - len(before)))
            return
        # Right to left, so that each region's offsets hold when it is applied.
        self._edits.extend(reversed(_regions(before, after)))

    def record_steps(self, before: str, after: str, steps: tuple[Step, ...], done: EditMap | None = None) -> None:
        """Note a stage's steps: as the stage's own map ``done`` says, one by one when each
        step says what it wrote, else as a whole."""
        replaces = [step for step in steps if isinstance(step, Replace)]
        if done is not None:
            self.extend(done)
        elif len(replaces) == len(steps):
            self._edits.extend(_Edit(step.start, step.end, step.start + len(step.new)) for step in replaces)
        else:
            self.record(before, after)

    def extend(self, later: EditMap) -> None:
        """Add what another map recorded after this one's edits."""
        self._edits.extend(later._edits)

    def to_last(self, start: int, end: int) -> tuple[int, int] | None:
        """A span of the first text, as a span of the latest one; None if an edit rewrote it."""
        for edit in self._edits:
            if end <= edit.start:
                continue
            if start < edit.old_end:
                return None
            shift = edit.new_end - edit.old_end
            start, end = start + shift, end + shift
        return start, end

    def to_first(self, start: int, end: int) -> tuple[int, int]:
        """A span of the latest text, as a span of the first one."""
        for edit in reversed(self._edits):
            shift = (edit.new_end - edit.start) - (edit.old_end - edit.start)
            start = start if start <= edit.start else edit.start if start < edit.new_end else start - shift
            end = end if end <= edit.start else edit.old_end if end <= edit.new_end else end - shift
            end = max(start, end)
        return start, end

    def findings_to_first(self, findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
        """``to_first`` for each finding's span: all at once, a run of edits at a time.

        A stage rewrites its spans right to left, each edit left of the one before, so a
        run of such edits is a sorted list where a bisection finds a span's edit. One
        ``to_first`` a finding cost findings times edits: a long file with thousands of
        damaged lines spent seconds mapping its findings back.
        """
        if not self._edits or not findings:
            return list(findings)
        starts = [finding.start for finding in findings]
        ends = [finding.end for finding in findings]
        for run in reversed(_runs(self._edits)):
            starts = [run.undo(position, is_end=False) for position in starts]
            ends = [run.undo(position, is_end=True) for position in ends]
        return [
            replace(finding, start=start, end=max(start, end))
            for finding, start, end in zip(findings, starts, ends, strict=True)
        ]


class _Run:
    """Edits each left of the one applied before it, left to right, in the coordinates of
    the text after all of them (``starts``, ``ends``) and before (``edits``)."""

    def __init__(self, edits: list[_Edit]) -> None:
        self.edits = edits
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.shifts: list[int] = []  # the shift of all edits left of each one
        shift = 0
        for edit in edits:
            self.starts.append(edit.start + shift)
            self.ends.append(edit.new_end + shift)
            self.shifts.append(shift)
            shift += edit.new_end - edit.old_end
        self.total = shift

    def undo(self, position: int, *, is_end: bool) -> int:
        """A position after the run, before it: what ``EditMap.to_first`` does edit by edit."""
        # The first edit the position is not past: it and all edits right of it leave the
        # position alone, if it is not inside the edit before it.
        index = bisect.bisect_left(self.starts, position)
        if index:
            before = index - 1
            edit = self.edits[before]
            inside = position <= self.ends[before] if is_end else position < self.ends[before]
            if inside:
                return edit.old_end if is_end else edit.start
            return position - self.shifts[before] - (edit.new_end - edit.old_end)
        return position


def _runs(edits: list[_Edit]) -> list[_Run]:
    """The edits in runs, in order: each run's edits applied right to left, none overlapping."""
    runs: list[list[_Edit]] = []
    for edit in edits:
        if runs and edit.old_end <= runs[-1][-1].start and edit.start < runs[-1][-1].start:
            runs[-1].append(edit)
        else:
            runs.append([edit])
    return [_Run(list(reversed(run))) for run in runs]


def _regions(before: str, after: str) -> list[_Edit]:
    """The rewritten regions, left to right, in ``before``'s offsets: lines are matched
    first (cheap on any text), then each changed block is trimmed to the characters that
    differ."""
    old_lines = _lines(before)
    new_lines = _lines(after)
    old_offsets = _offsets(old_lines)
    new_offsets = _offsets(new_lines)
    regions: list[_Edit] = []
    if len(old_lines) == len(new_lines):
        # Rewrites inside lines (every cleanup so far): line i is still line i.
        pairs = enumerate(zip(old_lines, new_lines, strict=True))
        blocks = [(i, i + 1, i, i + 1) for i, (old, new) in pairs if old != new]
    else:
        matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        blocks = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    for i1, i2, j1, j2 in blocks:
        old_start, old_end = old_offsets[i1], old_offsets[i2]
        new_start, new_end = new_offsets[j1], new_offsets[j2]
        old_block, new_block = before[old_start:old_end], after[new_start:new_end]
        # Offsets in the text as it is when this region is applied: the regions to its
        # right are applied first, so those on its left have not moved it.
        prefix, suffix = common_affixes([old_block, new_block])
        start = old_start + prefix
        regions.append(_Edit(start, old_end - suffix, start + (len(new_block) - prefix - suffix)))
    return regions


def _lines(text: str) -> list[str]:
    """The lines, ends kept, one more than the text has "\n" (an empty last one too)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + [parts[-1]]


def _offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets


def common_affixes(texts: list[str]) -> tuple[int, int]:
    """How many characters all ``texts`` share at the start, then at the end (not overlapping).

    >>> common_affixes(["cafe au lait", "café au lait"])
    (3, 8)
    """
    prefix = 0
    shortest = min(len(text) for text in texts)
    while prefix < shortest and all(text[prefix] == texts[0][prefix] for text in texts):
        prefix += 1
    suffix = 0
    while suffix < shortest - prefix and all(text[-1 - suffix] == texts[0][-1 - suffix] for text in texts):
        suffix += 1
    return prefix, suffix
