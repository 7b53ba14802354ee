"""The progress bar: files, megabytes, rate and time left, on stderr, for terminals only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from encfix.batch import FileOutcome, Job

__all__ = ["start_progress"]


def start_progress(jobs: list[Job], stream: TextIO) -> tuple[Any, Callable[[FileOutcome], None]]:
    """Start a transient bar sized by the jobs' bytes; returns it and the advance function."""
    total_bytes = sum(job.size for job in jobs)
    console = Console(file=stream, highlight=False)
    progress = Progress(
        TextColumn("[bold]encfix"),
        BarColumn(),
        TextColumn("{task.fields[done]}/{task.fields[files]} files"),
        DownloadColumn(binary_units=False),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = progress.add_task("repair", total=max(total_bytes, 1), done=0, files=len(jobs))
    progress.start()
    done = 0

    def advance(outcome: FileOutcome) -> None:
        nonlocal done
        done += 1
        progress.update(task, advance=outcome.size, done=done)

    return progress, advance
