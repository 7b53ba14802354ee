"""The click commands: flags in, one ``Settings`` value and a list of jobs out.

Flag combinations collapse into one ``WriteMode`` (as black's ``WriteBack``); usage
errors are ``click.UsageError`` (exit 2); everything about files is an outcome of the
batch, whose ``Summary`` owns the exit code.
"""

from __future__ import annotations

import codecs
import os
import sys
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

import click

import encfix
from encfix import encodings
from encfix.batch import (
    ExitCode,
    Job,
    Selection,
    Settings,
    WriteMode,
    analyse,
    collect,
    default_jobs,
)
from encfix.cli.session import Session, View, json_line
from encfix.errors import UnknownEncodingError
from encfix.files import FileError, display_path, read_file
from encfix.options import Options

__all__ = ["cli"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(encfix.__version__, "-V", "--version", prog_name="encfix")
def cli() -> None:
    """Detect and repair mojibake: text decoded with the wrong encoding.

    \b
      encfix repair broken.txt              repaired text to stdout
      encfix repair --diff broken.txt       show what would change
      encfix repair -i --backup .bak DIR    repair a folder in place
      encfix repair --check DIR             exit 1 if anything would change
      encfix detect broken.txt              what is wrong, and how sure
    """


# --------------------------------------------------------------------------- shared


def _source_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return encodings.by_name(value).name
    except UnknownEncodingError as error:
        raise click.BadParameter(str(error)) from None


def _output_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        name = codecs.lookup(value).name
        "".encode(name)
    except LookupError:
        raise click.BadParameter(f"unknown encoding: {value!r}") from None
    return name


FROM_OPTION = click.option(
    "--from",
    "from_encoding",
    metavar="ENCODING",
    callback=_source_encoding,
    help="Decode the bytes with this encoding instead of detecting it.",
)


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def _binary_stdout() -> BinaryIO:
    """stdout for bytes: repaired text, diffs and JSON all leave as UTF-8 bytes."""
    sys.stdout.flush()
    return sys.stdout.buffer


# --------------------------------------------------------------------------- repair


@dataclass(frozen=True, slots=True, kw_only=True)
class RepairFlags:
    """The flags of ``encfix repair`` that decide where output goes."""

    paths: tuple[str, ...]
    output: str | None
    in_place: bool
    backup: str | None
    check: bool
    diff: bool
    json: bool

    def validate(self) -> None:
        """Refuse combinations that would surprise: one message each, exit 2."""
        conflicts = [
            (self.in_place and self.output is not None, "use -i/--in-place or -o/--output, not both"),
            (self.backup is not None and not self.in_place, "--backup needs -i/--in-place"),
            (self.in_place and "-" in self.paths, "-i/--in-place cannot rewrite stdin"),
            (
                (self.check or self.diff) and (self.in_place or self.output is not None),
                "--check and --diff write nothing; drop -i/-o (or drop --check/--diff)",
            ),
            (self.json and self.diff, "--json and --diff both use stdout; use --report FILE"),
            ("-" in self.paths and len(self.paths) > 1, "'-' (stdin) must be the only input"),
        ]
        for is_wrong, message in conflicts:
            if is_wrong:
                raise click.UsageError(message)

    @property
    def is_multi(self) -> bool:
        return len(self.paths) > 1 or any(p != "-" and os.path.isdir(p) for p in self.paths)

    def mode(self) -> WriteMode:
        if self.in_place:
            return WriteMode.IN_PLACE
        if self.output is not None:
            return WriteMode.OUTPUT
        if self.check or self.diff or self.json:
            return WriteMode.NOTHING
        if self.is_multi:
            raise click.UsageError(
                "several files or a folder: say where the results go with -o DIR or "
                "-i/--in-place, or only look with --check, --diff or --json"
            )
        return WriteMode.STDOUT


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-o", "--output", metavar="PATH", help="Write to this file, or mirror folders into this folder.")
@click.option("-i", "--in-place", is_flag=True, help="Rewrite the files themselves (atomically).")
@click.option("--backup", metavar="SUFFIX", help="With -i: keep each original as FILE+SUFFIX.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option("--diff", is_flag=True, help="Write nothing; show what would change.")
@click.option(
    "--diff-style",
    type=click.Choice(["auto", "inline", "side-by-side", "unified"]),
    default="auto",
    show_default=True,
    help="auto: inline with highlighted characters on a terminal, unified otherwise.",
)
@click.option("--json", "json_output", is_flag=True, help="Print one JSON record per file (NDJSON).")
@click.option("--report", metavar="FILE", help="Write the NDJSON records to FILE.")
@click.option("--include", multiple=True, metavar="GLOB", help="Only files matching GLOB (repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out files and folders matching GLOB.")
@FROM_OPTION
@click.option(
    "--to",
    "to_encoding",
    default="utf-8",
    show_default=True,
    metavar="ENCODING",
    callback=_output_encoding,
    help="Encoding of the output.",
)
@click.option(
    "--bom",
    type=click.Choice(["keep", "add", "remove"]),
    default="keep",
    show_default=True,
    help="Byte-order mark of the output: as the input had it, always, or never.",
)
@click.option("--keep-mtime", is_flag=True, help="Give written files the original's modification time.")
@click.option(
    "--lost",
    type=click.Choice(["keep", "mark", "drop"]),
    default="mark",
    show_default=True,
    help="What to do with characters whose bytes were lost.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    metavar="0..1",
    help="Apply only repairs at least this sure (default: the library's).",
)
@click.option(
    "--to-simplified",
    is_flag=True,
    help="Also convert machine-converted Traditional Chinese back to Simplified (scraped mirror pages).",
)
@click.option(
    "--no-cleanups",
    is_flag=True,
    help="Only undo wrong decodings: no pinyin-annotation or GBK-run cleanups.",
)
@click.option("--explain", is_flag=True, help="Print the plan and findings of each file to stderr.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: all cores].")
@click.option("-v", "--verbose", is_flag=True, help="One line per file on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; errors only.")
@click.pass_context
def repair(ctx: click.Context, /, **params: Any) -> None:
    """Repair files, folders (recursively) or stdin ('-').

    One input: the repaired text goes to stdout. Folders and several files need -o DIR
    or -i/--in-place, or a look-only flag: --check, --diff, --json.

    Exit codes: 0 done, 1 --check found damage, 2 usage error, 3 a file failed or its
    damage could not be undone.
    """
    flags = RepairFlags(
        paths=params["paths"],
        output=params["output"],
        in_place=params["in_place"],
        backup=params["backup"],
        check=params["check"],
        diff=params["diff"],
        json=params["json_output"],
    )
    flags.validate()
    mode = flags.mode()
    settings = _settings(params, mode)
    jobs = _jobs(flags, params)
    view = View(
        mode=mode,
        diff_style=params["diff_style"] if flags.diff else None,
        json=flags.json,
        explain=params["explain"],
        verbose=params["verbose"],
        quiet=params["quiet"],
        check=flags.check,
    )
    report = _open_report(params["report"])
    try:
        session = Session(view, report=report, stdout=_binary_stdout(), stderr=sys.stderr)
        workers = params["jobs"] or default_jobs()
        code = session.run(jobs, settings, workers, multi=flags.is_multi)
    finally:
        if report is not None:
            report.close()
    ctx.exit(int(code))


def _settings(params: dict[str, Any], mode: WriteMode) -> Settings:
    options = Options(from_encoding=params["from_encoding"], lost=params["lost"])
    cleanups = () if params["no_cleanups"] else options.cleanups
    if params["to_simplified"]:
        cleanups = (*cleanups, "to-simplified")
    options = replace(options, cleanups=cleanups)
    if params["min_confidence"] is not None:
        options = replace(options, min_confidence=params["min_confidence"])
    source = click.get_current_context().get_parameter_source("to_encoding")
    explicit_to = source is not None and source.name != "DEFAULT"
    return Settings(
        options=options,
        mode=mode,
        to_encoding=params["to_encoding"],
        rewrite_unchanged=explicit_to or params["bom"] != "keep",
        bom=params["bom"],
        backup_suffix=params["backup"],
        keep_mtime=params["keep_mtime"],
        want_diff=params["diff"],
        want_explanation=params["explain"],
        # The safety pass guards writes; look-only runs (--check, --diff, --json) skip
        # it, which saves a second engine run on every damaged file of a crawl.
        verify=mode is not WriteMode.NOTHING,
    )


def _jobs(flags: RepairFlags, params: dict[str, Any]) -> list[Job]:
    output = flags.output
    if output is not None and flags.paths == ("-",) and os.path.isdir(output):
        raise click.UsageError(f"-o {display_path(output)} is a folder; stdin needs a file name")
    if output is not None and flags.is_multi and os.path.exists(output) and not os.path.isdir(output):
        raise click.UsageError(f"-o {display_path(output)} exists and is not a folder")
    avoid = frozenset({os.path.realpath(output)}) if output is not None else frozenset()
    selection = Selection(
        include=params["include"],
        exclude=params["exclude"],
        skip_endings=(flags.backup,) if flags.backup else (),
        avoid=avoid,
        avoid_files=frozenset({os.path.abspath(params["report"])}) if params["report"] else frozenset(),
    )
    jobs = collect(flags.paths, selection, output=output, in_place=flags.in_place)
    if flags.paths == ("-",):
        jobs = [Job(source="-", target=output, data=_read_stdin())]
    return jobs


def _open_report(path: str | None) -> BinaryIO | None:
    if path is None:
        return None
    try:
        return open(path, "wb")
    except OSError as error:
        from encfix.files import reason_for

        raise click.UsageError(f"cannot write the report {display_path(path)}: {reason_for(error)}") from None


# --------------------------------------------------------------------------- detect


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--json", "json_output", is_flag=True, help="One JSON object per input (NDJSON).")
@FROM_OPTION
@click.pass_context
def detect(ctx: click.Context, paths: tuple[str, ...], json_output: bool, from_encoding: str | None) -> None:
    """Say what is wrong with files or stdin ('-'): the byte encoding, and each damaged
    span with its chain of wrong decodings ("utf-8 read as cp1252") and confidence.

    Exit codes: 0 done, 2 usage error, 3 an input could not be read or is not text.
    """
    options = Options(from_encoding=from_encoding)
    stdout = _binary_stdout()
    code = ExitCode.OK
    for path in paths:
        repair = _detect_one(path, options)
        if repair is None:
            code = ExitCode.FAILED
            continue
        if json_output:
            stdout.write(json_line(_detect_record(path, repair)))
            stdout.flush()
        else:
            _print_detection(path, repair)
    ctx.exit(int(code))


def _detect_one(path: str, options: Options) -> encfix.Repair | None:
    """Read and analyse one input, or say in one line why not."""
    shown = "-" if path == "-" else display_path(path)
    try:
        data = _read_stdin() if path == "-" else read_file(path)[0]
    except FileError as error:
        click.echo(f"encfix: {error}", err=True)
        return None
    repair, reason = analyse(data, options)
    if repair is None:
        click.echo(f"encfix: {shown}: {reason}", err=True)
    return repair


def _detect_record(path: str, repair: encfix.Repair) -> dict[str, Any]:
    decoding = repair.decoding
    return {
        "path": "-" if path == "-" else display_path(path),
        "decoding": decoding.to_json() if decoding else None,
        "changed": repair.changed,
        "confidence": round(repair.confidence, 4),
        "findings": [finding.to_json() for finding in repair.findings],
        "damage_classes": sorted({finding.name for finding in repair.findings if finding.name}),
        "lost": [span.to_json() for span in repair.lost],
        "plan": repair.plan.to_json(),
    }


def _print_detection(path: str, repair: encfix.Repair) -> None:
    from encfix.cli.render import detect_table, make_console

    stdout = sys.stdout
    console = make_console(stdout, width=None if stdout.isatty() else 120)
    for renderable in detect_table("-" if path == "-" else display_path(path), repair):
        console.print(renderable)
