"""The command line: ``encfix repair`` and ``encfix detect``.

A thin layer over the library: commands turn flags into one ``Settings`` value and a
list of jobs, call ``encfix.batch``, and show outcomes. Only this package imports
click and rich, and rich only when something is drawn for a person (a terminal
progress bar, a coloured diff, a table), so a pipe pays for neither.
"""

from __future__ import annotations

import os
import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """Run the command line (the ``encfix`` console script and ``python -m encfix``)."""
    from encfix.cli.commands import cli

    try:
        cli.main(args=argv, prog_name="encfix")
    except BrokenPipeError:
        # The reader went away (`encfix repair - | head`): stop quietly. Point stdout at
        # /dev/null so that the interpreter's final flush does not complain either.
        silence_stdout()
        sys.exit(0)


def silence_stdout() -> None:
    """Send whatever is still buffered for stdout to /dev/null (after a broken pipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests): nothing will be flushed to a pipe
