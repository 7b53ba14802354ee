"""Many files: walk folders, repair each file in a pool of workers, sum up the outcomes.

The flow is ``collect`` (paths → jobs, in a stable order) → ``Runner`` (jobs →
outcomes, streamed back in the same order) → ``Summary`` (outcomes → counts and the
exit code). Workers read, repair and write their files themselves, so only small
outcome records cross process boundaries. Every write is atomic (see ``files``), so a
run that is interrupted or killed leaves each file either old or new, and running it
again finishes the job: repairing repaired text changes nothing.
"""

from __future__ import annotations

import enum
import fnmatch
import os
import signal
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from encfix import files
from encfix.errors import EncfixError, InputError
from encfix.files import BomPolicy, FileError, Snapshot, display_path
from encfix.options import Options
from encfix.report import Decoding, Finding, LostSpan, Plan, Repair, replay

if TYPE_CHECKING:
    from encfix.diff import TextDiff

__all__ = [
    "SKIPPED_FOLDERS",
    "ExitCode",
    "FileOutcome",
    "Job",
    "Runner",
    "Selection",
    "Settings",
    "Status",
    "Summary",
    "WriteMode",
    "analyse",
    "collect",
    "default_jobs",
    "process",
]

Status = Literal["unchanged", "repaired", "would-repair", "skipped", "failed"]
STATUSES: tuple[Status, ...] = ("repaired", "would-repair", "unchanged", "skipped", "failed")

#: Folders that hold tools' data, never text to repair (as ripgrep and black skip them).
SKIPPED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        "_darcs",
        "CVS",
        ".jj",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".tox",
        ".nox",
        ".venv",
        ".eggs",
        ".idea",
        ".vscode",
    }
)

# Findings that mean "this text is damaged and was not (fully) restored".
_UNRECOVERED_KINDS = frozenset({"unrecoverable", "declined"})


class ExitCode(enum.IntEnum):
    """The exit codes of the command line, decided here and nowhere else."""

    OK = 0  #: nothing to do, or everything repaired
    DAMAGE_FOUND = 1  #: ``--check`` found text that would change
    USAGE = 2  #: the command line itself was wrong
    FAILED = 3  #: a file failed, or held damage that could not be undone
    INTERRUPTED = 130  #: Ctrl-C (128 + SIGINT, the shell convention)


