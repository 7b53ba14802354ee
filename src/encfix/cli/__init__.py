"""The command line (stub: being written by the CLI issue)."""

from __future__ import annotations


def main() -> None:
    raise SystemExit("encfix: the command line is being written")
