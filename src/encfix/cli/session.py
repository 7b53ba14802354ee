"""One ``encfix repair`` run as the user sees it: outcomes streamed to stdout, stderr,
the report file and a progress bar, then the summary and the exit code.

Data goes to stdout (repaired text, diffs, JSON records), always as UTF-8 bytes, so
the locale cannot turn a CJK diff into an encoding error; messages go to stderr.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TextIO

from encfix.batch import STATUSES, ExitCode, FileOutcome, Job, Runner, Settings, Summary, WriteMode

if TYPE_CHECKING:
    from encfix.diff import TextDiff

__all__ = ["DiffStyle", "Session", "View"]

DiffStyle = Literal["auto", "inline", "side-by-side", "unified"]


@dataclass(frozen=True, slots=True, kw_only=True)
class View:
    """How outcomes are shown, decided once from the flags."""

    mode: WriteMode
    diff_style: DiffStyle | None = None  #: None: no diff
    json: bool = False
    explain: bool = False
    verbose: bool = False
    quiet: bool = False
    check: bool = False


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def json_line(record: dict[str, Any]) -> bytes:
    """One NDJSON line, UTF-8; text that UTF-8 cannot carry (lone surrogates) is escaped.

    A value JSON has no type for is written as its name or text rather than stopping
    a batch of a million files over one field.
    """
    try:
        return (json.dumps(record, ensure_ascii=False, default=_jsonable) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, default=_jsonable) + "\n").encode("ascii")


def _jsonable(value: object) -> object:
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


class Session:
    """Runs the jobs and shows every outcome as it arrives, in input order."""

    def __init__(
        self,
        view: View,
        *,
        report: BinaryIO | None = None,
        stdout: BinaryIO,
        stderr: TextIO,
    ) -> None:
        self.view = view
        self.report = report
        self.stdout = stdout
        self.stderr = stderr
        self.summary = Summary(check=view.check)
        self._multi = False
        self._progress: Any = None

    # ---------------------------------------------------------------- running

    def run(self, jobs: list[Job], settings: Settings, workers: int, *, multi: bool) -> ExitCode:
        """Handle every job; ``multi`` (folders or several paths) adds progress and summary."""
        self._multi = multi
        started = time.monotonic()
        code: ExitCode | None = None
        try:
            with Runner(jobs, settings, workers) as runner:  # the pool starts before any thread
                self._stream(runner, jobs)
        except KeyboardInterrupt:
            self.message(
                "interrupted: every file is either untouched or completely written; "
                "run the same command again to finish"
            )
            code = ExitCode.INTERRUPTED
        except BrokenPipeError:
            from encfix.cli import silence_stdout

            silence_stdout()  # the reader of stdout went away (`| head`): stop quietly
        finally:
            self._stop_progress()
        seconds = time.monotonic() - started
        self._finish(seconds, interrupted=code is ExitCode.INTERRUPTED)
        return code if code is not None else self.summary.exit_code

    def _stream(self, runner: Runner, jobs: list[Job]) -> None:
        advance = self._start_progress(jobs)
        for outcome in runner.outcomes():
            self.summary.add(outcome)
            self.show(outcome)
            advance(outcome)

    # ---------------------------------------------------------------- one outcome

    def show(self, outcome: FileOutcome) -> None:
        if outcome.output is not None:
            self.stdout.write(outcome.output)
            self.stdout.flush()
        if outcome.diff is not None and self.view.diff_style is not None:
            self._show_diff(outcome.diff, outcome.path)
        if self.view.json or self.report is not None:
            record = json_line(outcome.to_json())
            if self.view.json:
                self.stdout.write(record)
                self.stdout.flush()
            if self.report is not None:
                self.report.write(record)
                self.report.flush()
        self._show_messages(outcome)

    def _show_messages(self, outcome: FileOutcome) -> None:
        if outcome.status == "failed":
            self.message(f"{outcome.path}: {outcome.reason}")
        elif outcome.status == "skipped" and (self.view.verbose or not self._multi):
            self.message(f"{outcome.path}: skipped: {outcome.reason}")
        elif self.view.verbose:
            from encfix.cli.render import outcome_line

            self.message(outcome_line(outcome), prefix=False)
        if outcome.is_unrecovered and outcome.status != "failed":
            self.message(f"{outcome.path}: {_unrecovered_reason(outcome)}")
        for line in outcome.explanation:
            self.message(f"{outcome.path}: {line}", prefix=False)

    def message(self, line: str, *, prefix: bool = True) -> None:
        """One line on stderr (above the progress bar, if there is one)."""
        text = f"encfix: {line}" if prefix else line
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=self.stderr, flush=True)

    def _show_diff(self, diff: TextDiff, path: str) -> None:
        style = self.view.diff_style or "auto"
        terminal = is_terminal(self.stdout)
        if style == "auto":
            style = "inline" if terminal else "unified"
        if style == "unified":
            from encfix.diff import unified_diff

            self.stdout.write(unified_diff(diff, path, path).encode("utf-8", "backslashreplace"))
        else:
            self.stdout.write(_render_rich(diff, path, style, terminal).encode("utf-8", "backslashreplace"))
        self.stdout.flush()

    # ---------------------------------------------------------------- progress and summary

    def _start_progress(self, jobs: list[Job]) -> Callable[[FileOutcome], None]:
        if not self._multi or self.view.quiet or not is_terminal(self.stderr):
            return lambda outcome: None
        from encfix.cli.progress import start_progress

        self._progress, advance = start_progress(jobs, self.stderr)
        return advance

    def _stop_progress(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _finish(self, seconds: float, *, interrupted: bool) -> None:
        record = self.summary.to_json(seconds)
        if interrupted:
            record["interrupted"] = True
            record["exit_code"] = int(ExitCode.INTERRUPTED)
        line = json_line(record)
        if self.view.json:
            try:
                self.stdout.write(line)
                self.stdout.flush()
            except BrokenPipeError:
                pass
        if self.report is not None:
            self.report.write(line)
            self.report.flush()
        if self._multi and not self.view.quiet:
            self._show_summary(seconds)

    def _show_summary(self, seconds: float) -> None:
        if is_terminal(self.stderr):
            from encfix.cli.render import make_console, summary_table

            console = make_console(self.stderr)
            console.print(summary_table(self.summary, seconds))
            return
        counts = self.summary.counts
        parts = [f"{counts[status]} {status}" for status in STATUSES if counts[status]]
        if self.summary.unrecovered:
            parts.append(f"{self.summary.unrecovered} unrecovered")
        self.message(f"{self.summary.scanned} files: {', '.join(parts) or 'none'} ({seconds:.1f} s)")
        top = self.summary.findings.most_common(3)
        if top:
            self.message("top findings: " + "; ".join(f"{name} ×{count}" for name, count in top))


def _unrecovered_reason(outcome: FileOutcome) -> str:
    if outcome.lost:
        return f"{len(outcome.lost)} damaged span(s) could not be recovered (see the report)"
    return "suspected damage left as it was: no repair was sure enough"


def _render_rich(diff: TextDiff, path: str, style: str, terminal: bool) -> str:
    """Render with rich into a string (written to stdout as UTF-8 by the caller)."""
    from encfix.cli.render import diff_inline, diff_side_by_side, make_console

    width = shutil.get_terminal_size((100, 24)).columns
    console = make_console(io.StringIO(), terminal=terminal, width=width)
    with console.capture() as capture:
        if style == "side-by-side":
            console.print(diff_side_by_side(diff, path))
        else:
            color = terminal and not os.environ.get("NO_COLOR")
            for line in diff_inline(diff, path, color=color):
                console.print(line, overflow="fold")
    return capture.get()
