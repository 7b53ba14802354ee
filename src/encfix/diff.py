r"""What changed between two texts, as data: hunks of lines, characters inside lines.

A line of Chinese news is a whole paragraph, so a line diff says only "this paragraph
changed". Here every changed line is paired with its repaired version and diffed again
character by character, so a renderer can highlight the few characters that changed.
Renderers (rich, in ``encfix.cli``) and the plain unified diff both read these values.

Text is split on ``\n`` only: ``str.splitlines`` would also split on U+0085, U+2028 and
friends, which mojibake is full of. A ``\r`` before the ``\n`` belongs to the line
ending and is not shown; every other control character is shown escaped (``\x1b``),
never sent raw to a terminal.

>>> diff = diff_texts("你好\nThe cafÃ© is open\n", "你好\nThe café is open\n")
>>> [(f.tag, f.old, f.new) for f in diff.hunks[0].lines[1].fragments]
[('equal', 'The caf', 'The caf'), ('replace', 'Ã©', 'é'), ('equal', ' is open', ' is open')]
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DiffLine",
    "Fragment",
    "Hunk",
    "TextDiff",
    "diff_texts",
    "elide",
    "escape_controls",
    "split_lines",
    "unified_diff",
]

FragmentTag = Literal["equal", "delete", "insert", "replace"]
LineTag = Literal["context", "delete", "insert", "change"]

#: Lines longer than this are not diffed character by character (quadratic worst case);
#: they are shown as a whole-line replacement.
MAX_CHARACTER_DIFF = 20_000

# Unicode categories that must never reach a terminal raw: controls (C0, DEL, C1 —
# U+0080..U+009F are everywhere in cp1252/latin-1 mojibake), format characters such as
# bidirectional overrides (U+202E can make a diff lie), and surrogates/unassigned.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Format characters that are part of ordinary writing and safe to show.
_SHOWN_FORMAT = frozenset("\u200c\u200d")  # zero-width (non-)joiner: Persian, Indic, emoji


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of characters inside a changed line: equal, deleted, inserted or replaced."""

    tag: FragmentTag
    old: str
    new: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffLine:
    """One line of a hunk. ``change`` lines carry both sides and their fragments."""

    tag: LineTag
    old_number: int | None  # 1-based, None for an inserted line
    new_number: int | None
    old: str | None
    new: str | None
    fragments: tuple[Fragment, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Hunk:
    """A group of changed lines with their context, as in a unified diff."""

    old_start: int
    old_count: int
    new_start: int
    new_count: int
    lines: tuple[DiffLine, ...]

    def header(self) -> str:
        old = _range(self.old_start, self.old_count)
        return f"@@ -{old} +{_range(self.new_start, self.new_count)} @@"


@dataclass(frozen=True, slots=True, kw_only=True)
class TextDiff:
    """All hunks between two texts; empty when they are equal."""

    hunks: tuple[Hunk, ...]
    old_ends_with_newline: bool = True
    new_ends_with_newline: bool = True
    old_line_count: int = 0
    new_line_count: int = 0

    def __bool__(self) -> bool:
        return bool(self.hunks)

    @property
    def changed_lines(self) -> int:
        return sum(1 for hunk in self.hunks for line in hunk.lines if line.tag != "context")


def _range(start: int, count: int) -> str:
    return f"{start}" if count == 1 else f"{start},{count}"


def split_lines(text: str) -> list[str]:
    r"""Lines split on ``\n`` only, without their endings (a final ``\n`` adds no line).

    >>> split_lines("a\r\nb\x85c\n")
    ['a', 'b\x85c']
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def escape_controls(text: str) -> str:
    r"""Text safe for a terminal: control, format and unassigned characters escaped.

    Tabs stay tabs; everything else that could move the cursor, change colours,
    reorder text or be invisible is written as a Python-style escape.

    >>> escape_controls("â€\x9d \x1b[2J\t\u202eok")
    'â€\\x9d \\x1b[2J\t\\u202eok'
    """
    if text.isprintable() or all(_is_shown(char) for char in text):
        return text
    return "".join(char if _is_shown(char) else _escape(char) for char in text)


def _is_shown(char: str) -> bool:
    if char == "\t" or char in _SHOWN_FORMAT:
        return True
    return unicodedata.category(char) not in _ESCAPED_CATEGORIES


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def character_fragments(old: str, new: str) -> tuple[Fragment, ...]:
    """The character-level difference between two versions of one line.

    Runs of one or two equal characters between changes are folded into the change
    around them, so "浣犲ソ" → "你好" reads as one replacement, not a mosaic.

    >>> [(f.tag, f.old, f.new) for f in character_fragments("浣犲ソ，世界", "你好，世界")]
    [('replace', '浣犲ソ', '你好'), ('equal', '，世界', '，世界')]
    """
    if len(old) + len(new) > MAX_CHARACTER_DIFF:
        return (Fragment("replace", old, new),)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    raw = [Fragment(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    return _merge_small_equals(raw)


def _merge_small_equals(fragments: list[Fragment], threshold: int = 2) -> tuple[Fragment, ...]:
    merged: list[Fragment] = []
    for index, fragment in enumerate(fragments):
        between_changes = 0 < index < len(fragments) - 1
        if fragment.tag == "equal" and (not between_changes or len(fragment.old) > threshold):
            merged.append(fragment)
            continue
        if merged and merged[-1].tag != "equal":
            previous = merged.pop()
            fragment = Fragment("replace", previous.old + fragment.old, previous.new + fragment.new)
        elif fragment.tag == "equal":
            fragment = Fragment("replace", fragment.old, fragment.new)
        merged.append(fragment)
    return tuple(_retag(fragment) for fragment in merged)


def _retag(fragment: Fragment) -> Fragment:
    if fragment.tag == "equal":
        return fragment
    if not fragment.old:
        return Fragment("insert", "", fragment.new)
    if not fragment.new:
        return Fragment("delete", fragment.old, "")
    return Fragment("replace", fragment.old, fragment.new)


def elide(fragments: tuple[Fragment, ...], keep: int = 30) -> tuple[Fragment, ...]:
    """Shorten long unchanged runs inside a changed line to ``keep`` characters of
    context on each side of a change, with "…" for what was left out.

    >>> elide((Fragment("equal", "x" * 100, "x" * 100), Fragment("replace", "Ã©", "é")), keep=3)
    (Fragment(tag='equal', old='…xxx', new='…xxx'), Fragment(tag='replace', old='Ã©', new='é'))
    """
    result: list[Fragment] = []
    last = len(fragments) - 1
    for index, fragment in enumerate(fragments):
        text = fragment.old
        if fragment.tag != "equal" or len(text) <= 2 * keep + 1:
            result.append(fragment)
            continue
        head = text[:keep] if index > 0 else ""
        tail = text[-keep:] if index < last else ""
        short = head + "…" + tail
        result.append(Fragment("equal", short, short))
    return tuple(result)


def diff_texts(old: str, new: str, *, context: int = 3) -> TextDiff:
    """The hunks between two texts, with a character diff for every changed line."""
    old_lines = split_lines(old)
    new_lines = split_lines(new)
    hunks: tuple[Hunk, ...] = ()
    if old_lines != new_lines:
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        groups = matcher.get_grouped_opcodes(context)
        hunks = tuple(_hunk(group, old_lines, new_lines) for group in groups)
    return TextDiff(
        hunks=hunks,
        old_ends_with_newline=old.endswith("\n") or not old,
        new_ends_with_newline=new.endswith("\n") or not new,
        old_line_count=len(old_lines),
        new_line_count=len(new_lines),
    )


def _hunk(group: list[tuple[str, int, int, int, int]], old_lines: list[str], new_lines: list[str]) -> Hunk:
    lines: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in group:
        if tag == "equal":
            lines.extend(
                DiffLine(
                    tag="context",
                    old_number=i + 1,
                    new_number=j + 1,
                    old=old_lines[i],
                    new=new_lines[j],
                )
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        lines.extend(_changed_block(old_lines, new_lines, i1, i2, j1, j2))
    _, i1, _, j1, _ = group[0]
    _, _, i2, _, j2 = group[-1]
    return Hunk(
        old_start=i1 + 1 if i2 > i1 else i1,
        old_count=i2 - i1,
        new_start=j1 + 1 if j2 > j1 else j1,
        new_count=j2 - j1,
        lines=tuple(lines),
    )


def _changed_block(old_lines: list[str], new_lines: list[str], i1: int, i2: int, j1: int, j2: int) -> list[DiffLine]:
    """Pair the changed lines one to one (repairs rarely add or remove lines); what is
    left over on either side is a plain deletion or insertion."""
    paired = min(i2 - i1, j2 - j1)
    lines = [
        DiffLine(
            tag="change",
            old_number=i1 + k + 1,
            new_number=j1 + k + 1,
            old=old_lines[i1 + k],
            new=new_lines[j1 + k],
            fragments=character_fragments(old_lines[i1 + k], new_lines[j1 + k]),
        )
        for k in range(paired)
    ]
    lines.extend(
        DiffLine(tag="delete", old_number=i + 1, new_number=None, old=old_lines[i], new=None)
        for i in range(i1 + paired, i2)
    )
    lines.extend(
        DiffLine(tag="insert", old_number=None, new_number=j + 1, old=None, new=new_lines[j])
        for j in range(j1 + paired, j2)
    )
    return lines


def unified_diff(diff: TextDiff, old_name: str, new_name: str) -> str:
    r"""The plain unified diff (the format for pipes and files), controls escaped.

    >>> diff = diff_texts("cafÃ©\n", "café\n")
    >>> print(unified_diff(diff, "a.txt", "a.txt"), end="")  # doctest: +NORMALIZE_WHITESPACE
    --- a.txt	(original)
    +++ a.txt	(repaired)
    @@ -1 +1 @@
    -cafÃ©
    +café
    """
    if not diff:
        return ""
    out = [f"--- {old_name}\t(original)\n", f"+++ {new_name}\t(repaired)\n"]
    for number, hunk in enumerate(diff.hunks):
        out.append(hunk.header() + "\n")
        is_last_hunk = number == len(diff.hunks) - 1
        for line in hunk.lines:
            out.extend(_unified_line(line))
        if is_last_hunk:
            _mark_missing_newlines(out, hunk, diff)
    return "".join(out)


def _unified_line(line: DiffLine) -> list[str]:
    if line.tag == "context":
        return [f" {escape_controls(line.old or '')}\n"]
    result = []
    if line.old is not None:
        result.append(f"-{escape_controls(line.old)}\n")
    if line.new is not None:
        result.append(f"+{escape_controls(line.new)}\n")
    return result


def _mark_missing_newlines(out: list[str], hunk: Hunk, diff: TextDiff) -> None:
    """Add git's "\\ No newline at end of file" after a last line that has no newline."""
    marker = "\\ No newline at end of file\n"
    old_reaches_end = hunk.old_start + hunk.old_count - 1 == diff.old_line_count
    new_reaches_end = hunk.new_start + hunk.new_count - 1 == diff.new_line_count
    old_missing = old_reaches_end and not diff.old_ends_with_newline and diff.old_line_count > 0
    new_missing = new_reaches_end and not diff.new_ends_with_newline and diff.new_line_count > 0
    last = hunk.lines[-1]
    if last.tag == "context":
        if old_missing or new_missing:
            out.append(marker)
        return
    if last.tag == "change" and old_missing:
        out.insert(len(out) - 1, marker)
    elif last.tag == "delete" and old_missing:
        out.append(marker)
    if last.tag in ("change", "insert") and new_missing:
        out.append(marker)