class WriteMode(enum.Enum):
    """Where repaired text goes; every flag combination collapses into one of these."""

    STDOUT = "stdout"  #: one input, repaired bytes handed back (a filter)
    OUTPUT = "output"  #: ``-o``: a new file, or a mirror of the tree
    IN_PLACE = "in-place"  #: ``-i``: the file itself, atomically
    NOTHING = "nothing"  #: ``--check``/``--diff``/``--json`` alone: look, do not write


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything a worker needs to handle one file; sent to each worker once."""

    options: Options = field(default_factory=Options)
    mode: WriteMode = WriteMode.NOTHING
    to_encoding: str = "utf-8"
    #: Rewrite files in place even when the text is unchanged but the bytes would
    #: differ (the user asked for ``--to`` or a BOM policy other than "keep").
    rewrite_unchanged: bool = False
    bom: BomPolicy = "keep"
    backup_suffix: str | None = None
    keep_mtime: bool = False
    want_diff: bool = False
    want_explanation: bool = False
    #: Re-run the repair on its own output and refuse results that change again.
    verify: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """One input: where to read it, where its output goes, or why it is not read."""

    source: str  #: path to read; "-" for standard input
    target: str | None = None  #: where to write (``-o``/``-i``)
    size: int = 0
    data: bytes | None = None  #: the bytes of standard input
    skip: str = ""  #: a reason to skip it without reading (set by the walk)
    problem: str = ""  #: a reason it failed before reading (set by the walk)

    @property
    def display(self) -> str:
        return display_path(self.source)


@dataclass(frozen=True, slots=True, kw_only=True)
class FileOutcome:
    """What happened to one file. Small and picklable: it crosses process boundaries."""

    path: str
    status: Status
    reason: str = ""
    size: int = 0
    decoding: Decoding | None = None
    confidence: float | None = None
    findings: tuple[Finding, ...] = ()
    plan: Plan = field(default_factory=Plan)
    lost: tuple[LostSpan, ...] = ()
    written: str | None = None
    backup: str | None = None
    diff: TextDiff | None = None
    output: bytes | None = None
    explanation: tuple[str, ...] = ()
    is_unrecovered: bool = False

    def to_json(self) -> dict[str, Any]:
        """The NDJSON record of this file (schema in docs/cli.md)."""
        decoding = self.decoding
        return {
            "type": "file",
            "path": self.path,
            "status": self.status,
            "reason": self.reason or None,
            "bytes": self.size,
            "encoding": decoding.encoding if decoding else None,
            "bom": decoding.bom if decoding else None,
            "segments": [segment.to_json() for segment in decoding.segments] if decoding else [],
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "findings": [finding.to_json() for finding in self.findings],
            "plan": self.plan.to_json(),
            "lost": [span.to_json() for span in self.lost],
            "unrecovered": self.is_unrecovered,
            "written": self.written,
            "backup": self.backup,
        }


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- the walk


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """Which files of a folder are inputs.

    A glob matches a path relative to the folder given on the command line, or just the
    file's name (``*.txt`` picks text files at any depth; ``drafts/*`` one folder).
    Excludes also prune folders. Files named on the command line are always inputs.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: File-name endings never picked up (the backup suffix, so a re-run does not
    #: repair the backups of the previous run).
    skip_endings: tuple[str, ...] = ()
    #: Folders never entered, by real path (the ``-o`` folder when it lies inside).
    avoid: frozenset[str] = frozenset()
    #: Files never picked up, by absolute path (the ``--report`` file).
    avoid_files: frozenset[str] = frozenset()

    def is_excluded(self, relative: str, name: str) -> bool:
        return any(fnmatch.fnmatchcase(relative, g) or fnmatch.fnmatchcase(name, g) for g in self.exclude)

    def is_included(self, relative: str, name: str) -> bool:
        if files.is_temp_file(name) or (self.skip_endings and name.endswith(self.skip_endings)):
            return False
        if self.is_excluded(relative, name):
            return False
        if not self.include:
            return True
        return any(fnmatch.fnmatchcase(relative, g) or fnmatch.fnmatchcase(name, g) for g in self.include)


def collect(
    paths: Sequence[str],
    selection: Selection,
    *,
    output: str | None = None,
    in_place: bool = False,
) -> list[Job]:
    """The jobs for the paths given on the command line, in a stable order.

    Folders are walked (sorted, depth first); ``output`` is a file for one input, or a
    folder that mirrors the inputs (the contents of a single folder go straight into
    it; several inputs each get a sub-folder named after them).
    """
    mirror_each = len(paths) > 1 or (output is not None and os.path.isdir(output))
    jobs: list[Job] = []
    for path in paths:
        if path == "-":
            jobs.append(Job(source="-", target=output))
            continue
        if os.path.isdir(path):
            base = None
            if output is not None:
                base = os.path.join(output, _folder_name(path)) if len(paths) > 1 else output
            jobs.extend(_walk(path, selection, base, in_place))
            continue
        target = None
        if output is not None:
            name = os.path.basename(path)
            target = os.path.join(output, name) if mirror_each else output
        jobs.append(_file_job(path, target, in_place))
    return jobs


def _folder_name(path: str) -> str:
    return os.path.basename(os.path.normpath(os.path.abspath(path))) or "root"


def _file_job(path: str, target: str | None, in_place: bool) -> Job:
    """A file named on the command line: followed if it is a symlink (the user named it),
    and in place the link's target is rewritten, so the link stays a link."""
    try:
        info = os.stat(path)
    except OSError as error:
        return Job(source=path, problem=files.reason_for(error))
    if stat.S_ISDIR(info.st_mode):
        return Job(source=path, problem="is a directory")
    if in_place:
        target = os.path.realpath(path) if os.path.islink(path) else path
    return Job(source=path, target=target, size=info.st_size)


def _walk(root: str, selection: Selection, base: str | None, in_place: bool) -> Iterator[Job]:
    real_root = os.path.realpath(root)
    stack = [(root, "")]
    while stack:
        folder, relative = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            yield Job(source=folder, problem=f"cannot list folder: {files.reason_for(error)}")
            continue
        subfolders = []
        for entry in entries:
            entry_relative = f"{relative}{entry.name}"
            job, descend = _visit(entry, entry_relative, real_root, selection, base, in_place)
            if job is not None:
                yield job
            if descend:
                subfolders.append((entry.path, entry_relative + "/"))
        stack.extend(reversed(subfolders))


def _visit(
    entry: os.DirEntry[str],
    relative: str,
    real_root: str,
    selection: Selection,
    base: str | None,
    in_place: bool,
) -> tuple[Job | None, bool]:
    """One folder entry: (a job for it or None, whether to descend into it)."""
    try:
        is_link = entry.is_symlink()
        is_folder = entry.is_dir(follow_symlinks=False)
    except OSError as error:
        return Job(source=entry.path, problem=files.reason_for(error)), False
    if is_folder:
        skip = entry.name in SKIPPED_FOLDERS or selection.is_excluded(relative, entry.name)
        return None, not skip and os.path.realpath(entry.path) not in selection.avoid
    if not selection.is_included(relative, entry.name):
        return None, False
    if selection.avoid_files and os.path.abspath(entry.path) in selection.avoid_files:
        return None, False
    target = os.path.join(base, relative) if base is not None else None
    if is_link:
        return _symlink_job(entry, real_root, target, in_place), False
    return _regular_job(entry, entry.path if in_place else target), False


def _regular_job(entry: os.DirEntry[str], target: str | None) -> Job:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError as error:
        return Job(source=entry.path, problem=files.reason_for(error))
    if not stat.S_ISREG(info.st_mode):
        return Job(source=entry.path, skip="not a regular file")
    return Job(source=entry.path, target=target, size=info.st_size)


def _symlink_job(entry: os.DirEntry[str], real_root: str, target: str | None, in_place: bool) -> Job | None:
    """Links inside a walked folder: never followed out of the tree; links to folders
    are not entered (their target is walked anyway, or lies outside); a link to a file
    in the tree is skipped in place (the file itself is repaired) and copied otherwise."""
    resolved = os.path.realpath(entry.path)
    if os.path.commonpath([resolved, real_root]) != real_root:
        return Job(source=entry.path, skip="symbolic link out of the tree")
    if os.path.isdir(resolved):
        return None
    if not os.path.isfile(resolved):
        return Job(source=entry.path, skip="broken symbolic link")
    if in_place:
        return Job(source=entry.path, skip="symbolic link (its target is repaired instead)")
    return Job(source=entry.path, target=target, size=os.path.getsize(resolved))


# --------------------------------------------------------------------------- one file


def process(job: Job, settings: Settings) -> FileOutcome:
    """Read, repair, and write (or not) one file. Never raises for a bad file: every
    problem becomes a ``failed`` or ``skipped`` outcome with a one-line reason."""
    try:
        return _process(job, settings)
    except Exception as error:  # a bug must cost one file, not the batch
        reason = f"internal error: {type(error).__name__}: {error}"
        return FileOutcome(path=job.display, status="failed", reason=reason, size=job.size)


def _process(job: Job, settings: Settings) -> FileOutcome:
    if job.problem:
        return FileOutcome(path=job.display, status="failed", reason=job.problem)
    if job.skip:
        return FileOutcome(path=job.display, status="skipped", reason=job.skip, size=job.size)
    try:
        data, snapshot = _read(job)
    except FileError as error:
        return FileOutcome(path=job.display, status="failed", reason=error.reason, size=job.size)
    return _process_bytes(job, data, snapshot, settings)


def _process_bytes(job: Job, data: bytes, snapshot: Snapshot | None, settings: Settings) -> FileOutcome:
    repair, reason = analyse(data, settings.options)
    if repair is None:
        # A binary file in a folder is skipped; the one input of a filter is an error.
        is_skip = reason == BINARY and settings.mode is not WriteMode.STDOUT
        status: Status = "skipped" if is_skip else "failed"
        return FileOutcome(path=job.display, status=status, reason=reason, size=len(data))
    try:
        return _finish(job, data, snapshot, repair, settings)
    except FileError as error:
        return _outcome(job, data, repair, settings, status="failed", reason=error.reason)


BINARY = "binary file, not text"


def analyse(data: bytes, options: Options) -> tuple[Repair | None, str]:
    """Repair bytes, or say in a few words why not (``BINARY`` for binary data).

    Known binary formats are recognised before the engine spends time on them; input
    the engine refuses is called binary when it looks it, else the engine's reason.
    """
    if files.has_binary_signature(data):
        return None, BINARY
    repair, problem = _repair(data, options)
    if repair is None and files.looks_binary(data):
        return None, BINARY
    return repair, problem


def _read(job: Job) -> tuple[bytes, Snapshot | None]:
    if job.data is not None:
        return job.data, None
    return files.read_file(job.source)


def _repair(data: bytes, options: Options) -> tuple[Repair | None, str]:
    # Imported here so that `import encfix.batch` stays cheap for the command line's
    # start-up; the engine is loaded once per process, on the first file.
    from encfix.pipeline import repair_bytes

    try:
        return repair_bytes(data, options), ""
    except InputError as error:
        return None, str(error) or "not text"
    except UnicodeDecodeError as error:
        return None, f"cannot decode: {error.reason} at byte {error.start}"
    except EncfixError as error:
        return None, str(error)
    except Exception as error:  # a bug in the engine must not stop a batch of a million files
        return None, f"internal error: {type(error).__name__}: {error}"


def _is_unstable(repair: Repair, settings: Settings) -> str:
    """Black's safety pass: the plan must replay, and repairing the output must change
    nothing. A repair that fails either is not written."""
    if not settings.verify or not repair.changed:
        return ""
    from encfix.pipeline import repair_text

    try:
        if replay(repair.input, repair.plan) != repair.output:
            return "the repair plan does not replay to its output; left as it is"
        if repair_text(repair.output, settings.options).changed:
            return "repairing the result changes it again; left as it is"
    except Exception as error:
        return f"internal error while verifying: {type(error).__name__}: {error}"
    return ""


def _finish(job: Job, data: bytes, snapshot: Snapshot | None, repair: Repair, settings: Settings) -> FileOutcome:
    unstable = _is_unstable(repair, settings)
    if unstable:
        return _outcome(job, data, repair, settings, status="failed", reason=unstable)
    has_bom = settings.bom == "add" or (settings.bom == "keep" and bool(repair.decoding and repair.decoding.bom))
    try:
        encoded = files.encode_output(repair.output, settings.to_encoding, bom=has_bom)
    except ValueError as error:
        return _outcome(job, data, repair, settings, status="failed", reason=str(error))
    mode = settings.mode
    status: Status = "unchanged"
    if repair.changed:
        status = "would-repair" if mode is WriteMode.NOTHING else "repaired"
    written = backup = None
    if mode is WriteMode.OUTPUT and job.target is not None:
        with _write_section():
            written = _write_output(job, encoded, snapshot, settings)
    elif mode is WriteMode.IN_PLACE and job.target is not None:
        if repair.changed or (settings.rewrite_unchanged and encoded != data):
            with _write_section():
                written, backup = _write_in_place(job, data, encoded, snapshot, settings)
    output = encoded if mode is WriteMode.STDOUT else None
    return _outcome(job, data, repair, settings, status=status, written=written, backup=backup, output=output)


def _write_output(job: Job, encoded: bytes, snapshot: Snapshot | None, settings: Settings) -> str:
    assert job.target is not None
    target = job.target
    folder = os.path.dirname(target) or "."
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise FileError(folder, f"cannot create folder: {files.reason_for(error)}") from None
    existing = None
    try:
        existing = Snapshot.of(os.stat(target))
    except OSError:
        pass  # a new file: the umask decides its mode
    times = snapshot if settings.keep_mtime else None
    files.write_atomic(target, encoded, like=existing, times_from=times)
    return display_path(target)


def _write_in_place(
    job: Job, data: bytes, encoded: bytes, snapshot: Snapshot | None, settings: Settings
) -> tuple[str, str | None]:
    assert job.target is not None and snapshot is not None
    backup = None
    if settings.backup_suffix:
        backup = display_path(files.make_backup(job.target, settings.backup_suffix, data, snapshot))
    times = snapshot if settings.keep_mtime else None
    files.write_atomic(job.target, encoded, like=snapshot, times_from=times, expect=snapshot)
    return display_path(job.target), backup


def _outcome(
    job: Job,
    data: bytes,
    repair: Repair,
    settings: Settings,
    *,
    status: Status,
    reason: str = "",
    **extra: Any,
) -> FileOutcome:
    findings = repair.findings
    is_unrecovered = bool(repair.lost) or any(finding.kind in _UNRECOVERED_KINDS for finding in findings)
    diff = None
    if settings.want_diff and repair.changed:
        from encfix.diff import diff_texts

        diff = diff_texts(repair.text, repair.output)
    return FileOutcome(
        path=job.display,
        status=status,
        reason=reason,
        size=len(data),
        decoding=_light(repair.decoding),
        confidence=repair.confidence,
        findings=findings,
        plan=repair.plan,
        lost=repair.lost,
        diff=diff,
        explanation=tuple(repair.explain()) if settings.want_explanation else (),
        is_unrecovered=is_unrecovered,
        **extra,
    )


def _light(decoding: Decoding | None) -> Decoding | None:
    """The decoding without its text: only the facts travel back to the main process."""
    if decoding is None:
        return None
    return replace(decoding, text="")


# --------------------------------------------------------------------------- the pool

_worker_settings: Settings | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    # Ctrl-C reaches every process of the terminal's group; the main process handles
    # it (and stops the pool). A worker finishes or abandons its file atomically.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The pool stops its workers with SIGTERM; turning it into SystemExit lets a write
    # in progress remove its temporary file on the way out (the target stays old).
    signal.signal(signal.SIGTERM, _exit_on_terminate)


_is_writing = False
_is_stop_requested = False


def _exit_on_terminate(signum: int, frame: object) -> None:
    """Stop a worker now, unless it is replacing a file: then as soon as that is done,
    so that no stop can fall between creating a temp file and removing it."""
    global _is_stop_requested
    if _is_writing:
        _is_stop_requested = True
        return
    raise SystemExit(128 + signum)


@contextmanager
def _write_section() -> Iterator[None]:
    global _is_writing
    _is_writing = True
    try:
        yield
    finally:
        _is_writing = False
        if _is_stop_requested:
            raise SystemExit(128 + signal.SIGTERM)


def _process_in_worker(job: Job) -> FileOutcome:
    assert _worker_settings is not None
    return process(job, _worker_settings)


#: Text in many scripts, damaged in the common ways, to run once before the pool forks.
_WARM_UP = (
    "The cafÃ© is open. 浣犲ソ，涓栫晫。 Ïðèâåò. ÄãºÃ. Grüße, 你好, 繁體, Привет, こんにちは, "
    "안녕하세요, Γειά σου, שלום, مرحبا, สวัสดี, Xin chào, İstanbul, Łódź.\n"
)


def _warm_engine(options: Options) -> None:
    """Run the engine once in the main process before forking: the tables and caches it
    builds on first use are then inherited by every worker instead of being built by
    each of them (measured: ~0.6 s of CPU per worker)."""
    from encfix.pipeline import repair_bytes

    for data in (_WARM_UP.encode(), "Привет, мир.".encode("cp1251"), "你好，世界。".encode("gbk")):
        try:
            repair_bytes(data, options)
        except Exception:
            pass  # warming is an optimisation; the real run reports real problems


class Runner:
    """Runs jobs and streams their outcomes back in input order.

    With more than one worker and more than a handful of files, a pool of processes
    is started once (``with Runner(...)``) and files are handed out in chunks; otherwise
    files are handled in this process, which saves the pool's start-up for one file.
    """

    #: Fewer files than this are not worth starting processes for.
    POOL_THRESHOLD = 8

    def __init__(self, jobs: Sequence[Job], settings: Settings, workers: int) -> None:
        self.jobs = jobs
        self.settings = settings
        self.workers = max(1, min(workers, len(jobs)))
        self._pool: Any = None

    @property
    def uses_pool(self) -> bool:
        return self.workers > 1 and len(self.jobs) >= self.POOL_THRESHOLD

    def __enter__(self) -> Runner:
        if self.uses_pool:
            _warm_engine(self.settings.options)
            # fork: workers inherit the loaded engine and start in milliseconds. The pool
            # is started before any thread (the progress display) exists.
            import multiprocessing

            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
            context = multiprocessing.get_context(method)
            self._pool = context.Pool(self.workers, initializer=_start_worker, initargs=(self.settings,))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is None:
            return
        if kind is None:
            self._pool.close()
        else:
            self._pool.terminate()  # workers die between or inside atomic writes: both safe
        self._pool.join()
        self._pool = None

    def outcomes(self) -> Iterator[FileOutcome]:
        if self._pool is None:
            for job in self.jobs:
                yield process(job, self.settings)
            return
        chunk = max(1, min(32, len(self.jobs) // (self.workers * 16)))
        yield from self._pool.imap(_process_in_worker, self.jobs, chunk)


# --------------------------------------------------------------------------- the summary


@dataclass(slots=True, kw_only=True)
class Summary:
    """Counts over all outcomes; owns the exit code."""

    check: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    unrecovered: int = 0
    bytes: int = 0

    def add(self, outcome: FileOutcome) -> None:
        self.counts[outcome.status] += 1
        self.bytes += outcome.size
        self.unrecovered += outcome.is_unrecovered
        for finding in outcome.findings:
            self.findings[describe_finding(finding)] += 1

    def extend(self, outcomes: Iterable[FileOutcome]) -> None:
        for outcome in outcomes:
            self.add(outcome)

    @property
    def scanned(self) -> int:
        return sum(self.counts.values())

    @property
    def exit_code(self) -> ExitCode:
        if self.counts["failed"] or self.unrecovered:
            return ExitCode.FAILED
        if self.check and (self.counts["would-repair"] or self.counts["repaired"]):
            return ExitCode.DAMAGE_FOUND
        return ExitCode.OK

    def to_json(self, seconds: float | None = None) -> dict[str, Any]:
        record: dict[str, Any] = {"type": "summary", "scanned": self.scanned}
        record.update({status.replace("-", "_"): self.counts[status] for status in STATUSES})
        record["unrecovered"] = self.unrecovered
        record["bytes"] = self.bytes
        record["top_findings"] = [{"finding": name, "count": count} for name, count in self.findings.most_common(10)]
        record["exit_code"] = int(self.exit_code)
        if seconds is not None:
            record["seconds"] = round(seconds, 3)
        return record


def describe_finding(finding: Finding) -> str:
    """A short label to count findings by: the chain, else the kind and class name.

    >>> from encfix.report import Layer
    >>> layer = Layer(encoding="utf-8", wrong="gbk")
    >>> describe_finding(Finding(kind="mojibake", start=0, end=4, layers=(layer,)))
    'utf-8 read as gbk'
    """
    if finding.layers:
        return ", then ".join(layer.describe() for layer in finding.layers)
    return finding.kind + (f" ({finding.name})" if finding.name else "")
