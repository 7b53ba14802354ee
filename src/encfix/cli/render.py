"""Drawing for people with rich: coloured diffs, side by side views, tables.

Every piece of text from a file goes through ``escape_controls`` and is appended to a
``rich.text.Text`` (never parsed as markup), so neither an escape sequence in a file
nor a ``[bold]`` in it can reach the terminal as anything but visible characters.
Without colour (``NO_COLOR``, or a pipe), changed characters are marked git word-diff
style, ``[-old-]{+new+}``, so the output still says which characters changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from encfix.batch import STATUSES, FileOutcome, Summary, describe_finding
from encfix.diff import DiffLine, Fragment, TextDiff, elide, escape_controls
from encfix.report import Finding, Repair

__all__ = [
    "detect_table",
    "diff_inline",
    "diff_side_by_side",
    "summary_table",
]

DELETED = "bold white on red"
INSERTED = "bold black on green"
OLD_LINE = "red"
NEW_LINE = "green"
CONTEXT = "dim"
HEADER = "cyan"
#: Unchanged characters kept on each side of a change inside a long changed line.
KEEP = 40


def _fragment_text(fragments: Iterable[Fragment], side: str, line_style: str, mark: str) -> Text:
    text = Text(style=line_style)
    for fragment in fragments:
        piece = escape_controls(fragment.old if side == "old" else fragment.new)
        text.append(piece, style=None if fragment.tag == "equal" else mark)
    return text


def _word_diff(fragments: Iterable[Fragment]) -> Text:
    """One line, changes marked ``[-old-]{+new+}`` (for output without colour)."""
    text = Text()
    for fragment in fragments:
        if fragment.tag == "equal":
            text.append(escape_controls(fragment.old))
            continue
        if fragment.old:
            text.append(f"[-{escape_controls(fragment.old)}-]", style=DELETED)
        if fragment.new:
            text.append(f"{{+{escape_controls(fragment.new)}+}}", style=INSERTED)
    return text


def _whole(line: str | None) -> tuple[Fragment, ...]:
    return (Fragment("equal", line or "", line or ""),)


def diff_inline(diff: TextDiff, path: str, *, color: bool) -> list[Text]:
    """A diff for a terminal: changed lines as a -/+ pair with the changed characters
    highlighted (long unchanged stretches elided), or one word-diff line without colour."""
    lines = [
        Text(f"--- {escape_controls(path)}\t(original)", style="bold"),
        Text(f"+++ {escape_controls(path)}\t(repaired)", style="bold"),
    ]
    for hunk in diff.hunks:
        lines.append(Text(hunk.header(), style=HEADER))
        for line in hunk.lines:
            lines.extend(_inline_line(line, color=color))
    return lines


def _inline_line(line: DiffLine, *, color: bool) -> list[Text]:
    if line.tag == "context":
        return [Text(" ") + Text(escape_controls(line.old or ""), style=CONTEXT)]
    if line.tag == "delete":
        return [Text("-", style=OLD_LINE) + _fragment_text(_whole(line.old), "old", OLD_LINE, DELETED)]
    if line.tag == "insert":
        return [Text("+", style=NEW_LINE) + _fragment_text(_whole(line.new), "new", NEW_LINE, INSERTED)]
    fragments = elide(line.fragments, KEEP)
    if not color:
        return [Text("~") + _word_diff(fragments)]
    return [
        Text("-", style=OLD_LINE) + _fragment_text(fragments, "old", OLD_LINE, DELETED),
        Text("+", style=NEW_LINE) + _fragment_text(fragments, "new", NEW_LINE, INSERTED),
    ]


def diff_side_by_side(diff: TextDiff, path: str) -> Table:
    """Original and repaired lines next to each other, changed characters highlighted."""
    table = Table(
        title=escape_controls(path),
        box=box.SIMPLE_HEAD,
        expand=True,
        show_lines=False,
        title_justify="left",
    )
    table.add_column("#", justify="right", style=CONTEXT, no_wrap=True)
    table.add_column("original", ratio=1, overflow="fold")
    table.add_column("#", justify="right", style=CONTEXT, no_wrap=True)
    table.add_column("repaired", ratio=1, overflow="fold")
    for number, hunk in enumerate(diff.hunks):
        if number:
            table.add_row("⋮", "", "⋮", "")
        for line in hunk.lines:
            table.add_row(*_side_cells(line))
    return table


def _side_cells(line: DiffLine) -> tuple[str, Text, str, Text]:
    old_number = str(line.old_number) if line.old_number else ""
    new_number = str(line.new_number) if line.new_number else ""
    if line.tag == "context":
        old = Text(escape_controls(line.old or ""), style=CONTEXT)
        new = Text(escape_controls(line.new or ""), style=CONTEXT)
        return old_number, old, new_number, new
    fragments = elide(line.fragments, KEEP) if line.tag == "change" else ()
    old = _fragment_text(fragments or _whole(line.old), "old", OLD_LINE, DELETED)
    new = _fragment_text(fragments or _whole(line.new), "new", NEW_LINE, INSERTED)
    if line.tag == "insert":
        old = Text("")
    if line.tag == "delete":
        new = Text("")
    return old_number, old, new_number, new


def detect_table(path: str, repair: Repair) -> list[RenderableType]:
    """What ``encfix detect`` shows for one input: the byte decoding, then the findings."""
    decoding = repair.decoding
    head = Text(escape_controls(path), style="bold")
    if decoding is not None:
        head.append(f"  {decoding.encoding}", style="cyan")
        head.append(f" (confidence {decoding.confidence:.2f})")
        if decoding.bom:
            head.append(", byte-order mark")
        if decoding.segments:
            names = ", ".join(sorted({segment.encoding for segment in decoding.segments}))
            head.append(f", {len(decoding.segments)} segments: {names}")
    if not repair.findings:
        return [head, Text("  no damage found", style="green")]
    table = Table(box=box.SIMPLE, pad_edge=False)
    for column in ("kind", "span", "chain", "confidence", "class", "evidence"):
        table.add_column(column, overflow="fold")
    for finding in repair.findings:
        table.add_row(*_finding_cells(finding))
    rendered: list[RenderableType] = [head, table]
    if repair.lost:
        spans = ", ".join(f"{span.start}-{span.end} ({span.reason})" for span in repair.lost)
        rendered.append(Text(f"  lost: {escape_controls(spans)}", style="yellow"))
    return rendered


def _finding_cells(finding: Finding) -> tuple[str, str, str, str, str, str]:
    chain = ", then ".join(layer.describe() for layer in finding.layers)
    return (
        finding.kind,
        f"{finding.start}-{finding.end}",
        chain,
        f"{finding.confidence:.2f}",
        escape_controls(finding.name),
        escape_controls(finding.evidence),
    )


def summary_table(summary: Summary, seconds: float) -> Table:
    """The table at the end of a multi-file run."""
    table = Table(title="encfix", box=box.ROUNDED, title_justify="left")
    table.add_column("files", style="bold")
    table.add_column("count", justify="right")
    table.add_row("scanned", str(summary.scanned))
    styles = {"repaired": "green", "would-repair": "yellow", "failed": "red", "skipped": "dim"}
    for status in STATUSES:
        if summary.counts[status] or status in ("unchanged", "failed"):
            count = str(summary.counts[status])
            table.add_row(Text(status, style=styles.get(status, "")), count)
    if summary.unrecovered:
        table.add_row(Text("unrecovered", style="red"), str(summary.unrecovered))
    megabytes = summary.bytes / 1e6
    rate = megabytes / seconds if seconds > 0 else 0.0
    table.caption = f"{megabytes:.1f} MB in {seconds:.1f} s ({rate:.1f} MB/s)"
    for name, times in summary.findings.most_common(5):
        table.add_row(Text(f"finding: {name}", style="cyan"), str(times))
    return table


def outcome_line(outcome: FileOutcome) -> str:
    """One line per file for ``--verbose``."""
    detail = f": {outcome.reason}" if outcome.reason else ""
    chains = sorted({describe_finding(finding) for finding in outcome.findings})
    found = f" [{'; '.join(chains)}]" if chains else ""
    return f"{outcome.path}: {outcome.status}{detail}{found}"


def make_console(stream: object, *, terminal: bool | None = None, width: int | None = None) -> Console:
    """A console on a stream; ``terminal`` forces terminal mode on or off (``NO_COLOR``
    is honoured either way, by rich)."""
    return Console(
        file=stream,  # type: ignore[arg-type]
        force_terminal=terminal,
        highlight=False,
        width=width,
        soft_wrap=False,
    )
