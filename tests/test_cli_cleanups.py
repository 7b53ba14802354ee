"""The cleanup flags of `encfix repair`, on the real mirror-site sample."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from encfix.cli.commands import cli

SAMPLES = Path(__file__).parent.parent / "samples"
SAMPLE = SAMPLES / "rednet-chenzhou-2022-10-09.txt"


def _repair(*args: str) -> bytes:
    result = CliRunner().invoke(cli, ["repair", *args, str(SAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_default_repair_removes_annotations_and_restores_the_damaged_spots() -> None:
    assert _repair() == (SAMPLES / "rednet-chenzhou-2022-10-09.repaired.txt").read_bytes()


def test_to_simplified_gives_the_simplified_article() -> None:
    assert _repair("--to-simplified") == (SAMPLES / "rednet-chenzhou-2022-10-09.simplified.txt").read_bytes()


def test_no_cleanups_leaves_the_page_as_it_was() -> None:
    assert _repair("--no-cleanups") == SAMPLE.read_bytes()
